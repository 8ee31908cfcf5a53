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

    void setFormat(std::string_view format, std::string_view mediaType) override;
    void setMetadata(std::string_view key, std::string_view value) override;
    void warn(std::string_view code, std::string_view message, std::string_view where) override;

    void openParagraph(BlockKind kind, int level) override;
    void closeParagraph() override;
    void insertText(std::string_view utf8) override;
    void openLink(std::string_view href) override;
    void closeLink() override;

    void openTable(std::uint32_t rows, std::uint32_t cols) override;
    void closeTable() override;
    void openCell(const CellPosition& position) override;
    void setCellPosition(const CellPosition& position) override;
    void closeCell() override;
    void openCaption() override;
    void closeCaption() override;

    void openNote(NoteKind kind, std::string_view mark) override;
    void closeNote() override;
    void openHeaderFooter(BlockKind kind) override;
    void closeHeaderFooter() override;
    void openTextBox() override;
    void closeTextBox() override;

    void insertImage(std::string_view target, std::string_view mediaType,
                     std::string_view alt) override;
    void insertEquation(std::string_view script) override;

    /// Closes whatever is open, renders the text and hands the document over.
    Document finish(Status status);

    /// Bytes of text received so far, for converters that enforce a text limit.
    std::size_t textBytes() const { return m_textBytes; }

  private:
    enum class FrameKind { Root, Paragraph, Table, Cell, Caption, Container };
    struct Frame {
        FrameKind kind;
        Block block;
        TableCell cell;
        std::vector<Block> blocks;
        std::vector<Block> deferred;
        std::vector<TableCell> cells;
        std::string href;
    };

    Frame& top() { return m_stack.back(); }
    void push(FrameKind kind, Block block = {});
    bool closeUpTo(FrameKind kind, const char* event);
    void popFrame();
    static void place(Frame& parent, Block&& block);
    static void placeBlocks(Frame& parent, std::vector<Block>& blocks);
    static std::vector<Block>* containerOf(Frame& frame);
    std::string clean(std::string_view utf8);
    void appendClean(std::string_view utf8, std::string& out);

    Document m_document;
    std::vector<Frame> m_stack;
    std::size_t m_textBytes = 0;
    std::size_t m_invalidUtf8 = 0;
    std::size_t m_unbalanced = 0;
};

}  // namespace jikji
