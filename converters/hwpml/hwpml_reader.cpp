#include "converters/hwpml/hwpml_reader.h"

#include <cstdio>
#include <optional>
#include <unordered_map>

#include "converters/common/hancom_fields.h"
#include "pipeline/errors.h"
#include "pipeline/limits.h"

namespace jikji::converters::hwpml {

enum class HwpmlReader::Tag : unsigned char {
    Other,
    Root,
    Body,
    Summary,
    SummaryValue,
    ForbiddenString,
    ParaShape,
    BinItem,
    P,
    Char,
    Tab,
    LineBreak,
    Hyphen,
    NbSpace,
    FwSpace,
    Table,
    Row,
    Cell,
    ShapeObject,
    Caption,
    DrawText,
    MasterPage,
    HiddenComment,
    Header,
    Footer,
    FootNote,
    EndNote,
    FieldBegin,
    FieldEnd,
    Equation,
    Script,
    Picture,
    Image,
    ShapeComment,
    TextArt,
    MainText,
    SubText,
    BinData,
    ScriptCode,
    AutoNum,
    AutoNumFormat,
    Button,
    ButtonSet,
    ComboBox,
    Edit,
    EditText,
    Numbering,
    ParaHead,
    Bullet,
    SecDef,
};

// What an element's end does besides what the OWPML body closes.
enum class HwpmlReader::Action : unsigned char {
    None,
    EndNote,
    EndMetadata,
    EndScriptCode,
    EndNumbering,
    EndParaHead,
};

namespace {

using Tag = HwpmlReader::Tag;
using Close = hwpx::OwpmlBody::Close;
using Special = hwpx::OwpmlBody::Special;
using hwpx::parseCount;
using hwpx::parseUnsigned;

Tag tagOf(std::string_view name) {
    static const std::unordered_map<std::string_view, Tag> kTags = {
        {"HWPML", Tag::Root},
        {"BODY", Tag::Body},
        {"DOCSUMMARY", Tag::Summary},
        {"TITLE", Tag::SummaryValue},
        {"SUBJECT", Tag::SummaryValue},
        {"AUTHOR", Tag::SummaryValue},
        {"DATE", Tag::SummaryValue},
        {"KEYWORDS", Tag::SummaryValue},
        {"COMMENTS", Tag::SummaryValue},
        {"FORBIDDENSTRING", Tag::ForbiddenString},
        {"PARASHAPE", Tag::ParaShape},
        {"BINITEM", Tag::BinItem},
        {"P", Tag::P},
        {"CHAR", Tag::Char},
        {"TAB", Tag::Tab},
        {"LINEBREAK", Tag::LineBreak},
        // The specification's table of CHAR children spells it HYPEN.
        {"HYPHEN", Tag::Hyphen},
        {"HYPEN", Tag::Hyphen},
        {"NBSPACE", Tag::NbSpace},
        {"FWSPACE", Tag::FwSpace},
        {"TABLE", Tag::Table},
        {"ROW", Tag::Row},
        {"CELL", Tag::Cell},
        {"SHAPEOBJECT", Tag::ShapeObject},
        {"CAPTION", Tag::Caption},
        {"DRAWTEXT", Tag::DrawText},
        {"MASTERPAGE", Tag::MasterPage},
        {"EXT_MASTERPAGE", Tag::MasterPage},
        {"HIDDENCOMMENT", Tag::HiddenComment},
        {"HEADER", Tag::Header},
        {"FOOTER", Tag::Footer},
        {"FOOTNOTE", Tag::FootNote},
        {"ENDNOTE", Tag::EndNote},
        {"FIELDBEGIN", Tag::FieldBegin},
        {"FIELDEND", Tag::FieldEnd},
        {"EQUATION", Tag::Equation},
        {"SCRIPT", Tag::Script},
        {"PICTURE", Tag::Picture},
        {"IMAGE", Tag::Image},
        {"SHAPECOMMENT", Tag::ShapeComment},
        {"TEXTART", Tag::TextArt},
        {"MAINTEXT", Tag::MainText},
        {"SUBTEXT", Tag::SubText},
        {"BINDATA", Tag::BinData},
        {"SCRIPTCODE", Tag::ScriptCode},
        {"AUTONUM", Tag::AutoNum},
        {"AUTONUMFORMAT", Tag::AutoNumFormat},
        {"BUTTON", Tag::Button},
        {"RADIOBUTTON", Tag::Button},
        {"CHECKBUTTON", Tag::Button},
        {"BUTTONSET", Tag::ButtonSet},
        {"COMBOBOX", Tag::ComboBox},
        {"LISTBOX", Tag::ComboBox},
        {"EDIT", Tag::Edit},
        {"EDITTEXT", Tag::EditText},
        {"NUMBERING", Tag::Numbering},
        {"PARAHEAD", Tag::ParaHead},
        {"BULLET", Tag::Bullet},
        {"SECDEF", Tag::SecDef},
    };
    auto it = kTags.find(name);
    return it == kTags.end() ? Tag::Other : it->second;
}

std::string_view metadataKey(std::string_view element) {
    if (element == "TITLE") return "title";
    if (element == "SUBJECT") return "subject";
    if (element == "AUTHOR") return "author";
    if (element == "DATE") return "created";
    if (element == "KEYWORDS") return "keywords";
    return "description";
}

// DOCSUMMARY/DATE as Hangul writes it: `2021년 12월 7일 화요일 오후 12:41:20`, local (Korean)
// time; RFC 3339 with +09:00, or the date alone when no time follows.
std::optional<std::string> hangulDate(std::string_view text) {
    std::vector<int> numbers;
    for (std::size_t i = 0; i < text.size() && numbers.size() < 6;) {
        if (text[i] < '0' || text[i] > '9') {
            ++i;
            continue;
        }
        int value = 0;
        std::size_t digits = 0;
        for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++digits)
            if (digits < 5) value = value * 10 + (text[i] - '0');
        if (digits > 4) return std::nullopt;
        numbers.push_back(value);
    }
    if (numbers.size() < 3 || text.find("년") == std::string_view::npos) return std::nullopt;
    int year = numbers[0], month = numbers[1], day = numbers[2];
    static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (year < 1900 || month < 1 || month > 12 || day < 1 || day > kDays[month - 1])
        return std::nullopt;
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (month == 2 && day == 29 && !leap) return std::nullopt;
    char out[40];
    if (numbers.size() < 5) {
        std::snprintf(out, sizeof out, "%04d-%02d-%02d", year, month, day);
        return std::string(out);
    }
    int hour = numbers[3], minute = numbers[4], second = numbers.size() > 5 ? numbers[5] : 0;
    bool pm = text.find("오후") != std::string_view::npos;
    bool am = text.find("오전") != std::string_view::npos;
    if ((pm || am) && (hour < 1 || hour > 12)) return std::nullopt;
    if (pm && hour < 12) hour += 12;
    if (am && hour == 12) hour = 0;
    if (hour > 23 || minute > 59 || second > 59) return std::nullopt;
    std::snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:%02d+09:00", year, month, day, hour,
                  minute, second);
    return std::string(out);
}

}  // namespace

