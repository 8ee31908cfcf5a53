#include "markdown_writer.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cctype>

#include "equation_latex.h"

namespace jikji {

namespace {

bool isParagraphLike(BlockKind kind) {
    return kind == BlockKind::Paragraph || kind == BlockKind::Heading ||
           kind == BlockKind::ListItem;
}

bool isBlank(std::string_view text) {
    return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

std::string_view trim(std::string_view text) {
    std::size_t first = text.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) return {};
    std::size_t last = text.find_last_not_of(" \t\r");
    return text.substr(first, last - first + 1);
}

// Backslash-escapes what inline Markdown would read as syntax; `|` too inside a pipe table.
void appendEscaped(std::string_view text, bool table, std::string& out) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        switch (c) {
            case '\\':
            case '`':
            case '*':
            case '_':
            case '[':
            case ']':
            case '<':
            case '~':
            case '$':
                out += '\\';
                break;
            case '|':
                if (table) out += '\\';
                break;
            case '&':
                if (i + 1 < text.size() &&
                    (std::isalnum(static_cast<unsigned char>(text[i + 1])) || text[i + 1] == '#'))
                    out += '\\';
                break;
            default:
                break;
        }
        out += c;
    }
}

// What would open a block at the start of a line: ATX headings, block quotes, bullet and
// ordered list markers, thematic breaks and setext underlines.
void escapeLineStart(std::string& line) {
    if (line.empty()) return;
    char c = line.front();
    if (c == '#' || c == '>' || c == '-' || c == '+' || c == '=') {
        line.insert(line.begin(), '\\');
        return;
    }
    std::size_t digits = 0;
    while (digits < line.size() && std::isdigit(static_cast<unsigned char>(line[digits])))
        ++digits;
    if (digits > 0 && digits <= 9 && digits < line.size() &&
        (line[digits] == '.' || line[digits] == ')'))
        line.insert(line.begin() + static_cast<std::ptrdiff_t>(digits), '\\');
}

// A link destination: bare when it holds nothing that ends one, else in angle brackets.
std::string destination(std::string_view href) {
    bool plain = !href.empty() && href.find_first_of(" \t\n<>()\\") == std::string_view::npos;
    if (plain) return std::string(href);
    std::string out = "<";
    for (char c : href) {
        if (c == '\n' || c == '\r') continue;
        if (c == '<' || c == '>' || c == '\\') out += '\\';
        out += c;
    }
    out += '>';
    return out;
}

std::string oneLine(std::string_view text) {
    std::string out;
    for (char c : text)
        out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
    return out;
}

// Inline Markdown of a paragraph's spans, one string per line of the source text.
// A head of no letter or number (●, ❏, -) is a bullet, which the list item's own marker shows.
bool isBullet(std::string_view mark) {
    if (mark.empty()) return false;
    for (std::int32_t i = 0, n = static_cast<std::int32_t>(mark.size()); i < n;) {
        UChar32 c = 0;
        U8_NEXT(mark.data(), i, n, c);
        if (c < 0 || u_isalpha(c) || (U_GET_GC_MASK(c) & U_GC_N_MASK)) return false;
    }
    return true;
}

// `lineStarts`: what would open a block at a line's start is escaped (a heading's text, after
// its `#`, opens none).
std::vector<std::string> inlineLines(const Block& block, bool table, bool lineStarts = true) {
    std::string text;
    // The span the builder put before the text for the head (`mark` and a space).
    const Span* bulletHead = block.kind == BlockKind::ListItem && isBullet(block.mark) &&
                                     !block.spans.empty() &&
                                     block.spans.front().text.starts_with(block.mark)
                                 ? &block.spans.front()
                                 : nullptr;
    for (const Span& span : block.spans) {
        if (!span.inText() || &span == bulletHead) continue;
        if (span.href.empty()) {
            appendEscaped(span.text, table, text);
            continue;
        }
        std::string label;
        appendEscaped(oneLine(span.text), table, label);
        if (isBlank(label)) continue;
        text += '[';
        text += trim(label);
        text += "](";
        text += destination(span.href);
        text += ')';
    }
    std::vector<std::string> lines;
    std::size_t at = 0;
    while (at <= text.size()) {
        std::size_t end = std::min(text.find('\n', at), text.size());
        std::string line(trim(std::string_view(text).substr(at, end - at)));
        if (!line.empty()) {
            // A table cell is inline: nothing at its start can open a block.
            if (!table && lineStarts) escapeLineStart(line);
            lines.push_back(std::move(line));
        }
        at = end + 1;
    }
    return lines;
}

std::string join(const std::vector<std::string>& lines, std::string_view separator) {
    std::string out;
    for (const std::string& line : lines) {
        if (!out.empty()) out += separator;
        out += line;
    }
    return out;
}

