#include "chunks.h"

#include <algorithm>

#include "json_writer.h"

namespace jikji {

namespace {

std::size_t linesChars(const std::vector<const std::string*>& lines) {
    std::size_t chars = 0;
    for (const std::string* line : lines)
        chars += countCodePoints(*line) + 1;
    return chars;
}

class Chunker {
  public:
    Chunker(const Document& document, const ChunkOptions& options)
        : m_document(document), m_options(options), m_renderer(options.markdown) {}

    std::vector<Chunk> run() {
        const std::vector<Block>& blocks = m_document.blocks;
        m_textChars = countCodePoints(m_document.text);
        m_pieces.reserve(blocks.size());
        for (std::size_t i = 0; i < blocks.size(); ++i) {
            const Block& block = blocks[i];
            MarkdownRenderer before = m_renderer;
            m_pieces.push_back(m_renderer.piece(block));
            std::size_t chars = countCodePoints(renderText(block));
            if (block.kind == BlockKind::Heading) {
                // A heading opens a chunk, unless all before it in this one shows nothing.
                if (hasMarkdown()) flush(i);
                enterHeading(block);
                m_path = headingTexts();
            }
            const MarkdownPiece& piece = m_pieces[i];
            std::size_t own = countCodePoints(piece.markdown);
            for (const std::string& note : piece.notes)
                own += countCodePoints(note) + 2;
            if (block.kind == BlockKind::Table && own > m_options.maxChars &&
                block.rows.size() > 1) {
                flush(i);
                splitTable(before, block, i, chars);
                continue;
            }
            if (piece.kind != MarkdownPiece::Kind::Empty) {
                // Joining costs the whole chunk: only when a cheap upper bound (list indents
                // aside) does not already show that the piece fits.
                std::size_t bound = m_chars + own + 2;
                if (m_first == i || piece.kind == MarkdownPiece::Kind::ListItem ||
                    bound > m_options.maxChars) {
                    std::size_t exact = countCodePoints(joinMarkdown(m_pieces, m_first, i + 1));
                    if (m_first < i && hasMarkdown() && exact > m_options.maxChars) {
                        flush(i);
                        exact = countCodePoints(joinMarkdown(m_pieces, i, i + 1));
                    }
                    bound = exact;
                }
                m_chars = bound;
            }
            m_offset += chars;
        }
        flush(blocks.size());
        if (!m_chunks.empty()) {
            m_chunks.back().textEnd = m_textChars;
            for (Chunk& chunk : m_chunks)
                chunk.textStart = std::min(chunk.textStart, chunk.textEnd);
        } else if (m_textChars > 0) {
            Chunk whole;
            whole.textEnd = m_textChars;
            m_chunks.push_back(std::move(whole));
        }
        return std::move(m_chunks);
    }

  private:
    bool hasMarkdown() const {
        for (std::size_t i = m_first; i < m_pieces.size() - 1; ++i)
            if (m_pieces[i].kind != MarkdownPiece::Kind::Empty) return true;
        return false;
    }

    void enterHeading(const Block& heading) {
        while (!m_headings.empty() && m_headings.back().first >= heading.level)
            m_headings.pop_back();
        std::string text = heading.inlineText();
        std::replace(text.begin(), text.end(), '\n', ' ');
        m_headings.emplace_back(heading.level, std::move(text));
    }

    std::vector<std::string> headingTexts() const {
        std::vector<std::string> path;
        for (const auto& [level, text] : m_headings)
            path.push_back(text);
        return path;
    }

    // Ends the chunk of blocks [m_first, end) at the current text offset.
    void flush(std::size_t end) {
        if (end > m_first) {
            Chunk chunk;
            chunk.headingPath = m_path;
            for (std::size_t i = m_first; i < end; ++i)
                chunk.blockIds.push_back(blockId({}, i));
            chunk.page = m_document.blocks[m_first].page;
            chunk.textStart = std::min(m_start, m_textChars);
            chunk.textEnd = std::min(m_offset, m_textChars);
            chunk.markdown = joinMarkdown(m_pieces, m_first, end);
            chunk.oversize = countCodePoints(chunk.markdown) > m_options.maxChars;
            m_chunks.push_back(std::move(chunk));
        }
        m_first = end;
        m_start = m_offset;
        m_chars = 0;
        m_path = headingTexts();
    }

