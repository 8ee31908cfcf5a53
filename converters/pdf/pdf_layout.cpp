#include "converters/pdf/pdf_layout.h"

#include "converters/pdf/pdf_tables.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <set>
#include <string_view>
#include <unordered_map>

namespace jikji::converters::pdf {

namespace {

char32_t decodeAt(const std::string& text, std::size_t at) {
    auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    unsigned char lead = byte(at);
    if (lead < 0x80) return lead;
    std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    if (at + length > text.size()) return 0xFFFD;
    char32_t value = lead & (0x3F >> (length - 1));
    for (std::size_t i = 1; i < length; ++i)
        value = (value << 6) | (byte(at + i) & 0x3F);
    return value;
}

char32_t firstCodePoint(const std::string& text) {
    return text.empty() ? 0 : decodeAt(text, 0);
}

char32_t lastCodePoint(const std::string& text) {
    if (text.empty()) return 0;
    std::size_t at = text.size() - 1;
    while (at > 0 && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80)
        --at;
    return decodeAt(text, at);
}

bool isHangul(char32_t c) {
    return c >= 0xAC00 && c <= 0xD7A3;
}

bool isLatinLetter(char32_t c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Two boxes share a baseline when their vertical extents overlap by half the smaller one.
bool sameLine(const Line& line, const Word& word) {
    if (line.rotation != word.rotation) return false;
    bool vertical = word.rotation % 2 == 1;
    double a0 = vertical ? line.x0 : line.y0, a1 = vertical ? line.x1 : line.y1;
    double b0 = vertical ? word.x0 : word.y0, b1 = vertical ? word.x1 : word.y1;
    double overlap = std::min(a1, b1) - std::max(a0, b0);
    double smaller = std::min(a1 - a0, b1 - b0);
    if (overlap < 0.5 * smaller) return false;
    // A word that starts well before the end of the line is on a new line (a second column
    // read after the first, or text drawn out of order).
    double em = std::max(1.0, word.fontSize);
    if (!vertical) return word.x0 >= line.x1 - 0.5 * em && word.x0 - line.x1 < 6 * em;
    return true;
}

}  // namespace

std::vector<Line> buildLines(const std::vector<Word>& words) {
    std::vector<Line> lines;
    // Font size weighted by characters, per line.
    double weighted = 0, characters = 0;
    bool lastSpace = false;
    double lastEnd = 0;
    const Word* last = nullptr;
    auto finish = [&] {
        if (!lines.empty() && characters > 0) lines.back().fontSize = weighted / characters;
        weighted = characters = 0;
    };
    for (const Word& word : words) {
        if (word.text.empty()) continue;
        if (lines.empty() || !sameLine(lines.back(), word)) {
            finish();
            Line& line = lines.emplace_back();
            (word.equation ? line.equation : line.text) = word.text;
            line.x0 = word.x0;
            line.y0 = word.y0;
            line.x1 = word.x1;
            line.y1 = word.y1;
            line.bold = word.bold;
            line.rotation = word.rotation;
            line.order = word.order;
            line.lastOrder = word.order;
        } else if (last && word.fontSize < 0.8 * last->fontSize &&
                   word.y1 < last->y1 - 0.15 * last->fontSize && isNoteMark(word.text) &&
                   !std::isdigit(static_cast<unsigned char>(word.text.back()))) {
            // A small word raised above the one before it: a note mark (`1)`, `*`), kept out
            // of the text (the note itself is found at the page foot). A bare raised digit
            // may be an exponent (m²): it stays in the text, marking a note all the same.
            lines.back().noteMarks.push_back(word.text);
            lines.back().lastOrder = word.order;
            last = &word;
            continue;
        } else {
            Line& line = lines.back();
            // poppler marks the spaces it saw; a gap of a fifth of an em is a space too.
            double gap = word.x0 - lastEnd;
            std::string& target = word.equation ? line.equation : line.text;
            double em = std::max(1.0, word.fontSize);
            if (!target.empty() && (lastSpace || gap > 0.2 * em)) {
                target += ' ';
                line.spaceEms += std::max(0.0, gap) / em;
                ++line.spaces;
            }
            target += word.text;
            line.x0 = std::min(line.x0, word.x0);
            line.y0 = std::min(line.y0, word.y0);
            line.x1 = std::max(line.x1, word.x1);
            line.y1 = std::max(line.y1, word.y1);
            line.bold = line.bold && word.bold;
            line.lastOrder = word.order;
        }
        if (last && lines.back().order != word.order && word.fontSize < 0.8 * last->fontSize &&
            word.y1 < last->y1 - 0.15 * last->fontSize && isNoteMark(word.text))
            lines.back().noteMarks.push_back(word.text);
        double count = static_cast<double>(word.text.size());
        weighted += word.fontSize * count;
        characters += count;
        last = &word;
        lastSpace = word.spaceAfter;
        lastEnd = word.x1;
    }
    finish();
    return lines;
}

namespace {

// A running line's text with its digits folded, so that "- 3 -" and "- 4 -" repeat.
std::string runningKey(const std::string& text) {
    std::string key;
    for (char c : text) {
        if (c >= '0' && c <= '9') {
            if (key.empty() || key.back() != '#') key += '#';
        } else if (c != ' ') {
            key += c;
        }
    }
    return key;
}

bool isPageNumber(const std::string& text) {
    // "3", "- 3 -", "3 / 80", "Page 3", "- 3 / 80 -": digits with little else.
    std::size_t digits = 0, letters = 0;
    for (unsigned char c : text) {
        if (c >= '0' && c <= '9')
            ++digits;
        else if (c >= 0x80 || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))
            ++letters;
    }
    return digits > 0 && digits <= 8 && letters <= 4 && text.size() <= 24;
}

// The bands at the top and the bottom of a page where running lines sit: a footer that
// repeats on other pages may sit high (Hancom footers at 86 % of the page), while the top
// band stays narrow so that table heads repeated on every page remain body text; a lone page
// number must be near the edge.
constexpr double kHeaderBand = 0.09;
constexpr double kFooterBand = 0.15;
constexpr double kPageNumberBand = 0.08;
// Lines a little below the header band that repeat on two thirds of the pages or more.
constexpr double kLowerHeaderBand = 0.12;

// A head that changes with the document's part (`한글 문서 파일 형식 5.0`, then `… 3.x`) is
// running when it stands on this many pages in a row, however few of all the pages it is on
// (an exam's `수학 영역(미적분)` typed on each of its three pages stays body text, as in the HWP).
constexpr std::size_t kSectionHeadPages = 4;

// How many consecutive pages around page `p` are in `pages` (ascending).
std::size_t runOfPages(const std::vector<std::size_t>& pages, std::size_t p) {
    auto at = std::lower_bound(pages.begin(), pages.end(), p);
    if (at == pages.end() || *at != p) return 0;
    auto first = at, last = at;
    while (first != pages.begin() && *(first - 1) + 1 == *first)
        --first;
    while (last + 1 != pages.end() && *(last + 1) == *last + 1)
        ++last;
    return static_cast<std::size_t>(last - first) + 1;
}

// Whether a vertical rule crosses the line: it is in a table (a head row repeated on the
// pages a table runs over is no running head).
bool crossedByRule(const PageText& page, const Line& line) {
    double middle = (line.y0 + line.y1) / 2;
    for (const Rule& rule : page.rules)
        if (!rule.horizontal && rule.from < middle && rule.to > middle && rule.at > line.x0 - 20 &&
            rule.at < line.x1 + 20)
            return true;
    return false;
}

}  // namespace

std::vector<std::vector<LineRole>> findRunningLines(const std::vector<PageText>& pages,
                                                    const std::vector<std::vector<Line>>& lines) {
    std::vector<std::vector<LineRole>> roles(lines.size());
    std::map<std::string, std::size_t> topCounts, bottomCounts;
    // The pages that each line of the top band is on, in order, by its text (digits not
    // folded: `【양식 2】`, `【양식 3】` on pages in a row are titles of their own).
    std::map<std::string, std::vector<std::size_t>> topPages;
    auto band = [&](std::size_t p, const Line& line, double top = kHeaderBand,
                    double bottom = kFooterBand) {
        double h = pages[p].height > 0 ? pages[p].height : 842;
        if (line.y1 <= h * top) return 1;
        if (line.y0 >= h * (1 - bottom)) return 2;
        return 0;
    };
    // The lines a little lower (an exam's large `언어이해  홀수형` on every page) count apart.
    std::map<std::string, std::size_t> lowerTopCounts;
    for (std::size_t p = 0; p < lines.size(); ++p) {
        roles[p].assign(lines[p].size(), LineRole::Body);
        std::set<std::string> seen, seenText, seenLower;
        for (const Line& line : lines[p]) {
            int where = band(p, line);
            std::string key = runningKey(line.text);
            if (!where && band(p, line, kLowerHeaderBand) == 1 && seenLower.insert(key).second)
                ++lowerTopCounts[key];
            if (!where) continue;
            if (where == 1 && seenText.insert(line.text).second) topPages[line.text].push_back(p);
            if (!seen.insert(key).second) continue;
            ++(where == 1 ? topCounts : bottomCounts)[key];
        }
    }
    bool several = lines.size() >= 2;
    for (std::size_t p = 0; p < lines.size(); ++p) {
        for (std::size_t i = 0; i < lines[p].size(); ++i) {
            const Line& line = lines[p][i];
            int where = band(p, line);
            if (!where && band(p, line, kLowerHeaderBand) == 1) {
                std::size_t repeats = lowerTopCounts[runningKey(line.text)];
                if (repeats >= 3 && repeats * 3 >= lines.size() * 2 &&
                    !crossedByRule(pages[p], line))
                    roles[p][i] = LineRole::Header;
                continue;
            }
            if (!where) continue;
            std::size_t repeats = (where == 1 ? topCounts : bottomCounts)[runningKey(line.text)];
            bool running = several && repeats >= 2 && repeats * 3 >= lines.size();
            if (where == 1 && !running)
                running = runOfPages(topPages[line.text], p) >= kSectionHeadPages &&
                          !crossedByRule(pages[p], line);
            bool number = several && isPageNumber(line.text) &&
                          band(p, line, kPageNumberBand, kPageNumberBand);
            if (running || number) roles[p][i] = where == 1 ? LineRole::Header : LineRole::Footer;
        }
    }
    return roles;
}

bool isNoteMark(const std::string& text) {
    if (text == "*" || text == "**" || text == "†" || text == "‡") return true;
    std::size_t digits = 0;
    while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9')
        ++digits;
    if (digits == 0 || digits > 3) return false;
    return digits == text.size() || (digits + 1 == text.size() && text.back() == ')');
}

void findFootnotes(const std::vector<Line>& lines, std::vector<LineRole>& roles) {
    std::vector<std::string> marks;
    double bodySize = 0;
    for (std::size_t i = 0; i < lines.size(); ++i)
        if (roles[i] == LineRole::Body)
            marks.insert(marks.end(), lines[i].noteMarks.begin(), lines[i].noteMarks.end());
    if (marks.empty()) return;
    // The body size: that of the lines that carry the marks (on a page of long footnotes,
    // the notes' size may carry the most characters).
    for (std::size_t i = 0; i < lines.size(); ++i)
        if (roles[i] == LineRole::Body && !lines[i].noteMarks.empty())
            bodySize = std::max(bodySize, lines[i].fontSize);
    if (bodySize <= 0) return;
    // The zone: from the first line that starts with a mark, when the lines from there on
    // are smaller than the body on average (a circled number in a larger font may stand out)
    // and none is larger than it.
    std::size_t start = lines.size();
    for (std::size_t i = 0; i < lines.size() && start == lines.size(); ++i) {
        if (roles[i] != LineRole::Body) continue;
        const std::string& text = lines[i].text;
        bool marked = false;
        for (const std::string& mark : marks)
            marked = marked || (text.starts_with(mark) && text.size() > mark.size());
        if (!marked) continue;
        double weighted = 0, characters = 0;
        bool larger = false;
        for (std::size_t k = i; k < lines.size(); ++k) {
            if (roles[k] != LineRole::Body) continue;
            weighted += lines[k].fontSize * static_cast<double>(lines[k].text.size());
            characters += static_cast<double>(lines[k].text.size());
            larger = larger || lines[k].fontSize > bodySize * 1.02;
        }
        if (!larger && characters > 0 && weighted / characters <= 0.9 * bodySize) start = i;
    }
    for (std::size_t i = start; i < lines.size(); ++i)
        if (roles[i] == LineRole::Body) roles[i] = LineRole::Note;
}

int listLevelOf(const std::string& text) {
    static const std::pair<std::string_view, int> kMarkers[] = {
        {"□", 1},  {"■", 1}, {"◆", 1},  {"◇", 1}, {"○", 2}, {"●", 2}, {"◦", 3}, {"-", 3},
        {"－", 3}, {"·", 3}, {"ㆍ", 3}, {"•", 3}, {"∙", 3}, {"※", 4}, {"*", 4}, {"▪", 3},
        {"➊", 2},  {"❶", 2}, {"▶", 2},  {"▷", 2}, {"►", 2}, {"◎", 2}, {"◈", 1}, {"ㅇ ", 2},
    };
    std::string_view view(text);
    for (const auto& [marker, level] : kMarkers) {
        if (!view.starts_with(marker) || view.size() <= marker.size()) continue;
        // "-" and "*" mark an item only before a space ("-5", "*주" are not items); the jamo
        // "ㅇ", which government drafts use for ○, carries its space in the table.
        if (marker.size() == 1 && view[1] != ' ') continue;
        return level;
    }
    char32_t first = firstCodePoint(text);
    if (first >= 0x2460 && first <= 0x2473) return 3;  // ① … ⑳
    // "가. " "1) " "가) " "(1) " "1. "
    std::size_t at = 0;
    bool parenthesised = view.starts_with("(");
    if (parenthesised) at = 1;
    std::size_t start = at;
    bool digits = false, hangul = false;
    while (at < view.size() && view[at] >= '0' && view[at] <= '9' && at - start < 3) {
        ++at;
        digits = true;
    }
    if (!digits && at < view.size()) {
        char32_t c = decodeAt(text, at);
        if (isHangul(c) && c >= 0xAC00) {
            // 가 나 다 … 하: one syllable with no final consonant.
            if ((c - 0xAC00) % 28 == 0) {
                at += 3;
                hangul = true;
            }
        }
    }
    if (!digits && !hangul) return -1;
    if (at + 1 >= view.size()) return -1;
    char close = view[at];
    if (view[at + 1] != ' ') return -1;
    if (parenthesised) return close == ')' ? (digits ? 4 : 5) : -1;
    if (close == '.') return digits ? 1 : 2;
    if (close == ')') return digits ? 3 : 4;
    return -1;
}

void appendLine(std::string& paragraph, const std::string& line, bool brokenInWord) {
    if (line.empty()) return;
    if (paragraph.empty()) {
        paragraph = line;
        return;
    }
    char32_t last = lastCodePoint(paragraph), first = firstCodePoint(line);
    if (last == '-' && paragraph.size() >= 2 && first >= 'a' && first <= 'z' &&
        isLatinLetter(static_cast<unsigned char>(paragraph[paragraph.size() - 2]))) {
        paragraph.pop_back();
        paragraph += line;
        return;
    }
    if (brokenInWord && isHangul(last) && isHangul(first)) {
        paragraph += line;
        return;
    }
    paragraph += ' ';
    paragraph += line;
}

namespace {

struct Paragraph {
    std::string text;
    double fontSize = 0;
    bool bold = true;
    std::size_t lines = 0;
    int listLevel = -1;
    std::vector<std::string> equations;
};

// Characters per font size (in half points).
std::map<long, std::size_t> charactersBySize(const std::vector<std::vector<Line>>& lines) {
    std::map<long, std::size_t> chars;
    for (const auto& page : lines)
        for (const Line& line : page)
            chars[std::lround(line.fontSize * 2)] += line.text.size();
    return chars;
}

// The body font size: the size carrying the most characters.
double bodyFontSize(const std::map<long, std::size_t>& chars) {
    long best = 0;
    std::size_t most = 0;
    for (const auto& [size, count] : chars)
        if (count > most) {
            most = count;
            best = size;
        }
    return static_cast<double>(best) / 2.0;
}

// The right edge of the text around a line: lines nearby that overlap it horizontally.
double columnRight(const std::vector<Line>& lines, std::size_t index) {
    const Line& line = lines[index];
    double right = line.x1;
    std::size_t from = index >= 12 ? index - 12 : 0;
    std::size_t to = std::min(lines.size(), index + 13);
    for (std::size_t i = from; i < to; ++i) {
        const Line& other = lines[i];
        if (other.rotation != line.rotation) continue;
        if (other.x0 < line.x1 && other.x1 > line.x0) right = std::max(right, other.x1);
    }
    return right;
}

// Spaces wider than this (in ems, on average over a line) were stretched to justify the line,
// so its paragraph wraps at word boundaries; Hancom's fonts have spaces of 0.25–0.35 em.
constexpr double kStretchedSpaceEms = 0.45;

// How often two Hangul syllables stand side by side inside the document's lines, and how
// often with a space between them: what a line break between them most likely hid.
class SyllablePairs {
  public:
    void count(const std::string& text) {
        char32_t before = 0;
        bool spaced = false;
        for (std::size_t at = 0; at < text.size();) {
            char32_t c = decodeAt(text, at);
            unsigned char lead = static_cast<unsigned char>(text[at]);
            at += lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
            if (c == ' ' && before && !spaced) {
                spaced = true;
                continue;
            }
            if (isHangul(c) && before) ++m_counts[key(before, c)][spaced ? 1 : 0];
            before = isHangul(c) ? c : 0;
            spaced = false;
        }
    }
    /// True when the pair is more often joined, false when more often spaced, else `otherwise`.
    bool joined(char32_t last, char32_t first, bool otherwise) const {
        auto found = m_counts.find(key(last, first));
        if (found == m_counts.end() || found->second[0] == found->second[1]) return otherwise;
        return found->second[0] > found->second[1];
    }