std::string imageMarkdown(const Block& block, bool table) {
    std::string name = block.alt;
    if (isBlank(name)) {
        const std::string& target = block.target;
        std::size_t slash = target.find_last_of("/\\");
        name = slash == std::string::npos ? target : target.substr(slash + 1);
    }
    std::string out = "![";
    appendEscaped(trim(oneLine(name)), table, out);
    out += "](";
    out += destination(block.target);
    out += ')';
    return out;
}

std::string codeSpan(std::string_view text) {
    std::string body = oneLine(text);
    std::size_t longest = 0;
    std::size_t run = 0;
    for (char c : body) {
        run = c == '`' ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    std::string fence(longest + 1, '`');
    bool pad = !body.empty() && (body.front() == '`' || body.back() == '`');
    return fence + (pad ? " " : "") + body + (pad ? " " : "") + fence;
}

std::string equationMarkdown(const Block& block, bool table) {
    if (isBlank(block.script)) return {};
    std::string out;
    if (auto latex = equationToLatex(block.script)) {
        out = "$" + *latex + "$";
    } else {
        out = codeSpan(trim(block.script));
    }
    if (!table) return out;
    std::string escaped;
    for (char c : out) {
        if (c == '|') escaped += '\\';
        escaped += c;
    }
    return escaped;
}

void appendHtmlEscaped(std::string_view text, std::string& out) {
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\r':
                break;
            case '\n':
                out += "<br>";
                break;
            default:
                out += c;
        }
    }
}

// A cell fits a pipe table when it renders as one line: at most one non-empty block, a
// paragraph without line breaks, an image or an equation.
bool isOneLineCell(const TableCell& cell) {
    std::size_t shown = 0;
    for (const Block& block : cell.blocks) {
        if (isParagraphLike(block.kind)) {
            std::string text = block.inlineText();
            if (isBlank(text)) continue;
            if (text.find('\n') != std::string::npos) return false;
        } else if (block.kind != BlockKind::Image && block.kind != BlockKind::Equation) {
            return false;
        }
        ++shown;
    }
    return shown <= 1;
}

bool fitsPipeTable(const Block& table) {
    if (table.rows.empty() || table.rows.front().cells.empty()) return false;
    std::size_t columns = table.rows.front().cells.size();
    for (const TableRow& row : table.rows) {
        if (row.cells.size() != columns) return false;
        for (const TableCell& cell : row.cells)
            if (cell.rowSpan != 1 || cell.colSpan != 1 || !isOneLineCell(cell)) return false;
    }
    return true;
}

std::string pipeCell(const TableCell& cell) {
    for (const Block& block : cell.blocks) {
        if (isParagraphLike(block.kind)) {
            if (isBlank(block.inlineText())) continue;
            return join(inlineLines(block, true), " ");
        }
        if (block.kind == BlockKind::Image) return imageMarkdown(block, true);
        if (block.kind == BlockKind::Equation) return equationMarkdown(block, true);
    }
    return {};
}

std::string pipeRow(const TableRow& row) {
    std::string line = "|";
    for (const TableCell& cell : row.cells) {
        std::string text = pipeCell(cell);
        line += ' ';
        line += text;
        line += text.empty() ? "|" : " |";
    }
    return line;
}

// Rows at the start of a table that belong together: the first row and every row a cell of
// those rows spans into.
std::size_t leadingRowGroup(const Block& table) {
    std::size_t end = std::min<std::size_t>(1, table.rows.size());
    for (std::size_t r = 0; r < end; ++r)
        for (const TableCell& cell : table.rows[r].cells)
            end = std::max<std::size_t>(end,
                                        std::min<std::size_t>(r + cell.rowSpan, table.rows.size()));
    return end;
}

// Indents every line after the first (a footnote's continuation lines).
std::string indentContinuation(std::string_view text, std::string_view indent) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        out += text[i];
        if (text[i] == '\n' && i + 1 < text.size() && text[i + 1] != '\n') out += indent;
    }
    return out;
}

}  // namespace

MarkdownRenderer::MarkdownRenderer(const MarkdownOptions& options) : m_options(options) {}

MarkdownPiece MarkdownRenderer::piece(const Block& block) {
    MarkdownPiece piece;
    blockInto(block, piece);
    if (piece.markdown.empty() && piece.kind != MarkdownPiece::Kind::NoteReference)
        piece.kind = MarkdownPiece::Kind::Empty;
    return piece;
}

