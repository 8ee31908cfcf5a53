#include "document_builder.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <map>
#include <utility>

#include "limits.h"
#include "unicode.h"

namespace jikji {

namespace {

bool digitsAt(std::string_view s, std::size_t at, std::size_t count) {
    if (at + count > s.size()) return false;
    for (std::size_t i = at; i < at + count; ++i)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

bool charAt(std::string_view s, std::size_t at, char c) {
    return at < s.size() && s[at] == c;
}

// `YYYY-MM-DD`, optionally followed by `Thh:mm:ss[.fraction](Z|±hh:mm)`, and nothing else
// (by hand: a std::regex took longer to compile than a document takes to convert).
bool isRfc3339(std::string_view s) {
    if (!digitsAt(s, 0, 4) || !charAt(s, 4, '-') || !digitsAt(s, 5, 2) || !charAt(s, 7, '-') ||
        !digitsAt(s, 8, 2))
        return false;
    if (s.size() == 10) return true;
    if (!charAt(s, 10, 'T') || !digitsAt(s, 11, 2) || !charAt(s, 13, ':') || !digitsAt(s, 14, 2) ||
        !charAt(s, 16, ':') || !digitsAt(s, 17, 2))
        return false;
    std::size_t at = 19;
    if (charAt(s, at, '.')) {
        std::size_t start = ++at;
        while (digitsAt(s, at, 1))
            ++at;
        if (at == start) return false;
    }
    if (charAt(s, at, 'Z')) return at + 1 == s.size();
    if (!charAt(s, at, '+') && !charAt(s, at, '-')) return false;
    return digitsAt(s, at + 1, 2) && charAt(s, at + 3, ':') && digitsAt(s, at + 4, 2) &&
           at + 6 == s.size();
}

}  // namespace

DocumentBuilder::DocumentBuilder() {
    m_stack.reserve(16);
    m_stack.emplace_back().blocks = &m_document.blocks;
}

DocumentBuilder::~DocumentBuilder() = default;

void DocumentBuilder::setFormat(std::string_view format, std::string_view mediaType) {
    m_document.format = format;
    m_document.mediaType = mediaType;
}

void DocumentBuilder::setMetadata(std::string_view key, std::string_view value) {
    std::string cleaned = clean(value);
    if (cleaned.empty()) return;
    // `pages` is a count or absent: HWP writes 0 when it does not know.
    if (key == "pages" && !isPageCount(cleaned)) return;
    // Dates are RFC 3339; one written without its offset (`2015-07-31 17:20:19`) keeps its day
    // alone, since the day is all that is certain.
    if (key == "created" || key == "modified") {
        if (!isRfc3339(cleaned)) {
            if (cleaned.size() < 10 || !isRfc3339(std::string_view(cleaned).substr(0, 10))) return;
            cleaned.resize(10);
        }
    }
    m_document.metadata[std::string(key)] = std::move(cleaned);
}

void DocumentBuilder::warn(std::string_view code, std::string_view message,
                           std::string_view where) {
    if (m_document.warnings.size() >= limits::kMaxWarnings) {
        ++m_document.droppedWarnings;
        return;
    }
    m_document.warnings.push_back(Warning{clean(code), clean(message), clean(where)});
}

DocumentBuilder::Frame& DocumentBuilder::push(FrameKind kind) {
    if (m_stack.size() >= limits::kMaxNestingDepth) {
        // Deeper nesting is flattened into the current frame rather than refused.
        ++m_unbalanced;
    }
    std::vector<Block>* blocks = top().blocks;
    Frame& frame = m_stack.emplace_back();
    frame.kind = kind;
    frame.blocks = blocks;
    return frame;
}

void DocumentBuilder::markObject(const Frame* anchor, Block& block) const {
    if (!anchor || anchor->kind != FrameKind::Paragraph || anchor->change.empty()) return;
    block.change = anchor->change;
    block.changeBy = anchor->changeBy;
}

Block& DocumentBuilder::pushBlock(FrameKind kind, BlockKind blockKind) {
    Frame& frame = push(kind);
    frame.list = frame.blocks;
    frame.index = frame.list->size();
    // An object anchored in a run of a tracked change was inserted or deleted with it.
    const Frame* anchor = m_stack.size() >= 2 ? &m_stack[m_stack.size() - 2] : nullptr;
    Block& block = frame.list->emplace_back();
    block.kind = blockKind;
    block.page = m_page;
    if (blockKind != BlockKind::Paragraph && blockKind != BlockKind::Heading &&
        blockKind != BlockKind::ListItem)
        markObject(anchor, block);
    return block;
}

namespace {

// Renumbers one axis of a table's grid onto the lines its cells start or end on. Hancom keeps
// a grid line that no cell uses any more after cells are merged (HWP's property tables: a
// 4-column grid whose every cell spans two columns, drawn as two): it carries no structure,
// and a reader of the table would see empty columns or spans over nothing.
template <typename Start, typename Span>
void dropUnusedGridLines(std::vector<TableCell>& cells, Start start, Span span) {
    if (cells.empty()) return;
    // Already dense (nearly every table): every line from 0 to the last is used, checked on a
    // mask where the grid has fewer than 64 lines.
    std::uint64_t last = 0;
    for (const TableCell& cell : cells)
        last = std::max(last, std::uint64_t{cell.*start} + cell.*span);
    if (last < 64) {
        std::uint64_t used = 0;
        for (const TableCell& cell : cells)
            used |= 1ull << cell.*start | 1ull << (cell.*start + cell.*span);
        if (used == (last == 63 ? ~0ull : (1ull << (last + 1)) - 1)) return;
    }
    std::vector<std::uint64_t> lines;
    lines.reserve(cells.size() * 2);
    for (const TableCell& cell : cells) {
        lines.push_back(cell.*start);
        lines.push_back(std::uint64_t{cell.*start} + cell.*span);
    }
    std::sort(lines.begin(), lines.end());
    lines.erase(std::unique(lines.begin(), lines.end()), lines.end());
    if (lines.back() + 1 == lines.size()) return;
    auto index = [&](std::uint64_t line) {
        return static_cast<std::uint32_t>(std::lower_bound(lines.begin(), lines.end(), line) -
                                          lines.begin());
    };
    for (TableCell& cell : cells) {
        std::uint64_t end = std::uint64_t{cell.*start} + cell.*span;
        cell.*start = index(cell.*start);
        cell.*span = index(end) - cell.*start;
    }
}

// Sorts a table's cells by row and column (keeping the order of equal addresses) and groups
// them into rows, the grid reduced to the lines its cells use.
void groupRows(Block& table) {
    if (table.rows.empty()) return;
    std::vector<TableCell> cells = std::move(table.rows.front().cells);
    table.rows.clear();
    dropUnusedGridLines(cells, &TableCell::col, &TableCell::colSpan);
    dropUnusedGridLines(cells, &TableCell::row, &TableCell::rowSpan);
    auto before = [](const TableCell& a, const TableCell& b) {
        return a.row != b.row ? a.row < b.row : a.col < b.col;
    };
    // Cells nearly always come in order already.
    if (!std::is_sorted(cells.begin(), cells.end(), before))
        std::stable_sort(cells.begin(), cells.end(), before);
    std::size_t rows = 0;
    for (std::size_t i = 0; i < cells.size(); ++i)
        if (i == 0 || cells[i].row != cells[i - 1].row) ++rows;
    table.rows.reserve(rows);
    for (std::size_t i = 0; i < cells.size();) {
        std::size_t end = i + 1;
        while (end < cells.size() && cells[end].row == cells[i].row)
            ++end;
        std::vector<TableCell>& row = table.rows.emplace_back().cells;
        row.reserve(end - i);
        for (; i < end; ++i)
            row.push_back(std::move(cells[i]));
    }
}

}  // namespace

namespace {

// True when `utf8` holds nothing but white space: C0 controls, space, U+00A0, U+2007, U+3000.
bool isBlank(std::string_view utf8) {
    for (std::size_t i = 0; i < utf8.size();) {
        auto c = static_cast<unsigned char>(utf8[i]);
        if (c <= 0x20) {
            ++i;
        } else if (utf8.substr(i, 2) == "\xC2\xA0") {
            i += 2;
        } else if (utf8.substr(i, 3) == "\xE2\x80\x87" || utf8.substr(i, 3) == "\xE3\x80\x80") {
            i += 3;
        } else {
            return false;
        }
    }
    return true;
}

}  // namespace

void DocumentBuilder::popFrame() {
    // The root (always at the bottom, never pushed again) stays.
    if (m_stack.size() < 2) return;
    Frame& frame = top();
    if (frame.kind == FrameKind::Table) groupRows(blockOf(frame));
    // One policy for every format: a paragraph of nothing but white space is no block. HWPX writes
    // one around every table and picture and for every blank line, HWP 5 only where text is,
    // so twins give the same blocks. The frames below never point past this block.
    if (frame.kind == FrameKind::Paragraph && frame.list && frame.index < frame.list->size()) {
        const Block& block = blockOf(frame);
        bool empty = true;
        for (const Span& span : block.spans)
            empty = empty && isBlank(span.text);
        if (!empty && !block.mark.empty()) {
            Block& headed = blockOf(frame);
            Span head;
            head.text = headed.mark.str() + " ";
            headed.spans.insert(headed.spans.begin(), std::move(head));
        }
        if (empty) {
            // A paragraph joined to this one by a deleted break now ends where this one ends.
            if (frame.index > 0) {
                Block& previous = (*frame.list)[frame.index - 1];
                if (previous.breakChange == "deleted") previous.breakChange = block.breakChange;
            }
            frame.list->erase(frame.list->begin() + static_cast<std::ptrdiff_t>(frame.index));
        }
    }
    m_stack.pop_back();
}

bool DocumentBuilder::closeUpTo(FrameKind kind, const char* event) {
    std::size_t index = m_stack.size();
    while (index > 1 && m_stack[index - 1].kind != kind)
        --index;
    if (index <= 1) {
        ++m_unbalanced;
        return false;
    }
    while (m_stack.size() > index) {
        // Paragraphs left open inside a cell or note are closed silently: converters may
        // rely on that. Anything else left open is a nesting error worth counting.
        if (top().kind != FrameKind::Paragraph) ++m_unbalanced;
        popFrame();
    }
    popFrame();
    (void)event;
    return true;
}

void DocumentBuilder::openParagraph(BlockKind kind, int level) {
    pushBlock(FrameKind::Paragraph, (kind == BlockKind::Heading || kind == BlockKind::ListItem)
                                        ? kind
                                        : BlockKind::Paragraph)
        .level = level;
}

void DocumentBuilder::setParagraphHead(std::string_view head) {
    if (top().kind != FrameKind::Paragraph || !top().list) return;
    Block& block = blockOf(top());
    if (block.kind == BlockKind::Heading || block.kind == BlockKind::ListItem)
        block.mark = clean(head);
}

void DocumentBuilder::closeParagraph() {
    closeUpTo(FrameKind::Paragraph, "closeParagraph");
}

std::string DocumentBuilder::clean(std::string_view utf8) {
    std::string out;
    out.reserve(utf8.size());
    appendClean(utf8, out);
    return out;
}

// One pass: C0 controls other than tab and line feed carry no text and are dropped; every
// ill-formed UTF-8 sequence (its lead byte and the continuation bytes after it) becomes U+FFFD
// and is counted.
void DocumentBuilder::appendClean(std::string_view utf8, std::string& out) {
    const auto* s = reinterpret_cast<const unsigned char*>(utf8.data());
    const std::size_t n = utf8.size();
    std::size_t run = 0;
    std::size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c >= 0x20 && c < 0x80) {
            ++i;
            continue;
        }
        // Most Hangul and CJK text: leads E1-EC take any two continuation bytes (the other
        // leads go through unicode::utf8SequenceLength).
        if (unicode::isCommonThreeByteSequence(s, i, n)) {
            i += 3;
            continue;
        }
        if (c < 0x20) {
            if (c != '\t' && c != '\n') {
                out.append(utf8.data() + run, i - run);
                run = i + 1;
            }
            ++i;
            continue;
        }
        std::size_t length = unicode::utf8SequenceLength(s, i, n);
        if (length) {
            i += length;
            continue;
        }
        out.append(utf8.data() + run, i - run);
        out.append("\xEF\xBF\xBD");
        ++m_invalidUtf8;
        ++i;
        while (i < n && (s[i] & 0xC0) == 0x80)
            ++i;
        run = i;
    }
    out.append(utf8.data() + run, n - run);
}

