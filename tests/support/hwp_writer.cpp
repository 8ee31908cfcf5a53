#include "tests/support/hwp_writer.h"

#include <zlib.h>

#include <algorithm>
#include <stdexcept>

#include "converters/hwp5/hwp5_distribution.h"
#include "tests/support/fixtures.h"

namespace jikji::test::hwp {

namespace {

constexpr std::uint16_t kDocumentProperties = 0x10;
constexpr std::uint16_t kIdMappings = 0x11;
constexpr std::uint16_t kBinData = 0x12;
constexpr std::uint16_t kNumbering = 0x17;
constexpr std::uint16_t kBullet = 0x18;
constexpr std::uint16_t kParaShape = 0x19;
constexpr std::uint16_t kDistributeDocData = 0x1C;
constexpr std::uint16_t kParaHeader = 66;
constexpr std::uint16_t kParaText = 67;
constexpr std::uint16_t kParaCharShape = 68;
constexpr std::uint16_t kParaRangeTag = 70;
constexpr std::uint16_t kCtrlHeader = 71;
constexpr std::uint16_t kListHeader = 72;
constexpr std::uint16_t kShapeComponent = 76;
constexpr std::uint16_t kTable = 77;
constexpr std::uint16_t kShapeComponentRectangle = 80;
constexpr std::uint16_t kShapeComponentPicture = 85;
constexpr std::uint16_t kEqEdit = 88;
constexpr std::uint16_t kFormObject = 91;
constexpr std::uint16_t kMemoList = 93;
constexpr std::uint16_t kTrackChange = 96;
constexpr std::uint16_t kTrackChangeAuthor = 97;
// The kinds of DocInfo TRACK_CHANGE records and of the range tags that number them from 1: the
// layout of a file Hancom Office HWP for macOS 12.30 saved with one deletion and one insertion
// (hwp-swift's Tests/CoreHwpTests/Fixtures/track-changes/document.hwp).
constexpr std::uint32_t kChangeInserted = 0x10;
constexpr std::uint32_t kChangeDeleted = 0x11;

void put16(std::string& out, std::uint32_t value) {
    out += static_cast<char>(value & 0xFF);
    out += static_cast<char>((value >> 8) & 0xFF);
}

void put32(std::string& out, std::uint32_t value) {
    put16(out, value & 0xFFFF);
    put16(out, value >> 16);
}

void put64(std::string& out, std::uint64_t value) {
    put32(out, static_cast<std::uint32_t>(value));
    put32(out, static_cast<std::uint32_t>(value >> 32));
}

void putUnits(std::string& out, std::u16string_view text) {
    for (char16_t c : text)
        put16(out, c);
}

// A length-prefixed WCHAR string.
void putString(std::string& out, std::u16string_view text) {
    put16(out, static_cast<std::uint32_t>(text.size()));
    putUnits(out, text);
}

std::u16string widen(std::string_view ascii) {
    return std::u16string(ascii.begin(), ascii.end());
}

std::uint32_t ctrlId(std::string_view name) {
    return (static_cast<std::uint32_t>(name[0]) << 24) |
           (static_cast<std::uint32_t>(name[1]) << 16) |
           (static_cast<std::uint32_t>(name[2]) << 8) | static_cast<std::uint32_t>(name[3]);
}

// An 8-unit control character: code, 4-byte id (or info), 4 more units, code again.
void putControlChar(std::u16string& units, char16_t code, std::uint32_t id) {
    units += code;
    units += static_cast<char16_t>(id & 0xFFFF);
    units += static_cast<char16_t>(id >> 16);
    units.append(4, u'\0');
    units += code;
}

std::string listHeader(std::size_t paragraphs, const std::string& extra = {}) {
    std::string out;
    put16(out, static_cast<std::uint32_t>(paragraphs));
    put16(out, 0);
    put32(out, 0);
    return out + extra;
}

void putField(std::string& header, std::string_view id, std::u16string_view command) {
    put32(header, ctrlId(id));
    put32(header, 0);
    header += '\0';
    putString(header, command);
    put32(header, 1);
}

// A range tag's DWORD: the kind in the top byte, the TRACK_CHANGE it numbers (from 1) below:
// insertions point at TRACK_CHANGE 1, deletions at 2 (see docInfoRecords).
std::uint32_t changeTag(bool deleted) {
    return deleted ? (kChangeDeleted << 24) | 2 : (kChangeInserted << 24) | 1;
}

class SectionWriter {
  public:
    explicit SectionWriter(bool markup = false) : m_markup(markup) {}

