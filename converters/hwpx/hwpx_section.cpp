#include "converters/hwpx/hwpx_section.h"

#include <unordered_map>

#include "converters/common/hancom_fields.h"
#include "pipeline/errors.h"
#include "pipeline/limits.h"

namespace jikji::converters::hwpx {

enum class SectionReader::Tag : unsigned char {
    Other,
    Foreign,
    P,
    T,
    Tab,
    LineBreak,
    NbSpace,
    FwSpace,
    Hyphen,
    Tbl,
    Tr,
    Tc,
    CellAddr,
    CellSpan,
    Caption,
    DrawText,
    Ctrl,
    Header,
    Footer,
    FootNote,
    EndNote,
    HiddenComment,
    FieldBegin,
    FieldEnd,
    StringParam,
    Pic,
    Img,
    Ole,
    Chart,
    Equation,
    Script,
    ShapeComment,
    LineSegArray,
    SecPr,
    Switch,
    Case,
    Default,
    DeleteBegin,
    DeleteEnd,
    InsertBegin,
    InsertEnd,
    Compose,
    MainText,
    FormButton,
    ComboBox,
    ListItem,
    Edit,
    EditText,
};

enum class SectionReader::Action : unsigned char {
    None,
    CloseParagraph,
    EndText,
    CloseTable,
    CloseCell,
    CloseCaption,
    CloseTextBox,
    CloseNote,
    CloseHeaderFooter,
    EndField,
    EndParam,
    EndPicture,
    EndEquation,
    EndScript,
    EndSwitch,
    EndRuby,
    EndComboBox,
    EndEditText,
};

namespace {

using Tag = SectionReader::Tag;

Tag tagOf(std::string_view local) {
    static const std::unordered_map<std::string_view, Tag> kTags = {
        {"p", Tag::P},
        {"t", Tag::T},
        {"tab", Tag::Tab},
        {"lineBreak", Tag::LineBreak},
        {"nbSpace", Tag::NbSpace},
        {"fwSpace", Tag::FwSpace},
        {"hyphen", Tag::Hyphen},
        {"tbl", Tag::Tbl},
        {"tr", Tag::Tr},
        {"tc", Tag::Tc},
        {"cellAddr", Tag::CellAddr},
        {"cellSpan", Tag::CellSpan},
        {"caption", Tag::Caption},
        {"drawText", Tag::DrawText},
        {"ctrl", Tag::Ctrl},
        {"header", Tag::Header},
        {"footer", Tag::Footer},
        {"footNote", Tag::FootNote},
        {"endNote", Tag::EndNote},
        {"hiddenComment", Tag::HiddenComment},
        {"fieldBegin", Tag::FieldBegin},
        {"fieldEnd", Tag::FieldEnd},
        {"stringParam", Tag::StringParam},
        {"pic", Tag::Pic},
        {"img", Tag::Img},
        {"ole", Tag::Ole},
        {"chart", Tag::Chart},
        {"equation", Tag::Equation},
        {"script", Tag::Script},
        {"shapeComment", Tag::ShapeComment},
        {"linesegarray", Tag::LineSegArray},
        {"secPr", Tag::SecPr},
        {"switch", Tag::Switch},
        {"case", Tag::Case},
        {"default", Tag::Default},
        {"deleteBegin", Tag::DeleteBegin},
        {"deleteEnd", Tag::DeleteEnd},
        {"insertBegin", Tag::InsertBegin},
        {"insertEnd", Tag::InsertEnd},
        {"compose", Tag::Compose},
        {"mainText", Tag::MainText},
        {"btn", Tag::FormButton},
        {"checkBtn", Tag::FormButton},
        {"radioBtn", Tag::FormButton},
        {"comboBox", Tag::ComboBox},
        {"listItem", Tag::ListItem},
        {"edit", Tag::Edit},
        {"text", Tag::EditText},
    };
    auto it = kTags.find(local);
    return it == kTags.end() ? Tag::Other : it->second;
}

bool isOwpmlUri(std::string_view uri) {
    return uri.empty() || uri.rfind("http://www.hancom.co.kr/hwpml/", 0) == 0 ||
           uri.rfind("http://www.owpml.org/owpml/", 0) == 0;
}

[[noreturn]] void countBeyondLimit(std::uint64_t value) {
    throw LimitError("table address or span " + std::to_string(value) + " beyond " +
                     std::to_string(limits::kMaxTableCells));
}

inline std::uint32_t parseCount(std::string_view text, std::uint32_t fallback, std::uint32_t low) {
    // Decimal digits only, as std::from_chars reads them; none, or a value beyond 32 bits,
    // gives the fallback.
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

}  // namespace

SectionReader::SectionReader(const HwpxPackage& package, DocumentSink& sink, std::string where)
    : m_package(package), m_sink(sink), m_where(std::move(where)) {
    m_stack.reserve(64);
}

SectionReader::~SectionReader() = default;

SectionReader::Tag SectionReader::classify(const XmlElement& element) {
    // libxml2 interns names, so a pair of pointers stands for a namespace and a local name.
    auto uri = reinterpret_cast<std::uintptr_t>(element.uriKey);
    auto local = reinterpret_cast<std::uintptr_t>(element.localKey);
    std::size_t slot = ((local ^ (uri >> 4)) * 0x9E3779B97F4A7C15ull) >> (64 - kTagCacheBits);
    TagSlot& cached = m_tagCache[slot];
    if (cached.localKey == element.localKey && cached.uriKey == element.uriKey && cached.localKey)
        return cached.tag;
    Tag tag = isOwpmlUri(element.uri) ? tagOf(element.local) : Tag::Foreign;
    cached = TagSlot{element.uriKey, element.localKey, tag};
    return tag;
}

void SectionReader::emitText(std::string_view utf8) {
    // libxml2 hands on well-formed UTF-8 only.
    m_sink.insertValidText(utf8);
}

void SectionReader::startLink(const Field& field) {
    std::string href = trim(field.path);
    if (href.empty()) href = hyperlinkTarget(field.command);
    if (href.empty()) return;
    m_linkId = field.id;
    m_linkHref = href;
    m_sink.openLink(m_linkHref);
}

void SectionReader::startElement(const XmlElement& element) {
    Tag tag = classify(element);
    // Most elements (runs, sub-lists, controls, foreign ones) only take a frame.
    if (m_skipDepth || tag == Tag::Other || tag == Tag::Foreign) {
        m_stack.push_back(Frame{tag, Action::None});
        return;
    }
    Tag parent = m_stack.empty() ? Tag::Other : m_stack.back().tag;
    Action action = Action::None;
    switch (tag) {
        case Tag::P: {
            ParagraphHead head =
                m_package.paragraphHead(element.attributeView(m_paraPrIDRef, m_scratch));
            m_sink.openParagraph(head.kind, head.level);
            if (!m_linkHref.empty()) m_sink.openLink(m_linkHref);
            if (!m_change.empty()) m_sink.setChange({m_change, m_changeAuthor, m_changeDate});
            action = Action::CloseParagraph;
            break;
        }
        case Tag::T:
            ++m_textDepth;
            action = Action::EndText;
            break;
        case Tag::Tab:
            if (m_textDepth) emitText("\t");
            break;
        case Tag::LineBreak:
            if (m_textDepth) emitText("\n");
            break;
        case Tag::NbSpace:
            if (m_textDepth) emitText("\u00A0");
            break;
        case Tag::FwSpace:
            if (m_textDepth) emitText("\u2007");
            break;
        case Tag::Hyphen:
            if (m_textDepth) emitText("-");
            break;
        case Tag::Tbl: {
            if (m_tables.size() >= limits::kMaxNestingDepth)
                throw LimitError("tables nested deeper than " +
                                 std::to_string(limits::kMaxNestingDepth));
            std::uint32_t rows = parseCount(element.attributeView("rowCnt", m_scratch), 0, 0);
            std::uint32_t cols = parseCount(element.attributeView("colCnt", m_scratch), 0, 0);
            m_sink.openTable(rows, cols);
            m_tables.emplace_back();
            action = Action::CloseTable;
            break;
        }
        case Tag::Tr:
            if (!m_tables.empty()) {
                TableState& table = m_tables.back();
                if (table.started) ++table.row;
                table.started = true;
                table.col = 0;
            }
            break;
        case Tag::Tc: {
            CellPosition position;
            if (!m_tables.empty()) {
                position.row = m_tables.back().row;
                position.col = m_tables.back().col++;
            }
            // The address and span follow the content: the cell opens where counting puts it
            // and moves once they are read.
            m_cells.push_back(position);
            m_sink.openCell(position);
            action = Action::CloseCell;
            break;
        }
        case Tag::CellAddr:
            if (parent == Tag::Tc && !m_cells.empty()) {
                CellPosition& cell = m_cells.back();
                cell.row = parseCount(element.rawAttribute(m_rowAddr), cell.row, 0);
                cell.col = parseCount(element.rawAttribute(m_colAddr), cell.col, 0);
                m_sink.setCellPosition(cell);
            }
            break;
        case Tag::CellSpan:
            if (parent == Tag::Tc && !m_cells.empty()) {
                CellPosition& cell = m_cells.back();
                cell.rowSpan = parseCount(element.rawAttribute(m_rowSpan), 1, 1);
                cell.colSpan = parseCount(element.rawAttribute(m_colSpan), 1, 1);
                m_sink.setCellPosition(cell);
            }
            break;
        case Tag::Caption:
            m_sink.openCaption();
            action = Action::CloseCaption;
            break;
        case Tag::DrawText:
            m_sink.openTextBox();
            action = Action::CloseTextBox;
            break;
        case Tag::HiddenComment:
            m_sink.openAnnotation("hidden_comment");
            ++m_kept.annotations;
            action = Action::CloseTextBox;
            break;
        case Tag::Header:
        case Tag::Footer:
            m_sink.openHeaderFooter(tag == Tag::Header ? BlockKind::Header : BlockKind::Footer);
            action = Action::CloseHeaderFooter;
            break;
        case Tag::FootNote:
        case Tag::EndNote:
            m_sink.openNote(tag == Tag::FootNote ? NoteKind::Foot : NoteKind::End,
                            element.attributeView("number", m_scratch));
            action = Action::CloseNote;
            break;
        case Tag::FieldBegin: {
            if (m_fields.size() >= limits::kMaxNestingDepth)
                throw LimitError("fields nested deeper than " +
                                 std::to_string(limits::kMaxNestingDepth));
            Field& field = m_fields.emplace_back();
            field.id = element.attribute("id");
            field.type = element.attribute("type");
            // A memo carries its body in a subList inside the field.
            if (field.type == "MEMO") {
                m_sink.openAnnotation("memo");
                ++m_kept.annotations;
            }
            action = Action::EndField;
            break;
        }
        case Tag::FieldEnd:
            if (!m_linkId.empty() && element.attributeView("beginIDRef", m_scratch) == m_linkId) {
                m_sink.closeLink();
                m_linkId.clear();
                m_linkHref.clear();
            }
            break;
        case Tag::StringParam:
            if (!m_fields.empty()) {
                Field& field = m_fields.back();
                field.param = element.attribute("name");
                field.value.clear();
                field.collecting =
                    field.param == "Path" || field.param == "Command" || field.param == "Direction";
                action = Action::EndParam;
            }
            break;
        case Tag::Pic:
            ++m_pictureDepth;
            action = Action::EndPicture;
            break;
        case Tag::Img:
            if (m_pictureDepth) {
                std::string id = element.attribute("binaryItemIDRef");
                const PackageItem* item = m_package.item(id);
                if (item) {
                    std::string target = m_package.resolve(item->href);
                    m_sink.insertImage(target.empty() ? item->href : target, item->mediaType, {});
                } else if (!id.empty()) {
                    m_sink.insertImage(id, {}, {});
                }
            }
            break;
        case Tag::Ole: {
            // An OLE object (a Hancell sheet, a chart) is referenced as HWP 5 references it.
            std::string id = element.attribute("binaryItemIDRef");
            if (const PackageItem* item = m_package.item(id)) {
                std::string target = m_package.resolve(item->href);
                m_sink.insertImage(target.empty() ? item->href : target, item->mediaType, {});
            } else if (!id.empty()) {
                m_sink.insertImage(id, {}, {});
            }
            break;
        }
        case Tag::Chart: {
            std::string part = element.attribute("chartIDRef");
            if (!part.empty()) m_sink.insertImage(part, "application/xml", {});
            break;
        }
        case Tag::Equation:
            m_script.clear();
            action = Action::EndEquation;
            break;
        case Tag::Script:
            m_inScript = true;
            action = Action::EndScript;
            break;
        case Tag::ShapeComment:
        case Tag::LineSegArray:
            m_skipDepth = m_stack.size() + 1;
            break;
        case Tag::Switch:
            m_switchTaken.push_back(false);
            action = Action::EndSwitch;
            break;
        case Tag::Case:
        case Tag::Default:
            // One branch of a switch only: the alternatives say the same thing twice.
            if (parent == Tag::Switch && !m_switchTaken.empty()) {
                if (m_switchTaken.back())
                    m_skipDepth = m_stack.size() + 1;
                else
                    m_switchTaken.back() = true;
            }
            break;
        case Tag::DeleteBegin:
        case Tag::InsertBegin:
            // A tracked change: the run is kept, marked; a deleted one stays out of the text.
            m_change = tag == Tag::DeleteBegin ? "deleted" : "inserted";
            m_changeId = element.attribute("Id");
            if (const TrackChange* change =
                    m_package.trackChange(element.attributeView("TcId", m_scratch))) {
                m_changeAuthor = change->author;
                m_changeDate = change->date;
            } else {
                m_changeAuthor.clear();
                m_changeDate.clear();
            }
            ++m_kept.trackedChanges;
            m_sink.setChange({m_change, m_changeAuthor, m_changeDate});
            break;
        case Tag::DeleteEnd:
        case Tag::InsertEnd:
            if (m_changeId.empty() || element.attributeView("Id", m_scratch) == m_changeId) {
                m_change.clear();
                m_changeId.clear();
                m_sink.setChange({});
            }
            break;
        case Tag::Compose:
            emitText(element.attributeView("composeText", m_scratch));
            break;
        case Tag::MainText:
            m_inRubyText = true;
            action = Action::EndRuby;
            break;
        // Form objects: what the page shows of them, as HWP 5 and HWPML give it.
        case Tag::FormButton: {
            std::string_view local = element.local;
            m_sink.insertFormObject(local == "checkBtn"   ? "check_button"
                                    : local == "radioBtn" ? "radio_button"
                                                          : "button",
                                    trim(element.attributeView("caption", m_scratch)));
            break;
        }
        case Tag::ComboBox:
            m_formText = element.attribute("selectedValue");
            action = Action::EndComboBox;
            break;
        case Tag::ListItem:
            // HWP 5's combo box Text is its HWPX twin's list item value.
            if (parent == Tag::ComboBox && m_formText.empty()) {
                m_formText = element.attribute("displayText");
                if (m_formText.empty()) m_formText = element.attribute("value");
            }
            break;
        case Tag::EditText:
            if (parent == Tag::Edit) {
                m_formText.clear();
                m_inFormText = true;
                action = Action::EndEditText;
            }
            break;
        case Tag::Edit:
        case Tag::Ctrl:
        case Tag::SecPr:
        case Tag::Other:
        case Tag::Foreign:
            break;
    }
    m_stack.push_back(Frame{tag, action});
}

void SectionReader::endElement() {
    if (m_stack.empty()) return;
    Frame frame = m_stack.back();
    m_stack.pop_back();
    if (m_skipDepth && m_stack.size() + 1 == m_skipDepth) m_skipDepth = 0;
    if (frame.action == Action::None) return;
    switch (frame.action) {
        case Action::None:
            break;
        case Action::CloseParagraph:
            m_sink.closeParagraph();
            break;
        case Action::EndText:
            if (m_textDepth) --m_textDepth;
            break;
        case Action::CloseTable:
            m_sink.closeTable();
            if (!m_tables.empty()) m_tables.pop_back();
            break;
        case Action::CloseCell:
            if (!m_cells.empty()) m_cells.pop_back();
            m_sink.closeCell();
            break;
        case Action::CloseCaption:
            m_sink.closeCaption();
            break;
        case Action::CloseTextBox:
            m_sink.closeTextBox();
            break;
        case Action::CloseNote:
            m_sink.closeNote();
            break;
        case Action::CloseHeaderFooter:
            m_sink.closeHeaderFooter();
            break;
        case Action::EndField:
            if (!m_fields.empty()) {
                Field field = std::move(m_fields.back());
                m_fields.pop_back();
                if (field.type == "HYPERLINK") startLink(field);
                if (field.type == "MEMO") m_sink.closeTextBox();
                if (field.type == "CLICK_HERE") {
                    // The guide an editor shows while the field is empty: kept, marked.
                    std::string guide = trim(field.direction);
                    if (guide.empty()) guide = clickHereGuide(field.command);
                    if (!guide.empty()) {
                        m_sink.insertInstruction(guide);
                        ++m_kept.instructions;
                    }
                }
            }
            break;
        case Action::EndParam:
            if (!m_fields.empty()) {
                Field& field = m_fields.back();
                if (field.param == "Path") field.path = field.value;
                if (field.param == "Command") field.command = field.value;
                if (field.param == "Direction") field.direction = field.value;
                field.collecting = false;
            }
            break;
        case Action::EndPicture:
            if (m_pictureDepth) --m_pictureDepth;
            break;
        case Action::EndEquation:
            m_sink.insertEquation(trim(m_script));
            m_script.clear();
            break;
        case Action::EndScript:
            m_inScript = false;
            break;
        case Action::EndSwitch:
            if (!m_switchTaken.empty()) m_switchTaken.pop_back();
            break;
        case Action::EndRuby:
            m_inRubyText = false;
            break;
        case Action::EndComboBox:
            m_sink.insertFormObject("combo_box", trim(m_formText));
            m_formText.clear();
            break;
        case Action::EndEditText:
            m_inFormText = false;
            m_sink.insertFormObject("edit", trim(m_formText));
            m_formText.clear();
            break;
    }
}

void SectionReader::text(std::string_view utf8) {
    if (m_skipDepth) return;
    if (m_inScript) {
        if (m_script.size() + utf8.size() > limits::kMaxRecordBytes)
            throw LimitError("equation script beyond " + std::to_string(limits::kMaxRecordBytes) +
                             " bytes in " + m_where);
        m_script.append(utf8);
    } else if (m_inFormText) {
        if (m_formText.size() + utf8.size() <= limits::kMaxMetadataValueBytes)
            m_formText.append(utf8);
    } else if (!m_fields.empty() && m_fields.back().collecting) {
        Field& field = m_fields.back();
        if (field.value.size() + utf8.size() <= limits::kMaxMetadataValueBytes)
            field.value.append(utf8);
    } else if (m_textDepth || m_inRubyText) {
        emitText(utf8);
    }
}

void SectionReader::finish() {
    warnKeptApart(m_sink, m_kept, m_where);
    m_kept = {};
    m_skipDepth = 0;
    while (!m_stack.empty())
        endElement();
}

}  // namespace jikji::converters::hwpx