// Counts the text against the limit and returns the span it goes to, or null when dropped.
std::string* DocumentBuilder::textTarget(std::string_view utf8) {
    if (utf8.empty()) return nullptr;
    if (m_textBytes > limits::kMaxTextBytes) return nullptr;
    m_textBytes += utf8.size();
    if (top().kind != FrameKind::Paragraph) openParagraph(BlockKind::Paragraph, 0);
    Frame& paragraph = top();
    auto& spans = blockOf(paragraph).spans;
    if (spans.empty() || spans.back().href != paragraph.href ||
        spans.back().change != paragraph.change || spans.back().changeBy != paragraph.changeBy ||
        spans.back().annotation != paragraph.annotation) {
        Span& span = spans.emplace_back();
        if (!paragraph.href.empty()) span.href = paragraph.href;
        if (!paragraph.change.empty()) {
            span.change = paragraph.change;
            span.changeBy = paragraph.changeBy;
        }
        if (!paragraph.annotation.empty()) span.annotation = paragraph.annotation;
    }
    return &spans.back().text;
}

void DocumentBuilder::insertText(std::string_view utf8) {
    if (std::string* out = textTarget(utf8)) appendClean(utf8, *out);
}

namespace {

// True when one of the eight bytes of `word` is below 0x20 (a C0 control).
bool hasControl(std::uint64_t word) {
    return ((word - 0x2020202020202020ull) & ~word & 0x8080808080808080ull) != 0;
}

}  // namespace

