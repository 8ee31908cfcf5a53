#include "document.h"

#include <algorithm>
#include <array>
#include <utility>

#include "limits.h"

namespace jikji {

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
        out += span.text;
    return out;
}

namespace {

void appendBlocks(const std::vector<Block>& blocks, std::string& out);

// A cell is one field of a tab-separated row: its own line breaks and tabs become spaces.
std::string cellText(const TableCell& cell) {
    std::string text;
    appendBlocks(cell.blocks, text);
    for (char& c : text)
        if (c == '\n' || c == '\t' || c == '\r') c = ' ';
    std::size_t begin = text.find_first_not_of(' ');
    if (begin == std::string::npos) return {};
    std::size_t end = text.find_last_not_of(' ');
    std::string out;
    out.reserve(end - begin + 1);
    bool lastSpace = false;
    for (std::size_t i = begin; i <= end; ++i) {
        if (text[i] == ' ') {
            if (!lastSpace) out += ' ';
            lastSpace = true;
        } else {
            out += text[i];
            lastSpace = false;
        }
    }
    return out;
}

void appendBlock(const Block& block, std::string& out) {
    if (out.size() > limits::kMaxTextBytes) return;
    switch (block.kind) {
        case BlockKind::Paragraph:
        case BlockKind::Heading:
        case BlockKind::ListItem:
            for (const Span& span : block.spans)
                out += span.text;
            out += '\n';
            break;
        case BlockKind::Table:
            for (const TableRow& row : block.rows) {
                bool first = true;
                for (const TableCell& cell : row.cells) {
                    if (!first) out += '\t';
                    first = false;
                    out += cellText(cell);
                }
                out += '\n';
            }
            appendBlocks(block.caption, out);
            break;
        case BlockKind::Note:
        case BlockKind::Header:
        case BlockKind::Footer:
        case BlockKind::TextBox:
            appendBlocks(block.children, out);
            break;
        case BlockKind::Image:
        case BlockKind::Equation:
            break;
    }
}

void appendBlocks(const std::vector<Block>& blocks, std::string& out) {
    for (const Block& block : blocks)
        appendBlock(block, out);
}

}  // namespace

std::string renderText(const std::vector<Block>& blocks) {
    std::string out;
    appendBlocks(blocks, out);
    return out;
}

}  // namespace jikji
