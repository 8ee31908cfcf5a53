#include "converters/hwp3/hwp3_body.h"

#include <algorithm>
#include <array>
#include <string>
#include <utility>
#include <vector>

#include "converters/common/binary_reader.h"
#include "converters/common/hancom_fields.h"
#include "converters/hwp3/hwp3_charset.h"
#include "pipeline/errors.h"
#include "pipeline/limits.h"
#include "pipeline/unicode.h"

namespace jikji::converters::hwp3 {

namespace {

// Sizes of the fixed structures [SPEC3 §3.5, §3.6, §4, §5, §6, §10].
constexpr std::size_t kFontLanguages = 7;
constexpr std::size_t kFontNameBytes = 40;
constexpr std::size_t kStyleBytes = 238;
constexpr std::size_t kCharShapeBytes = 31;
constexpr std::size_t kParaShapeBytes = 187;
constexpr std::size_t kLineInfoBytes = 14;
// An empty paragraph (the end of a list) is its 43-byte paragraph information alone.
constexpr std::size_t kEmptyParagraphRest = 40;
constexpr std::size_t kBoxInfoBytes = 84;
constexpr std::size_t kCellInfoBytes = 27;
constexpr std::size_t kPictureInfoBytes = 348;
constexpr std::size_t kLineObjectBytes = 84;
constexpr std::size_t kHiddenCommentBytes = 8;
constexpr std::size_t kHeaderFooterBytes = 10;
constexpr std::size_t kNoteBytes = 14;

// Box kinds of special character 10 [SPEC3 table 40, offset 78].
enum class BoxKind : std::uint16_t { Table = 0, TextBox = 1, Equation = 2, Button = 3 };

// Picture kinds [SPEC3 table 44, offset 74].
constexpr std::uint8_t kPictureDrawing = 3;

// Drawing objects [SPEC3 §11]: the frame header, the common header's fixed part and the
// optional attributes its options announce.
constexpr std::uint32_t kFrameHeaderFixed = 24;
constexpr std::size_t kFrameHypertextBytes = 4 + 617;
constexpr std::uint16_t kDrawingTextBox = 6;
constexpr std::uint16_t kDrawingTransformedArc = 9;
constexpr std::uint16_t kDrawingExtendedCurve = 10;
constexpr std::uint16_t kDrawingClosedPolygon = 11;
constexpr std::size_t kDrawingGeometryBytes = 40;
constexpr std::size_t kDrawingAttributesBeforeOptions = 40;
constexpr std::uint32_t kOptionGradient = 1u << 16;
constexpr std::uint32_t kOptionRotation = 1u << 17;
constexpr std::uint32_t kOptionBitmap = 1u << 18;
constexpr std::size_t kRotationBytes = 32;
constexpr std::size_t kGradientBytes = 28;
constexpr std::size_t kBitmapBytes = 278;

std::uint16_t u16At(std::string_view bytes, std::size_t offset) {
    BinaryReader reader(bytes.substr(offset), "structure");
    return reader.u16();
}

std::string_view mediaTypeOf(std::string_view name) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 9> kTypes{{
        {"bmp", "image/bmp"},
        {"jpg", "image/jpeg"},
        {"jpeg", "image/jpeg"},
        {"gif", "image/gif"},
        {"png", "image/png"},
        {"tif", "image/tiff"},
        {"wmf", "image/wmf"},
        {"emf", "image/emf"},
        {"pcx", "image/x-pcx"},
    }};
    std::size_t dot = name.rfind('.');
    if (dot == std::string_view::npos) return "application/octet-stream";
    std::string extension(name.substr(dot + 1));
    for (char& c : extension)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    for (const auto& [suffix, type] : kTypes)
        if (extension == suffix) return type;
    return "application/octet-stream";
}

// Where cells sit, rebuilt from their geometry: HWP 3 stores each cell's position and size
// inside the table, not its row and column span [SPEC3 table 42].
struct Grid {
    std::uint32_t rows = 0;
    std::uint32_t cols = 0;
    std::vector<CellPosition> cells;
};

constexpr std::uint32_t kGridTolerance = 3;

Grid gridOf(const std::vector<std::array<std::uint16_t, 4>>& boxes) {
    std::vector<std::uint32_t> xs, ys;
    for (const auto& box : boxes) {
        xs.push_back(box[0]);
        xs.push_back(static_cast<std::uint32_t>(box[0]) + box[2]);
        ys.push_back(box[1]);
        ys.push_back(static_cast<std::uint32_t>(box[1]) + box[3]);
    }
    // Edges within kGridTolerance are one grid line: cell sizes are rounded separately, so the
    // edges of one column may differ by a unit from row to row (two tables of hwp3-sample16).
    auto unique = [](std::vector<std::uint32_t>& values) {
        std::sort(values.begin(), values.end());
        std::vector<std::uint32_t> lines;
        for (std::uint32_t value : values)
            if (lines.empty() || value > lines.back() + kGridTolerance) lines.push_back(value);
        values = std::move(lines);
    };
    unique(xs);
    unique(ys);
    auto index = [](const std::vector<std::uint32_t>& values, std::uint32_t value) {
        auto line = std::upper_bound(values.begin(), values.end(), value + kGridTolerance);
        return static_cast<std::uint32_t>(line - values.begin()) - 1;
    };
    Grid grid;
    grid.cols = xs.size() > 1 ? static_cast<std::uint32_t>(xs.size() - 1) : 1;
    grid.rows = ys.size() > 1 ? static_cast<std::uint32_t>(ys.size() - 1) : 1;
    for (const auto& box : boxes) {
        CellPosition position;
        position.col = index(xs, box[0]);
        position.row = index(ys, box[1]);
        position.colSpan = std::max<std::uint32_t>(1, index(xs, box[0] + box[2]) - position.col);
        position.rowSpan = std::max<std::uint32_t>(1, index(ys, box[1] + box[3]) - position.row);
        grid.cells.push_back(position);
    }
    return grid;
}

class BodyWalker {
  public:
    BodyWalker(std::string_view bytes, std::string_view what, DocumentSink& sink, BodyStats& stats)
        : m_reader(bytes, what), m_sink(sink), m_stats(stats) {}