// appendClean for well-formed UTF-8: only the C0 controls other than tab and line feed go,
// found eight bytes at a time.
void DocumentBuilder::insertValidText(std::string_view utf8) {
    std::string* out = textTarget(utf8);
    if (!out) return;
    const char* s = utf8.data();
    const std::size_t n = utf8.size();
    std::size_t run = 0;
    std::size_t i = 0;
    auto check = [&](std::size_t at) {
        auto c = static_cast<unsigned char>(s[at]);
        if (c < 0x20 && c != '\t' && c != '\n') {
            out->append(s + run, at - run);
            run = at + 1;
        }
    };
    for (; i + 8 <= n; i += 8) {
        std::uint64_t word;
        std::memcpy(&word, s + i, 8);
        if (!hasControl(word)) continue;
        for (std::size_t k = 0; k < 8; ++k)
            check(i + k);
    }
    if (i + 4 <= n) {
        std::uint32_t half;
        std::memcpy(&half, s + i, 4);
        if (((half - 0x20202020u) & ~half & 0x80808080u) == 0) i += 4;
    }
    for (; i < n; ++i)
        check(i);
    out->append(s + run, n - run);
}

void DocumentBuilder::openLink(std::string_view href) {
    if (top().kind != FrameKind::Paragraph) openParagraph(BlockKind::Paragraph, 0);
    top().href = clean(href);
}

