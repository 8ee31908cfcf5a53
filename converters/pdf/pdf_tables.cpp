#include "converters/pdf/pdf_tables.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <numeric>
#include <string>

#include "pipeline/limits.h"

namespace jikji::converters::pdf {

namespace {

// Pieces of one rule: collinear within kCollinear points and apart by at most kJoinGap.
constexpr double kCollinear = 1.0;
constexpr double kJoinGap = 2.0;
// Rules shorter than this are dots, arrow heads or glyph parts.
constexpr double kMinRule = 2.0;
// A rule that ends this close to another meets it (line caps, rounding).
constexpr double kTouch = 2.0;
// Grid edges closer than this are one edge: a double border, or a border drawn twice.
constexpr double kGridSnap = 3.0;
// A one-cell box larger than this share of the page is a page frame, not a table.
constexpr double kMaxFrameShare = 0.45;
// A grid row is split into at most this many rows by the lines of its cells.
constexpr std::size_t kMaxSplitLines = 200;
// A line wider than this share of its cell, followed by another, wrapped.
constexpr double kWrappedShare = 0.7;
// A gap this wide (in ems) at the same place in every cell of a column separates two columns.
constexpr double kColumnGapEms = 1.5;
// A line this near the middle of its row (a share of the row height) is centred in it.
constexpr double kCentredShare = 0.2;

std::vector<Rule> mergeRules(const std::vector<Rule>& rules, bool horizontal) {
    std::vector<Rule> sorted;
    for (const Rule& rule : rules)
        if (rule.horizontal == horizontal) sorted.push_back(rule);
    std::sort(sorted.begin(), sorted.end(),
              [](const Rule& a, const Rule& b) { return a.at < b.at; });
    std::vector<Rule> merged;
    for (std::size_t begin = 0; begin < sorted.size();) {
        // One group of collinear pieces, then the pieces joined along the line.
        std::size_t end = begin + 1;
        while (end < sorted.size() && sorted[end].at - sorted[begin].at <= kCollinear)
            ++end;
        double at = 0;
        for (std::size_t i = begin; i < end; ++i)
            at += sorted[i].at;
        at /= static_cast<double>(end - begin);
        std::sort(sorted.begin() + static_cast<std::ptrdiff_t>(begin),
                  sorted.begin() + static_cast<std::ptrdiff_t>(end),
                  [](const Rule& a, const Rule& b) { return a.from < b.from; });
        std::size_t first = merged.size();
        for (std::size_t i = begin; i < end; ++i) {
            if (merged.size() > first && sorted[i].from <= merged.back().to + kJoinGap) {
                merged.back().to = std::max(merged.back().to, sorted[i].to);
            } else {
                merged.push_back({horizontal, at, sorted[i].from, sorted[i].to});
            }
        }
        begin = end;
    }
    // Dots and dashes count once joined: a dashed rule's dashes are shorter than kMinRule.
    std::erase_if(merged, [](const Rule& rule) { return rule.to - rule.from < kMinRule; });
    return merged;
}

bool meets(const Rule& h, const Rule& v) {
    return v.at >= h.from - kTouch && v.at <= h.to + kTouch && h.at >= v.from - kTouch &&
           h.at <= v.to + kTouch;
}

struct UnionFind {
    std::vector<std::size_t> parent;
    explicit UnionFind(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
    std::size_t find(std::size_t i) {
        while (parent[i] != i)
            i = parent[i] = parent[parent[i]];
        return i;
    }
    void join(std::size_t a, std::size_t b) { parent[find(a)] = find(b); }
};

// Sorted positions, those closer than kGridSnap to the first of their group averaged.
std::vector<double> snap(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    std::vector<double> out;
    for (std::size_t begin = 0; begin < values.size();) {
        std::size_t end = begin + 1;
        double sum = values[begin];
        while (end < values.size() && values[end] - values[begin] <= kGridSnap)
            sum += values[end++];
        out.push_back(sum / static_cast<double>(end - begin));
        begin = end;
    }
    return out;
}

// Whether a rule of `rules` runs at `at` over [from, to] (a cell edge is drawn); with
// `edges`, only a rule nearer to `at` than to the other edges.
bool drawn(const std::vector<const Rule*>& rules, double at, double from, double to,
           const std::vector<double>* edges = nullptr) {
    double margin = std::min(kTouch + 1.0, 0.3 * (to - from));
    for (const Rule* rule : rules)
        if (std::fabs(rule->at - at) <= kGridSnap && rule->from <= from + margin &&
            rule->to >= to - margin) {
            bool nearer = !edges || std::none_of(edges->begin(), edges->end(), [&](double edge) {
                return std::fabs(rule->at - edge) < std::fabs(rule->at - at);
            });
            if (nearer) return true;
        }
    return false;
}

// Column edges this far apart (points) or more, drawn by rules of different rows (no rule of
// one beside a rule of the other), are two edges, though within kGridSnap: the cells of a
// form's rows end a little apart (a double border, or a border drawn twice, runs along the
// same rows).
constexpr double kDistinctEdges = 2.0;

// The column edges of a grid: the vertical rules' places and the horizontal rules' ends
// (`left`, `right`), snapped as `snap` does, but for rules of different rows kDistinctEdges
// apart.
std::vector<double> snapColumns(const std::vector<const Rule*>& vs, double left, double right) {
    struct Item {
        double at, from, to;
    };
    std::vector<Item> items;
    constexpr double kAll = std::numeric_limits<double>::max();
    for (const Rule* v : vs)
        items.push_back({v->at, v->from, v->to});
    items.push_back({left, -kAll, kAll});
    items.push_back({right, -kAll, kAll});
    std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) { return a.at < b.at; });
    std::vector<double> out;
    for (std::size_t begin = 0; begin < items.size();) {
        std::size_t end = begin + 1;
        double sum = items[begin].at;
        while (end < items.size() && items[end].at - items[begin].at <= kGridSnap) {
            bool beside = items[end].at - items[begin].at < kDistinctEdges;
            for (std::size_t i = begin; i < end && !beside; ++i)
                beside = items[i].from < items[end].to - kTouch &&
                         items[end].from < items[i].to - kTouch;
            if (!beside) break;
            sum += items[end++].at;
        }
        out.push_back(sum / static_cast<double>(end - begin));
        begin = end;
    }
    return out;
}

std::size_t slot(const std::vector<double>& edges, double value) {
    auto it = std::upper_bound(edges.begin(), edges.end(), value);
    std::size_t index = it == edges.begin() ? 0 : static_cast<std::size_t>(it - edges.begin()) - 1;
    return std::min(index, edges.size() - 2);
}

struct Candidate {
    GridTable table;
    // Grid slot → index of the cell that covers it.
    std::vector<std::uint32_t> owner;
    double area = 0;
    std::size_t parent = std::numeric_limits<std::size_t>::max();
    std::size_t parentCell = 0;
    // A one-cell box around much of the page: a page border, not a table.
    bool frame = false;
    // Running-head words stand inside it (they stay on the page).
    bool running = false;
};

// The grid of one connected set of rules, its cells joined where interior rules are missing.
bool buildGrid(const std::vector<const Rule*>& hs, const std::vector<const Rule*>& vs,
               Candidate& candidate) {
    std::vector<double> xs, ys;
    double left = std::numeric_limits<double>::max(), right = -left, top = left, bottom = -left;
    for (const Rule* h : hs) {
        ys.push_back(h->at);
        left = std::min(left, h->from);
        right = std::max(right, h->to);
    }
    for (const Rule* v : vs) {
        xs.push_back(v->at);
        top = std::min(top, v->from);
        bottom = std::max(bottom, v->to);
    }
    // Tables open at the sides (no outer vertical rule) end where their horizontal rules do.
    xs.push_back(left);
    xs.push_back(right);
    ys.push_back(top);
    ys.push_back(bottom);
    GridTable& table = candidate.table;
    table.xs = snapColumns(vs, left, right);
    table.ys = snap(std::move(ys));
    std::size_t rows = table.rows(), cols = table.cols();
    if (rows == 0 || cols == 0 || rows * cols > limits::kMaxTableCells) return false;
    table.x0 = table.xs.front();
    table.x1 = table.xs.back();
    table.y0 = table.ys.front();
    table.y1 = table.ys.back();
    candidate.area = (table.x1 - table.x0) * (table.y1 - table.y0);

    constexpr std::uint32_t kFree = std::numeric_limits<std::uint32_t>::max();
    candidate.owner.assign(rows * cols, kFree);
    auto owner = [&](std::size_t r, std::size_t c) -> std::uint32_t& {
        return candidate.owner[r * cols + c];
    };
    for (std::size_t r = 0; r < rows; ++r) {
        for (std::size_t c = 0; c < cols; ++c) {
            if (owner(r, c) != kFree) continue;
            std::size_t colSpan = 1;
            while (c + colSpan < cols && owner(r, c + colSpan) == kFree &&
                   !drawn(vs, table.xs[c + colSpan], table.ys[r], table.ys[r + 1], &table.xs))
                ++colSpan;
            std::size_t rowSpan = 1;
            while (r + rowSpan < rows) {
                bool open = true;
                for (std::size_t k = c; k < c + colSpan && open; ++k)
                    open = owner(r + rowSpan, k) == kFree &&
                           !drawn(hs, table.ys[r + rowSpan], table.xs[k], table.xs[k + 1]);
                if (!open) break;
                ++rowSpan;
            }
            auto index = static_cast<std::uint32_t>(table.cells.size());
            GridCell& cell = table.cells.emplace_back();
            cell.row = static_cast<std::uint32_t>(r);
            cell.col = static_cast<std::uint32_t>(c);
            cell.rowSpan = static_cast<std::uint32_t>(rowSpan);
            cell.colSpan = static_cast<std::uint32_t>(colSpan);
            for (std::size_t dr = 0; dr < rowSpan; ++dr)
                for (std::size_t dc = 0; dc < colSpan; ++dc)
                    owner(r + dr, c + dc) = index;
        }
    }
    return true;
}

bool inside(const GridTable& table, double x, double y, double margin) {
    return x >= table.x0 - margin && x <= table.x1 + margin && y >= table.y0 - margin &&
           y <= table.y1 + margin;
}

std::uint32_t firstOrder(const GridTable& table) {
    std::uint32_t order = std::numeric_limits<std::uint32_t>::max();
    for (const GridCell& cell : table.cells) {
        for (const Word& word : cell.words)
            order = std::min(order, word.order);
        // A nested table is ready: its words are lines now, its order is known.
        for (const GridTable& nested : cell.tables)
            order = std::min(order, nested.order);
    }
    return order;
}

// The cells' words made lines (nested tables have theirs already).
void prepareLines(GridTable& table) {
    for (GridCell& cell : table.cells) {
        cell.lines = buildLines(cell.words);
        cell.words.clear();
        cell.words.shrink_to_fit();
    }
}

double middle(const Line& line) {
    return (line.y0 + line.y1) / 2;
}

void sortCells(GridTable& table) {
    std::stable_sort(table.cells.begin(), table.cells.end(),
                     [](const GridCell& a, const GridCell& b) {
                         return a.row != b.row ? a.row < b.row : a.col < b.col;
                     });
}

// The first of `parts` takes the place of `cell` (with the tables nested in it); the others
// are added after the loop over the cells.
void replaceByParts(GridCell& cell, std::vector<GridCell>& parts, std::vector<GridCell>& added) {
    parts[0].tables = std::move(cell.tables);
    cell = std::move(parts[0]);
    for (std::size_t i = 1; i < parts.size(); ++i)
        added.push_back(std::move(parts[i]));
}

// Adds the cells split off and the new grid edges `cuts` after edge `at` of `edges`.
void addSplit(GridTable& table, std::vector<double>& edges, std::uint32_t at,
              const std::vector<double>& cuts, std::vector<GridCell>& added) {
    for (GridCell& cell : added)
        table.cells.push_back(std::move(cell));
    edges.insert(edges.begin() + at + 1, cuts.begin(), cuts.end());
    sortCells(table);
}

// Whether every word of the cells is one character: labels spread over their cells (`구   분`,
// `전   체`), whose gaps line up in a column of two such cells without making two columns.
bool letterSpaced(const std::vector<GridCell*>& cells) {
    for (const GridCell* cell : cells)
        for (const Word& word : cell->words) {
            std::size_t chars = 0;
            for (unsigned char byte : word.text)
                chars += (byte & 0xC0) != 0x80;
            if (chars != 1) return false;
        }
    return true;
}

// Columns that the word processor kept apart without drawing a rule between them (a contact
// table's `부 장 | 김도훈 | 053-…`): in one grid column, a gap free of words at the same place
// in every cell with text, each with words on both sides of it, and wider than
// kColumnGapEms, becomes a column edge.
void splitColumnsByGaps(GridTable& table) {
    for (std::uint32_t c = table.cols(); c-- > 0;) {
        std::vector<GridCell*> column;
        double ems = 0, words = 0;
        for (GridCell& cell : table.cells)
            if (cell.col == c && cell.colSpan == 1 && !cell.words.empty()) {
                column.push_back(&cell);
                for (const Word& word : cell.words) {
                    ems += word.fontSize;
                    ++words;
                }
            }
        if (column.size() < 2 || letterSpaced(column)) continue;
        double em = std::max(1.0, ems / words);
        // The gaps between a cell's words (their boxes merged), as [from, to] pairs.
        std::vector<std::pair<double, double>> channels;
        bool first = true;
        for (const GridCell* cell : column) {
            std::vector<std::pair<double, double>> spans;
            for (const Word& word : cell->words)
                spans.emplace_back(word.x0, word.x1);
            std::sort(spans.begin(), spans.end());
            std::vector<std::pair<double, double>> gaps;
            double reach = spans.front().second;
            for (const auto& [from, to] : spans) {
                if (from > reach) gaps.emplace_back(reach, from);
                reach = std::max(reach, to);
            }
            if (first) {
                channels = std::move(gaps);
                first = false;
                continue;
            }
            std::vector<std::pair<double, double>> common;
            for (const auto& a : channels)
                for (const auto& b : gaps) {
                    double from = std::max(a.first, b.first), to = std::min(a.second, b.second);
                    if (to > from) common.emplace_back(from, to);
                }
            channels = std::move(common);
        }
        std::vector<double> cuts;
        for (const auto& [from, to] : channels)
            if (to - from >= kColumnGapEms * em) cuts.push_back((from + to) / 2);
        if (cuts.empty() || cuts.size() > kMaxSplitLines) continue;
        std::sort(cuts.begin(), cuts.end());

        auto extra = static_cast<std::uint32_t>(cuts.size());
        std::vector<GridCell> added;
        for (GridCell& cell : table.cells) {
            if (cell.col > c) {
                cell.col += extra;
            } else if (cell.col + cell.colSpan <= c) {
                continue;
            } else if (cell.col < c || cell.colSpan > 1) {
                cell.colSpan += extra;
            } else {
                std::vector<GridCell> parts(cuts.size() + 1);
                for (std::size_t i = 0; i < parts.size(); ++i) {
                    parts[i].row = cell.row;
                    parts[i].rowSpan = cell.rowSpan;
                    parts[i].col = c + static_cast<std::uint32_t>(i);
                }
                for (Word& word : cell.words) {
                    double centre = (word.x0 + word.x1) / 2;
                    auto at = static_cast<std::size_t>(
                        std::upper_bound(cuts.begin(), cuts.end(), centre) - cuts.begin());
                    parts[at].words.push_back(std::move(word));
                }
                replaceByParts(cell, parts, added);
            }
        }
        addSplit(table, table.xs, c, cuts, added);
    }
}

// Whether each grid row that `cell` spans holds text in a cell of its own (rows that only
// empty cells make, the spacers of a layout table, are no rows of the text beside them).
bool rowsHoldText(const GridTable& table, const GridCell& cell) {
    for (std::uint32_t r = cell.row; r < cell.row + cell.rowSpan; ++r) {
        bool text = false;
        for (const GridCell& other : table.cells)
            text = text || (other.row == r && other.rowSpan == 1 && !other.lines.empty());
        if (!text) return false;
    }
    return true;
}

// A cell over several grid rows whose lines stand one in the middle of each row is one cell
// per row whose rules were not drawn (a contact table's departments, one a row), where each
// of those rows holds text in a cell of its own.
void splitSpanningCells(GridTable& table) {
    std::vector<GridCell> added;
    for (GridCell& cell : table.cells) {
        if (cell.rowSpan < 2 || cell.lines.size() != cell.rowSpan || !cell.tables.empty()) continue;
        bool centred = true;
        for (std::size_t i = 0; i < cell.lines.size() && centred; ++i) {
            double top = table.ys[cell.row + i], bottom = table.ys[cell.row + i + 1];
            centred = std::fabs(middle(cell.lines[i]) - (top + bottom) / 2) <
                      kCentredShare * (bottom - top);
        }
        if (!centred || !rowsHoldText(table, cell)) continue;
        std::vector<Line> lines = std::move(cell.lines);
        std::uint32_t rows = cell.rowSpan;
        cell.lines.clear();
        cell.rowSpan = 1;
        cell.lines.push_back(std::move(lines[0]));
        for (std::uint32_t i = 1; i < rows; ++i) {
            GridCell& part = added.emplace_back();
            part.row = cell.row + i;
            part.col = cell.col;
            part.colSpan = cell.colSpan;
            part.lines.push_back(std::move(lines[i]));
        }
    }
    if (added.empty()) return;
    for (GridCell& cell : added)
        table.cells.push_back(std::move(cell));
    sortCells(table);
}

// Rows that the word processor kept apart without drawing a rule between them: in one grid
// row, several cells hold lines at the same heights (a statistics table's figures, one a
// line). The line heights of the cell with the most lines become sub-rows when at least two
// cells, and two thirds of those with text, have every line at one of them, one cell's lines
// are figures (each holds a digit: a head row's labels of two lines, `효도와|공경` beside
// `생명존중|의식`, stay one row), and no cell's line fills its cell before another (a wrapped
// paragraph: the lines beside it are wrapped paragraphs too, a regulatory table's
// `산업안전보건기|준에 관한 규칙` beside `사다리식 통로의|…`); a cell with one line elsewhere (a
// label centred over the sub-rows) spans them.
void splitRowsByLines(GridTable& table) {
    for (std::uint32_t r = table.rows(); r-- > 0;) {
        const GridCell* reference = nullptr;
        std::vector<GridCell*> row;
        for (GridCell& cell : table.cells)
            if (cell.row == r && cell.rowSpan == 1) {
                row.push_back(&cell);
                if (!reference || cell.lines.size() > reference->lines.size()) reference = &cell;
            }
        if (!reference || reference->lines.size() < 2 || reference->lines.size() > kMaxSplitLines)
            continue;
        const std::vector<Line> marks = reference->lines;
        auto slotOf = [&](const Line& line) -> int {
            for (std::size_t i = 0; i < marks.size(); ++i)
                if (std::fabs(middle(line) - middle(marks[i])) <=
                    0.4 * std::max(1.0, marks[i].y1 - marks[i].y0))
                    return static_cast<int>(i);
            return -1;
        };
        std::size_t withText = 0, full = 0, wrapped = 0, withFigures = 0;
        bool unaligned = false;
        for (GridCell* cell : row) {
            if (cell->lines.empty()) continue;
            ++withText;
            std::size_t matched = 0;
            for (const Line& line : cell->lines)
                matched += slotOf(line) >= 0;
            if (matched != cell->lines.size() && cell->lines.size() > 1) unaligned = true;
            full += matched == marks.size() && cell->lines.size() == marks.size();
            // Figures, one a line: every line of the cell holds a digit.
            bool figures = cell->lines.size() > 1;
            for (const Line& line : cell->lines)
                figures = figures && line.text.find_first_of("0123456789") != std::string::npos;
            withFigures += figures;
            // A line that fills its cell before another one is a wrapped paragraph.
            double width = table.xs[cell->col + cell->colSpan] - table.xs[cell->col];
            for (std::size_t i = 0; i + 1 < cell->lines.size(); ++i)
                if (cell->lines[i].x1 - cell->lines[i].x0 > kWrappedShare * width) {
                    ++wrapped;
                    break;
                }
        }
        if (unaligned || full < 2 || full * 3 < withText * 2 || wrapped > 0 || withFigures == 0)
            continue;

        auto extra = static_cast<std::uint32_t>(marks.size() - 1);
        std::vector<double> cuts;
        for (std::size_t i = 0; i + 1 < marks.size(); ++i)
            cuts.push_back((marks[i].y1 + marks[i + 1].y0) / 2);
        std::vector<GridCell> added;
        for (GridCell& cell : table.cells) {
            if (cell.row > r) {
                cell.row += extra;
            } else if (cell.row + cell.rowSpan <= r) {
                continue;
            } else if (cell.row < r || cell.rowSpan > 1 || cell.lines.empty()) {
                cell.rowSpan += extra;
            } else {
                std::vector<Line> lines = std::move(cell.lines);
                bool spans = lines.size() == 1 && slotOf(lines[0]) < 0;
                if (spans) {
                    cell.lines = std::move(lines);
                    cell.rowSpan += extra;
                    continue;
                }
                cell.lines.clear();
                std::vector<GridCell> parts(marks.size());
                for (std::size_t i = 0; i < parts.size(); ++i) {
                    parts[i].row = r + static_cast<std::uint32_t>(i);
                    parts[i].col = cell.col;
                    parts[i].colSpan = cell.colSpan;
                }
                for (Line& line : lines)
                    parts[static_cast<std::size_t>(std::max(0, slotOf(line)))].lines.push_back(
                        std::move(line));
                replaceByParts(cell, parts, added);
            }
        }
        addSplit(table, table.ys, r, cuts, added);
    }
}

// A clip around one line of text that leaves less than this (in line heights) beside the
// words, and no more than kRunClipSlack points above and below them, is a run of glyphs
// (printer drivers clip every one), not a cell.
constexpr double kRunClipEms = 1.5;
constexpr double kRunClipSlack = 1.0;
// A clip's side this near the end of a drawn rule is on it (a border drawn from outside
// corner to outside corner reaches past the cell by half its width: 0.6 for Hancom's thick
// 1.2-point rules).
constexpr double kOnRule = 1.0;
// Cells of one table share their sides to within this (points).
constexpr double kTileSlack = 0.2;
// Empty clips are matched against the others pair by pair, at most this many pairs a page
// (a page of Hancom's holds a few hundred clips; a hostile one may hold thousands).
constexpr std::size_t kMaxEmptyClipPairs = 1'000'000;

// A clip whose side runs through a word, this share of the word's height or more inside it
// on both sides, clips a part of a line of glyphs (a run of one font, the word going on in
// the next): a cell's side never cuts its text.
constexpr double kCutWordShare = 0.25;

enum class ClipKind : std::uint8_t { Run, Cell, Empty, EmptyCell };

// Empty clips on one line (the same top and bottom) that overlap one another are the boxes of
// glyphs drawn without text (a symbol's outline clipped glyph by glyph in a run of text):
// the cells of a row abut, never overlap.
void dropOverlappingTiles(const std::vector<Box>& clips, std::vector<ClipKind>& kinds) {
    std::vector<std::size_t> tiles;
    for (std::size_t i = 0; i < clips.size(); ++i)
        if (kinds[i] == ClipKind::EmptyCell) tiles.push_back(i);
    if (tiles.size() < 2 || tiles.size() * tiles.size() > kMaxEmptyClipPairs) return;
    auto near = [](double x, double y) { return std::fabs(x - y) <= kTileSlack; };
    std::vector<bool> glyph(tiles.size(), false);
    for (std::size_t t = 0; t < tiles.size(); ++t)
        for (std::size_t u = t + 1; u < tiles.size(); ++u) {
            const Box& a = clips[tiles[t]];
            const Box& b = clips[tiles[u]];
            if (near(a.y0, b.y0) && near(a.y1, b.y1) &&
                std::min(a.x1, b.x1) - std::max(a.x0, b.x0) > kTileSlack)
                glyph[t] = glyph[u] = true;
        }
    for (std::size_t t = 0; t < tiles.size(); ++t)
        if (glyph[t]) kinds[tiles[t]] = ClipKind::Empty;
}

// What each clip of the page is: a cell around text, a run of glyphs, or empty.
std::vector<ClipKind> classifyClips(const PageText& page) {
    std::vector<const Word*> byY;
    byY.reserve(page.words.size());
    for (const Word& word : page.words)
        byY.push_back(&word);
    auto centreY = [](const Word* word) { return (word->y0 + word->y1) / 2; };
    std::sort(byY.begin(), byY.end(),
              [&](const Word* a, const Word* b) { return centreY(a) < centreY(b); });
    std::vector<ClipKind> kinds(page.clips.size(), ClipKind::Empty);
    for (std::size_t i = 0; i < page.clips.size(); ++i) {
        const Box& clip = page.clips[i];
        auto first =
            std::lower_bound(byY.begin(), byY.end(), clip.y0,
                             [&](const Word* word, double y) { return centreY(word) < y; });
        double left = std::numeric_limits<double>::max(), right = -left, top = left, bottom = -left;
        double tallest = 0;
        bool any = false, cuts = false;
        for (auto it = first; it != byY.end() && centreY(*it) <= clip.y1; ++it) {
            const Word& word = **it;
            double reach = kCutWordShare * (word.y1 - word.y0);
            for (double side : {clip.x0, clip.x1})
                cuts = cuts || (word.x0 < side - reach && word.x1 > side + reach);
            double cx = (word.x0 + word.x1) / 2;
            if (cx < clip.x0 || cx > clip.x1) continue;
            any = true;
            left = std::min(left, word.x0);
            right = std::max(right, word.x1);
            top = std::min(top, word.y0);
            bottom = std::max(bottom, word.y1);
            tallest = std::max(tallest, word.y1 - word.y0);
        }
        if (!any) continue;
        bool oneLine = bottom - top <= 1.5 * tallest;
        bool hugged =
            std::fabs(left - clip.x0) + std::fabs(clip.x1 - right) <= kRunClipEms * tallest &&
            clip.y0 >= top - kRunClipSlack && clip.y1 <= bottom + kRunClipSlack;
        kinds[i] = (oneLine && hugged) || cuts ? ClipKind::Run : ClipKind::Cell;
    }
    // An empty clip is a cell when it tiles with other cells: a side across and a side along
    // lie on theirs (a clip beside a table, but not of it, is off by a fraction of a point).
    auto near = [](double a, double b) { return std::fabs(a - b) <= kTileSlack; };
    std::size_t pairs = 0;
    for (std::size_t i = 0; i < page.clips.size(); ++i) {
        if (kinds[i] != ClipKind::Empty) continue;
        pairs += page.clips.size();
        if (pairs > kMaxEmptyClipPairs) break;
        const Box& e = page.clips[i];
        bool across = false, along = false;
        for (std::size_t k = 0; k < page.clips.size() && !(across && along); ++k) {
            if (k == i || kinds[k] == ClipKind::Run) continue;
            const Box& c = page.clips[k];
            if (e.y0 <= c.y1 + kTileSlack && c.y0 <= e.y1 + kTileSlack)
                across = across || near(e.x0, c.x0) || near(e.x0, c.x1) || near(e.x1, c.x0) ||
                         near(e.x1, c.x1);
            if (e.x0 <= c.x1 + kTileSlack && c.x0 <= e.x1 + kTileSlack)
                along = along || near(e.y0, c.y0) || near(e.y0, c.y1) || near(e.y1, c.y0) ||
                        near(e.y1, c.y1);
        }
        if (across && along) kinds[i] = ClipKind::EmptyCell;
    }
    dropOverlappingTiles(page.clips, kinds);
    return kinds;
}

// Whether a clip's side at `at` over [from, to] stops a little short of, or a little past,
// the ends of the drawn rules `across` it (sorted by place): the clip is then not a cell of
// their table (a caption's frame under a table, a box a little around one), whose sides are
// its rules.
bool offRules(const std::vector<const Rule*>& across, double at, double from, double to) {
    bool on = false, off = false;
    auto note = [&](double distance) {
        if (distance <= kOnRule)
            on = true;
        else if (distance <= kGridSnap)
            off = true;
    };
    auto first = std::lower_bound(across.begin(), across.end(), from - kTouch,
                                  [](const Rule* rule, double x) { return rule->at < x; });
    for (auto it = first; it != across.end() && (*it)->at <= to + kTouch; ++it) {
        note(std::fabs((*it)->from - at));
        note(std::fabs((*it)->to - at));
    }
    return off && !on;
}

// A clip around one line of text with a drawn horizontal rule through the middle of its
// height ending at its left side and one going on from its right side (a box's `<보 기>`
// title cut into the top border) is the title's cell, not a run of glyphs: with the border it
// makes the box's head row, the title's cell spanning the border.
void promoteTitleTabs(const std::vector<Box>& clips, const std::vector<const Rule*>& drawnH,
                      std::vector<ClipKind>& kinds) {
    for (std::size_t i = 0; i < clips.size(); ++i) {
        if (kinds[i] != ClipKind::Run) continue;
        const Box& clip = clips[i];
        double third = (clip.y1 - clip.y0) / 3;
        auto first = std::lower_bound(drawnH.begin(), drawnH.end(), clip.y0 + third,
                                      [](const Rule* rule, double y) { return rule->at < y; });
        bool before = false, after = false;
        for (auto it = first; it != drawnH.end() && (*it)->at <= clip.y1 - third; ++it) {
            const Rule& rule = **it;
            before = before || (std::fabs(rule.to - clip.x0) <= kOnRule && rule.from < clip.x0);
            after = after || (std::fabs(rule.from - clip.x1) <= kOnRule && rule.to > clip.x1);
        }
        if (before && after) kinds[i] = ClipKind::Cell;
    }
}

// Whether two clips overlap by more than kGridSnap each way with neither inside the other.
bool crosses(const Box& a, const Box& b) {
    double width = std::min(a.x1, b.x1) - std::max(a.x0, b.x0);
    double height = std::min(a.y1, b.y1) - std::max(a.y0, b.y0);
    if (width <= kGridSnap || height <= kGridSnap) return false;
    auto within = [](const Box& inner, const Box& outer) {
        return inner.x0 >= outer.x0 - kGridSnap && inner.x1 <= outer.x1 + kGridSnap &&
               inner.y0 >= outer.y0 - kGridSnap && inner.y1 <= outer.y1 + kGridSnap;
    };
    return !within(a, b) && !within(b, a);
}

// Cells of a table tile, and a nested table lies inside its cell: a clip across the cells of
// others (a picture behind a form, a watermark) is no cell. The clip crossing the most others
// goes first (the larger on a tie), until none crosses another.
void dropCrossingClips(const std::vector<Box>& clips, std::vector<ClipKind>& kinds) {
    std::vector<std::size_t> cells;
    for (std::size_t i = 0; i < clips.size(); ++i)
        if (kinds[i] == ClipKind::Cell || kinds[i] == ClipKind::EmptyCell) cells.push_back(i);
    if (cells.size() * cells.size() > kMaxEmptyClipPairs) return;
    std::vector<std::vector<std::size_t>> crossed(clips.size());
    for (std::size_t a = 0; a < cells.size(); ++a)
        for (std::size_t b = a + 1; b < cells.size(); ++b)
            if (crosses(clips[cells[a]], clips[cells[b]])) {
                crossed[cells[a]].push_back(cells[b]);
                crossed[cells[b]].push_back(cells[a]);
            }
    auto area = [&](std::size_t i) {
        return (clips[i].x1 - clips[i].x0) * (clips[i].y1 - clips[i].y0);
    };
    std::vector<std::size_t> count(clips.size());
    for (std::size_t i : cells)
        count[i] = crossed[i].size();
    for (;;) {
        std::size_t worst = clips.size();
        for (std::size_t i : cells)
            if (count[i] > 0 && (worst == clips.size() || count[i] > count[worst] ||
                                 (count[i] == count[worst] && area(i) > area(worst))))
                worst = i;
        if (worst == clips.size()) return;
        kinds[worst] = ClipKind::Empty;
        count[worst] = 0;
        for (std::size_t other : crossed[worst])
            if (count[other] > 0) --count[other];
    }
}

// A clip around text whose top or bottom side is the bottom or top of an empty clip that
// tiles with no cell (a picture's) is the picture's caption, not a one-cell table.
void dropCaptionClips(const std::vector<Box>& clips, std::vector<ClipKind>& kinds) {
    std::vector<std::size_t> pictures;
    for (std::size_t i = 0; i < clips.size(); ++i)
        if (kinds[i] == ClipKind::Empty) pictures.push_back(i);
    if (pictures.size() * clips.size() > kMaxEmptyClipPairs) return;
    for (std::size_t i = 0; i < clips.size(); ++i) {
        if (kinds[i] != ClipKind::Cell) continue;
        const Box& caption = clips[i];
        for (std::size_t k : pictures) {
            const Box& picture = clips[k];
            bool under = std::fabs(caption.y0 - picture.y1) <= kTileSlack ||
                         std::fabs(caption.y1 - picture.y0) <= kTileSlack;
            if (under && caption.x0 < picture.x1 && picture.x0 < caption.x1) {
                kinds[i] = ClipKind::Empty;
                break;
            }
        }
    }
}

// A clip around text whose bottom side lies on a drawn rule running past both of its sides by
// more than its height, with no other cell's clip beside it, is a text box set on a line (a
// page head's title on the rule under the head), not a cell: the cells of a table whose border
// runs on have clips beside them.
void dropBoxesOnLines(const std::vector<Box>& clips, const std::vector<const Rule*>& drawnH,
                      std::vector<ClipKind>& kinds) {
    std::vector<std::size_t> cells;
    for (std::size_t i = 0; i < clips.size(); ++i)
        if (kinds[i] == ClipKind::Cell || kinds[i] == ClipKind::EmptyCell) cells.push_back(i);
    if (cells.size() * cells.size() > kMaxEmptyClipPairs) return;
    for (std::size_t i : cells) {
        if (kinds[i] != ClipKind::Cell) continue;
        const Box& box = clips[i];
        double height = box.y1 - box.y0;
        auto first = std::lower_bound(drawnH.begin(), drawnH.end(), box.y1 - kGridSnap,
                                      [](const Rule* rule, double y) { return rule->at < y; });
        bool online = false;
        for (auto it = first; it != drawnH.end() && (*it)->at <= box.y1 + kGridSnap && !online;
             ++it)
            online = (*it)->from < box.x0 - height && (*it)->to > box.x1 + height;
        if (!online) continue;
        bool beside = false;
        for (std::size_t k : cells)
            if (k != i && clips[k].y0 < box.y1 - kGridSnap && box.y0 < clips[k].y1 - kGridSnap &&
                (std::fabs(clips[k].x1 - box.x0) <= kGridSnap ||
                 std::fabs(clips[k].x0 - box.x1) <= kGridSnap))
                beside = true;
        if (!beside) kinds[i] = ClipKind::Empty;
    }
}

// The rules that the page's clip rectangles draw: a word processor clips every table cell to
// its box, whether its borders are drawn or not (Hancom's export does), so the cells of
// borderless tables and one-cell layout boxes show there. Runs of glyphs, empty clips that
// tile with no cell (a picture's) and clips off the drawn rules draw none; those around text
// go to `off` (a one-cell box around a table may be one).
std::vector<Rule> clipRules(const PageText& page, std::vector<Box>& off,
                            std::vector<Box>* cells = nullptr) {
    std::vector<Rule> rules;
    if (page.clips.empty()) return rules;
    std::vector<ClipKind> kinds = classifyClips(page);
    std::vector<const Rule*> drawnH, drawnV;
    for (const Rule& rule : page.rules)
        (rule.horizontal ? drawnH : drawnV).push_back(&rule);
    auto byAt = [](const Rule* a, const Rule* b) { return a->at < b->at; };
    std::sort(drawnH.begin(), drawnH.end(), byAt);
    std::sort(drawnV.begin(), drawnV.end(), byAt);
    promoteTitleTabs(page.clips, drawnH, kinds);
    dropCrossingClips(page.clips, kinds);
    dropCaptionClips(page.clips, kinds);
    dropBoxesOnLines(page.clips, drawnH, kinds);
    for (std::size_t i = 0; i < page.clips.size(); ++i) {
        if (kinds[i] != ClipKind::Cell && kinds[i] != ClipKind::EmptyCell) continue;
        const Box& clip = page.clips[i];
        if (offRules(drawnV, clip.y0, clip.x0, clip.x1) ||
            offRules(drawnV, clip.y1, clip.x0, clip.x1) ||
            offRules(drawnH, clip.x0, clip.y0, clip.y1) ||
            offRules(drawnH, clip.x1, clip.y0, clip.y1)) {
            if (kinds[i] == ClipKind::Cell) off.push_back(clip);
            continue;
        }
        if (cells && kinds[i] == ClipKind::Cell) cells->push_back(clip);
        rules.push_back({true, clip.y0, clip.x0, clip.x1});
        rules.push_back({true, clip.y1, clip.x0, clip.x1});
        rules.push_back({false, clip.x0, clip.y0, clip.y1});
        rules.push_back({false, clip.x1, clip.y0, clip.y1});
    }
    return rules;
}

// A horizontal rule through the lower half of a word's box, above this share of its height
// from the bottom, underlines it.
constexpr double kUnderlineInset = 0.15;
constexpr double kUnderlineReach = 0.5;

// Drops the underlines (amended text in a comparison table is underlined line by line): the
// horizontal rules through the lower half of words' boxes that end under those words, or do
// not end on vertical rules at both sides. A border ends on the rules across it.
void dropUnderlines(PageText& page) {
    std::vector<const Word*> byTop;
    byTop.reserve(page.words.size());
    double tallest = 0;
    for (const Word& word : page.words) {
        byTop.push_back(&word);
        tallest = std::max(tallest, word.y1 - word.y0);
    }
    std::sort(byTop.begin(), byTop.end(),
              [](const Word* a, const Word* b) { return a->y0 < b->y0; });
    std::vector<const Rule*> columns;
    for (const Rule& rule : page.rules)
        if (!rule.horizontal) columns.push_back(&rule);
    std::sort(columns.begin(), columns.end(),
              [](const Rule* a, const Rule* b) { return a->at < b->at; });
    // Whether a vertical rule that runs past height `y` stands at `x`.
    auto column = [&](double x, double y) {
        auto it = std::lower_bound(columns.begin(), columns.end(), x - kTouch,
                                   [](const Rule* rule, double at) { return rule->at < at; });
        for (; it != columns.end() && (*it)->at <= x + kTouch; ++it)
            if ((*it)->from <= y + kTouch && (*it)->to >= y - kTouch) return true;
        return false;
    };
    auto through = [&](const Rule& rule) {
        if (!rule.horizontal) return false;
        auto first = std::lower_bound(byTop.begin(), byTop.end(), rule.at - tallest,
                                      [](const Word* word, double y) { return word->y0 < y; });
        double left = std::numeric_limits<double>::max(), right = -left, em = 0;
        for (auto it = first; it != byTop.end() && (*it)->y0 < rule.at; ++it) {
            const Word& word = **it;
            double inset = kUnderlineInset * (word.y1 - word.y0);
            // A rule that ends where a word starts (a border cut by a title) runs under none.
            if (rule.at > (word.y0 + word.y1) / 2 && rule.at < word.y1 - inset &&
                word.x0 < rule.to - kTouch && word.x1 > rule.from + kTouch) {
                left = std::min(left, word.x0);
                right = std::max(right, word.x1);
                em = std::max(em, word.fontSize);
            }
        }
        if (em == 0) return false;
        // A border ends on the rules across it, an underline under the words it marks (or
        // short of a side of its cell).
        bool underWords =
            rule.from >= left - kUnderlineReach * em && rule.to <= right + kUnderlineReach * em;
        return underWords || !column(rule.from, rule.at) || !column(rule.to, rule.at);
    };
    page.rules.erase(std::remove_if(page.rules.begin(), page.rules.end(), through),
                     page.rules.end());
}

// Rows of a table thinner than this (points) that hold nothing are the edges of a bar drawn
// as a filled rectangle, a thick border, not rows.
constexpr double kMaxStripe = 5.0;

// A one-column stack of boxes whose text stands in one of them, the others empty stripes (a
// title band under a thick bar and over a double rule), is one box.
void foldStripes(GridTable& table) {
    if (table.cols() != 1 || table.rows() < 2) return;
    std::size_t text = table.cells.size();
    for (std::size_t i = 0; i < table.cells.size(); ++i) {
        const GridCell& cell = table.cells[i];
        if (cell.lines.empty() && cell.tables.empty()) continue;
        if (text < table.cells.size() || cell.rowSpan != 1) return;
        text = i;
    }
    if (text == table.cells.size()) return;
    for (std::uint32_t r = 0; r < table.rows(); ++r)
        if (r != table.cells[text].row && table.ys[r + 1] - table.ys[r] > kMaxStripe) return;
    GridCell only = std::move(table.cells[text]);
    only.row = 0;
    table.cells.clear();
    table.cells.push_back(std::move(only));
    table.ys = {table.ys.front(), table.ys.back()};
}

// Below the table it holds, a box's cell may hold the rest of the table's paragraph, up to
// this (points).
constexpr double kMaxBoxFoot = 8.0;

// A row thinner than kMaxStripe whose cells, all one row high, hold nothing is the gap of a
// double border (a table's top or its head drawn with two rules), not a row: its edge goes.
void dropBorderGaps(GridTable& table) {
    for (std::uint32_t r = table.rows(); r-- > 0;) {
        if (table.rows() < 2 || table.ys[r + 1] - table.ys[r] > kMaxStripe) continue;
        bool gap = true;
        for (const GridCell& cell : table.cells)
            if (cell.row <= r && cell.row + cell.rowSpan > r)
                gap = gap && cell.rowSpan == 1 && cell.lines.empty() && cell.tables.empty();
        if (!gap) continue;
        std::erase_if(table.cells, [&](const GridCell& cell) { return cell.row == r; });
        for (GridCell& cell : table.cells)
            if (cell.row > r) --cell.row;
        // The outer edge stays where the table's last row is the gap.
        table.ys.erase(table.ys.begin() + (r + 1 == table.rows() ? r : r + 1));
    }
}

// A clip around a table a little larger than it on every side (within kGridSnap: its edges
// would snap onto the table's; below it within kMaxBoxFoot) is a one-cell box that holds the
// table (Hancom clips the cell of a borderless layout table around the table it holds): the
// table is nested in a 1 × 1 table of the clip's box.
void wrapInBoxes(std::vector<GridTable>& tables, const std::vector<Box>& boxes) {
    for (const Box& box : boxes)
        for (GridTable& table : tables) {
            double left = table.x0 - box.x0, right = box.x1 - table.x1;
            double top = table.y0 - box.y0, bottom = box.y1 - table.y1;
            if (std::min({left, right, top, bottom}) < 0 ||
                std::max({left, right, top}) > kGridSnap || bottom > kMaxBoxFoot)
                continue;
            GridTable box1;
            box1.x0 = box.x0;
            box1.y0 = box.y0;
            box1.x1 = box.x1;
            box1.y1 = box.y1;
            box1.xs = {box.x0, box.x1};
            box1.ys = {box.y0, box.y1};
            box1.order = table.order;
            box1.cells.emplace_back().tables.push_back(std::move(table));
            table = std::move(box1);
            break;
        }
}

// A rule this far inside a cell's clip (points) is drawn in the cell, not on its side.
constexpr double kInsideCell = 0.5;
// Rules are matched against the cell clips pair by pair, at most this many pairs a page.
constexpr std::size_t kMaxRuleCellPairs = 4'000'000;

// For each rule, the smallest cell clip that it lies inside (off its sides), or -1: the rules
// drawn inside a cell are a table nested in it (Hancom clips a cell to its box, a nested
// table with it), even where they meet the cell's side (a table set flush right in its cell).
std::vector<std::ptrdiff_t> cellsAround(const std::vector<Rule>& rules,
                                        const std::vector<Box>& cells) {
    std::vector<std::ptrdiff_t> around(rules.size(), -1);
    if (cells.empty() || rules.size() * cells.size() > kMaxRuleCellPairs) return around;
    for (std::size_t r = 0; r < rules.size(); ++r) {
        const Rule& rule = rules[r];
        double best = std::numeric_limits<double>::max();
        for (std::size_t c = 0; c < cells.size(); ++c) {
            const Box& cell = cells[c];
            double lo = rule.horizontal ? cell.y0 : cell.x0,
                   hi = rule.horizontal ? cell.y1 : cell.x1;
            double from = rule.horizontal ? cell.x0 : cell.y0,
                   to = rule.horizontal ? cell.x1 : cell.y1;
            if (rule.at <= lo + kInsideCell || rule.at >= hi - kInsideCell ||
                rule.from < from - kTouch || rule.to > to + kTouch)
                continue;
            double area = (cell.x1 - cell.x0) * (cell.y1 - cell.y0);
            if (area < best) {
                best = area;
                around[r] = static_cast<std::ptrdiff_t>(c);
            }
        }
    }
    return around;
}

// Boxes side by side at one height this near (points) are the cells of one table with an
// empty spacer column between them (a `참고 1` tab beside its title bar, drawn apart).
constexpr double kMaxSpacer = 8.0;

// Joins two collinear pieces of a horizontal rule across a gap of at most kMaxSpacer where
// each ends on a vertical rule as tall as the other one, the horizontal at an end of both:
// two boxes of one height side by side, the top and bottom rules of the row they make.
void bridgeBoxGaps(std::vector<Rule>& hs, const std::vector<Rule>& vs) {
    // The vertical rule at `x` with one end at `y`, or null (`vs` is sorted by place).
    auto corner = [&](double x, double y) -> const Rule* {
        auto first = std::lower_bound(vs.begin(), vs.end(), x - kTouch,
                                      [](const Rule& v, double at) { return v.at < at; });
        for (auto it = first; it != vs.end() && it->at <= x + kTouch; ++it)
            if (std::fabs(it->from - y) <= kTouch || std::fabs(it->to - y) <= kTouch) return &*it;
        return nullptr;
    };
    // `hs` is grouped by place, each group's pieces left to right (mergeRules).
    for (std::size_t i = 0; i + 1 < hs.size();) {
        Rule& a = hs[i];
        const Rule& b = hs[i + 1];
        double gap = b.from - a.to;
        if (b.at != a.at || gap <= 0 || gap > kMaxSpacer) {
            ++i;
            continue;
        }
        const Rule* left = corner(a.to, a.at);
        const Rule* right = corner(b.from, b.at);
        if (!left || !right || std::fabs(left->from - right->from) > kTouch ||
            std::fabs(left->to - right->to) > kTouch) {
            ++i;
            continue;
        }
        a.to = b.to;
        hs.erase(hs.begin() + static_cast<std::ptrdiff_t>(i) + 1);
    }
}

// A vertical rule that meets one horizontal rule only, at one of its ends, bounds no cell: a
// page's column separator hanging from the rule under its head (an exam's two columns) would
// make the head box and the columns one table.
void dropHangingRules(const std::vector<Rule>& hs, std::vector<Rule>& vs) {
    // `hs` is sorted by place (mergeRules).
    std::erase_if(vs, [&](const Rule& v) {
        std::size_t met = 0;
        bool atEnd = false;
        auto first = std::lower_bound(hs.begin(), hs.end(), v.from - kTouch,
                                      [](const Rule& h, double y) { return h.at < y; });
        for (auto it = first; it != hs.end() && it->at <= v.to + kTouch; ++it) {
            if (!meets(*it, v)) continue;
            if (++met > 1) return false;
            atEnd = std::fabs(it->at - v.from) <= kTouch || std::fabs(it->at - v.to) <= kTouch;
        }
        return met == 1 && atEnd;
    });
}

// Marks the smallest table around (x, y) as holding a running head's words: a box drawn
// around a page's running head (a rule under it, a text box on the rule) holds nothing else.
void markRunning(std::vector<Candidate>& candidates, double x, double y) {
    for (std::size_t i = candidates.size(); i-- > 0;)
        if (!candidates[i].frame && inside(candidates[i].table, x, y, 0)) {
            candidates[i].running = true;
            return;
        }
}

// A word beside a box this near (in ems of the boxed words) is in the box's line.
constexpr double kBoxedWordGapEms = 1.0;

// A one-cell box around one line of words with other words of that line just beside it is a
// border drawn around characters (an exam's `르포르`, `푸코` marked in its sentence), not a
// table: the words stay in their line.
void dropBoxedWords(const std::vector<Word>& words, std::vector<Candidate>& candidates) {
    std::erase_if(candidates, [&](const Candidate& candidate) {
        const GridTable& box = candidate.table;
        if (candidate.frame || box.cells.size() != 1) return false;
        double top = std::numeric_limits<double>::max(), bottom = -top, em = 0, tallest = 0;
        for (const Word& word : words) {
            double cx = (word.x0 + word.x1) / 2, cy = (word.y0 + word.y1) / 2;
            if (word.running || !inside(box, cx, cy, 0)) continue;
            top = std::min(top, word.y0);
            bottom = std::max(bottom, word.y1);
            em = std::max(em, word.fontSize);
            tallest = std::max(tallest, word.y1 - word.y0);
        }
        if (em == 0 || bottom - top > 1.5 * tallest) return false;
        double reach = kBoxedWordGapEms * em;
        for (const Word& word : words) {
            double cy = (word.y0 + word.y1) / 2;
            if (word.running || cy < top || cy > bottom) continue;
            bool before = word.x1 <= box.x0 + kTouch && word.x1 >= box.x0 - reach;
            bool after = word.x0 >= box.x1 - kTouch && word.x0 <= box.x1 + reach;
            if (before || after) return true;
        }
        return false;
    });
}

}  // namespace

