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
    AutoNum,
    AutoNumFormat,
};

// What an element's end does besides what OwpmlBody closes.
enum class SectionReader::Action : unsigned char {
    None,
    EndField,
    EndParam,
    EndPicture,
    EndSwitch,
    EndComboBox,
};

namespace {

using Tag = SectionReader::Tag;
using Close = OwpmlBody::Close;
using Special = OwpmlBody::Special;

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
        {"autoNum", Tag::AutoNum},
        {"autoNumFormat", Tag::AutoNumFormat},
    };
    auto it = kTags.find(local);
    return it == kTags.end() ? Tag::Other : it->second;
}

bool isOwpmlUri(std::string_view uri) {
    return uri.empty() || uri.rfind("http://www.hancom.co.kr/hwpml/", 0) == 0 ||
           uri.rfind("http://www.owpml.org/owpml/", 0) == 0;
}

}  // namespace

SectionReader::SectionReader(const HwpxPackage& package, DocumentSink& sink, std::string where,
                             ParagraphHeads* heads)
    : m_package(package), m_sink(sink), m_body(sink, where), m_heads(heads, sink) {
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
        m_stack.push_back(Frame{tag, Close::None, Action::None});
        return;
    }
    Tag parent = m_stack.empty() ? Tag::Other : m_stack.back().tag;
    Close close = Close::None;
    Action action = Action::None;
    switch (tag) {
        case Tag::P: {
            ParagraphHead head =
                m_package.paragraphHead(element.attributeView(m_paraPrIDRef, m_scratch));
            m_sink.openParagraph(head.kind, head.level);
            m_heads.openParagraph(head.head, head.id, head.headLevel());
            if (!m_linkHref.empty()) m_sink.openLink(m_linkHref);
            if (!m_change.empty()) m_sink.setChange({m_change, m_changeAuthor, m_changeDate});
            close = Close::Paragraph;
            break;
        }
        case Tag::T:
        case Tag::MainText:
            // A ruby's main text is text of the line; its subText is not read.
            close = m_body.beginText();
            break;
        case Tag::Tab:
            m_body.special(Special::Tab);
            break;
        case Tag::LineBreak:
            m_body.special(Special::LineBreak);
            break;
        case Tag::NbSpace:
            m_body.special(Special::NbSpace);
            break;
        case Tag::FwSpace:
            m_body.special(Special::FwSpace);
            break;
        case Tag::Hyphen:
            m_body.special(Special::Hyphen);
            break;
        case Tag::Tbl:
            close = m_body.openTable(parseCount(element.attributeView("rowCnt", m_scratch), 0, 0),
                                     parseCount(element.attributeView("colCnt", m_scratch), 0, 0));
            break;
        case Tag::Tr:
            m_body.startRow();
            break;
        case Tag::Tc: {
            CellPosition position;
            if (OwpmlBody::TableState* table = m_body.table()) {
                position.row = table->row;
                position.col = table->col++;
            }
            // The address and span follow the content: the cell opens where counting puts it
            // and moves once they are read.
            close = m_body.openCell(position);
            break;
        }
        case Tag::CellAddr:
            if (CellPosition* cell = parent == Tag::Tc ? m_body.cell() : nullptr) {
                cell->row = parseCount(element.rawAttribute(m_rowAddr), cell->row, 0);
                cell->col = parseCount(element.rawAttribute(m_colAddr), cell->col, 0);
                m_sink.setCellPosition(*cell);
            }
            break;
        case Tag::CellSpan:
            if (CellPosition* cell = parent == Tag::Tc ? m_body.cell() : nullptr) {
                cell->rowSpan = parseCount(element.rawAttribute(m_rowSpan), 1, 1);
                cell->colSpan = parseCount(element.rawAttribute(m_colSpan), 1, 1);
                m_sink.setCellPosition(*cell);
            }
            break;
        case Tag::Caption:
            close = m_body.openCaption();
            break;
        case Tag::DrawText:
            close = m_body.openTextBox();
            break;
        case Tag::HiddenComment:
            close = m_body.openAnnotation("hidden_comment");
            break;
        case Tag::Header:
        case Tag::Footer:
            close =
                m_body.openHeaderFooter(tag == Tag::Header ? BlockKind::Header : BlockKind::Footer);
            break;
        case Tag::FootNote:
        case Tag::EndNote:
            close = m_body.openNote(tag == Tag::FootNote ? NoteKind::Foot : NoteKind::End,
                                    element.attributeView("number", m_scratch));
            break;
        case Tag::FieldBegin: {
            if (m_fields.size() >= limits::kMaxNestingDepth)
                throw LimitError("fields nested deeper than " +
                                 std::to_string(limits::kMaxNestingDepth));
            Field& field = m_fields.emplace_back();
            field.id = element.attribute("id");
            field.type = element.attribute("type");
            // A memo carries its body in a subList inside the field.
            if (field.type == "MEMO") m_body.openAnnotation("memo");
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
            close = m_body.beginEquation();
            break;
        case Tag::Script:
            close = m_body.beginScript();
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
            ++m_body.kept().trackedChanges;
            m_sink.setChange({m_change, m_changeAuthor, m_changeDate});
            break;
        case Tag::DeleteEnd:
        case Tag::InsertEnd:
            // `paraend` says that the change takes in the paragraph's end: its break was deleted
            // (the final text joins the paragraph with the next) or inserted.
            if (std::string_view end = element.attributeView("paraend", m_scratch);
                end == "1" || end == "true")
                m_sink.setBreakChange(tag == Tag::DeleteEnd ? "deleted" : "inserted");
            if (m_changeId.empty() || element.attributeView("Id", m_scratch) == m_changeId) {
                m_change.clear();
                m_changeId.clear();
                m_sink.setChange({});
            }
            break;
        case Tag::Compose:
            m_body.emit(element.attributeView("composeText", m_scratch));
            break;
        case Tag::AutoNum:
            close =
                m_body.beginAutoNumber(element.attribute("numType"),
                                       parseCount(element.attributeView("num", m_scratch), 0, 0));
            break;
        case Tag::AutoNumFormat:
            if (parent == Tag::AutoNum)
                m_body.setAutoNumberFormat(element.attribute("type"),
                                           element.attribute("prefixChar"),
                                           element.attribute("suffixChar"));
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
            m_comboText = element.attribute("selectedValue");
            action = Action::EndComboBox;
            break;
        case Tag::ListItem:
            // HWP 5's combo box Text is its HWPX twin's list item value.
            if (parent == Tag::ComboBox && m_comboText.empty()) {
                m_comboText = element.attribute("displayText");
                if (m_comboText.empty()) m_comboText = element.attribute("value");
            }
            break;
        case Tag::EditText:
            if (parent == Tag::Edit) close = m_body.beginFormText("edit");
            break;
        case Tag::SecPr:
            m_heads.setOutline(
                parseUnsigned(element.attributeView("outlineShapeIDRef", m_scratch)));
            break;
        case Tag::Edit:
        case Tag::Ctrl:
        case Tag::Other:
        case Tag::Foreign:
            break;
    }
    m_stack.push_back(Frame{tag, close, action});
}

