#pragma once

#include <cstdint>
#include <string_view>

#include "document.h"
#include "status.h"

namespace jikji {

/// Where a table cell sits and what it covers.
struct CellPosition {
    std::uint32_t row = 0;
    std::uint32_t col = 0;
    std::uint32_t rowSpan = 1;
    std::uint32_t colSpan = 1;
};

/// A tracked change: `kind` `deleted` or `inserted` (empty: none); who made it and when (RFC
/// 3339), empty when the document does not say.
struct ChangeMark {
    std::string_view kind;
    std::string_view author;
    std::string_view date;
};

/// The events a converter emits while it reads a document. Open/close calls come in pairs;
/// text arrives as UTF-8 (`\t` for a tab, `\n` for a line break inside a paragraph). A sink
/// tolerates badly nested events from a confused converter: it never crashes on them.
class DocumentSink {
  public:
    virtual ~DocumentSink() = default;

    virtual void setFormat(std::string_view format, std::string_view mediaType) = 0;
    virtual void setMetadata(std::string_view key, std::string_view value) = 0;
    virtual void warn(std::string_view code, std::string_view message,
                      std::string_view where = {}) = 0;
    /// The page (1-based) that blocks opened from now on start on; 0 when unknown. Formats
    /// without pages never call it.
    virtual void setPage(std::uint32_t page) { (void)page; }

    /// `kind` is Paragraph, Heading (level ≥ 1) or ListItem (level ≥ 0).
    virtual void openParagraph(BlockKind kind = BlockKind::Paragraph, int level = 0) = 0;
    virtual void closeParagraph() = 0;
    /// The number or bullet an editor shows before the innermost open paragraph (a heading or
    /// list item): its `mark`, and the start of its text followed by a space when it holds any
    /// text (an empty numbered paragraph shows nothing).
    virtual void setParagraphHead(std::string_view head) { (void)head; }
    virtual void insertText(std::string_view utf8) = 0;
    /// The same for text known to be well-formed UTF-8 (an XML parser's, which refuses
    /// anything else): control characters are still dropped, the UTF-8 need not be checked.
    virtual void insertValidText(std::string_view utf8) { insertText(utf8); }
    virtual void openLink(std::string_view href) = 0;
    virtual void closeLink() = 0;
    /// Marks the text that follows as a tracked change, `deleted` or `inserted`, until called
    /// again with an empty `change.kind`; within one paragraph, as a link. Objects opened while
    /// it is set (tables, images, equations, text boxes, notes) are marked as a whole.
    virtual void setChange(const ChangeMark& change) { (void)change; }
    /// Marks the break that ends the innermost open paragraph as a tracked change: `deleted`
    /// joins the paragraph with the next one in the final text.
    virtual void setBreakChange(std::string_view change) { (void)change; }

    virtual void openTable(std::uint32_t rows, std::uint32_t cols) = 0;
    virtual void closeTable() = 0;
    virtual void openCell(const CellPosition& position) = 0;
    /// Moves the innermost open cell to `position`, for formats that give a cell's address and
    /// span after its content (HWPX); between openCell and closeCell.
    virtual void setCellPosition(const CellPosition& position) = 0;
    virtual void closeCell() = 0;
    /// Between openTable and closeTable, outside any cell.
    virtual void openCaption() = 0;
    virtual void closeCaption() = 0;

    virtual void openNote(NoteKind kind, std::string_view mark) = 0;
    /// Sets the mark of the innermost open note, for formats that give it inside the note
    /// (HWPML's AUTONUM).
    virtual void setNoteMark(std::string_view mark) { (void)mark; }
    virtual void closeNote() = 0;
    /// `kind` is Header or Footer.
    virtual void openHeaderFooter(BlockKind kind) = 0;
    virtual void closeHeaderFooter() = 0;
    virtual void openTextBox() = 0;
    virtual void closeTextBox() = 0;
    /// Opens a text box that is a note on the document rather than part of its pages, `kind`
    /// `hidden_comment` or `memo`: its text is kept in the blocks, no part of the text.
    /// closeTextBox closes it.
    virtual void openAnnotation(std::string_view kind) {
        (void)kind;
        openTextBox();
    }
    /// What a form object shows (its caption, its content), `kind` one of `button`,
    /// `check_button`, `radio_button`, `combo_box`, `list_box`, `edit`, or `unknown` for a kind
    /// the converter cannot name (any other value is taken for `unknown`): a text box of one
    /// paragraph where it stands; nothing when `text` is blank.
    virtual void insertFormObject(std::string_view kind, std::string_view text) {
        (void)kind;
        openTextBox();
        openParagraph();
        insertText(text);
        closeParagraph();
        closeTextBox();
    }
    /// What an editor shows in place of an empty field (the guide of a click-here field): kept
    /// in the current paragraph as a run marked `field_instruction`, no part of the text.
    virtual void insertInstruction(std::string_view utf8) { (void)utf8; }

    virtual void insertImage(std::string_view target, std::string_view mediaType,
                             std::string_view alt) = 0;
    virtual void insertEquation(std::string_view script) = 0;
};

}  // namespace jikji
