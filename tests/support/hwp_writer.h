#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

/// A test-only writer of minimal HWP 5.0 documents: FileHeader, DocInfo, BodyText sections
/// built from records, summary information, PrvText, BinData; compressed or not; optionally
/// distribution-encrypted or flagged as password-protected. It writes what the converter
/// reads, following the record layouts of the spec as real files use them.
namespace jikji::test::hwp {

struct Paragraph;

struct Cell {
    std::uint16_t row = 0;
    std::uint16_t col = 0;
    std::uint16_t rowSpan = 1;
    std::uint16_t colSpan = 1;
    std::vector<Paragraph> paragraphs;
};

/// One piece of a paragraph, in order.
struct Item {
    enum class Kind {
        Text,
        Tab,
        LineBreak,
        Link,
        Table,
        Footnote,
        Endnote,
        Header,
        Footer,
        Equation,
        Picture,
        TextBox,
        /// A tracked deletion (in the ViewText markup view only) and insertion.
        Deleted,
        Inserted,
        /// A hidden comment (`tcmt`) holding `paragraphs`.
        HiddenComment,
        /// A memo field (`%%me`) around `text`, its body `paragraphs` after the section's last
        /// paragraph, as Hancom writes it.
        Memo,
        /// A click-here field (`%clk`) around `text`, with its `guide`.
        ClickHere,
        /// A form object (`form`): `target` its type id (`+cbt` check box, `+edt` edit, `+cob`
        /// combo box), `text` its parameter string.
        Form,
        /// An auto number (`atno`): `autoNumber` in the shape and of the type `autoAttributes`
        /// give (bits 0–3 type: 3 picture, 4 table, 5 equation, 0 page; bits 4–11 shape).
        AutoNumber,
        /// A section definition (`secd`, extended char 2) naming `outlineNumbering`, the
        /// NUMBERING record (from 1) its outline paragraphs count on.
        SectionDefinition,
    };
    Kind kind = Kind::Text;
    /// Text, link text, or equation script.
    std::u16string text;
    /// Link target (written as a `%hlk` command).
    std::string target;
    /// A click-here field's guide.
    std::u16string guide;
    /// Paragraphs of a note, header, footer, text box; caption of a table.
    std::vector<Paragraph> paragraphs;
    std::uint16_t rows = 0;
    std::uint16_t cols = 0;
    std::vector<Cell> cells;
    /// 1-based BIN_DATA item of a picture.
    std::uint16_t binId = 0;
    std::uint32_t autoAttributes = 0;
    std::uint16_t autoNumber = 0;
    std::uint16_t outlineNumbering = 0;
    /// An object (table, picture, text box, …) deleted or inserted whole in a tracked change:
    /// a range tag over its control characters in the markup view; a deleted one is absent
    /// from the final view.
    enum class Change { None, Deleted, Inserted };
    Change change = Change::None;
};

/// Paragraph shapes that DocInfo declares: 0 plain, 1 outline level 1 (a heading), 2 numbered
/// level 2, 3 bullet level 1 (these three name no numbering or bullet); then the document's
/// `headShapes` (see headShape).
enum class Shape : std::uint16_t { Plain = 0, Outline1 = 1, Numbered2 = 2, Bullet1 = 3 };

/// A paragraph shape with a head: `kind` 1 outline, 2 numbering, 3 bullet (ParaShape bits
/// 23–24), `level` from 0 (bits 25–27), `id` the NUMBERING or BULLET record it names (from 1).
struct HeadShape {
    std::uint32_t kind = 0;
    std::uint32_t level = 0;
    std::uint16_t id = 0;
};
/// The Shape of `Document::headShapes[index]`.
Shape headShape(std::size_t index);

/// A NUMBERING record: levels 1 … 7 (levels 8 … 10 too when given, as HWP 5.1 writes them),
/// each a head format (`^1.`), a number shape code (head info attribute bits 5–8) and a start.
struct Numbering {
    struct Level {
        std::u16string format;
        std::uint32_t shape = 0;
        std::uint32_t start = 1;
    };
    std::vector<Level> levels;
    /// The record cut to this many bytes (a damaged file); whole when npos.
    std::size_t keepBytes = std::string::npos;
};

struct Paragraph {
    Shape shape = Shape::Plain;
    std::vector<Item> items;
    /// The paragraph's break was deleted in a tracked change: a deletion range over its end
    /// (char 13) in the markup view; joined with the next paragraph in the final view.
    bool breakDeleted = false;
};

Paragraph text(std::u16string text, Shape shape = Shape::Plain);
Item textItem(std::u16string text);
Item linkItem(std::u16string text, std::string target);
/// An auto number of `type` (3 picture, 4 table, 5 equation, 0 page) in number shape `shape`.
Item autoNumberItem(std::uint32_t type, std::uint16_t number, std::uint32_t shape = 0);
/// A section definition whose outline paragraphs count on NUMBERING `outlineNumbering`.
Item sectionDefinition(std::uint16_t outlineNumbering);

struct Options {
    bool compressed = true;
    bool distribution = false;
    bool password = false;
    bool summary = true;
    bool preview = true;
    /// Saved with tracked changes: FileHeader bit 14, DocInfo TRACK_CHANGE_AUTHOR records (two
    /// authors) and TRACK_CHANGE records (the insertion by the first, 2026-06-15 04:30, the
    /// deletion by the second, 04:31), BodyText with the final text and ViewText with the
    /// markup view and its range tags.
    bool trackChanges = false;
    std::uint32_t version = 0x05010100;
};

struct Document {
    std::vector<std::vector<Paragraph>> sections;
    /// Summary properties by key: title, subject, author, keywords, comments, last_saved_by,
    /// app_version; `created` and `modified` as FILETIME tick counts in decimal.
    std::map<std::string, std::string> summary;
    /// BIN_DATA items: extension and bytes, stored as `BinData/BIN%04X.ext`.
    std::vector<std::pair<std::string, std::string>> binData;
    /// NUMBERING and BULLET records (ids from 1), and paragraph shapes naming them.
    std::vector<Numbering> numberings;
    std::vector<char16_t> bullets;
    std::vector<HeadShape> headShapes;
    Options options;
};

/// One record: header (with the 0xFFF size escape when needed) and payload.
std::string record(std::uint16_t tag, std::uint16_t level, const std::string& payload);

/// The bytes of a section stream (uncompressed records); `markup` writes the markup view of a
/// document with tracked changes (deleted runs kept, range tags marking the changes).
std::string sectionRecords(const std::vector<Paragraph>& paragraphs, bool markup = false);
/// The bytes of a DocInfo stream (uncompressed records).
std::string docInfoRecords(const Document& document);
/// A 256-byte FileHeader.
std::string fileHeader(std::uint32_t version, std::uint32_t flags);
/// An OLE property set in the layout of `\005HwpSummaryInformation`.
std::string summaryStream(const std::map<std::string, std::string>& properties);
/// Raw deflate (windowBits -15).
std::string deflateRaw(const std::string& bytes);
/// A ViewText section: distribution record, then the AES-128-ECB ciphertext of `plain`.
std::string distributionStream(const std::string& plain, std::uint32_t seed);

/// The whole file.
std::string write(const Document& document);

}  // namespace jikji::test::hwp
