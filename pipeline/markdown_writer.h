#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "document.h"

namespace jikji {

struct MarkdownOptions {
    /// Render headers and footers too (left out of the body by default).
    bool keepFurniture = false;
};

/// The Markdown of one block of a document's top level, as MarkdownRenderer makes it.
struct MarkdownPiece {
    enum class Kind { Block, ListItem, NoteReference, Empty };
    Kind kind = Kind::Block;
    /// A list item's level.
    int level = 0;
    /// The Markdown ends in inline text, so a note reference can follow on the same line.
    bool inlineEnd = false;
    std::string markdown;
    /// `[^n]: …` for the notes inside the block, in order.
    std::vector<std::string> notes;
};

/// A table rendered line by line, so that it can be cut between rows (chunks): GFM pipe tables
/// have a header (first row and delimiter row); HTML tables open and close around their rows.
struct MarkdownTable {
    std::vector<std::string> head;
    std::vector<std::string> rows;
    std::string close;
    /// What follows the table (its caption), already separated from it.
    std::string after;
    std::vector<std::string> notes;
    /// Rows at the start that a part of the table repeats (HTML: the first row and the rows its
    /// cells span into; GFM: none, the header is `head`).
    std::size_t repeatedRows = 0;
};

/// Renders the blocks of a document as CommonMark with the GFM extensions (pipe tables,
/// footnotes): headings, list items nested by level with the source's own markers kept as text,
/// paragraphs, tables as pipe tables when no cell spans and every cell is one line and as HTML
/// `<table>` otherwise, notes as `[^n]` with their text at the end, images as `![name](target)`,
/// equations as `$LaTeX$` (or the script as a code span when it cannot be translated). Text
/// that Markdown would read as syntax is escaped. Notes are numbered in the order rendered.
class MarkdownRenderer {
  public:
    explicit MarkdownRenderer(const MarkdownOptions& options = {});

    MarkdownPiece piece(const Block& block);
    /// A table, for cutting between rows.
    MarkdownTable table(const Block& table);

  private:
    void blockInto(const Block& block, MarkdownPiece& piece);
    std::string tableMarkdown(const Block& table, std::vector<std::string>& notes);
    std::string cellHtml(const std::vector<Block>& blocks, std::vector<std::string>& notes);
    void htmlBlock(const Block& block, std::string& out, std::vector<std::string>& notes);
    std::string noteDefinition(const Block& note, std::vector<std::string>& notes);
    std::string blocksMarkdown(const std::vector<Block>& blocks, std::vector<std::string>& notes);

    MarkdownOptions m_options;
    std::size_t m_notes = 0;
};

/// Joins rendered pieces into one Markdown text: blocks apart by a blank line, list items one
/// a line, note references onto the block before them, the note texts at the end.
std::string joinMarkdown(const std::vector<MarkdownPiece>& pieces, std::size_t first,
                         std::size_t last);

/// The Markdown of a whole document.
std::string renderMarkdown(const Document& document, const MarkdownOptions& options = {});

/// Counts the characters (code points) of UTF-8 text.
std::size_t countCodePoints(std::string_view utf8);

}  // namespace jikji