void MarkdownRenderer::blockInto(const Block& block, MarkdownPiece& piece) {
    // An object deleted in a tracked change is no part of the text, nor of its Markdown.
    if (!block.inText()) return;
    switch (block.kind) {
        case BlockKind::Paragraph:
            piece.markdown = join(inlineLines(block, false), "\\\n");
            piece.inlineEnd = true;
            break;
        case BlockKind::Heading: {
            std::string text = join(inlineLines(block, false, false), " ");
            if (text.empty()) break;
            if (text.back() == '#') text.insert(text.end() - 1, '\\');
            piece.markdown.assign(static_cast<std::size_t>(std::clamp(block.level, 1, 6)), '#');
            piece.markdown += ' ';
            piece.markdown += text;
            piece.inlineEnd = true;
            break;
        }
        case BlockKind::ListItem: {
            std::vector<std::string> lines = inlineLines(block, false);
            if (lines.empty()) break;
            piece.kind = MarkdownPiece::Kind::ListItem;
            piece.level = block.level;
            piece.markdown = "- " + join(lines, "\\\n  ");
            piece.inlineEnd = true;
            break;
        }
        case BlockKind::Table:
            piece.markdown = tableMarkdown(block, piece.notes);
            break;
        case BlockKind::Note:
            piece.kind = MarkdownPiece::Kind::NoteReference;
            piece.markdown = noteDefinition(block, piece.notes);
            piece.inlineEnd = true;
            break;
        case BlockKind::Header:
        case BlockKind::Footer:
            if (m_options.keepFurniture)
                piece.markdown = blocksMarkdown(block.children, piece.notes);
            break;
        case BlockKind::TextBox:
            // Hidden comments and memos are no part of the text, nor of its Markdown.
            piece.markdown = blocksMarkdown(block.children, piece.notes);
            break;
        case BlockKind::Image:
            piece.markdown = imageMarkdown(block, false);
            piece.inlineEnd = true;
            break;
        case BlockKind::Equation:
            piece.markdown = equationMarkdown(block, false);
            piece.inlineEnd = true;
            break;
    }
}

// Renders the note's text as a definition into `notes` and returns its reference.
std::string MarkdownRenderer::noteDefinition(const Block& note, std::vector<std::string>& notes) {
    std::string label = "[^" + std::to_string(++m_notes) + "]";
    std::vector<std::string> inner;
    std::string body = blocksMarkdown(note.children, inner);
    std::string definition = label + ":";
    if (!body.empty()) definition += " " + indentContinuation(body, "    ");
    notes.push_back(std::move(definition));
    notes.insert(notes.end(), inner.begin(), inner.end());
    return label;
}

std::string MarkdownRenderer::blocksMarkdown(const std::vector<Block>& blocks,
                                             std::vector<std::string>& notes) {
    std::vector<MarkdownPiece> pieces;
    pieces.reserve(blocks.size());
    for (const Block& block : blocks) {
        pieces.push_back(piece(block));
        auto& own = pieces.back().notes;
        notes.insert(notes.end(), own.begin(), own.end());
        own.clear();
    }
    std::string out = joinMarkdown(pieces, 0, pieces.size());
    while (!out.empty() && out.back() == '\n')
        out.pop_back();
    return out;
}

MarkdownTable MarkdownRenderer::table(const Block& table) {
    MarkdownTable out;
    if (fitsPipeTable(table)) {
        out.head.push_back(pipeRow(table.rows.front()));
        std::string delimiter = "|";
        for (std::size_t i = 0; i < table.rows.front().cells.size(); ++i)
            delimiter += " --- |";
        out.head.push_back(std::move(delimiter));
        for (std::size_t r = 1; r < table.rows.size(); ++r)
            out.rows.push_back(pipeRow(table.rows[r]));
    } else {
        out.head.push_back("<table>");
        for (const TableRow& row : table.rows) {
            std::string line = "<tr>";
            for (const TableCell& cell : row.cells) {
                line += "<td";
                if (cell.rowSpan > 1) line += " rowspan=\"" + std::to_string(cell.rowSpan) + "\"";
                if (cell.colSpan > 1) line += " colspan=\"" + std::to_string(cell.colSpan) + "\"";
                line += '>';
                line += cellHtml(cell.blocks, out.notes);
                line += "</td>";
            }
            line += "</tr>";
            out.rows.push_back(std::move(line));
        }
        out.close = "</table>";
        out.repeatedRows = leadingRowGroup(table);
    }
    out.after = blocksMarkdown(table.caption, out.notes);
    return out;
}

std::string MarkdownRenderer::tableMarkdown(const Block& block, std::vector<std::string>& notes) {
    MarkdownTable rendered = table(block);
    std::vector<std::string> lines = rendered.head;
    lines.insert(lines.end(), rendered.rows.begin(), rendered.rows.end());
    if (!rendered.close.empty()) lines.push_back(rendered.close);
    std::string out = join(lines, "\n");
    if (!rendered.after.empty()) out += "\n\n" + rendered.after;
    notes.insert(notes.end(), rendered.notes.begin(), rendered.notes.end());
    return out;
}