    void paragraphs(const std::vector<Paragraph>& list, std::uint16_t level) {
        for (std::size_t i = 0; i < list.size(); ++i) {
            if (m_markup || !list[i].breakDeleted) {
                paragraph(list[i], level);
                continue;
            }
            // The final view: a deleted break joins the paragraph with the next one.
            Paragraph joined = list[i];
            while (joined.breakDeleted && i + 1 < list.size()) {
                const Paragraph& next = list[++i];
                joined.items.insert(joined.items.end(), next.items.begin(), next.items.end());
                joined.breakDeleted = next.breakDeleted;
            }
            paragraph(joined, level);
        }
    }

    // Hancom hangs every memo's body under the section's last paragraph: MEMO_LIST (the memo's
    // number), then its paragraph list.
    void memoBodies() {
        for (std::size_t i = 0; i < m_memos.size(); ++i) {
            std::string number;
            put32(number, static_cast<std::uint32_t>(i + 1));
            bytes += record(kMemoList, 1, number);
            bytes += record(kListHeader, 1,
                            listHeader(m_memos[i]->paragraphs.size(), std::string(8, '\0')));
            paragraphs(m_memos[i]->paragraphs, 1);
        }
        m_memos.clear();
    }

    std::string bytes;

  private:
    struct Range {
        std::uint32_t start = 0;
        std::uint32_t end = 0;
        std::uint32_t tag = 0;
    };

    void paragraph(const Paragraph& para, std::uint16_t level) {
        std::u16string units;
        std::vector<const Item*> controls;
        std::vector<Range> ranges;
        for (const Item& item : para.items) {
            if (item.change == Item::Change::Deleted && !m_markup) continue;
            auto before = static_cast<std::uint32_t>(units.size());
            switch (item.kind) {
                case Item::Kind::Text:
                    units += item.text;
                    break;
                case Item::Kind::Deleted:
                case Item::Kind::Inserted: {
                    bool deleted = item.kind == Item::Kind::Deleted;
                    if (deleted && !m_markup) break;
                    auto start = static_cast<std::uint32_t>(units.size());
                    units += item.text;
                    if (m_markup)
                        ranges.push_back(
                            {start, static_cast<std::uint32_t>(units.size()), changeTag(deleted)});
                    break;
                }
                case Item::Kind::HiddenComment:
                    putControlChar(units, 15, ctrlId("tcmt"));
                    controls.push_back(&item);
                    break;
                case Item::Kind::Memo:
                    // The text names the field `%%me`, its header `%unk`.
                    putControlChar(units, 3, ctrlId("%%me"));
                    units += item.text;
                    putControlChar(units, 4, ctrlId("%%me"));
                    controls.push_back(&item);
                    m_memos.push_back(&item);
                    break;
                case Item::Kind::ClickHere:
                    putControlChar(units, 3, ctrlId("%clk"));
                    units += item.text;
                    putControlChar(units, 4, ctrlId("%clk"));
                    controls.push_back(&item);
                    break;
                case Item::Kind::Tab:
                    putControlChar(units, 9, 0);
                    break;
                case Item::Kind::LineBreak:
                    units += u'\n';
                    break;
                case Item::Kind::Link:
                    putControlChar(units, 3, ctrlId("%hlk"));
                    units += item.text;
                    putControlChar(units, 4, ctrlId("%hlk"));
                    controls.push_back(&item);
                    break;
                case Item::Kind::Table:
                    putControlChar(units, 11, ctrlId("tbl "));
                    controls.push_back(&item);
                    break;
                case Item::Kind::Equation:
                    putControlChar(units, 11, ctrlId("eqed"));
                    controls.push_back(&item);
                    break;
                case Item::Kind::Form:
                    putControlChar(units, 11, ctrlId("form"));
                    controls.push_back(&item);
                    break;
                case Item::Kind::AutoNumber:
                    putControlChar(units, 18, ctrlId("atno"));
                    controls.push_back(&item);
                    break;
                case Item::Kind::SectionDefinition:
                    putControlChar(units, 2, ctrlId("secd"));
                    controls.push_back(&item);
                    break;
                case Item::Kind::Picture:
                case Item::Kind::TextBox:
                    putControlChar(units, 11, ctrlId("gso "));
                    controls.push_back(&item);
                    break;
                case Item::Kind::Footnote:
                    putControlChar(units, 17, ctrlId("fn  "));
                    controls.push_back(&item);
                    break;
                case Item::Kind::Endnote:
                    putControlChar(units, 17, ctrlId("en  "));
                    controls.push_back(&item);
                    break;
                case Item::Kind::Header:
                    putControlChar(units, 16, ctrlId("head"));
                    controls.push_back(&item);
                    break;
                case Item::Kind::Footer:
                    putControlChar(units, 16, ctrlId("foot"));
                    controls.push_back(&item);
                    break;
            }
            if (item.change != Item::Change::None && m_markup)
                ranges.push_back({before, static_cast<std::uint32_t>(units.size()),
                                  changeTag(item.change == Item::Change::Deleted)});
        }
        units += u'\r';
        if (para.breakDeleted && m_markup)
            ranges.push_back({static_cast<std::uint32_t>(units.size() - 1),
                              static_cast<std::uint32_t>(units.size()), changeTag(true)});

        std::string header;
        put32(header, static_cast<std::uint32_t>(units.size()));
        put32(header, 0);
        put16(header, static_cast<std::uint16_t>(para.shape));
        header += '\0';
        header += '\0';
        put16(header, 1);
        put16(header, static_cast<std::uint32_t>(ranges.size()));
        put16(header, 0);
        put32(header, 0);
        put16(header, 0);
        bytes += record(kParaHeader, level, header);
        if (units.size() > 1) {
            std::string text;
            putUnits(text, units);
            bytes += record(kParaText, level + 1, text);
        }
        std::string charShape;
        put32(charShape, 0);
        put32(charShape, 0);
        bytes += record(kParaCharShape, level + 1, charShape);
        if (!ranges.empty()) {
            std::string tags;
            for (const Range& range : ranges) {
                put32(tags, range.start);
                put32(tags, range.end);
                put32(tags, range.tag);
            }
            bytes += record(kParaRangeTag, level + 1, tags);
        }
        for (const Item* item : controls)
            control(*item, level + 1);
    }

