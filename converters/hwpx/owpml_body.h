#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "converters/common/hancom_fields.h"
#include "pipeline/document_sink.h"
#include "pipeline/limits.h"

namespace jikji::converters::hwpx {

[[noreturn]] void countBeyondLimit(std::uint64_t value);

/// A count, address or span attribute (HWPX, HWPML): its leading decimal digits, at least
/// `low`; `fallback` when it has none or they pass 32 bits. Throws LimitError past
/// limits::kMaxTableCells.
inline std::uint32_t parseCount(std::string_view text, std::uint32_t fallback, std::uint32_t low) {
    if (text.empty() || text[0] < '0' || text[0] > '9') return fallback;
    std::uint64_t value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') break;
        value = value * 10 + static_cast<std::uint64_t>(c - '0');
        if (value > 0xFFFFFFFFu) return fallback;
    }
    if (value > limits::kMaxTableCells) countBeyondLimit(value);
    auto count = static_cast<std::uint32_t>(value);
    return count < low ? low : count;
}

/// An id or number attribute (HWPX, HWPML): the whole value in decimal, `fallback` when it is
/// not one.
inline std::uint32_t parseUnsigned(std::string_view text, std::uint32_t fallback = 0) {
    std::uint32_t value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc() ? value : fallback;
}

/// The body events that HWPX sections and HWPML documents share (OWPML grew out of HWPML: the
/// same text runs and character specials, tables counted row by row, cells, captions, text boxes,
/// notes, headers and footers, equation scripts and form object text, under other element
/// names), turned into document sink events one way for both readers. A reader maps its element
/// to a call here and keeps the `Close` it returns in the element's frame; `close` runs it when
/// the element ends.
class OwpmlBody {
  public:
    /// What an element's end closes.
    enum class Close : unsigned char {
        None,
        Paragraph,
        Text,
        Table,
        Cell,
        Caption,
        TextBox,
        Note,
        HeaderFooter,
        Equation,
        Script,
        FormText,
        AutoNumber,
    };
    /// The character elements inside a text run.
    enum class Special : unsigned char { Tab, LineBreak, Hyphen, NbSpace, FwSpace };

    struct TableState {
        std::uint32_t row = 0;
        std::uint32_t col = 0;
        bool started = false;
        /// How many cells were open around the table.
        std::size_t cellDepth = 0;
    };

    OwpmlBody(DocumentSink& sink, std::string_view where);

    DocumentSink& sink() { return m_sink; }

    /// A run of text (HWPX `t`, HWPML `CHAR`, the main text of a ruby).
    Close beginText();
    bool inText() const { return m_textDepth != 0; }
    /// A tab, line break, hyphen or space element: its character, inside a text run only.
    void special(Special kind);

    /// Throws LimitError past limits::kMaxObjectNesting tables in tables.
    Close openTable(std::uint32_t rows, std::uint32_t cols);
    /// The innermost open table; null outside tables.
    TableState* table() { return m_tables.empty() ? nullptr : &m_tables.back(); }
    /// A row starts: the next cell counts from its first column.
    void startRow();
    Close openCell(const CellPosition& position);
    /// The innermost open cell, whose address or span the reader may still correct.
    CellPosition* cell() { return m_cells.empty() ? nullptr : &m_cells.back(); }
    std::size_t cellDepth() const { return m_cells.size(); }

    Close openCaption();
    Close openTextBox();
    /// A hidden comment or memo: a text box marked `kind`, kept out of the text.
    Close openAnnotation(std::string_view kind);
    Close openHeaderFooter(BlockKind kind);
    Close openNote(NoteKind kind, std::string_view mark);

    /// An equation: its script element's text is collected, apart from the text.
    Close beginEquation();
    Close beginScript();
    /// The text a form object shows (an edit's): collected, then inserted as a `kind` object.
    Close beginFormText(std::string_view kind);

    /// An auto number (HWPX `autoNum`, HWPML `AUTONUM`) of `type` showing `number`: a caption's
    /// (picture, table, equation: isCaptionNumberType) is text, written where the element ends
    /// in the shape its format gives; page and note numbers are not.
    Close beginAutoNumber(std::string_view type, std::uint32_t number);
    /// The open auto number's format (HWPX `autoNumFormat`, HWPML `AUTONUMFORMAT`): its shape's
    /// name and the characters written before and after the number.
    void setAutoNumberFormat(std::string_view shape, std::string_view prefix,
                             std::string_view suffix);

    /// Takes character data that belongs to a script or a form object's text; false when the
    /// reader is to place it itself. Throws LimitError past limits::kMaxRecordBytes.
    bool collect(std::string_view utf8);
    /// Text of a run (libxml2 hands on well-formed UTF-8 only).
    void emit(std::string_view utf8) { m_sink.insertValidText(utf8); }

    void close(Close what);

    /// Counts of what was kept apart, for the warnings of `finish`.
    KeptApart& kept() { return m_kept; }
    /// The kept-apart warnings; the counts start again.
    void finish();

  private:
    DocumentSink& m_sink;
    std::string m_where;
    std::vector<TableState> m_tables;
    std::vector<CellPosition> m_cells;
    std::size_t m_textDepth = 0;
    bool m_inScript = false;
    std::string m_script;
    bool m_inFormText = false;
    std::string m_formKind;
    std::string m_formText;
    KeptApart m_kept;
    // The caption number being read: its value, shape and surrounding characters.
    bool m_inAutoNumber = false;
    std::uint32_t m_autoNumber = 0;
    NumberShape m_autoNumberShape = NumberShape::Digit;
    std::string m_autoNumberPrefix;
    std::string m_autoNumberSuffix;
};

}  // namespace jikji::converters::hwpx