std::string MarkdownRenderer::cellHtml(const std::vector<Block>& blocks,
                                       std::vector<std::string>& notes) {
    std::string out;
    for (const Block& block : blocks) {
        std::string part;
        htmlBlock(block, part, notes);
        if (part.empty()) continue;
        if (!out.empty()) out += "<br>";
        out += part;
    }
    return out;
}

void MarkdownRenderer::htmlBlock(const Block& block, std::string& out,
                                 std::vector<std::string>& notes) {
    if (!block.inText()) return;
    switch (block.kind) {
        case BlockKind::Paragraph:
        case BlockKind::Heading:
        case BlockKind::ListItem: {
            if (isBlank(block.inlineText())) return;
            for (const Span& span : block.spans) {
                if (!span.inText()) continue;
                if (span.href.empty()) {
                    appendHtmlEscaped(span.text, out);
                    continue;
                }
                out += "<a href=\"";
                appendHtmlEscaped(span.href, out);
                out += "\">";
                appendHtmlEscaped(span.text, out);
                out += "</a>";
            }
            break;
        }
        case BlockKind::Table: {
            out += "<table>";
            for (const TableRow& row : block.rows) {
                out += "<tr>";
                for (const TableCell& cell : row.cells) {
                    out += "<td";
                    if (cell.rowSpan > 1)
                        out += " rowspan=\"" + std::to_string(cell.rowSpan) + "\"";
                    if (cell.colSpan > 1)
                        out += " colspan=\"" + std::to_string(cell.colSpan) + "\"";
                    out += '>';
                    out += cellHtml(cell.blocks, notes);
                    out += "</td>";
                }
                out += "</tr>";
            }
            out += "</table>";
            std::string caption = cellHtml(block.caption, notes);
            if (!caption.empty()) out += "<br>" + caption;
            break;
        }
        case BlockKind::Note:
            appendHtmlEscaped(noteDefinition(block, notes), out);
            break;
        case BlockKind::Header:
        case BlockKind::Footer:
            if (m_options.keepFurniture) out += cellHtml(block.children, notes);
            break;
        case BlockKind::TextBox:
            out += cellHtml(block.children, notes);
            break;
        case BlockKind::Image:
            out += "<img src=\"";
            appendHtmlEscaped(block.target, out);
            out += "\" alt=\"";
            appendHtmlEscaped(oneLine(block.alt), out);
            out += "\">";
            break;
        case BlockKind::Equation:
            appendHtmlEscaped(equationMarkdown(block, false), out);
            break;
    }
}

std::string joinMarkdown(const std::vector<MarkdownPiece>& pieces, std::size_t first,
                         std::size_t last) {
    std::string out;
    std::vector<std::string_view> notes;
    std::vector<int> levels;  // the list items open above the next one
    bool inlineEnd = false;
    bool listItem = false;
    for (std::size_t i = first; i < last && i < pieces.size(); ++i) {
        const MarkdownPiece& piece = pieces[i];
        for (const std::string& note : piece.notes)
            notes.push_back(note);
        if (piece.kind == MarkdownPiece::Kind::Empty) continue;
        if (piece.kind == MarkdownPiece::Kind::NoteReference && inlineEnd) {
            out += piece.markdown;
            continue;
        }
        if (piece.kind == MarkdownPiece::Kind::ListItem) {
            while (!levels.empty() && levels.back() >= piece.level)
                levels.pop_back();
            std::string indent(2 * levels.size(), ' ');
            levels.push_back(piece.level);
            if (!out.empty()) out += listItem ? "\n" : "\n\n";
            out += indent;
            for (char c : piece.markdown) {
                out += c;
                if (c == '\n') out += indent;
            }
            listItem = true;
        } else {
            levels.clear();
            if (!out.empty()) out += "\n\n";
            out += piece.markdown;
            listItem = false;
        }
        inlineEnd = piece.inlineEnd;
    }
    if (!out.empty()) out += '\n';
    for (std::string_view note : notes) {
        out += '\n';
        out += note;
        out += '\n';
    }
    return out;
}

std::string renderMarkdown(const Document& document, const MarkdownOptions& options) {
    MarkdownRenderer renderer(options);
    std::vector<MarkdownPiece> pieces;
    pieces.reserve(document.blocks.size());
    for (const Block& block : document.blocks)
        pieces.push_back(renderer.piece(block));
    return joinMarkdown(pieces, 0, pieces.size());
}

std::size_t countCodePoints(std::string_view utf8) {
    std::size_t count = 0;
    for (char c : utf8)
        count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return count;
}

}  // namespace jikji