void DocumentBuilder::setChange(const ChangeMark& change) {
    if (top().kind != FrameKind::Paragraph) {
        if (change.kind.empty()) return;
        openParagraph(BlockKind::Paragraph, 0);
    }
    Frame& paragraph = top();
    bool known = change.kind == "deleted" || change.kind == "inserted";
    paragraph.change = known ? std::string(change.kind) : "";
    std::string author = known ? clean(change.author) : "";
    // A date that is not RFC 3339 is left out rather than passed on.
    std::string date = known && isRfc3339(change.date) ? std::string(change.date) : "";
    // One value serves every run and object of a change, however often it is set again.
    if (m_changeBy.author() != author || m_changeBy.date() != date)
        m_changeBy.set(std::move(author), std::move(date));
    paragraph.changeBy = m_changeBy;
}

void DocumentBuilder::setBreakChange(std::string_view change) {
    if (top().kind != FrameKind::Paragraph) return;
    blockOf(top()).breakChange =
        change == "deleted" || change == "inserted" ? std::string(change) : "";
}

void DocumentBuilder::closeLink() {
    if (top().kind == FrameKind::Paragraph) top().href.clear();
}

void DocumentBuilder::openTable(std::uint32_t rows, std::uint32_t cols) {
    Block& table = pushBlock(FrameKind::Table, BlockKind::Table);
    // The declared size is only a hint, and a bounded one: the cells decide.
    std::uint64_t cells = std::uint64_t{rows} * cols;
    if (cells) table.rows.emplace_back().cells.reserve(std::min<std::uint64_t>(cells, 1024));
}