    void document() {
        for (std::size_t language = 0; language < kFontLanguages; ++language)
            m_reader.skip(std::size_t{m_reader.u16()} * kFontNameBytes);
        m_reader.skip(std::size_t{m_reader.u16()} * kStyleBytes);
        list(0);
    }

    // One paragraph list, up to and including the empty paragraph that ends it.
    void list(std::size_t depth) {
        if (depth > limits::kMaxObjectNesting) {
            m_stats.depthExceeded = true;
            throw LimitError("objects nested deeper than " +
                             std::to_string(limits::kMaxObjectNesting) + " levels");
        }
        while (paragraph(depth)) {
        }
    }

  private:
    struct Paragraph {
        std::u16string buffer;
        bool open = false;
        // The outline number at its start, and its level: the paragraph is a list item then.
        std::string head;
        unsigned level = 0;
    };

    bool paragraph(std::size_t depth) {
        std::uint8_t followsPrevious = m_reader.u8();
        std::uint16_t count = m_reader.u16();
        if (count == 0) {
            m_reader.skip(kEmptyParagraphRest);
            return false;
        }
        std::uint16_t lines = m_reader.u16();
        std::uint8_t ownShapes = m_reader.u8();
        m_reader.skip(1 + 4 + 1 + kCharShapeBytes);
        if (followsPrevious == 0) m_reader.skip(kParaShapeBytes);
        m_reader.skip(std::size_t{lines} * kLineInfoBytes);
        if (ownShapes)
            for (std::size_t k = 0; k < count; ++k)
                if (m_reader.u8() != 1) m_reader.skip(kCharShapeBytes);
        ++m_stats.paragraphs;

        Paragraph para;
        Paragraph* outer = std::exchange(m_para, &para);
        for (std::size_t i = 0; i < count;) {
            std::uint16_t code = m_reader.u16();
            ++i;
            if (code >= 32) {
                if (!appendHchar(code, para.buffer)) ++m_stats.unmapped;
                ++m_stats.characters;
                continue;
            }
            i += special(code, depth);
        }
        flush();
        if (para.open) m_sink.closeParagraph();
        if (m_capture && outer == nullptr) m_capture->push_back(u'\n');
        m_para = outer;
        return true;
    }