    void control(const Item& item, std::uint16_t level) {
        std::string header;
        switch (item.kind) {
            case Item::Kind::Link: {
                put32(header, ctrlId("%hlk"));
                put32(header, 0);
                header += '\0';
                std::u16string command;
                for (char c : item.target) {
                    if (c == ':' || c == ';' || c == '\\') command += u'\\';
                    command += static_cast<char16_t>(c);
                }
                command += u";1;0;0;";
                putString(header, command);
                put32(header, 1);
                bytes += record(kCtrlHeader, level, header);
                return;
            }
            case Item::Kind::HiddenComment:
                put32(header, ctrlId("tcmt"));
                bytes += record(kCtrlHeader, level, header);
                bytes += record(kListHeader, level + 1,
                                listHeader(item.paragraphs.size(), std::string(8, '\0')));
                paragraphs(item.paragraphs, level + 1);
                return;
            case Item::Kind::Memo: {
                // `MEMO/shape/number/…`: the number of the memo's MEMO_LIST record.
                auto number =
                    std::find(m_memos.begin(), m_memos.end(), &item) - m_memos.begin() + 1;
                putField(header, "%unk",
                         u"MEMO/65535/" + widen(std::to_string(number)) +
                             u"/1769959632/29659508/jikji/\\;;");
                bytes += record(kCtrlHeader, level, header);
                return;
            }
            case Item::Kind::AutoNumber:
                // The spec's 12 bytes: attributes, number, user sign, characters before and
                // after (none).
                put32(header, ctrlId("atno"));
                put32(header, item.autoAttributes);
                put16(header, item.autoNumber);
                put16(header, 0);
                put16(header, 0);
                put16(header, 0);
                bytes += record(kCtrlHeader, level, header);
                return;
            case Item::Kind::SectionDefinition:
                // Attributes, column gap, vertical and horizontal grid, default tab, the outline
                // numbering, then page, picture, table and equation starts and the page, note
                // and border blocks (zeros here) [SPEC5 table 118].
                put32(header, ctrlId("secd"));
                put32(header, 0);
                put16(header, 1134);
                put16(header, 0);
                put16(header, 0);
                put32(header, 8000);
                put16(header, item.outlineNumbering);
                header.append(124, '\0');
                bytes += record(kCtrlHeader, level, header);
                return;
            case Item::Kind::Form: {
                // As the neolord0/hwp2hwpx form samples have it: the common object properties,
                // then FORM_OBJECT: type id twice, the string's length as a DWORD, then as a
                // WORD before the string.
                put32(header, ctrlId("form"));
                header.append(42, '\0');
                bytes += record(kCtrlHeader, level, header);
                std::string form;
                put32(form, ctrlId(item.target));
                put32(form, ctrlId(item.target));
                put32(form, static_cast<std::uint32_t>(item.text.size()));
                putString(form, item.text);
                bytes += record(kFormObject, level + 1, form);
                return;
            }
            case Item::Kind::ClickHere: {
                std::u16string value = u"Direction:wstring:" +
                                       widen(std::to_string(item.guide.size())) + u":" +
                                       item.guide + u" HelpState:wstring:0: ";
                putField(header, "%clk",
                         u"Clickhere:set:" + widen(std::to_string(value.size())) + u":" + value);
                bytes += record(kCtrlHeader, level, header);
                return;
            }
            case Item::Kind::Table: {
                put32(header, ctrlId("tbl "));
                header.append(42, '\0');
                bytes += record(kCtrlHeader, level, header);
                if (!item.paragraphs.empty()) {
                    bytes += record(kListHeader, level + 1,
                                    listHeader(item.paragraphs.size(), std::string(14, '\0')));
                    paragraphs(item.paragraphs, level + 1);
                }
                std::string table;
                put32(table, 0);
                put16(table, item.rows);
                put16(table, item.cols);
                table.append(10, '\0');
                for (std::uint16_t r = 0; r < item.rows; ++r) {
                    std::uint32_t count = 0;
                    for (const Cell& cell : item.cells)
                        count += cell.row == r;
                    put16(table, count);
                }
                put16(table, 1);
                put16(table, 0);
                bytes += record(kTable, level + 1, table);
                for (const Cell& cell : item.cells) {
                    std::string block;
                    put16(block, cell.col);
                    put16(block, cell.row);
                    put16(block, cell.colSpan);
                    put16(block, cell.rowSpan);
                    put32(block, 8000);
                    put32(block, 1000);
                    block.append(8, '\0');
                    put16(block, 1);
                    bytes +=
                        record(kListHeader, level + 1, listHeader(cell.paragraphs.size(), block));
                    paragraphs(cell.paragraphs, level + 1);
                }
                return;
            }
            case Item::Kind::Equation: {
                put32(header, ctrlId("eqed"));
                header.append(42, '\0');
                bytes += record(kCtrlHeader, level, header);
                std::string equation;
                put32(equation, 0);
                putString(equation, item.text);
                put32(equation, 1000);
                put32(equation, 0);
                putString(equation, u"Equation Version 60");
                bytes += record(kEqEdit, level + 1, equation);
                return;
            }
            case Item::Kind::Picture:
            case Item::Kind::TextBox: {
                put32(header, ctrlId("gso "));
                header.append(42, '\0');
                bytes += record(kCtrlHeader, level, header);
                std::string component;
                bool picture = item.kind == Item::Kind::Picture;
                put32(component, picture ? ctrlId("$pic") : ctrlId("$rec"));
                put32(component, picture ? ctrlId("$pic") : ctrlId("$rec"));
                component.append(186, '\0');
                bytes += record(kShapeComponent, level + 1, component);
                if (picture) {
                    std::string pic(71, '\0');
                    put16(pic, item.binId);
                    pic.append(4, '\0');
                    bytes += record(kShapeComponentPicture, level + 2, pic);
                } else {
                    bytes += record(kListHeader, level + 2,
                                    listHeader(item.paragraphs.size(), std::string(13, '\0')));
                    paragraphs(item.paragraphs, level + 2);
                    bytes += record(kShapeComponentRectangle, level + 2, std::string(33, '\0'));
                }
                return;
            }
            case Item::Kind::Footnote:
            case Item::Kind::Endnote:
            case Item::Kind::Header:
            case Item::Kind::Footer: {
                const char* id = item.kind == Item::Kind::Footnote  ? "fn  "
                                 : item.kind == Item::Kind::Endnote ? "en  "
                                 : item.kind == Item::Kind::Header  ? "head"
                                                                    : "foot";
                put32(header, ctrlId(id));
                put32(header, 1);
                header.append(12, '\0');
                bytes += record(kCtrlHeader, level, header);
                bytes += record(kListHeader, level + 1,
                                listHeader(item.paragraphs.size(), std::string(8, '\0')));
                paragraphs(item.paragraphs, level + 1);
                return;
            }
            default:
                return;
        }
    }