void DocumentBuilder::closeTable() {
    closeUpTo(FrameKind::Table, "closeTable");
}

void DocumentBuilder::openCell(const CellPosition& position) {
    if (top().kind != FrameKind::Table) {
        // A cell outside a table: keep its content where it stands, count the nesting error.
        ++m_unbalanced;
        push(FrameKind::Cell);
        return;
    }
    // Until the table closes, its first row holds all its cells in the order they came.
    Block& table = blockOf(top());
    if (table.rows.empty()) table.rows.emplace_back();
    TableCell& cell = table.rows.front().cells.emplace_back();
    cell.row = position.row;
    cell.col = position.col;
    cell.rowSpan = std::max<std::uint32_t>(1, position.rowSpan);
    cell.colSpan = std::max<std::uint32_t>(1, position.colSpan);
    Frame& frame = push(FrameKind::Cell);
    frame.cell = &cell;
    frame.blocks = &cell.blocks;
}

void DocumentBuilder::setCellPosition(const CellPosition& position) {
    for (std::size_t i = m_stack.size(); i > 1; --i) {
        Frame& frame = m_stack[i - 1];
        if (frame.kind != FrameKind::Cell) continue;
        if (TableCell* cell = frame.cell) {
            cell->row = position.row;
            cell->col = position.col;
            cell->rowSpan = std::max<std::uint32_t>(1, position.rowSpan);
            cell->colSpan = std::max<std::uint32_t>(1, position.colSpan);
        }
        return;
    }
    ++m_unbalanced;
}

void DocumentBuilder::closeCell() {
    closeUpTo(FrameKind::Cell, "closeCell");
}

void DocumentBuilder::openCaption() {
    std::vector<Block>* caption =
        top().kind == FrameKind::Table ? &blockOf(top()).caption : nullptr;
    Frame& frame = push(FrameKind::Caption);
    if (caption) frame.blocks = caption;
}

void DocumentBuilder::closeCaption() {
    closeUpTo(FrameKind::Caption, "closeCaption");
}

void DocumentBuilder::openNote(NoteKind kind, std::string_view mark) {
    std::string cleaned = clean(mark);
    Block& block = pushBlock(FrameKind::Container, BlockKind::Note);
    block.noteKind = kind;
    block.mark = std::move(cleaned);
    top().blocks = &block.children;
}