    // A table larger than a chunk, in parts of whole row groups (rows that spans tie together),
    // each part with the table's header.
    void splitTable(MarkdownRenderer renderer, const Block& block, std::size_t index,
                    std::size_t chars) {
        MarkdownTable table = renderer.table(block);
        const std::size_t rows = block.rows.size();
        bool pipe = table.rows.size() + 1 == rows && table.close.empty();
        auto rowLine = [&](std::size_t row) -> const std::string* {
            if (pipe) return row == 0 ? nullptr : &table.rows[row - 1];
            return &table.rows[row];
        };
        // Where a part may end: after a row no span of an earlier row crosses.
        std::vector<std::size_t> ends;
        std::size_t reach = 0;
        for (std::size_t r = 0; r < rows; ++r) {
            for (const TableCell& cell : block.rows[r].cells)
                reach = std::max<std::size_t>(reach, r + std::max<std::uint32_t>(cell.rowSpan, 1));
            if (reach <= r + 1 || r + 1 == rows) ends.push_back(r + 1);
        }
        std::vector<std::size_t> rowChars(rows);
        std::size_t rowTotal = 0;
        for (std::size_t r = 0; r < rows; ++r) {
            rowChars[r] = countCodePoints(renderRowText(block.rows[r]));
            rowTotal += rowChars[r];
        }
        std::size_t captionChars = chars > rowTotal ? chars - rowTotal : 0;

        auto partLines = [&](std::size_t first, std::size_t last) {
            std::vector<const std::string*> lines;
            for (const std::string& line : table.head)
                lines.push_back(&line);
            if (first > 0)
                for (std::size_t r = 0; r < table.repeatedRows && r < first; ++r)
                    lines.push_back(rowLine(r));
            for (std::size_t r = first; r < last; ++r)
                if (const std::string* line = rowLine(r)) lines.push_back(line);
            if (!table.close.empty()) lines.push_back(&table.close);
            return lines;
        };
        auto emit = [&](std::size_t first, std::size_t last) {
            Chunk chunk;
            chunk.headingPath = headingTexts();
            chunk.blockIds.push_back(blockId({}, index));
            chunk.rows = std::make_pair(first, last);
            chunk.page = block.page;
            chunk.textStart = std::min(m_offset, m_textChars);
            for (std::size_t r = first; r < last; ++r)
                m_offset += rowChars[r];
            if (last == rows) m_offset += captionChars;
            chunk.textEnd = std::min(m_offset, m_textChars);
            std::vector<const std::string*> lines = partLines(first, last);
            for (const std::string* line : lines) {
                chunk.markdown += *line;
                chunk.markdown += '\n';
            }
            if (last == rows && !table.after.empty()) chunk.markdown += "\n" + table.after + "\n";
            for (const std::string& note : table.notes)
                if (last == rows) chunk.markdown += "\n" + note + "\n";
            chunk.oversize = countCodePoints(chunk.markdown) > m_options.maxChars;
            m_chunks.push_back(std::move(chunk));
        };

        // A part's size: the fixed lines, the repeated rows, its own rows (each line + '\n').
        std::vector<std::size_t> lineChars(rows, 0);
        for (std::size_t r = 0; r < rows; ++r)
            if (const std::string* line = rowLine(r)) lineChars[r] = countCodePoints(*line) + 1;
        std::size_t fixed = linesChars(partLines(0, 0));
        auto repeated = [&](std::size_t first) {
            std::size_t chars = 0;
            for (std::size_t r = 0; r < table.repeatedRows && r < first; ++r)
                chars += lineChars[r];
            return chars;
        };
        std::size_t first = 0;
        std::size_t last = 0;
        std::size_t size = fixed;
        for (std::size_t end : ends) {
            std::size_t grown = size;
            for (std::size_t r = last; r < end; ++r)
                grown += lineChars[r];
            if (last > first && grown > m_options.maxChars) {
                emit(first, last);
                first = last;
                grown = fixed + repeated(first);
                for (std::size_t r = last; r < end; ++r)
                    grown += lineChars[r];
            }
            size = grown;
            last = end;
        }
        if (last > first) emit(first, last);
        m_first = index + 1;
        m_start = m_offset;
        m_chars = 0;
        m_path = headingTexts();
    }

