#include "converters/hwpx/owpml_body.h"

#include "pipeline/errors.h"
#include "pipeline/limits.h"

namespace jikji::converters::hwpx {

void countBeyondLimit(std::uint64_t value) {
    throw LimitError("table address or span " + std::to_string(value) + " beyond " +
                     std::to_string(limits::kMaxTableCells));
}

OwpmlBody::OwpmlBody(DocumentSink& sink, std::string_view where) : m_sink(sink), m_where(where) {}

OwpmlBody::Close OwpmlBody::beginText() {
    ++m_textDepth;
    return Close::Text;
}

void OwpmlBody::special(Special kind) {
    if (!m_textDepth) return;
    switch (kind) {
        case Special::Tab:
            emit("\t");
            break;
        case Special::LineBreak:
            emit("\n");
            break;
        case Special::Hyphen:
            emit("-");
            break;
        case Special::NbSpace:
            emit("\u00A0");
            break;
        case Special::FwSpace:
            emit("\u2007");
            break;
    }
}

OwpmlBody::Close OwpmlBody::openTable(std::uint32_t rows, std::uint32_t cols) {
    if (m_tables.size() >= limits::kMaxObjectNesting)
        throw LimitError("tables nested deeper than " + std::to_string(limits::kMaxObjectNesting) +
                         " in " + m_where);
    m_sink.openTable(rows, cols);
    m_tables.push_back(TableState{0, 0, false, m_cells.size()});
    return Close::Table;
}

void OwpmlBody::startRow() {
    if (m_tables.empty()) return;
    TableState& table = m_tables.back();
    if (table.started) ++table.row;
    table.started = true;
    table.col = 0;
}

OwpmlBody::Close OwpmlBody::openCell(const CellPosition& position) {
    m_cells.push_back(position);
    m_sink.openCell(position);
    return Close::Cell;
}

OwpmlBody::Close OwpmlBody::openCaption() {
    m_sink.openCaption();
    return Close::Caption;
}

OwpmlBody::Close OwpmlBody::openTextBox() {
    m_sink.openTextBox();
    return Close::TextBox;
}

OwpmlBody::Close OwpmlBody::openAnnotation(std::string_view kind) {
    m_sink.openAnnotation(kind);
    ++m_kept.annotations;
    return Close::TextBox;
}

OwpmlBody::Close OwpmlBody::openHeaderFooter(BlockKind kind) {
    m_sink.openHeaderFooter(kind);
    return Close::HeaderFooter;
}

OwpmlBody::Close OwpmlBody::openNote(NoteKind kind, std::string_view mark) {
    m_sink.openNote(kind, mark);
    return Close::Note;
}

OwpmlBody::Close OwpmlBody::beginEquation() {
    m_script.clear();
    return Close::Equation;
}

OwpmlBody::Close OwpmlBody::beginScript() {
    m_inScript = true;
    return Close::Script;
}

OwpmlBody::Close OwpmlBody::beginFormText(std::string_view kind) {
    m_formKind = kind;
    m_formText.clear();
    m_inFormText = true;
    return Close::FormText;
}

bool OwpmlBody::collect(std::string_view utf8) {
    std::string* into = m_inScript ? &m_script : m_inFormText ? &m_formText : nullptr;
    if (!into) return false;
    if (into->size() + utf8.size() > limits::kMaxRecordBytes)
        throw LimitError(std::string(m_inScript ? "equation script" : "form object text") +
                         " beyond " + std::to_string(limits::kMaxRecordBytes) + " bytes in " +
                         m_where);
    into->append(utf8);
    return true;
}

OwpmlBody::Close OwpmlBody::beginAutoNumber(std::string_view type, std::uint32_t number) {
    // 0 is no number Hancom laid out (writers other than Hancom leave it so).
    if (!isCaptionNumberType(type) || number == 0) return Close::None;
    m_inAutoNumber = true;
    m_autoNumber = number;
    m_autoNumberShape = NumberShape::Digit;
    m_autoNumberPrefix.clear();
    m_autoNumberSuffix.clear();
    return Close::AutoNumber;
}

void OwpmlBody::setAutoNumberFormat(std::string_view shape, std::string_view prefix,
                                    std::string_view suffix) {
    if (!m_inAutoNumber) return;
    m_autoNumberShape = numberShapeOf(shape);
    // One character each in the formats; anything longer is not a decoration.
    m_autoNumberPrefix = prefix.size() <= 4 ? std::string(prefix) : "";
    m_autoNumberSuffix = suffix.size() <= 4 ? std::string(suffix) : "";
}

void OwpmlBody::close(Close what) {
    switch (what) {
        case Close::None:
            break;
        case Close::Paragraph:
            m_sink.closeParagraph();
            break;
        case Close::Text:
            if (m_textDepth) --m_textDepth;
            break;
        case Close::Table:
            m_sink.closeTable();
            if (!m_tables.empty()) m_tables.pop_back();
            break;
        case Close::Cell:
            if (!m_cells.empty()) m_cells.pop_back();
            m_sink.closeCell();
            break;
        case Close::Caption:
            m_sink.closeCaption();
            break;
        case Close::TextBox:
            m_sink.closeTextBox();
            break;
        case Close::Note:
            m_sink.closeNote();
            break;
        case Close::HeaderFooter:
            m_sink.closeHeaderFooter();
            break;
        case Close::Equation:
            m_sink.insertEquation(trim(m_script));
            m_script.clear();
            break;
        case Close::Script:
            m_inScript = false;
            break;
        case Close::AutoNumber:
            m_inAutoNumber = false;
            m_sink.insertText(m_autoNumberPrefix + formatNumber(m_autoNumber, m_autoNumberShape) +
                              m_autoNumberSuffix);
            break;
        case Close::FormText:
            m_inFormText = false;
            m_sink.insertFormObject(m_formKind, trim(m_formText));
            m_formText.clear();
            break;
    }
}

void OwpmlBody::finish() {
    warnKeptApart(m_sink, m_kept, m_where);
    m_kept = {};
}

}  // namespace jikji::converters::hwpx