    // A special character's structure after its code; returns how many more hchar units of
    // the paragraph's character count it takes [SPEC3 §10].
    std::size_t special(std::uint16_t code, std::size_t depth) {
        switch (code) {
            case 0:
            case 13:  // paragraph end
                return 0;
            case 30:  // 묶음빈칸
            case 31:  // 고정폭빈칸
                closing(code);
                m_para->buffer.push_back(u' ');
                return 1;
            case 9:  // tab: width, leader
                m_reader.skip(4);
                closing(code);
                m_para->buffer.push_back(u'\t');
                return 3;
            case 24:  // hyphen: width
            case 25:  // table of contents mark: kind
                m_reader.skip(2);
                closing(code);
                if (code == 24) m_para->buffer.push_back(u'-');
                return 2;
            case 23: {  // 글자겹침: up to three overlaid characters
                for (int k = 0; k < 3; ++k) {
                    std::uint16_t overlaid = m_reader.u16();
                    if (overlaid >= 32) appendHchar(overlaid, m_para->buffer);
                }
                closing(code);
                return 4;
            }
            case 22:  // mail merge field name
                m_reader.skip(20);
                closing(code);
                return 11;
            case 26:  // index mark: two keywords and a page number
                m_reader.skip(242);
                closing(code);
                return 122;
            case 28:  // outline shape or number
                outlineNumber();
                closing(code);
                return 31;
            case 18:  // number code
            case 19:  // new number
            case 20:  // page number position
            case 21:  // odd page start / hide
                m_reader.skip(4);
                closing(code);
                return 3;
            case 7:  // date format
                m_reader.skip(80);
                closing(code);
                return 3;
            case 8:  // date code: format, date and time
                m_reader.skip(92);
                closing(code);
                return 3;
            default:
                break;
        }
        // The others start with an 8-byte identification: code, dword, code [SPEC3 table 32].
        std::uint32_t length = m_reader.u32();
        std::uint16_t again = m_reader.u16();
        if (again != code && code != 1 && code != 2 && code != 3 && code != 4 && code != 12 &&
            code != 27)
            mismatch(code, again);
        switch (code) {
            case 5:   // field code (click-here, formula, summary, date)
            case 6:   // bookmark
            case 29:  // cross reference
                m_reader.skip(length);
                break;
            case 10:
                box(depth);
                break;
            case 11:
                picture(depth);
                break;
            case 14:  // line
                m_reader.skip(kLineObjectBytes);
                break;
            case 15:  // hidden comment
                m_reader.skip(kHiddenCommentBytes);
                flush();
                m_sink.openTextBox();
                list(depth + 1);
                m_sink.closeTextBox();
                break;
            case 16: {
                std::string_view info = m_reader.bytes(kHeaderFooterBytes);
                flush();
                m_sink.openHeaderFooter(info[8] == 1 ? BlockKind::Footer : BlockKind::Header);
                list(depth + 1);
                m_sink.closeHeaderFooter();
                break;
            }
            case 17: {
                std::string_view info = m_reader.bytes(kNoteBytes);
                bool endnote = u16At(info, 10) == 1;
                std::size_t number = endnote ? ++m_stats.endnotes : ++m_stats.footnotes;
                flush();
                m_sink.openNote(endnote ? NoteKind::End : NoteKind::Foot, std::to_string(number));
                list(depth + 1);
                m_sink.closeNote();
                break;
            }
            default:
                // Reserved codes carry their length when their identification is whole; a code
                // that does not repeat is a lone character and takes nothing more.
                if (again == code) m_reader.skip(length);
                break;
        }
        return 3;
    }

    // An outline shape (kind 0: nothing shown) or number (kind 1): a word kind, a byte, the
    // level's byte (0 for level 1), the seven levels' current numbers and number shapes (words),
    // and each level's sign before and after its number (word pairs). Read off SO-SUEOP, whose
    // HWPX twin numbers the same paragraphs `I.`, `1)`, `(1)`, `가.`, `①`. The number is the
    // paragraph's head, shown before its text as the other formats show theirs.
    void outlineNumber() {
        std::uint16_t kind = m_reader.u16();
        m_reader.skip(1);
        std::uint8_t level = m_reader.u8();
        std::array<std::uint16_t, 7> numbers{};
        std::array<std::uint16_t, 7> shapes{};
        std::array<std::uint16_t, 14> signs{};
        for (auto* list : {numbers.data(), shapes.data()})
            for (std::size_t k = 0; k < 7; ++k)
                list[k] = m_reader.u16();
        for (std::uint16_t& sign : signs)
            sign = m_reader.u16();
        if (kind != 1 || level >= 7 || m_capture) return;
        std::u16string before;
        std::u16string after;
        if (signs[2 * level] >= 32) appendHchar(signs[2 * level], before);
        if (signs[2 * level + 1] >= 32) appendHchar(signs[2 * level + 1], after);
        std::string head;
        unicode::appendUtf16(before.data(), before.size(), head);
        head += formatNumber(numbers[level], outlineShape(shapes[level]));
        unicode::appendUtf16(after.data(), after.size(), head);
        if (m_para->open || !m_para->buffer.empty()) {
            // Not at the paragraph's start: the number stands where its character does.
            flush();
            m_sink.insertText(head + " ");
            return;
        }
        m_para->head = std::move(head);
        m_para->level = level;
    }

