#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "document.h"
#include "document_sink.h"

namespace jikji {

/// Builds the document tree from sink events. Objects anchored inside a paragraph (tables,
/// notes, text boxes, headers, images, equations) are placed right after that paragraph, so
/// notes follow the paragraph that cites them. Invalid UTF-8 is replaced and counted;
/// unbalanced events are repaired and reported as warnings.
class DocumentBuilder final : public DocumentSink {
  public:
    DocumentBuilder();
    ~DocumentBuilder() override;
    DocumentBuilder(const DocumentBuilder&) = delete;
    DocumentBuilder& operator=(const DocumentBuilder&) = delete;

    void setFormat(std::string_view format, std::string_view mediaType) override;
    void setMetadata(std::string_view key, std::string_view value) override;
    void warn(std::string_view code, std::string_view message, std::string_view where) override;
    void setPage(std::uint32_t page) override { m_page = page; }

    void openParagraph(BlockKind kind, int level) override;
    void closeParagraph() override;
    void setParagraphHead(std::string_view head) override;
    void insertText(std::string_view utf8) override;
    void insertValidText(std::string_view utf8) override;
    void openLink(std::string_view href) override;
    void closeLink() override;
    void setChange(const ChangeMark& change) override;
    void setBreakChange(std::string_view change) override;

    void openTable(std::uint32_t rows, std::uint32_t cols) override;
    void closeTable() override;
    void openCell(const CellPosition& position) override;
    void setCellPosition(const CellPosition& position) override;
    void closeCell() override;
    void openCaption() override;
    void closeCaption() override;

    void openNote(NoteKind kind, std::string_view mark) override;
    void setNoteMark(std::string_view mark) override;
    void closeNote() override;
    void openHeaderFooter(BlockKind kind) override;
    void closeHeaderFooter() override;
    void openTextBox() override;
    void closeTextBox() override;
    void openAnnotation(std::string_view kind) override;
    void insertInstruction(std::string_view utf8) override;
    void insertFormObject(std::string_view kind, std::string_view text) override;

    void insertImage(std::string_view target, std::string_view mediaType,
                     std::string_view alt) override;
    void insertEquation(std::string_view script) override;

    /// Closes whatever is open, renders the text (unless `renderText` is false: a caller that
    /// renders it again after changing the blocks) and hands the document over.
    Document finish(Status status, bool renderText = true);

    /// Bytes of text received so far, for converters that enforce a text limit.
    std::size_t textBytes() const { return m_textBytes; }

  private:
    enum class FrameKind { Root, Paragraph, Table, Cell, Caption, Container };
    // Every block is placed where it belongs as soon as it opens, so closing moves nothing.
    // `list`/`index` locate the frame's own block (paragraph, table, container); `blocks` is
    // where what opens inside the frame goes. A frame that collects nothing of its own (a
    // paragraph, a table outside its cells, a cell outside a table, a caption outside a
    // table) shares its parent's `blocks`, so objects anchored in a paragraph follow it.
    // These pointers stay valid: a vector only grows while the frames above the one owning it
    // all share it, and none of those holds a pointer into its elements.
    struct Frame {
        FrameKind kind = FrameKind::Root;
        std::vector<Block>* blocks = nullptr;
        std::vector<Block>* list = nullptr;
        std::size_t index = 0;
        // The table cell this frame fills (a cell inside a table), or null.
        TableCell* cell = nullptr;
        std::string href;
        std::string change;
        ChangeBy changeBy;
        // Set only while an instruction is being inserted.
        std::string_view annotation;
    };

    Frame& top() { return m_stack.back(); }
    Block& blockOf(const Frame& frame) { return (*frame.list)[frame.index]; }
    Frame& push(FrameKind kind);
    Block& pushBlock(FrameKind kind, BlockKind blockKind);
    void markObject(const Frame* anchor, Block& block) const;
    bool closeUpTo(FrameKind kind, const char* event);
    void popFrame();
    std::string clean(std::string_view utf8);
    void appendClean(std::string_view utf8, std::string& out);
    std::string* textTarget(std::string_view utf8);

    Document m_document;
    std::vector<Frame> m_stack;
    std::size_t m_textBytes = 0;
    // The last author and date of a tracked change, shared by the runs that follow it.
    ChangeBy m_changeBy;
    std::size_t m_invalidUtf8 = 0;
    std::size_t m_unbalanced = 0;
    std::uint32_t m_page = 0;
};

}  // namespace jikji