std::vector<GridTable> findTables(PageText& page) {
    dropUnderlines(page);
    std::vector<Box> offClips;
    std::vector<Box> cellClips;
    std::vector<Rule> fromClips = clipRules(page, offClips, &cellClips);
    page.rules.insert(page.rules.end(), fromClips.begin(), fromClips.end());
    std::vector<Rule> hs = mergeRules(page.rules, true);
    std::vector<Rule> vs = mergeRules(page.rules, false);
    bridgeBoxGaps(hs, vs);
    dropHangingRules(hs, vs);
    if (hs.size() < 2 || vs.empty()) return {};

    // Rules that meet belong to one table: horizontal ones are 0…h-1, vertical ones after;
    // rules inside a cell meet only the rules inside the same cell.
    std::vector<std::ptrdiff_t> aroundH = cellsAround(hs, cellClips);
    std::vector<std::ptrdiff_t> aroundV = cellsAround(vs, cellClips);
    UnionFind sets(hs.size() + vs.size());
    std::vector<std::size_t> byX(vs.size());
    std::iota(byX.begin(), byX.end(), 0);
    std::sort(byX.begin(), byX.end(),
              [&](std::size_t a, std::size_t b) { return vs[a].at < vs[b].at; });
    for (std::size_t h = 0; h < hs.size(); ++h) {
        auto first = std::lower_bound(byX.begin(), byX.end(), hs[h].from - kTouch,
                                      [&](std::size_t v, double x) { return vs[v].at < x; });
        for (auto it = first; it != byX.end() && vs[*it].at <= hs[h].to + kTouch; ++it)
            if (meets(hs[h], vs[*it]) && aroundH[h] == aroundV[*it]) sets.join(h, hs.size() + *it);
    }
    std::vector<std::vector<const Rule*>> groupH(hs.size() + vs.size()),
        groupV(hs.size() + vs.size());
    for (std::size_t h = 0; h < hs.size(); ++h)
        groupH[sets.find(h)].push_back(&hs[h]);
    for (std::size_t v = 0; v < vs.size(); ++v)
        groupV[sets.find(hs.size() + v)].push_back(&vs[v]);

    std::vector<Candidate> candidates;
    double pageArea = std::max(1.0, page.width * page.height);
    for (std::size_t g = 0; g < groupH.size(); ++g) {
        if (groupH[g].size() < 2 || groupV[g].size() < 2) continue;
        Candidate candidate;
        if (!buildGrid(groupH[g], groupV[g], candidate)) continue;
        candidate.frame =
            candidate.table.cells.size() == 1 && candidate.area > kMaxFrameShare * pageArea;
        candidates.push_back(std::move(candidate));
    }
    dropBoxedWords(page.words, candidates);
    if (candidates.empty()) return {};
    // Largest first: a table inside a cell of a larger one is nested in that cell.
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const Candidate& a, const Candidate& b) { return a.area > b.area; });
    for (std::size_t i = 1; i < candidates.size(); ++i) {
        const GridTable& table = candidates[i].table;
        double cx = (table.x0 + table.x1) / 2, cy = (table.y0 + table.y1) / 2;
        for (std::size_t j = i; j-- > 0;) {
            const GridTable& outer = candidates[j].table;
            if (candidates[j].frame || !inside(outer, table.x0, table.y0, 0.5) ||
                !inside(outer, table.x1, table.y1, 0.5))
                continue;
            candidates[i].parent = j;
            candidates[i].parentCell =
                candidates[j].owner[slot(outer.ys, cy) * outer.cols() + slot(outer.xs, cx)];
            break;
        }
    }

    // Every word goes to the smallest table around its centre, into the cell there.
    std::vector<Word> rest;
    rest.reserve(page.words.size());
    for (Word& word : page.words) {
        double cx = (word.x0 + word.x1) / 2, cy = (word.y0 + word.y1) / 2;
        if (word.running) {
            markRunning(candidates, cx, cy);
            rest.push_back(std::move(word));
            continue;
        }
        Candidate* home = nullptr;
        for (std::size_t i = candidates.size(); i-- > 0;)
            if (!candidates[i].frame && inside(candidates[i].table, cx, cy, 0)) {
                home = &candidates[i];
                break;
            }
        if (!home) {
            rest.push_back(std::move(word));
            continue;
        }
        GridTable& table = home->table;
        std::uint32_t cell = home->owner[slot(table.ys, cy) * table.cols() + slot(table.xs, cx)];
        table.cells[cell].words.push_back(std::move(word));
    }
    page.words = std::move(rest);

    // Smallest first into their parents. A table with no words at all stands before the
    // first word below it; a single empty box is only a drawing.
    std::vector<GridTable> tables;
    for (std::size_t i = candidates.size(); i-- > 0;) {
        Candidate& candidate = candidates[i];
        if (candidate.frame) continue;
        GridTable& table = candidate.table;
        table.order = firstOrder(table);
        bool nested = candidate.parent < candidates.size();
        GridCell* home =
            nested ? &candidates[candidate.parent].table.cells[candidate.parentCell] : nullptr;
        if (table.order == std::numeric_limits<std::uint32_t>::max()) {
            // A box that held a running head's words only is part of the head.
            if (table.cells.size() < 2 || candidate.running) continue;
            for (const Word& word : home ? home->words : page.words)
                if (word.y0 >= table.y1 - kTouch) table.order = std::min(table.order, word.order);
            if (table.order == std::numeric_limits<std::uint32_t>::max()) --table.order;
        }
        splitColumnsByGaps(table);
        prepareLines(table);
        splitRowsByLines(table);
        splitSpanningCells(table);
        foldStripes(table);
        dropBorderGaps(table);
        (home ? home->tables : tables).push_back(std::move(table));
    }
    wrapInBoxes(tables, offClips);
    std::sort(tables.begin(), tables.end(),
              [](const GridTable& a, const GridTable& b) { return a.order < b.order; });
    return tables;
}

