#include "document.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <string>
#include <utility>

#include "limits.h"

namespace jikji {

bool isPageCount(std::string_view value) {
    if (value.empty() || value.size() > 6 || value[0] == '0') return false;
    for (char c : value)
        if (c < '0' || c > '9') return false;
    return true;
}

std::string_view toString(BlockKind kind) {
    static constexpr std::array<std::pair<BlockKind, std::string_view>, 10> kNames{{
        {BlockKind::Paragraph, "paragraph"},
        {BlockKind::Heading, "heading"},
        {BlockKind::ListItem, "list_item"},
        {BlockKind::Table, "table"},
        {BlockKind::Note, "note"},
        {BlockKind::Header, "header"},
        {BlockKind::Footer, "footer"},
        {BlockKind::TextBox, "text_box"},
        {BlockKind::Image, "image"},
        {BlockKind::Equation, "equation"},
    }};
    for (const auto& [value, name] : kNames)
        if (value == kind) return name;
    return "paragraph";
}

std::string Block::inlineText() const {
    std::string out;
    for (const Span& span : spans)
        if (span.inText()) out += span.text;
    return out;
}

std::string blockId(std::string_view parent, std::size_t index) {
    std::string id(parent);
    if (!id.empty()) id += '.';
    id += 'b';
    id += std::to_string(index);
    return id;
}

std::string cellIdPrefix(std::string_view table, std::size_t row, std::size_t cell) {
    std::string id(table);
    id += ".r";
    id += std::to_string(row);
    id += ".c";
    id += std::to_string(cell);
    return id;
}

std::string captionIdPrefix(std::string_view table) {
    return std::string(table) + ".cap";
}

namespace {

// `base` is where the text being built began: the text limit applies to the document's text
// and, separately, to each cell's.
void appendBlocks(const std::vector<Block>& blocks, std::string& out, std::size_t base);

bool isCellSpace(char c) {
    // ' ', '\t', '\n' and '\r' as bits of a mask.
    auto u = static_cast<unsigned char>(c);
    return u <= ' ' && ((0x100002600ull >> u) & 1u);
}

// A cell is one field of a tab-separated row: its own line breaks and tabs become spaces, runs
// of spaces one space, and none is kept at either end. Rendered in place at the end of `out`.
void appendCell(const TableCell& cell, std::string& out) {
    const std::size_t start = out.size();
    appendBlocks(cell.blocks, out, start);
    const std::size_t end = out.size();
    char* text = out.data();
    std::size_t read = start;
    std::size_t write = start;
    while (read < end && isCellSpace(text[read]))
        ++read;
    while (read < end) {
        std::size_t word = read;
        while (read < end && !isCellSpace(text[read]))
            ++read;
        if (write != word) std::memmove(text + write, text + word, read - word);
        write += read - word;
        while (read < end && isCellSpace(text[read]))
            ++read;
        if (read < end) text[write++] = ' ';
    }
    out.resize(write);
}

void appendRow(const TableRow& row, std::string& out) {
    bool first = true;
    for (const TableCell& cell : row.cells) {
        if (!first) out += '\t';
        first = false;
        appendCell(cell, out);
    }
    out += '\n';
}

bool isParagraphLike(const Block& block) {
    return block.kind == BlockKind::Paragraph || block.kind == BlockKind::Heading ||
           block.kind == BlockKind::ListItem;
}

// `joined` is true while a paragraph whose break was deleted leaves its line open for the next
// one; `joinNext` says whether the next block of the list can continue that line.
void appendBlock(const Block& block, std::string& out, std::size_t base, bool& joined,
                 bool joinNext) {
    if (out.size() - base > limits::kMaxTextBytes) return;
    if (!block.inText()) return;
    switch (block.kind) {
        case BlockKind::Paragraph:
        case BlockKind::Heading:
        case BlockKind::ListItem: {
            // A paragraph of nothing but deleted runs and annotations is no line of the text,
            // unless a paragraph before it was joined to it.
            bool inText = block.spans.empty() || joined;
            for (const Span& span : block.spans) {
                if (!span.inText()) continue;
                out += span.text;
                inText = true;
            }
            if (!inText) break;
            joined = block.breakChange == "deleted" && joinNext;
            if (!joined) out += '\n';
            break;
        }
        case BlockKind::Table:
            for (const TableRow& row : block.rows)
                appendRow(row, out);
            appendBlocks(block.caption, out, base);
            break;
        case BlockKind::TextBox:
        case BlockKind::Note:
        case BlockKind::Header:
        case BlockKind::Footer:
            appendBlocks(block.children, out, base);
            break;
        case BlockKind::Image:
        case BlockKind::Equation:
            break;
    }
}

void appendBlock(const Block& block, std::string& out, std::size_t base) {
    bool joined = false;
    appendBlock(block, out, base, joined, false);
}

void appendBlocks(const std::vector<Block>& blocks, std::string& out, std::size_t base) {
    bool joined = false;
    for (std::size_t i = 0; i < blocks.size(); ++i)
        appendBlock(blocks[i], out, base, joined,
                    i + 1 < blocks.size() && isParagraphLike(blocks[i + 1]));
}

}  // namespace

std::string renderText(const std::vector<Block>& blocks) {
    std::string out;
    appendBlocks(blocks, out, 0);
    return out;
}

std::string renderText(const Block& block) {
    std::string out;
    appendBlock(block, out, 0);
    return out;
}

std::string renderRowText(const TableRow& row) {
    std::string out;
    appendRow(row, out);
    return out;
}

}  // namespace jikji