namespace {

// The model's name of a form object element.
std::string_view formKind(std::string_view element) {
    if (element == "RADIOBUTTON") return "radio_button";
    if (element == "CHECKBUTTON") return "check_button";
    if (element == "COMBOBOX") return "combo_box";
    if (element == "LISTBOX") return "list_box";
    if (element == "EDIT") return "edit";
    return "button";
}

}  // namespace

HwpmlReader::HwpmlReader(DocumentSink& sink, std::string where)
    : m_sink(sink),
      m_body(sink, where),
      m_where(std::move(where)),
      m_sectionHeads(&m_paragraphHeads, sink) {
    m_stack.reserve(64);
}

HwpmlReader::~HwpmlReader() = default;

HwpmlReader::Tag HwpmlReader::classify(const hwpx::XmlElement& element) {
    // HWPML has no namespace; an element of any namespace is foreign.
    if (!element.uri.empty()) return Tag::Other;
    return tagOf(element.local);
}

void HwpmlReader::startElement(const hwpx::XmlElement& element) {
    Tag tag = m_skipDepth ? Tag::Other : classify(element);
    Tag parent = m_stack.empty() ? Tag::Other : m_stack.back().tag;
    Close close = Close::None;
    Action action = Action::None;
    switch (tag) {
        case Tag::Root:
            m_summary.sawRoot = true;
            m_sink.setMetadata("format_version", element.attributeView("Version", m_scratch));
            m_sink.setMetadata("application_version",
                               element.attributeView("SubVersion", m_scratch));
            break;
        case Tag::Body:
            m_summary.sawBody = true;
            break;
        case Tag::SummaryValue:
            if (parent == Tag::Summary) {
                m_metadataKey = metadataKey(element.local);
                m_metadataValue.clear();
                action = Action::EndMetadata;
            }
            break;
        case Tag::ForbiddenString:
        case Tag::ShapeComment:
        case Tag::SubText:
            // Line-breaking rules, alt text that Hancom generates (`그림입니다.`), ruby text.
            m_skipDepth = m_stack.size() + 1;
            break;
        case Tag::ParaShape: {
            std::string_view type = element.attributeView("HeadingType", m_scratch);
            Head head;
            int level = static_cast<int>(parseCount(element.rawAttribute(m_levelName), 0, 0));
            if (type == "Outline") {
                head.kind = BlockKind::Heading;
                head.level = level + 1;
                head.head = HeadKind::Outline;
            } else if (type == "Number" || type == "Bullet") {
                head.kind = BlockKind::ListItem;
                head.level = level;
                head.head = type == "Number" ? HeadKind::Number : HeadKind::Bullet;
                head.id = parseUnsigned(element.attributeView("Heading", m_scratch));
            }
            if (head.kind != BlockKind::Paragraph) {
                if (m_heads.size() >= limits::kMaxTableCells)
                    throw LimitError("more than " + std::to_string(limits::kMaxTableCells) +
                                     " paragraph shapes in " + m_where);
                m_heads[element.attribute("Id")] = head;
            }
            break;
        }
        case Tag::BinItem: {
            // IMAGE's BinItem counts BINITEMs from 1, as HWP 5's BinData records.
            if (m_binItems.size() >= limits::kMaxContainerEntries)
                throw LimitError("more than " + std::to_string(limits::kMaxContainerEntries) +
                                 " binary items in " + m_where);
            BinItem& item = m_binItems.emplace_back();
            std::string_view type = element.attributeView("Type", m_scratch);
            if (type == "Link") {
                std::string relative = element.attribute("RPath");
                item.target = relative.empty() ? element.attribute("APath") : relative;
                std::size_t dot = item.target.rfind('.');
                item.mediaType = mediaTypeForExtension(
                    dot == std::string::npos ? "" : item.target.substr(dot + 1));
            } else {
                // Named as HWP 5 names the same item, so that twins give the same reference.
                std::uint32_t id = parseCount(element.rawAttribute(m_binDataName), 0, 0);
                std::string format =
                    type == "Storage" ? std::string("OLE") : element.attribute("Format");
                char name[32];
                std::snprintf(name, sizeof name, "BinData/BIN%04X.", id);
                item.target = name + format;
                item.mediaType = mediaTypeForExtension(format);
            }
            break;
        }
        case Tag::P: {
            Head head;
            if (!m_heads.empty()) {
                auto it = m_heads.find(element.attributeView("ParaShape", m_scratch));
                if (it != m_heads.end()) head = it->second;
            }
            m_sink.openParagraph(head.kind, head.level);
            m_sectionHeads.openParagraph(head.head, head.id, head.headLevel());
            if (!m_linkHref.empty()) m_sink.openLink(m_linkHref);
            close = Close::Paragraph;
            break;
        }
        case Tag::Numbering:
            m_numberingId = parseUnsigned(element.attributeView("Id", m_scratch));
            m_numberingLevels.clear();
            action = Action::EndNumbering;
            break;
        case Tag::ParaHead: {
            // Levels count from 1 and may come in any order; past the tenth is no level.
            std::uint32_t level = parseUnsigned(element.attributeView("Level", m_scratch));
            if (parent != Tag::Numbering || level < 1 || level > 10) break;
            if (m_numberingLevels.size() < level) m_numberingLevels.resize(level);
            NumberingLevel& numbering = m_numberingLevels[level - 1];
            numbering.shape = numberShapeOf(element.attributeView("NumFormat", m_scratch));
            numbering.start = parseUnsigned(element.attributeView("Start", m_scratch), 1);
            m_headFormat = &numbering.format;
            action = Action::EndParaHead;
            break;
        }
        case Tag::Bullet:
            m_paragraphHeads.defineBullet(parseUnsigned(element.attributeView("Id", m_scratch)),
                                          element.attribute("Char"));
            break;
        case Tag::SecDef:
            m_sectionHeads.setOutline(
                parseUnsigned(element.attributeView("OutlineShape", m_scratch)));
            break;
        case Tag::Char:
        case Tag::MainText:
            // A DUTMAL's main text is text of the line; its SUBTEXT (the ruby) is skipped.
            close = m_body.beginText();
            break;
        case Tag::Tab:
            m_body.special(Special::Tab);
            break;
        case Tag::LineBreak:
            m_body.special(Special::LineBreak);
            break;
        case Tag::Hyphen:
            m_body.special(Special::Hyphen);
            break;
        case Tag::NbSpace:
            m_body.special(Special::NbSpace);
            break;
        case Tag::FwSpace:
            m_body.special(Special::FwSpace);
            break;
        case Tag::Table:
            close = m_body.openTable(parseCount(element.rawAttribute(m_rowCountName), 0, 0),
                                     parseCount(element.rawAttribute(m_colCountName), 0, 0));
            break;
        case Tag::Row:
            if (parent == Tag::Table) m_body.startRow();
            break;
        case Tag::Cell: {
            hwpx::OwpmlBody::TableState* table = parent == Tag::Row ? m_body.table() : nullptr;
            if (!table) break;
            CellPosition position;
            position.row = parseCount(element.rawAttribute(m_rowAddrName), table->row, 0);
            position.col = parseCount(element.rawAttribute(m_colAddrName), table->col, 0);
            position.rowSpan = parseCount(element.rawAttribute(m_rowSpanName), 1, 1);
            position.colSpan = parseCount(element.rawAttribute(m_colSpanName), 1, 1);
            table->col = position.col + position.colSpan;
            close = m_body.openCell(position);
            break;
        }
        case Tag::Caption: {
            // A table's caption sits in the table's SHAPEOBJECT, outside its cells; any other
            // object's caption (picture, equation, drawing) becomes a text box where it stands.
            bool tableCaption = m_stack.size() >= 2 &&
                                m_stack[m_stack.size() - 2].tag == Tag::Table && m_body.table() &&
                                m_body.table()->cellDepth == m_body.cellDepth();
            close = tableCaption ? m_body.openCaption() : m_body.openTextBox();
            break;
        }
        case Tag::DrawText:
        case Tag::MasterPage:
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
        case Tag::EndNote: {
            // Numbered in document order, as HWP 5 numbers them, until the note's AUTONUM
            // says its number.
            bool foot = tag == Tag::FootNote;
            std::size_t number = foot ? ++m_footnotes : ++m_endnotes;
            close = m_body.openNote(foot ? NoteKind::Foot : NoteKind::End, std::to_string(number));
            m_notes.push_back(foot ? "Footnote" : "Endnote");
            action = Action::EndNote;
            break;
        }
        case Tag::AutoNum:
            if (!m_notes.empty() &&
                element.attributeView("NumberType", m_scratch) == m_notes.back())
                m_sink.setNoteMark(element.attributeView("Number", m_scratch));
            close = m_body.beginAutoNumber(
                element.attribute("NumberType"),
                parseCount(element.attributeView("Number", m_scratch), 0, 0));
            break;
        case Tag::AutoNumFormat:
            if (parent == Tag::AutoNum)
                m_body.setAutoNumberFormat(element.attribute("Type"),
                                           element.attribute("PrefixChar"),
                                           element.attribute("SuffixChar"));
            break;
        case Tag::FieldBegin: {
            std::string_view type = element.attributeView("Type", m_scratch);
            if (type == "Hyperlink") {
                std::string href = hyperlinkTarget(element.attribute("Command"));
                if (!href.empty()) {
                    m_linkHref = href;
                    m_sink.openLink(m_linkHref);
                }
            } else if (type == "Clickhere") {
                // The guide an editor shows while the field is empty: kept, marked.
                std::string guide = clickHereGuide(element.attribute("Command"));
                if (!guide.empty()) {
                    m_sink.insertInstruction(guide);
                    ++m_body.kept().instructions;
                }
            } else if (type == "Memo") {
                // The specification lists the field type but not where a memo's text is kept,
                // and no sample shows it: the memo is counted and named, never dropped silently.
                ++m_unreadMemos;
            }
            break;
        }
        case Tag::Button:
        case Tag::ComboBox:
        case Tag::Edit:
            // Form objects: a button's caption, a combo or list box's text and an edit's text
            // are what the page shows of them.
            m_formDepth = m_stack.size() + 1;
            m_formKind = formKind(element.local);
            if (tag == Tag::ComboBox)
                m_sink.insertFormObject(m_formKind, trim(element.attribute("Text")));
            break;
        case Tag::ButtonSet:
            if (m_formDepth)
                m_sink.insertFormObject(m_formKind, trim(element.attribute("Caption")));
            break;
        case Tag::EditText:
            if (m_formDepth) close = m_body.beginFormText(m_formKind);
            break;
        case Tag::FieldEnd:
            if (!m_linkHref.empty() && element.attributeView("Type", m_scratch) == "Hyperlink") {
                m_sink.closeLink();
                m_linkHref.clear();
            }
            break;
        case Tag::Equation:
            close = m_body.beginEquation();
            break;
        case Tag::Script:
            if (parent == Tag::Equation) close = m_body.beginScript();
            break;
        case Tag::Image:
            // IMAGE also fills shapes (IMAGEBRUSH): only a picture's image is one.
            if (parent == Tag::Picture) {
                std::uint32_t index = parseCount(element.rawAttribute(m_binItemName), 0, 0);
                if (index >= 1 && index <= m_binItems.size()) {
                    const BinItem& item = m_binItems[index - 1];
                    m_sink.insertImage(item.target, item.mediaType, {});
                } else {
                    m_sink.warn("missing_image",
                                "picture names binary item " + std::to_string(index) +
                                    ", which BINDATALIST does not hold",
                                m_where);
                }
            }
            break;
        case Tag::TextArt: {
            std::string art = element.attribute("Text");
            if (!art.empty()) {
                m_sink.openTextBox();
                m_sink.openParagraph();
                m_sink.insertText(art);
                m_sink.closeParagraph();
                m_sink.closeTextBox();
            }
            break;
        }
        case Tag::BinData:
            ++m_summary.binaryItems;
            m_skipDepth = m_stack.size() + 1;
            break;
        case Tag::ScriptCode:
            m_inScriptCode = true;
            action = Action::EndScriptCode;
            m_skipDepth = m_stack.size() + 1;
            break;
        case Tag::Picture:
        case Tag::ShapeObject:
        case Tag::Summary:
        case Tag::Other:
            break;
    }
    m_stack.push_back(Frame{tag, close, action});
}

