#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

/// A test-only writer of HWP 3.0 documents as [SPEC3] lays them out: signature, document
/// information, summary, an information block, and a body (raw-deflated or not) of font names,
/// styles and a paragraph list whose special characters carry their structures.
namespace jikji::test::hwp3 {

/// One paragraph: its characters in Hancom's code (`hchar`), counted as the paragraph's
/// character count says, and the uncounted bytes special characters append after themselves.
class ParagraphBuilder {
  public:
    /// Plain characters (codes of 32 and more), each one hchar.
    ParagraphBuilder& chars(const std::vector<std::uint16_t>& codes);
    /// ASCII text.
    ParagraphBuilder& ascii(const std::string& text);
    ParagraphBuilder& tab();
    ParagraphBuilder& nonBreakingSpace();
    /// A footnote (or endnote) holding `paragraphs`.
    ParagraphBuilder& note(bool endnote, std::uint16_t number,
                           const std::vector<ParagraphBuilder>& paragraphs);
    /// A header (or footer) holding `paragraphs`.
    ParagraphBuilder& headerFooter(bool footer, const std::vector<ParagraphBuilder>& paragraphs);
    /// A table of cells given by their position and size in 1/1800 inch, each with its
    /// paragraphs; `kind` 0 table, 1 text box, 2 equation.
    struct Cell {
        std::uint16_t x = 0, y = 0, width = 0, height = 0;
        std::vector<ParagraphBuilder> paragraphs;
    };
    ParagraphBuilder& box(std::uint16_t kind, const std::vector<Cell>& cells,
                          const std::vector<ParagraphBuilder>& caption = {});
    /// A picture of an external or embedded file named `name`.
    ParagraphBuilder& picture(const std::string& name);
    /// A field code (누름틀) around nothing: begin and end structures with `guide` as string #2.
    ParagraphBuilder& field(const std::string& guide);
    /// A bookmark named `name`.
    ParagraphBuilder& bookmark(const std::string& name);
    /// An outline number (kind 1) or shape (kind 0) at `level` (0 for level 1): the seven
    /// levels' current numbers and shape codes, and each level's sign before and after.
    ParagraphBuilder& outline(std::uint16_t kind, std::uint8_t level,
                              const std::vector<std::uint16_t>& numbers,
                              const std::vector<std::uint16_t>& shapes,
                              const std::vector<std::pair<char, char>>& signs);

    /// The paragraph's bytes: information, line information, characters.
    std::string bytes() const;

  private:
    void special(std::uint16_t code, std::uint16_t extraUnits, const std::string& after);
    std::string m_chars;
    std::uint16_t m_count = 0;
};

/// A paragraph list: the paragraphs, then the empty paragraph that ends it.
std::string paragraphList(const std::vector<ParagraphBuilder>& paragraphs);

struct Document {
    std::vector<ParagraphBuilder> paragraphs;
    std::string title;
    std::string author;
    bool compressed = true;
    bool encrypted = false;
    /// Bytes appended after the body (the uncompressed additional information block #2).
    std::string trailer = std::string("\x00\x00\x00\x80\x00\x00\x00\x00", 8);
};

/// The whole file.
std::string write(const Document& document);
/// The body alone (font names, styles, paragraph list, end of the additional blocks), as it is
/// before compression.
std::string body(const Document& document);

}  // namespace jikji::test::hwp3