namespace {

// What the cells that start in `row` hold, in a form that compares rows of two tables.
std::vector<std::string> rowKey(const GridTable& table, std::uint32_t row) {
    std::vector<std::string> key;
    for (const GridCell& cell : table.cells) {
        if (cell.row != row) continue;
        std::string text = std::to_string(cell.col) + ':' + std::to_string(cell.colSpan) + ':' +
                           std::to_string(cell.rowSpan) + ':' + std::to_string(cell.tables.size());
        for (const Line& line : cell.lines)
            text += '\n' + line.text;
        key.push_back(std::move(text));
    }
    std::sort(key.begin(), key.end());
    return key;
}

// How many rows at the top of `next` repeat the head of `table` (a word processor repeats a
// table's title rows on every page it runs over; the document holds them once): the most
// rows, not all of `next`, that hold text, equal `table`'s first rows cell by cell and that no
// cell spans out of.
std::uint32_t repeatedHead(const GridTable& table, const GridTable& next) {
    std::uint32_t found = 0;
    bool text = false;
    for (std::uint32_t k = 0; k + 1 < next.rows() && k + 1 < table.rows(); ++k) {
        std::vector<std::string> key = rowKey(next, k);
        if (key.empty() || key != rowKey(table, k)) break;
        for (const GridCell& cell : next.cells)
            if (cell.row == k) text = text || !cell.lines.empty();
        bool closed = true;
        for (const GridCell& cell : next.cells)
            closed = closed && (cell.row > k || cell.row + cell.rowSpan <= k + 1);
        if (closed && text) found = k + 1;
    }
    return found;
}

// Whether the first row of `next` after its repeated head (`head` rows) is the last row of
// `table` broken by the page: the same cells (one row high), a column whose cell holds
// several lines before the break and goes on after it (a row of one-line cells, as a list's,
// is a row of its own), and no cell of one line before the break followed by other text (a
// row's label, `조사`, then the next row's, `결정`; a cell's `<신 설>` written again after the
// break is the same cell's).
// Whether a table is the last thing in `cell` (with `last`) or the first (without).
bool tableAtEnd(const GridCell& cell, bool last) {
    if (cell.tables.empty()) return false;
    std::uint32_t lines = last ? 0 : std::numeric_limits<std::uint32_t>::max();
    std::uint32_t tables = lines;
    for (const Line& line : cell.lines)
        lines = last ? std::max(lines, line.order) : std::min(lines, line.order);
    for (const GridTable& table : cell.tables)
        tables = last ? std::max(tables, table.order) : std::min(tables, table.order);
    return cell.lines.empty() || (last ? tables > lines : tables < lines);
}

bool continuesLastRow(const GridTable& table, const GridTable& next, std::uint32_t head) {
    if (table.rows() == 0 || next.rows() <= head) return false;
    std::uint32_t last = table.rows() - 1;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> before, after;
    for (const GridCell& cell : table.cells)
        if (cell.row == last && cell.rowSpan == 1) before.emplace_back(cell.col, cell.colSpan);
    // An empty cell after the break in a column that a cell spanning rows down to the break
    // covers is that cell going on.
    auto spannedDown = [&](const GridCell& cell) {
        if (!cell.lines.empty() || !cell.tables.empty()) return false;
        for (const GridCell& covering : table.cells)
            if (covering.col == cell.col && covering.colSpan == cell.colSpan &&
                covering.row < last && covering.row + covering.rowSpan > last)
                return true;
        return false;
    };
    for (const GridCell& cell : next.cells)
        if (cell.row == head && cell.rowSpan == 1 && !spannedDown(cell))
            after.emplace_back(cell.col, cell.colSpan);
    std::sort(before.begin(), before.end());
    std::sort(after.begin(), after.end());
    if (before.empty() || before != after) return false;
    bool goesOn = false, label = false;
    std::uint32_t firstGoingOn = std::numeric_limits<std::uint32_t>::max();
    for (const GridCell& cell : next.cells) {
        if (cell.row != head || cell.lines.empty()) continue;
        for (const GridCell& into : table.cells) {
            if (into.row != last || into.col != cell.col) continue;
            // A box (one column) whose one line runs to its right side wrapped there.
            bool wrapped = into.lines.size() == 1 && table.cols() == 1 &&
                           into.lines[0].x1 >= table.xs.back() - into.lines[0].fontSize;
            if (into.lines.size() == 1 && into.lines[0].text != cell.lines[0].text && !wrapped)
                label = true;
            goesOn = goesOn || into.lines.size() >= 2 || wrapped;
            if (!into.lines.empty()) firstGoingOn = std::min(firstGoingOn, cell.col);
        }
    }
    // A cell that ends with a table before the break and starts with one after it holds a
    // table broken by the page (a box around a table).
    for (const GridCell& cell : next.cells) {
        if (cell.row != head || !tableAtEnd(cell, false)) continue;
        for (const GridCell& into : table.cells)
            if (into.row == last && into.col == cell.col && tableAtEnd(into, true)) goesOn = true;
    }
    // A row's label before the break left empty after it, left of a cell whose text goes on:
    // the same row (the next row would have a label of its own), however few lines it held.
    for (const GridCell& into : table.cells) {
        if (firstGoingOn == std::numeric_limits<std::uint32_t>::max()) break;
        if (into.row != last || into.lines.empty() || into.col >= firstGoingOn) continue;
        for (const GridCell& cell : next.cells)
            if (cell.row == head && cell.col == into.col && cell.lines.empty() &&
                cell.tables.empty())
                return true;
    }
    // Else a cell of that row with text that spans the rows after it is their label, which
    // starts there (`경제규제 여부기준` over items 4 and 5 after item 3 ended the page).
    for (const GridCell& cell : next.cells)
        if (cell.row == head && cell.rowSpan > 1 && !cell.lines.empty()) return false;
    // Three cells or more, each holding text on both sides of the break: a row of its own, the
    // row before it ended at the break (a broken row leaves its short cells, a label, a
    // figure, done before it; two long paragraphs side by side, as a comparison table's, may
    // both go on).
    std::size_t both = 0, filled = 0;
    for (const GridCell& into : table.cells) {
        if (into.row != last || into.lines.empty()) continue;
        ++filled;
        for (const GridCell& cell : next.cells)
            if (cell.row == head && cell.col == into.col && !cell.lines.empty()) ++both;
    }
    if (filled >= 3 && both == filled) return false;
    return goesOn && !label;
}

// The place of `x` among `edges` (the nearest edge within kGridSnap), or -1.
std::ptrdiff_t edgeIndex(const std::vector<double>& edges, double x) {
    std::ptrdiff_t found = -1;
    for (std::size_t i = 0; i < edges.size(); ++i)
        if (std::fabs(edges[i] - x) <= kGridSnap &&
            (found < 0 || std::fabs(edges[i] - x) < std::fabs(edges[found] - x)))
            found = static_cast<std::ptrdiff_t>(i);
    return found;
}

// Whether every column edge of `table` is one of `edges`, the outer ones the outer ones.
bool edgesWithin(const GridTable& table, const std::vector<double>& edges) {
    // A one-column box shares its outer edges with any table as wide: only a table with an
    // inner edge goes on on a part of the other's.
    if (table.xs.size() < 3 || edges.size() < table.xs.size()) return false;
    if (edgeIndex(edges, table.xs.front()) != 0 ||
        edgeIndex(edges, table.xs.back()) != static_cast<std::ptrdiff_t>(edges.size()) - 1)
        return false;
    for (double x : table.xs)
        if (edgeIndex(edges, x) < 0) return false;
    return true;
}

// Sets `table` on the column edges `edges`, which hold all of its own: its cells span the
// edges between theirs.
void widenColumns(GridTable& table, const std::vector<double>& edges) {
    for (GridCell& cell : table.cells) {
        if (cell.col + cell.colSpan >= table.xs.size()) continue;
        auto from = edgeIndex(edges, table.xs[cell.col]);
        auto to = edgeIndex(edges, table.xs[cell.col + cell.colSpan]);
        cell.col = static_cast<std::uint32_t>(from);
        cell.colSpan = static_cast<std::uint32_t>(to - from);
    }
    table.xs = edges;
}

// Whether every column edge of `table` is one of `edges`, however far in: a table broken by
// the page whose cells that span rows from the page before draw no clip on the next page goes
// on there in the middle columns only. Two columns at least: a one-column box fits anywhere.
bool edgesAmong(const GridTable& table, const std::vector<double>& edges) {
    if (table.xs.size() < 3) return false;
    for (double x : table.xs)
        if (edgeIndex(edges, x) < 0) return false;
    return true;
}

bool sameColumns(const GridTable& table, const GridTable& next) {
    if (table.xs.size() != next.xs.size()) return false;
    for (std::size_t i = 0; i < table.xs.size(); ++i)
        if (std::fabs(table.xs[i] - next.xs[i]) > kGridSnap) return false;
    return true;
}

// Inner column edges that two pieces of one table share at least (a box of two columns whose
// first edge falls on a table's first column edge is another table).
constexpr std::size_t kMinSharedEdges = 2;

// The column edges of `table` and `next` together, when both have the same outer edges and
// share kMinSharedEdges inner ones: the pieces of a table broken by the page whose rows split
// its columns differently (a form's head rows on one page, its cost rows on the next). Empty
// otherwise.
std::vector<double> unitedEdges(const GridTable& table, const GridTable& next) {
    const std::vector<double>& a = table.xs;
    const std::vector<double>& b = next.xs;
    if (a.size() < 3 || b.size() < 3 || std::fabs(a.front() - b.front()) > kGridSnap ||
        std::fabs(a.back() - b.back()) > kGridSnap)
        return {};
    std::vector<double> edges = a;
    std::size_t shared = 0;
    for (std::size_t i = 1; i + 1 < b.size(); ++i) {
        auto at = edgeIndex(a, b[i]);
        if (at < 0)
            edges.push_back(b[i]);
        else
            shared += at > 0 && at + 1 < static_cast<std::ptrdiff_t>(a.size());
    }
    if (shared < kMinSharedEdges) return {};
    std::sort(edges.begin(), edges.end());
    return edges;
}

// The text of the first row of `table` when it is one cell across all its columns with
// text (a title row), or empty.
std::string titleRow(const GridTable& table) {
    if (table.rows() < 2 || table.cols() < 2) return {};
    std::string title;
    for (const GridCell& cell : table.cells) {
        if (cell.row != 0) continue;
        if (cell.col != 0 || cell.colSpan != table.cols() || !title.empty()) return {};
        for (const Line& line : cell.lines)
            title += line.text + '\n';
        if (title.empty()) return {};
    }
    return title;
}

}  // namespace