void HwpmlReader::endElement() {
    if (m_stack.empty()) return;
    Frame frame = m_stack.back();
    m_stack.pop_back();
    if (m_skipDepth && m_stack.size() + 1 == m_skipDepth) m_skipDepth = 0;
    if (m_formDepth && m_stack.size() + 1 == m_formDepth) m_formDepth = 0;
    if (frame.tag == Tag::P) m_sectionHeads.closeParagraph();
    m_body.close(frame.close);
    switch (frame.action) {
        case Action::None:
            break;
        case Action::EndNumbering:
            m_paragraphHeads.defineNumbering(m_numberingId, std::move(m_numberingLevels));
            m_numberingLevels.clear();
            m_headFormat = nullptr;
            break;
        case Action::EndParaHead:
            m_headFormat = nullptr;
            break;
        case Action::EndNote:
            if (!m_notes.empty()) m_notes.pop_back();
            break;
        case Action::EndMetadata: {
            std::string value = trim(m_metadataValue);
            if (m_metadataKey == "created") {
                // `2021년 12월 7일 화요일 오후 12:41:20`, local time as Hangul wrote it.
                if (auto parsed = hangulDate(value))
                    m_sink.setMetadata("created", *parsed);
                else
                    m_sink.setMetadata("date", value);
            } else {
                m_sink.setMetadata(m_metadataKey, value);
            }
            m_metadataKey.clear();
            m_metadataValue.clear();
            break;
        }
        case Action::EndScriptCode:
            m_inScriptCode = false;
            break;
    }
}