  private:
    static std::uint64_t key(char32_t a, char32_t b) {
        return (static_cast<std::uint64_t>(a) << 32) | b;
    }
    std::unordered_map<std::uint64_t, std::array<std::uint32_t, 2>> m_counts;
};

// Whether a line that the next one continues broke inside a word. A line that stops short of
// its column's right edge (`right`) broke at a space. One that fills it may have broken
// anywhere (a paragraph that wraps by character) or between words (by word, justified): the
// document's own spelling decides between Hangul syllables (the two side by side more often
// than with a space between them in its lines: joined; the HWP twins agree with 90 % of
// these choices at 9,400 line breaks of the corpus pairs, with 50 % of the choices the
// spaces' width alone made), and else the spaces' width: natural in a line broken anywhere,
// stretched in a justified one.
bool brokeInWord(const Line& previous, double right, const std::string& paragraph,
                 const std::string& next, const SyllablePairs& pairs) {
    double em = std::max(1.0, previous.fontSize);
    if (previous.x1 < right - 1.2 * em) return false;
    bool stretched =
        previous.spaces > 0 && previous.spaceEms / previous.spaces > kStretchedSpaceEms;
    return pairs.joined(lastCodePoint(paragraph), firstCodePoint(next), !stretched);
}

bool continues(const Line& previous, const Line& next, double right) {
    if (previous.rotation != 0 || next.rotation != 0) return false;
    double em = std::max(1.0, previous.fontSize);
    double gap = next.y0 - previous.y1;
    if (gap < -0.3 * em || gap > 0.9 * em) return false;
    if (std::fabs(next.fontSize - previous.fontSize) > 0.15 * em) return false;
    if (previous.x1 < right - 2.5 * em) return false;
    if (next.x0 > previous.x0 + 4 * em || next.x0 < previous.x0 - 4 * em) return false;
    return listLevelOf(next.text) < 0;
}

}  // namespace

namespace {

// Counts the characters of every cell by size with the page's.
void countCells(const std::vector<GridTable>& tables, std::map<long, std::size_t>& chars) {
    for (const GridTable& table : tables)
        for (const GridCell& cell : table.cells) {
            for (const Line& line : cell.lines)
                chars[std::lround(line.fontSize * 2)] += line.text.size();
            countCells(cell.tables, chars);
        }
}

// Whether some body line of a page comes after `order` (or before it, with `before`).
bool bodyBeside(const std::vector<Line>& lines, const std::vector<LineRole>& roles,
                std::uint32_t order, bool before) {
    for (std::size_t i = 0; i < lines.size(); ++i)
        if (roles[i] == LineRole::Body &&
            (before ? lines[i].order < order : lines[i].order > order))
            return true;
    return false;
}

// The middle of the values (0 when there are none).
double median(std::vector<double> values) {
    if (values.empty()) return 0;
    auto middle = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
    std::nth_element(values.begin(), middle, values.end());
    return *middle;
}

// How near the end of the text area of its page a table must end, and the next one start, to
// be one table broken by the page (a row may not fit), as a share of the page height.
constexpr double kBreakSlackBottom = 0.08;
constexpr double kBreakSlackTop = 0.05;
// Pages on either side of a page whose text area tells where a part of the document starts.
constexpr std::size_t kNearbyPages = 5;

// A table that ends a page at the bottom of the text area and one with the same columns (or a
// part of them) that starts the next at its top are one table broken by the page; the title
// rows repeated at the top of the next page are dropped.
void joinBrokenTables(const std::vector<PageText>& pages,
                      const std::vector<std::vector<Line>>& lines,
                      const std::vector<std::vector<LineRole>>& roles,
                      std::vector<std::vector<GridTable>>& tables) {
    // The text area: where the body of most pages of the same size starts and ends (a
    // document's landscape pages, for wide tables, have margins of their own).
    std::map<std::pair<long, long>, std::pair<std::vector<double>, std::vector<double>>> bySize;
    auto sizeOf = [&](std::size_t p) {
        return std::pair<long, long>(std::lround(pages[p].width), std::lround(pages[p].height));
    };
    std::vector<double> pageTops(pages.size(), -1);
    for (std::size_t p = 0; p < pages.size(); ++p) {
        double top = std::numeric_limits<double>::max(), bottom = 0;
        for (std::size_t i = 0; i < lines[p].size(); ++i)
            if (roles[p][i] == LineRole::Body) {
                top = std::min(top, lines[p][i].y0);
                bottom = std::max(bottom, lines[p][i].y1);
            }
        for (const GridTable& table : tables[p]) {
            top = std::min(top, table.y0);
            bottom = std::max(bottom, table.y1);
        }
        if (bottom <= 0) continue;
        pageTops[p] = top;
        auto& [tops, bottoms] = bySize[sizeOf(p)];
        tops.push_back(top);
        bottoms.push_back(bottom);
    }
    std::map<std::pair<long, long>, std::pair<double, double>> areas;
    for (const auto& [size, edges] : bySize)
        areas[size] = {median(edges.first), median(edges.second)};
    GridTable* open = nullptr;
    for (std::size_t p = 0; p < tables.size(); ++p) {
        std::vector<GridTable>& page = tables[p];
        double height = pages[p].height > 0 ? pages[p].height : 842;
        auto area = areas.find(sizeOf(p));
        if (area == areas.end()) {
            open = nullptr;
            continue;
        }
        // Named apart, not bound: lambdas below capture them (clang before 16 cannot capture
        // a structured binding).
        double areaTop = area->second.first;
        double areaBottom = area->second.second;
        // A part of the document may set its own margins (a section of landscape pages
        // whose tables start lower than the rest's): the top of the nearby pages of the
        // same size counts too.
        std::vector<double> nearby;
        for (std::size_t q = p > kNearbyPages ? p - kNearbyPages : 0;
             q < std::min(pages.size(), p + kNearbyPages + 1); ++q)
            if (pageTops[q] >= 0 && sizeOf(q) == sizeOf(p)) nearby.push_back(pageTops[q]);
        double nearbyTop = median(nearby);
        auto atTop = [&](const GridTable& table) {
            return !bodyBeside(lines[p], roles[p], table.order, true) &&
                   std::min(table.y0 - areaTop, table.y0 - nearbyTop) <= kBreakSlackTop * height;
        };
        if (open && page.size() >= 2) {
            // Tables side by side with the same top and bottom at the top of the page, that
            // go on from the open table as one: its parts whose columns between them (cells
            // spanning rows from the page before) draw nothing on this page.
            GridTable fused = page.front();
            std::size_t parts = 1;
            while (parts < page.size() && joinSideBySide(fused, page[parts]))
                ++parts;
            if (parts > 1 && atTop(fused) && alignColumns(*open, fused)) {
                page.front() = std::move(fused);
                page.erase(page.begin() + 1, page.begin() + static_cast<std::ptrdiff_t>(parts));
            }
        }
        if (open && !page.empty() && atTop(page.front()) && alignColumns(*open, page.front())) {
            std::uint32_t order = page.front().order;
            double end = page.front().y1;
            appendRows(*open, std::move(page.front()));
            page.erase(page.begin());
            // A page that holds nothing but the middle of the table: it may go on (where the
            // part on this page reaches the bottom of the text area).
            if (page.empty() && !bodyBeside(lines[p], roles[p], order, false) &&
                end >= areaBottom - kBreakSlackBottom * height)
                continue;
        }
        open = nullptr;
        if (!page.empty() && !bodyBeside(lines[p], roles[p], page.back().order, false) &&
            page.back().y1 >= areaBottom - kBreakSlackBottom * height)
            open = &page.back();
    }
}

}  // namespace

void emitPages(std::vector<PageText>& pages, DocumentSink& sink) {
    // Running heads first, over all the words: a page's header box drawn with rules stays a
    // header. Then the tables take their words, and the rest is made lines again.
    std::vector<std::vector<Line>> lines(pages.size());
    for (std::size_t p = 0; p < pages.size(); ++p)
        lines[p] = buildLines(pages[p].words);
    std::vector<std::vector<LineRole>> roles = findRunningLines(pages, lines);
    SyllablePairs pairs;
    for (const std::vector<Line>& page : lines)
        for (const Line& line : page)
            pairs.count(line.text);
    std::vector<std::vector<GridTable>> tables(pages.size());
    bool found = false;
    for (std::size_t p = 0; p < pages.size(); ++p) {
        PageText& page = pages[p];
        if (page.rules.empty() && page.clips.empty()) continue;
        std::size_t w = 0;
        for (std::size_t i = 0; i < lines[p].size(); ++i) {
            if (roles[p][i] == LineRole::Body) continue;
            while (w < page.words.size() && page.words[w].order < lines[p][i].order)
                ++w;
            for (; w < page.words.size() && page.words[w].order <= lines[p][i].lastOrder; ++w)
                page.words[w].running = true;
        }
        tables[p] = findTables(page);
        page.rules = {};
        page.clips = {};
        if (tables[p].empty()) continue;
        lines[p] = buildLines(page.words);
        found = true;
    }
    if (found) roles = findRunningLines(pages, lines);
    std::map<long, std::size_t> chars = charactersBySize(lines);
    for (std::vector<GridTable>& page : tables)
        countCells(page, chars);
    joinBrokenTables(pages, lines, roles, tables);
    double body = bodyFontSize(chars);
    std::size_t allChars = 0;
    for (const auto& [size, count] : chars)
        allChars += count;
    // Heading levels: the sizes above the body's, largest first; a size that carries more
    // than a twentieth of the text is body text too (a form's cells, a second body size).
    std::vector<long> headingSizes;
    for (const auto& [size, count] : chars)
        if (body > 0 && static_cast<double>(size) / 2.0 >= body * 1.15 && count * 20 <= allChars)
            headingSizes.push_back(size);
    std::sort(headingSizes.begin(), headingSizes.end(), std::greater<>());
    headingSizes.erase(std::unique(headingSizes.begin(), headingSizes.end()), headingSizes.end());

    auto emitParagraph = [&](const Paragraph& paragraph, bool inCell) {
        if (paragraph.text.empty() && paragraph.equations.empty()) return;
        BlockKind kind = BlockKind::Paragraph;
        int level = 0;
        // Bold alone makes no heading (Hancom exports set table heads and key phrases bold):
        // it takes a size at least a little above the body's. Cells hold no headings.
        bool shortText = paragraph.lines <= 2 && paragraph.text.size() <= 240;
        long size = std::lround(paragraph.fontSize * 2);
        auto found = std::find(headingSizes.begin(), headingSizes.end(), size);
        if (paragraph.listLevel >= 0) {
            kind = BlockKind::ListItem;
            level = paragraph.listLevel;
        } else if (inCell) {
        } else if (shortText && found != headingSizes.end()) {
            kind = BlockKind::Heading;
            level = static_cast<int>(std::min<std::ptrdiff_t>(found - headingSizes.begin() + 1, 4));
        } else if (paragraph.bold && paragraph.lines == 1 && paragraph.text.size() <= 120 &&
                   body > 0 && paragraph.fontSize >= body * 1.05) {
            kind = BlockKind::Heading;
            level = static_cast<int>(std::min<std::size_t>(headingSizes.size() + 1, 5));
        }
        sink.openParagraph(kind, level);
        sink.insertText(paragraph.text);
        for (const std::string& equation : paragraph.equations)
            sink.insertEquation(equation);
        sink.closeParagraph();
    };

    // A page's running lines, one header or footer block holding a paragraph per line. As in
    // a word processor's model, a running head is emitted where it starts or changes, not on
    // every page that repeats it (page numbers fold to one key).
    std::string lastKey[2];
    auto emitRunning = [&](std::size_t p, LineRole role) {
        // In any order: pages that mirror each other read the same lines in another order.
        std::vector<std::string> keys;
        for (std::size_t i = 0; i < lines[p].size(); ++i)
            if (roles[p][i] == role) keys.push_back(runningKey(lines[p][i].text));
        std::sort(keys.begin(), keys.end());
        std::string key;
        for (const std::string& line : keys)
            key += line + '\n';
        std::string& last = lastKey[role == LineRole::Header ? 0 : 1];
        if (key.empty() || key == last) return;
        last = key;
        sink.openHeaderFooter(role == LineRole::Header ? BlockKind::Header : BlockKind::Footer);
        for (std::size_t i = 0; i < lines[p].size(); ++i) {
            if (roles[p][i] != role) continue;
            sink.openParagraph(BlockKind::Paragraph, 0);
            sink.insertText(lines[p][i].text);
            sink.closeParagraph();
        }
        sink.closeHeaderFooter();
    };

    // Lines (those of `lineRoles` that are body, or all) made paragraphs, with the tables
    // between them where their reading order puts them.
    std::function<void(const std::vector<Line>&, const std::vector<LineRole>*,
                       const std::vector<GridTable>&, bool)>
        emitFlow;
    auto emitTable = [&](const GridTable& table) {
        sink.openTable(table.rows(), table.cols());
        for (const GridCell& cell : table.cells) {
            sink.openCell({cell.row, cell.col, cell.rowSpan, cell.colSpan});
            emitFlow(cell.lines, nullptr, cell.tables, true);
            sink.closeCell();
        }
        sink.closeTable();
    };
    emitFlow = [&](const std::vector<Line>& flow, const std::vector<LineRole>* lineRoles,
                   const std::vector<GridTable>& flowTables, bool inCell) {
        Paragraph paragraph;
        const Line* previous = nullptr;
        double previousRight = 0;
        std::size_t nextTable = 0;
        for (std::size_t i = 0; i < flow.size(); ++i) {
            if (lineRoles && (*lineRoles)[i] != LineRole::Body) continue;
            const Line& line = flow[i];
            if (nextTable < flowTables.size() && flowTables[nextTable].order < line.order) {
                emitParagraph(paragraph, inCell);
                paragraph = Paragraph{};
                previous = nullptr;
                while (nextTable < flowTables.size() && flowTables[nextTable].order < line.order)
                    emitTable(flowTables[nextTable++]);
            }
            double right = columnRight(flow, i);
            if (previous && continues(*previous, line, previousRight)) {
                appendLine(paragraph.text, line.text,
                           brokeInWord(*previous, previousRight, paragraph.text, line.text, pairs));
                ++paragraph.lines;
                paragraph.bold = paragraph.bold && line.bold;
                if (!line.equation.empty()) paragraph.equations.push_back(line.equation);
            } else {
                emitParagraph(paragraph, inCell);
                paragraph = Paragraph{};
                paragraph.text = line.text;
                paragraph.fontSize = line.fontSize;
                paragraph.lines = 1;
                paragraph.bold = line.bold;
                paragraph.listLevel = listLevelOf(line.text);
                if (!line.equation.empty()) paragraph.equations.push_back(line.equation);
            }
            previous = &line;
            previousRight = right;
        }
        emitParagraph(paragraph, inCell);
        while (nextTable < flowTables.size())
            emitTable(flowTables[nextTable++]);
    };

    // A page's footnotes, one note block per mark, after its body.
    auto emitNotes = [&](std::size_t p) {
        bool open = false;
        std::string text;
        auto close = [&] {
            if (!open) return;
            sink.openParagraph(BlockKind::Paragraph, 0);
            sink.insertText(text);
            sink.closeParagraph();
            sink.closeNote();
            open = false;
        };
        std::size_t previous = 0;
        for (std::size_t i = 0; i < lines[p].size(); ++i) {
            if (roles[p][i] != LineRole::Note) continue;
            const std::string& line = lines[p][i].text;
            std::size_t cut = line.find(' ');
            std::string head = line.substr(0, cut);
            if (!open || (isNoteMark(head) && cut != std::string::npos)) {
                close();
                std::string mark = isNoteMark(head) ? head : std::string();
                if (!mark.empty() && mark.back() == ')') mark.pop_back();
                sink.openNote(NoteKind::Foot, mark);
                open = true;
                text = isNoteMark(head) && cut != std::string::npos ? line.substr(cut + 1) : line;
            } else {
                // A note wraps as the body does: the line before, when it filled the column
                // (the notes' and the body's lines around it), may have broken inside a word.
                appendLine(text, line,
                           brokeInWord(lines[p][previous], columnRight(lines[p], previous), text,
                                       line, pairs));
            }
            previous = i;
        }
        close();
    };

    const std::vector<GridTable> none;
    for (std::size_t p = 0; p < lines.size(); ++p) {
        sink.setPage(pages[p].number);
        emitRunning(p, LineRole::Header);
        findFootnotes(lines[p], roles[p]);
        emitFlow(lines[p], &roles[p], p < tables.size() ? tables[p] : none, false);
        emitNotes(p);
        emitRunning(p, LineRole::Footer);
    }
}

}  // namespace jikji::converters::pdf