bool alignColumns(GridTable& table, GridTable& next) {
    // Two tables that each open with a title row across their columns, other titles, are two
    // tables (`번호 모양 1` ending a page, `번호 모양 2` starting the next).
    std::string title = titleRow(table), nextTitle = titleRow(next);
    if (!title.empty() && !nextTitle.empty() && title != nextTitle) return false;
    if (sameColumns(table, next)) return true;
    if (edgesWithin(next, table.xs)) {
        widenColumns(next, table.xs);
        return true;
    }
    if (edgesWithin(table, next.xs)) {
        widenColumns(table, next.xs);
        return true;
    }
    if (edgesAmong(next, table.xs)) {
        widenColumns(next, table.xs);
        return true;
    }
    std::vector<double> edges = unitedEdges(table, next);
    if (edges.empty()) return false;
    widenColumns(table, edges);
    widenColumns(next, edges);
    return true;
}

bool joinSideBySide(GridTable& table, const GridTable& other) {
    if (std::fabs(table.y0 - other.y0) > kGridSnap || std::fabs(table.y1 - other.y1) > kGridSnap ||
        (other.x0 < table.x1 - kGridSnap && table.x0 < other.x1 - kGridSnap) ||
        table.xs.size() < 2 || other.xs.size() < 2)
        return false;
    std::vector<double> xs = table.xs, ys = table.ys;
    xs.insert(xs.end(), other.xs.begin(), other.xs.end());
    ys.insert(ys.end(), other.ys.begin(), other.ys.end());
    xs = snap(std::move(xs));
    ys = snap(std::move(ys));
    if ((xs.size() - 1) * (ys.size() - 1) > limits::kMaxTableCells) return false;
    // Each cell set on the edges of both: it spans the edges between its own.
    auto place = [&](const GridTable& from, GridCell& cell) {
        auto col = edgeIndex(xs, from.xs[cell.col]),
             end = edgeIndex(xs, from.xs[cell.col + cell.colSpan]);
        auto row = edgeIndex(ys, from.ys[cell.row]),
             bottom = edgeIndex(ys, from.ys[cell.row + cell.rowSpan]);
        cell.col = static_cast<std::uint32_t>(col);
        cell.colSpan = static_cast<std::uint32_t>(std::max<std::ptrdiff_t>(1, end - col));
        cell.row = static_cast<std::uint32_t>(row);
        cell.rowSpan = static_cast<std::uint32_t>(std::max<std::ptrdiff_t>(1, bottom - row));
    };
    std::vector<GridCell> cells;
    for (const GridTable* from : {static_cast<const GridTable*>(&table), &other})
        for (const GridCell& cell : from->cells) {
            if (cell.col + cell.colSpan >= from->xs.size() ||
                cell.row + cell.rowSpan >= from->ys.size())
                continue;
            place(*from, cells.emplace_back(cell));
        }
    table.cells = std::move(cells);
    table.xs = std::move(xs);
    table.ys = std::move(ys);
    table.x0 = table.xs.front();
    table.x1 = table.xs.back();
    table.y0 = table.ys.front();
    table.y1 = table.ys.back();
    table.order = std::min(table.order, other.order);
    sortCells(table);
    return true;
}