void HwpmlReader::text(std::string_view utf8) {
    if (m_headFormat) {
        // A head's format is a few signs around its numbers.
        if (m_headFormat->size() + utf8.size() <= 256) m_headFormat->append(utf8);
        return;
    }
    if (m_skipDepth) {
        if (m_inScriptCode) {
            for (char c : utf8)
                if (static_cast<unsigned char>(c) > ' ') {
                    m_summary.sawScript = true;
                    break;
                }
        } else if (!m_stack.empty() && m_stack[m_skipDepth - 1].tag == Tag::BinData) {
            m_summary.binaryBytes += utf8.size();
        }
        return;
    }
    if (m_body.collect(utf8)) return;
    if (!m_metadataKey.empty()) {
        if (m_metadataValue.size() + utf8.size() <= limits::kMaxMetadataValueBytes)
            m_metadataValue.append(utf8);
    } else if (m_body.inText()) {
        m_body.emit(utf8);
    }
}

void HwpmlReader::finish() {
    m_body.finish();
    if (m_unreadMemos)
        m_sink.warn("memo_unread",
                    std::to_string(m_unreadMemos) +
                        " memo field(s) (FIELDBEGIN Type=\"Memo\"): HWPML does not say where a "
                        "memo's text is kept, so it is not read",
                    m_where);
    m_unreadMemos = 0;
    m_skipDepth = 0;
    m_inScriptCode = false;
    while (!m_stack.empty())
        endElement();
}

}  // namespace jikji::converters::hwpml