    // HWP 3's number shape codes: 0, 1, 5 and 8 seen (SO-SUEOP), the others written as digits.
    static NumberShape outlineShape(std::uint16_t code) {
        switch (code) {
            case 1:
                return NumberShape::RomanCapital;
            case 5:
                return NumberShape::HangulSyllable;
            case 8:
                return NumberShape::CircledDigit;
            default:
                return NumberShape::Digit;
        }
    }

    void closing(std::uint16_t code) {
        std::uint16_t again = m_reader.u16();
        if (again != code) mismatch(code, again);
    }

    [[noreturn]] void mismatch(std::uint16_t code, std::uint16_t found) const {
        throw CorruptError("special character " + std::to_string(code) + " ends with code " +
                           std::to_string(found) + " at offset " +
                           std::to_string(m_reader.offset()));
    }

    void box(std::size_t depth) {
        flush();
        std::string_view info = m_reader.bytes(kBoxInfoBytes);
        auto kind = static_cast<BoxKind>(u16At(info, 78));
        std::size_t cells =
            BinaryReader::checkedCount(u16At(info, 80), limits::kMaxTableCells, "table cells");
        std::vector<std::array<std::uint16_t, 4>> boxes;
        for (std::size_t k = 0; k < cells; ++k) {
            BinaryReader cell(m_reader.bytes(kCellInfoBytes), "cell");
            cell.skip(4);
            std::array<std::uint16_t, 4> geometry{};
            for (auto& value : geometry)
                value = cell.u16();
            boxes.push_back(geometry);
        }
        if (kind == BoxKind::Table) {
            ++m_stats.tables;
            Grid grid = gridOf(boxes);
            m_sink.openTable(grid.rows, grid.cols);
            for (const CellPosition& position : grid.cells) {
                m_sink.openCell(position);
                list(depth + 1);
                m_sink.closeCell();
            }
            if (emptyListAhead()) {
                list(depth + 1);
            } else {
                m_sink.openCaption();
                list(depth + 1);
                m_sink.closeCaption();
            }
            m_sink.closeTable();
            return;
        }
        if (kind == BoxKind::Equation) {
            // The equation's script is the text of its one cell.
            std::u16string script;
            std::u16string* outer = std::exchange(m_capture, &script);
            Paragraph* outerPara = std::exchange(m_para, nullptr);
            for (std::size_t k = 0; k < cells; ++k)
                list(depth + 1);
            m_capture = outer;
            m_para = outerPara;
            while (!script.empty() && script.back() == u'\n')
                script.pop_back();
            std::string utf8;
            unicode::appendUtf16(script.data(), script.size(), utf8);
            m_sink.insertEquation(utf8);
            list(depth + 1);  // caption
            return;
        }
        m_sink.openTextBox();
        for (std::size_t k = 0; k < cells; ++k)
            list(depth + 1);
        list(depth + 1);  // caption
        m_sink.closeTextBox();
    }

    void picture(std::size_t depth) {
        flush();
        std::uint32_t extra = BinaryReader(m_reader.bytes(4), "picture").u32();
        std::string_view info = m_reader.bytes(kPictureInfoBytes - 4);
        std::string_view extension = m_reader.bytes(extra);
        if (static_cast<std::uint8_t>(info[74 - 4]) == kPictureDrawing) {
            drawing(extension, depth);
        } else {
            std::string name = kcharString(info.substr(83 - 4, 256));
            if (!name.empty()) {
                ++m_stats.images;
                m_sink.insertImage(name, mediaTypeOf(name), {});
            }
        }
        list(depth + 1);  // caption, as plain paragraphs
    }