void appendRows(GridTable& table, GridTable&& next) {
    std::uint32_t head = repeatedHead(table, next);
    if (continuesLastRow(table, next, head)) {
        std::uint32_t last = table.rows() - 1;
        // Each cell of the broken row goes on in the cell that covers its place in the last
        // row (one spanning rows down to it, too), which then spans the rows it spans after
        // the break; a cell whose place no cell covers stands there itself.
        std::vector<GridCell> placed;
        for (GridCell& cell : next.cells) {
            if (cell.row != head) continue;
            GridCell* into = nullptr;
            for (GridCell& covering : table.cells)
                if (covering.col == cell.col && covering.row <= last &&
                    covering.row + covering.rowSpan > last)
                    into = &covering;
            if (!into) {
                placed.push_back(std::move(cell));
                placed.back().row = last;
                continue;
            }
            // The table broken by the page inside the cell is one table.
            if (tableAtEnd(*into, true) && tableAtEnd(cell, false)) {
                auto byOrder = [](const GridTable& a, const GridTable& b) {
                    return a.order < b.order;
                };
                GridTable& before =
                    *std::max_element(into->tables.begin(), into->tables.end(), byOrder);
                auto after = std::min_element(cell.tables.begin(), cell.tables.end(), byOrder);
                if (alignColumns(before, *after)) {
                    appendRows(before, std::move(*after));
                    cell.tables.erase(after);
                }
            }
            std::move(cell.lines.begin(), cell.lines.end(), std::back_inserter(into->lines));
            std::move(cell.tables.begin(), cell.tables.end(), std::back_inserter(into->tables));
            into->rowSpan += cell.rowSpan - 1;
        }
        std::erase_if(next.cells, [&](const GridCell& cell) { return cell.row == head; });
        std::move(placed.begin(), placed.end(), std::back_inserter(table.cells));
        for (GridCell& cell : next.cells)
            if (cell.row > head) --cell.row;
        next.ys.erase(next.ys.begin() + head + 1);
    }
    auto offset = table.rows();
    for (GridCell& cell : next.cells) {
        if (cell.row < head) continue;
        cell.row = cell.row - head + offset;
        table.cells.push_back(std::move(cell));
    }
    double shift = table.ys.back() - next.ys[head];
    for (std::size_t i = head + 1; i < next.ys.size(); ++i)
        table.ys.push_back(next.ys[i] + shift);
    table.y1 = table.ys.back();
}

}  // namespace jikji::converters::pdf
