#include "document_builder.h"

#include <algorithm>
#include <map>
#include <utility>

#include "limits.h"
#include "unicode.h"

namespace jikji {

DocumentBuilder::DocumentBuilder() {
    m_stack.reserve(16);
    m_stack.emplace_back().kind = FrameKind::Root;
}

DocumentBuilder::~DocumentBuilder() = default;

void DocumentBuilder::setFormat(std::string_view format, std::string_view mediaType) {
    m_document.format = format;
    m_document.mediaType = mediaType;
}

void DocumentBuilder::setMetadata(std::string_view key, std::string_view value) {
    std::string cleaned = clean(value);
    if (cleaned.empty()) return;
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

void DocumentBuilder::push(FrameKind kind, Block block) {
    if (m_stack.size() >= limits::kMaxNestingDepth) {
        // Deeper nesting is flattened into the current frame rather than refused.
        ++m_unbalanced;
    }
    Frame& frame = m_stack.emplace_back();
    frame.kind = kind;
    frame.block = std::move(block);
}

std::vector<Block>* DocumentBuilder::containerOf(Frame& frame) {
    switch (frame.kind) {
        case FrameKind::Root:
        case FrameKind::Caption:
            return &frame.blocks;
        case FrameKind::Cell:
            return &frame.cell.blocks;
        case FrameKind::Container:
            return &frame.block.children;
        case FrameKind::Paragraph:
        case FrameKind::Table:
            return &frame.deferred;
    }
    return &frame.blocks;
}

void DocumentBuilder::place(Frame& parent, Block&& block) {
    containerOf(parent)->push_back(std::move(block));
}

void DocumentBuilder::placeBlocks(Frame& parent, std::vector<Block>& blocks) {
    if (blocks.empty()) return;
    auto* target = containerOf(parent);
    for (Block& block : blocks)
        target->push_back(std::move(block));
}

// The frame is emptied in place and then dropped: moving a whole frame out first costs more
// than everything else a paragraph does.
void DocumentBuilder::popFrame() {
    // The root (always at the bottom, never pushed again) stays.
    if (m_stack.size() < 2) return;
    Frame& frame = m_stack.back();
    Frame& parent = m_stack[m_stack.size() - 2];
    switch (frame.kind) {
        case FrameKind::Root:
            return;
        case FrameKind::Paragraph:
            place(parent, std::move(frame.block));
            placeBlocks(parent, frame.deferred);
            break;
        case FrameKind::Table: {
            std::vector<TableCell>& cells = frame.cells;
            std::stable_sort(cells.begin(), cells.end(),
                             [](const TableCell& a, const TableCell& b) {
                                 return a.row != b.row ? a.row < b.row : a.col < b.col;
                             });
            for (TableCell& cell : cells) {
                if (frame.block.rows.empty() ||
                    frame.block.rows.back().cells.front().row != cell.row)
                    frame.block.rows.emplace_back();
                frame.block.rows.back().cells.push_back(std::move(cell));
            }
            place(parent, std::move(frame.block));
            placeBlocks(parent, frame.deferred);
            break;
        }
        case FrameKind::Cell:
            if (parent.kind == FrameKind::Table) {
                parent.cells.push_back(std::move(frame.cell));
            } else {
                placeBlocks(parent, frame.cell.blocks);
            }
            break;
        case FrameKind::Caption:
            if (parent.kind == FrameKind::Table) {
                for (Block& block : frame.blocks)
                    parent.block.caption.push_back(std::move(block));
            } else {
                placeBlocks(parent, frame.blocks);
            }
            break;
        case FrameKind::Container:
            place(parent, std::move(frame.block));
            break;
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
    Block block;
    block.kind =
        (kind == BlockKind::Heading || kind == BlockKind::ListItem) ? kind : BlockKind::Paragraph;
    block.level = level;
    push(FrameKind::Paragraph, std::move(block));
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

void DocumentBuilder::appendClean(std::string_view utf8, std::string& out) {
    std::size_t start = 0;
    // C0 controls other than tab and line feed carry no text.
    for (std::size_t i = 0; i < utf8.size(); ++i) {
        auto c = static_cast<unsigned char>(utf8[i]);
        if (c < 0x20 && c != '\t' && c != '\n') {
            m_invalidUtf8 += unicode::appendSanitizedUtf8(utf8.substr(start, i - start), out);
            start = i + 1;
        }
    }
    m_invalidUtf8 += unicode::appendSanitizedUtf8(utf8.substr(start), out);
}

void DocumentBuilder::insertText(std::string_view utf8) {
    if (utf8.empty()) return;
    if (m_textBytes > limits::kMaxTextBytes) return;
    m_textBytes += utf8.size();
    if (top().kind != FrameKind::Paragraph) openParagraph(BlockKind::Paragraph, 0);
    Frame& paragraph = top();
    auto& spans = paragraph.block.spans;
    if (spans.empty() || spans.back().href != paragraph.href)
        spans.push_back(Span{{}, paragraph.href});
    appendClean(utf8, spans.back().text);
}

void DocumentBuilder::openLink(std::string_view href) {
    if (top().kind != FrameKind::Paragraph) openParagraph(BlockKind::Paragraph, 0);
    top().href = clean(href);
}

void DocumentBuilder::closeLink() {
    if (top().kind == FrameKind::Paragraph) top().href.clear();
}

void DocumentBuilder::openTable(std::uint32_t rows, std::uint32_t cols) {
    Block block;
    block.kind = BlockKind::Table;
    push(FrameKind::Table, std::move(block));
}

void DocumentBuilder::closeTable() {
    closeUpTo(FrameKind::Table, "closeTable");
}

void DocumentBuilder::openCell(const CellPosition& position) {
    if (top().kind != FrameKind::Table) {
        // A cell outside a table: keep its content, count the nesting error.
        ++m_unbalanced;
    }
    push(FrameKind::Cell);
    top().cell.row = position.row;
    top().cell.col = position.col;
    top().cell.rowSpan = std::max<std::uint32_t>(1, position.rowSpan);
    top().cell.colSpan = std::max<std::uint32_t>(1, position.colSpan);
}

void DocumentBuilder::setCellPosition(const CellPosition& position) {
    for (std::size_t i = m_stack.size(); i > 1; --i) {
        Frame& frame = m_stack[i - 1];
        if (frame.kind != FrameKind::Cell) continue;
        frame.cell.row = position.row;
        frame.cell.col = position.col;
        frame.cell.rowSpan = std::max<std::uint32_t>(1, position.rowSpan);
        frame.cell.colSpan = std::max<std::uint32_t>(1, position.colSpan);
        return;
    }
    ++m_unbalanced;
}

void DocumentBuilder::closeCell() {
    closeUpTo(FrameKind::Cell, "closeCell");
}

void DocumentBuilder::openCaption() {
    push(FrameKind::Caption);
}

void DocumentBuilder::closeCaption() {
    closeUpTo(FrameKind::Caption, "closeCaption");
}

void DocumentBuilder::openNote(NoteKind kind, std::string_view mark) {
    Block block;
    block.kind = BlockKind::Note;
    block.noteKind = kind;
    block.mark = clean(mark);
    push(FrameKind::Container, std::move(block));
}

void DocumentBuilder::closeNote() {
    closeUpTo(FrameKind::Container, "closeNote");
}

void DocumentBuilder::openHeaderFooter(BlockKind kind) {
    Block block;
    block.kind = kind == BlockKind::Footer ? BlockKind::Footer : BlockKind::Header;
    push(FrameKind::Container, std::move(block));
}

void DocumentBuilder::closeHeaderFooter() {
    closeUpTo(FrameKind::Container, "closeHeaderFooter");
}

void DocumentBuilder::openTextBox() {
    Block block;
    block.kind = BlockKind::TextBox;
    push(FrameKind::Container, std::move(block));
}

void DocumentBuilder::closeTextBox() {
    closeUpTo(FrameKind::Container, "closeTextBox");
}

void DocumentBuilder::insertImage(std::string_view target, std::string_view mediaType,
                                  std::string_view alt) {
    Block block;
    block.kind = BlockKind::Image;
    block.target = clean(target);
    block.mediaType = clean(mediaType);
    block.alt = clean(alt);
    place(top(), std::move(block));
}

void DocumentBuilder::insertEquation(std::string_view script) {
    Block block;
    block.kind = BlockKind::Equation;
    block.script = clean(script);
    place(top(), std::move(block));
}

Document DocumentBuilder::finish(Status status) {
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
    m_document.blocks = std::move(m_stack.front().blocks);
    m_document.text = renderText(m_document.blocks);
    Document out = std::move(m_document);
    m_document = Document{};
    m_stack.clear();
    m_stack.emplace_back().kind = FrameKind::Root;
    return out;
}

}  // namespace jikji