    bool m_markup = false;
    std::vector<const Item*> m_memos;
};

std::uint64_t filetimeOf(const std::string& decimal) {
    return std::stoull(decimal);
}

}  // namespace

Paragraph text(std::u16string text, Shape shape) {
    Paragraph p;
    p.shape = shape;
    p.items.push_back(textItem(std::move(text)));
    return p;
}

Item textItem(std::u16string text) {
    Item item;
    item.kind = Item::Kind::Text;
    item.text = std::move(text);
    return item;
}

Item linkItem(std::u16string text, std::string target) {
    Item item;
    item.kind = Item::Kind::Link;
    item.text = std::move(text);
    item.target = std::move(target);
    return item;
}

Item autoNumberItem(std::uint32_t type, std::uint16_t number, std::uint32_t shape) {
    Item item;
    item.kind = Item::Kind::AutoNumber;
    item.autoAttributes = type | shape << 4;
    item.autoNumber = number;
    return item;
}

Item sectionDefinition(std::uint16_t outlineNumbering) {
    Item item;
    item.kind = Item::Kind::SectionDefinition;
    item.outlineNumbering = outlineNumbering;
    return item;
}

Shape headShape(std::size_t index) {
    return static_cast<Shape>(4 + index);
}

std::string record(std::uint16_t tag, std::uint16_t level, const std::string& payload) {
    std::string out;
    std::uint32_t size = static_cast<std::uint32_t>(payload.size());
    std::uint32_t header = (tag & 0x3FFu) | ((level & 0x3FFu) << 10);
    if (size >= 0xFFF) {
        put32(out, header | (0xFFFu << 20));
        put32(out, size);
    } else {
        put32(out, header | (size << 20));
    }
    return out + payload;
}

std::string sectionRecords(const std::vector<Paragraph>& paragraphs, bool markup) {
    SectionWriter writer(markup);
    writer.paragraphs(paragraphs, 0);
    writer.memoBodies();
    return writer.bytes;
}

std::string docInfoRecords(const Document& document) {
    std::string out;
    std::string properties;
    put16(properties, static_cast<std::uint32_t>(document.sections.size()));
    properties.append(24, '\0');
    out += record(kDocumentProperties, 0, properties);
    std::string mappings;
    put32(mappings, static_cast<std::uint32_t>(document.binData.size()));
    mappings.append(68, '\0');
    out += record(kIdMappings, 0, mappings);
    for (std::size_t i = 0; i < document.binData.size(); ++i) {
        std::string bin;
        put16(bin, 1);  // embedding
        put16(bin, static_cast<std::uint32_t>(i + 1));
        putString(bin, widen(document.binData[i].first));
        out += record(kBinData, 1, bin);
    }
    // A head info as Hancom writes it: attributes (number shape in bits 5–8, 0xC: automatic
    // outdent, distance as a value), width adjustment, distance to the text, char shape (none).
    auto headInfo = [](std::string& out, std::uint32_t shape) {
        put32(out, (shape << 5) | 0xC);
        put16(out, 0);
        put16(out, 50);
        put32(out, 0xFFFFFFFF);
    };
    for (const Numbering& numbering : document.numberings) {
        std::string body;
        std::vector<Numbering::Level> levels = numbering.levels;
        levels.resize(std::max<std::size_t>(levels.size(), 7));
        for (std::size_t i = 0; i < 7; ++i) {
            headInfo(body, levels[i].shape);
            putString(body, levels[i].format);
        }
        put16(body, levels[0].start);
        for (std::size_t i = 0; i < 7; ++i)
            put32(body, levels[i].start);
        if (levels.size() > 7) {
            levels.resize(10);
            for (std::size_t i = 7; i < 10; ++i) {
                headInfo(body, levels[i].shape);
                putString(body, levels[i].format);
            }
            for (std::size_t i = 7; i < 10; ++i)
                put32(body, levels[i].start);
        }
        out += record(kNumbering, 1, body.substr(0, numbering.keepBytes));
    }
    for (char16_t sign : document.bullets) {
        // Head info, the sign, then the image bullet id and its four bytes, the check sign.
        std::string body;
        headInfo(body, 0);
        put16(body, sign);
        body.append(10, '\0');
        out += record(kBullet, 1, body);
    }
    // Plain, outline level 1, numbering level 2, bullet level 1 [SPEC5 table 43 bits 23-27],
    // then the head shapes: attributes, six INT32 and the tab definition before the head's id.
    std::vector<HeadShape> shapes = {{0, 0, 0}, {1, 0, 0}, {2, 1, 0}, {3, 0, 0}};
    shapes.insert(shapes.end(), document.headShapes.begin(), document.headShapes.end());
    for (const HeadShape& head : shapes) {
        std::string shape;
        put32(shape, (head.kind << 23) | (head.level << 25));
        shape.append(26, '\0');
        put16(shape, head.id);
        shape.append(22, '\0');
        out += record(kParaShape, 1, shape);
    }
    if (document.options.trackChanges) {
        // Authors as Hancom writes them (before the changes): UINT32 length, WCHAR name, then
        // 8 bytes the converter does not read.
        for (std::u16string name : {u"김수정", u"이검토"}) {
            std::string author;
            put32(author, static_cast<std::uint32_t>(name.size()));
            putUnits(author, name);
            put16(author, 1);
            author.append(6, '\0');
            out += record(kTrackChangeAuthor, 1, author);
        }
        // The insertion by author 1 at 2026-06-15 04:30, the deletion by author 2 at 04:31:
        // kind, then year, month, day, hour, minute and the author as WORDs, then 10 bytes the
        // converter does not read.
        for (std::uint32_t kind : {kChangeInserted, kChangeDeleted}) {
            bool deleted = kind == kChangeDeleted;
            std::string change;
            put32(change, kind);
            for (std::uint32_t part : {2026u, 6u, 15u, 4u, deleted ? 31u : 30u, deleted ? 2u : 1u})
                put16(change, part);
            change.append(10, '\0');
            out += record(kTrackChange, 1, change);
        }
    }
    return out;
}

std::string fileHeader(std::uint32_t version, std::uint32_t flags) {
    std::string out = "HWP Document File";
    out.resize(32, '\0');
    put32(out, version);
    put32(out, flags);
    put32(out, 0);
    put32(out, 4);
    out.resize(256, '\0');
    return out;
}

std::string summaryStream(const std::map<std::string, std::string>& properties) {
    static const std::map<std::string, std::uint32_t> kPids = {
        {"title", 2},       {"subject", 3},  {"author", 4},
        {"keywords", 5},    {"comments", 6}, {"last_saved_by", 8},
        {"app_version", 9}, {"created", 12}, {"modified", 13},
    };
    std::vector<std::pair<std::uint32_t, std::string>> values;
    for (const auto& [key, value] : properties) {
        auto pid = kPids.find(key);
        if (pid == kPids.end()) continue;
        std::string bytes;
        if (key == "created" || key == "modified") {
            put32(bytes, 64);
            put64(bytes, filetimeOf(value));
        } else {
            std::u16string wide;
            // The values are UTF-8; decode the few shapes the fixtures use.
            for (std::size_t i = 0; i < value.size();) {
                auto c = static_cast<unsigned char>(value[i]);
                char32_t cp;
                std::size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
                cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
                for (std::size_t k = 1; k < n && i + k < value.size(); ++k)
                    cp = (cp << 6) | (static_cast<unsigned char>(value[i + k]) & 0x3F);
                i += n;
                if (cp >= 0x10000) {
                    cp -= 0x10000;
                    wide += static_cast<char16_t>(0xD800 + (cp >> 10));
                    wide += static_cast<char16_t>(0xDC00 + (cp & 0x3FF));
                } else {
                    wide += static_cast<char16_t>(cp);
                }
            }
            wide += u'\0';
            put32(bytes, 31);
            put32(bytes, static_cast<std::uint32_t>(wide.size()));
            putUnits(bytes, wide);
            while (bytes.size() % 4)
                bytes += '\0';
        }
        values.emplace_back(pid->second, std::move(bytes));
    }
    std::string section;
    std::size_t offset = 8 + values.size() * 8;
    std::string index, data;
    for (const auto& [pid, bytes] : values) {
        put32(index, pid);
        put32(index, static_cast<std::uint32_t>(offset + data.size()));
        data += bytes;
    }
    put32(section, static_cast<std::uint32_t>(8 + index.size() + data.size()));
    put32(section, static_cast<std::uint32_t>(values.size()));
    section += index + data;

    std::string out;
    put16(out, 0xFFFE);
    put16(out, 0);
    put32(out, 0x00020006);
    out.append(16, '\0');
    put32(out, 1);
    // FMTID 9FA2B660-1061-11D4-B4C6-006097C09D8C.
    const unsigned char fmtid[16] = {0x60, 0xB6, 0xA2, 0x9F, 0x61, 0x10, 0xD4, 0x11,
                                     0xB4, 0xC6, 0x00, 0x60, 0x97, 0xC0, 0x9D, 0x8C};
    out.append(reinterpret_cast<const char*>(fmtid), 16);
    put32(out, static_cast<std::uint32_t>(out.size() + 4));
    return out + section;
}

std::string deflateRaw(const std::string& bytes) {
    z_stream stream{};
    if (deflateInit2(&stream, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::runtime_error("deflateInit2 failed");
    std::string out(deflateBound(&stream, bytes.size()), '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
    stream.avail_in = static_cast<uInt>(bytes.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    if (deflate(&stream, Z_FINISH) != Z_STREAM_END) throw std::runtime_error("deflate failed");
    out.resize(stream.total_out);
    deflateEnd(&stream);
    return out;
}

std::string distributionStream(const std::string& plain, std::uint32_t seed) {
    std::string key = "jikji-test-key16";
    std::string payload = converters::hwp5::makeDistributionPayload(seed, key);
    std::string padded = plain;
    padded.resize((padded.size() + 15) / 16 * 16, '\0');
    return record(kDistributeDocData, 0, payload) + converters::hwp5::aes128Ecb(key, padded, true);
}

std::string write(const Document& document) {
    const Options& options = document.options;
    std::uint32_t flags = (options.compressed ? 1u : 0u) | (options.password ? 2u : 0u) |
                          (options.distribution ? 4u : 0u) | (options.trackChanges ? 1u << 14 : 0u);
    auto pack = [&](const std::string& bytes) {
        return options.compressed ? deflateRaw(bytes) : bytes;
    };
    std::vector<std::pair<std::string, std::string>> streams;
    streams.emplace_back("FileHeader", fileHeader(options.version, flags));
    std::string docInfo = pack(docInfoRecords(document));
    if (options.password) docInfo = std::string(docInfo.size() + 16, '\x5A');
    streams.emplace_back("DocInfo", docInfo);
    for (std::size_t i = 0; i < document.sections.size(); ++i) {
        std::string name = "BodyText/Section" + std::to_string(i);
        std::string body = pack(sectionRecords(document.sections[i]));
        if (options.password) {
            streams.emplace_back(name, std::string(body.size() + 16, '\x5A'));
        } else if (options.distribution) {
            std::vector<Paragraph> placeholder = {
                text(u"이 문서는 상위 버전의 배포용 문서입니다. 문서를 읽으려면 최신 버전의 "
                     u"글 또는 글 뷰어가 필요합니다.")};
            streams.emplace_back(name, pack(sectionRecords(placeholder)));
        } else {
            streams.emplace_back(name, body);
        }
    }
    if (options.trackChanges && !options.distribution)
        for (std::size_t i = 0; i < document.sections.size(); ++i)
            streams.emplace_back("ViewText/Section" + std::to_string(i),
                                 pack(sectionRecords(document.sections[i], true)));
    if (options.distribution)
        for (std::size_t i = 0; i < document.sections.size(); ++i)
            streams.emplace_back(
                "ViewText/Section" + std::to_string(i),
                distributionStream(pack(sectionRecords(document.sections[i])),
                                   0x1234567u + static_cast<std::uint32_t>(i) * 7919u));
    if (options.summary)
        streams.emplace_back("\005HwpSummaryInformation", summaryStream(document.summary));
    if (options.preview && !options.password) {
        std::string preview;
        for (const auto& section : document.sections)
            for (const Paragraph& p : section)
                for (const Item& item : p.items)
                    if (item.kind == Item::Kind::Text && preview.size() < 2000) {
                        putUnits(preview, item.text);
                        putUnits(preview, u"\r\n");
                    }
        streams.emplace_back("PrvText", preview.substr(0, 2046));
    }
    for (std::size_t i = 0; i < document.binData.size(); ++i) {
        char name[32];
        std::snprintf(name, sizeof name, "BinData/BIN%04X.%s", static_cast<unsigned>(i + 1),
                      document.binData[i].first.c_str());
        streams.emplace_back(name, pack(document.binData[i].second));
    }
    return makeOle(streams);
}

}  // namespace jikji::test::hwp