void DocumentBuilder::setNoteMark(std::string_view mark) {
    for (std::size_t i = m_stack.size(); i > 1; --i) {
        Frame& frame = m_stack[i - 1];
        if (frame.kind != FrameKind::Container || !frame.list) continue;
        Block& block = blockOf(frame);
        if (block.kind != BlockKind::Note) return;
        block.mark = clean(mark);
        return;
    }
}

void DocumentBuilder::closeNote() {
    closeUpTo(FrameKind::Container, "closeNote");
}

void DocumentBuilder::openHeaderFooter(BlockKind kind) {
    Block& block = pushBlock(FrameKind::Container,
                             kind == BlockKind::Footer ? BlockKind::Footer : BlockKind::Header);
    top().blocks = &block.children;
}

void DocumentBuilder::closeHeaderFooter() {
    closeUpTo(FrameKind::Container, "closeHeaderFooter");
}

void DocumentBuilder::openTextBox() {
    Block& block = pushBlock(FrameKind::Container, BlockKind::TextBox);
    top().blocks = &block.children;
}

void DocumentBuilder::closeTextBox() {
    closeUpTo(FrameKind::Container, "closeTextBox");
}

void DocumentBuilder::openAnnotation(std::string_view kind) {
    Block& block = pushBlock(FrameKind::Container, BlockKind::TextBox);
    block.annotation = kind == "hidden_comment" || kind == "memo" ? std::string(kind) : "memo";
    top().blocks = &block.children;
}

void DocumentBuilder::insertFormObject(std::string_view kind, std::string_view text) {
    static constexpr std::string_view kKinds[] = {
        "button", "check_button", "radio_button", "combo_box", "list_box", "edit", "unknown"};
    if (isBlank(text)) return;
    Block& block = pushBlock(FrameKind::Container, BlockKind::TextBox);
    block.form = std::find(std::begin(kKinds), std::end(kKinds), kind) != std::end(kKinds)
                     ? std::string(kind)
                     : "unknown";
    top().blocks = &block.children;
    openParagraph(BlockKind::Paragraph, 0);
    insertText(text);
    closeParagraph();
    closeTextBox();
}

void DocumentBuilder::insertInstruction(std::string_view utf8) {
    if (utf8.empty()) return;
    if (top().kind != FrameKind::Paragraph) openParagraph(BlockKind::Paragraph, 0);
    top().annotation = "field_instruction";
    insertText(utf8);
    top().annotation = {};
}

void DocumentBuilder::insertImage(std::string_view target, std::string_view mediaType,
                                  std::string_view alt) {
    Block block;
    block.kind = BlockKind::Image;
    block.target = clean(target);
    block.mediaType = clean(mediaType);
    block.alt = clean(alt);
    markObject(&top(), block);
    top().blocks->push_back(std::move(block));
}

void DocumentBuilder::insertEquation(std::string_view script) {
    Block block;
    block.kind = BlockKind::Equation;
    block.script = clean(script);
    markObject(&top(), block);
    top().blocks->push_back(std::move(block));
}

Document DocumentBuilder::finish(Status status, bool render) {
    while (m_stack.size() > 1) {
        if (top().kind != FrameKind::Paragraph) ++m_unbalanced;
        popFrame();
    }
    if (m_invalidUtf8)
        warn("invalid_text",
             std::to_string(m_invalidUtf8) +
                 " ill-formed or control character sequence(s) removed or replaced",
             {});
    if (m_unbalanced)
        warn("unbalanced_structure",
             std::to_string(m_unbalanced) + " structure event(s) out of order were repaired", {});
    if (m_textBytes > limits::kMaxTextBytes) {
        warn("text_limit",
             "text beyond " + std::to_string(limits::kMaxTextBytes) + " bytes was dropped", {});
        if (status == Status::Ok || status == Status::Partial) status = Status::LimitExceeded;
    }
    m_document.status = status;
    if (render) m_document.text = renderText(m_document.blocks);
    Document out = std::move(m_document);
    m_document = Document{};
    m_stack.clear();
    m_stack.emplace_back().blocks = &m_document.blocks;
    return out;
}

}  // namespace jikji