void SectionReader::endElement() {
    if (m_stack.empty()) return;
    Frame frame = m_stack.back();
    m_stack.pop_back();
    if (m_skipDepth && m_stack.size() + 1 == m_skipDepth) m_skipDepth = 0;
    if (frame.tag == Tag::P) m_heads.closeParagraph();
    m_body.close(frame.close);
    switch (frame.action) {
        case Action::None:
            break;
        case Action::EndField:
            if (!m_fields.empty()) {
                Field field = std::move(m_fields.back());
                m_fields.pop_back();
                if (field.type == "HYPERLINK") startLink(field);
                if (field.type == "MEMO") m_body.close(Close::TextBox);
                if (field.type == "CLICK_HERE") {
                    // The guide an editor shows while the field is empty: kept, marked.
                    std::string guide = trim(field.direction);
                    if (guide.empty()) guide = clickHereGuide(field.command);
                    if (!guide.empty()) {
                        m_sink.insertInstruction(guide);
                        ++m_body.kept().instructions;
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
        case Action::EndSwitch:
            if (!m_switchTaken.empty()) m_switchTaken.pop_back();
            break;
        case Action::EndComboBox:
            m_sink.insertFormObject("combo_box", trim(m_comboText));
            m_comboText.clear();
            break;
    }
}

void SectionReader::text(std::string_view utf8) {
    if (m_skipDepth || m_body.collect(utf8)) return;
    if (!m_fields.empty() && m_fields.back().collecting) {
        Field& field = m_fields.back();
        if (field.value.size() + utf8.size() <= limits::kMaxMetadataValueBytes)
            field.value.append(utf8);
    } else if (m_body.inText()) {
        m_body.emit(utf8);
    }
}

void SectionReader::finish() {
    m_body.finish();
    m_skipDepth = 0;
    while (!m_stack.empty())
        endElement();
}

}  // namespace jikji::converters::hwpx