    const Document& m_document;
    const ChunkOptions& m_options;
    MarkdownRenderer m_renderer;
    std::vector<MarkdownPiece> m_pieces;
    std::vector<Chunk> m_chunks;
    std::vector<std::pair<int, std::string>> m_headings;
    std::vector<std::string> m_path;
    std::size_t m_first = 0;
    std::size_t m_start = 0;
    // Characters of the current chunk's Markdown, or more (an upper bound).
    std::size_t m_chars = 0;
    std::size_t m_offset = 0;
    std::size_t m_textChars = 0;
};

}  // namespace

std::vector<Chunk> makeChunks(const Document& document, const ChunkOptions& options) {
    return Chunker(document, options).run();
}

namespace {

// JSON string escaping for chunk lines (Korean text stays as UTF-8; only what JSON requires is
// escaped), several times faster than a generic stringifier on Markdown-sized strings.
void appendJsonString(std::string_view text, std::string& out) {
    std::string sane = jsonString(text);
    out += '"';
    for (char c : sane) {
        auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\t') {
            out += "\\t";
        } else if (u < 0x20) {
            static constexpr char kHex[] = "0123456789abcdef";
            out += "\\u00";
            out += kHex[u >> 4];
            out += kHex[u & 0xF];
        } else {
            out += c;
        }
    }
    out += '"';
}

void appendStrings(const std::vector<std::string>& strings, std::string& out) {
    out += '[';
    for (std::size_t i = 0; i < strings.size(); ++i) {
        if (i) out += ',';
        appendJsonString(strings[i], out);
    }
    out += ']';
}

}  // namespace

void writeChunks(const Document& document, const ChunkOptions& options, std::ostream& out) {
    std::vector<Chunk> chunks = makeChunks(document, options);
    std::string provenance;
    if (document.provenance) {
        provenance = ",\"provenance\":{\"file_name\":";
        appendJsonString(document.provenance->fileName, provenance);
        provenance += ",\"size\":" + std::to_string(document.provenance->size) + ",\"sha256\":";
        appendJsonString(document.provenance->sha256, provenance);
        provenance += '}';
    }
    std::string line;
    for (std::size_t i = 0; i < chunks.size(); ++i) {
        const Chunk& chunk = chunks[i];
        line = "{\"id\":\"c" + std::to_string(i) + "\",\"heading_path\":";
        appendStrings(chunk.headingPath, line);
        line += ",\"block_ids\":";
        appendStrings(chunk.blockIds, line);
        if (chunk.rows)
            line += ",\"rows\":[" + std::to_string(chunk.rows->first) + "," +
                    std::to_string(chunk.rows->second) + "]";
        if (chunk.page) line += ",\"page\":" + std::to_string(chunk.page);
        line += ",\"text_start\":" + std::to_string(chunk.textStart);
        line += ",\"text_end\":" + std::to_string(chunk.textEnd);
        line += ",\"chars\":" + std::to_string(countCodePoints(chunk.markdown));
        if (chunk.oversize) line += ",\"oversize\":true";
        line += ",\"markdown\":";
        appendJsonString(chunk.markdown, line);
        line += provenance;
        line += "}\n";
        out << line;
    }
}

}  // namespace jikji