    // The text boxes among a picture's drawing objects [SPEC3 §11]; damage inside the drawing
    // loses its text only, since the picture's extra length already bounds it.
    void drawing(std::string_view bytes, std::size_t depth) {
        std::vector<std::string_view> texts;
        try {
            BinaryReader reader(bytes, "drawing");
            std::uint32_t headerLength = reader.u32();
            reader.skip(4);
            std::uint32_t objects = reader.u32();
            reader.skip(16);
            if (headerLength > kFrameHeaderFixed) reader.skip(kFrameHypertextBytes);
            if (objects > 0) drawingObjects(reader, texts, 0);
        } catch (const CorruptError&) {
            ++m_stats.unreadableDrawings;
        }
        for (std::string_view text : texts) {
            BodyWalker inner(text, "drawing text box", m_sink, m_stats);
            m_sink.openTextBox();
            try {
                inner.list(depth + 1);
            } catch (const CorruptError&) {
                ++m_stats.unreadableDrawings;
            }
            m_sink.closeTextBox();
        }
    }

    // Objects are stored in preorder; bit 0 of an object's links says a sibling follows, bit 1
    // that children follow.
    void drawingObjects(BinaryReader& reader, std::vector<std::string_view>& texts,
                        std::size_t depth) {
        if (depth > limits::kMaxNestingDepth) throw CorruptError("drawing objects nested too deep");
        while (true) {
            std::uint16_t links = drawingObject(reader, texts);
            if (links & 2) drawingObjects(reader, texts, depth + 1);
            if (!(links & 1)) return;
        }
    }

    std::uint16_t drawingObject(BinaryReader& reader, std::vector<std::string_view>& texts) {
        std::size_t start = reader.offset();
        std::uint32_t headerLength = reader.u32();
        std::uint16_t kind = reader.u16();
        std::uint16_t links = reader.u16();
        reader.skip(kDrawingGeometryBytes + kDrawingAttributesBeforeOptions);
        std::uint32_t options = reader.u32();
        if (options & kOptionRotation) reader.skip(kRotationBytes);
        if (options & kOptionGradient) reader.skip(kGradientBytes);
        if (options & kOptionBitmap) reader.skip(kBitmapBytes);
        std::size_t declaredEnd = start + 4 + std::size_t{headerLength};
        // A shape made into a text box keeps its paragraph list inside its common header,
        // after the attributes, as two lengths and the list.
        if (kind != kDrawingTextBox && declaredEnd >= reader.offset() + 8) {
            std::size_t surplus = declaredEnd - reader.offset();
            std::uint32_t first = reader.u32();
            std::uint32_t second = reader.u32();
            if (second > 0 && std::uint64_t{first} + second == surplus - 8) {
                reader.skip(first);
                texts.push_back(reader.bytes(second));
            }
        }
        reader.seek(declaredEnd);
        if (kind == kDrawingTransformedArc) return links;
        std::uint32_t first = reader.u32();
        if (kind == kDrawingTextBox) {
            reader.skip(first);
            std::uint32_t second = reader.u32();
            texts.push_back(reader.bytes(second));
            return links;
        }
        if (kind == kDrawingExtendedCurve || kind == kDrawingClosedPolygon) {
            // The point count, the points, then one line attribute byte per point.
            std::uint32_t points = first == 4 ? reader.u32() : 0;
            if (first != 4) reader.skip(first);
            std::uint32_t second = reader.u32();
            reader.skip(second);
            reader.skip(points);
            return links;
        }
        reader.skip(first);
        reader.skip(reader.u32());
        return links;
    }

    // Whether the next paragraph list is empty (its first paragraph is the end marker).
    bool emptyListAhead() const {
        BinaryReader peek = m_reader;
        peek.skip(1);
        return peek.u16() == 0;
    }

    void flush() {
        if (!m_para || m_para->buffer.empty()) return;
        if (m_capture) {
            m_capture->append(m_para->buffer);
            m_para->buffer.clear();
            return;
        }
        if (!m_para->open) {
            if (m_para->head.empty()) {
                m_sink.openParagraph(BlockKind::Paragraph, 0);
            } else {
                m_sink.openParagraph(BlockKind::ListItem, static_cast<int>(m_para->level));
                m_sink.setParagraphHead(m_para->head);
            }
            m_para->open = true;
        }
        m_utf8.clear();
        unicode::appendUtf16(m_para->buffer.data(), m_para->buffer.size(), m_utf8);
        m_para->buffer.clear();
        m_sink.insertText(m_utf8);
    }

    BinaryReader m_reader;
    DocumentSink& m_sink;
    BodyStats& m_stats;
    Paragraph* m_para = nullptr;
    std::u16string* m_capture = nullptr;
    std::string m_utf8;
};

}  // namespace

void emitBody(std::string_view body, DocumentSink& sink, BodyStats& stats) {
    BodyWalker(body, "HWP 3 body", sink, stats).document();
}

}  // namespace jikji::converters::hwp3
