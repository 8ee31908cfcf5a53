#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rare_text.h"
#include "status.h"

namespace jikji {

/// The kinds of block in `jikji.document/1`.
enum class BlockKind {
    Paragraph,
    Heading,
    ListItem,
    Table,
    Note,
    Header,
    Footer,
    TextBox,
    Image,
    Equation,
};

std::string_view toString(BlockKind kind);

enum class NoteKind { Foot, End };

/// Who made a tracked change and when (RFC 3339), where the document records it; empty when it
/// does not. Copies share one value: every run and object of a change holds the same, and most
/// runs and blocks, which hold none, pay 16 bytes for it where two strings cost 64 (a
/// 367,000-character document holds 52,000 blocks).
class ChangeBy {
  public:
    std::string_view author() const { return m_data ? std::string_view(m_data->author) : ""; }
    std::string_view date() const { return m_data ? std::string_view(m_data->date) : ""; }
    /// A value of its own; none when both are empty.
    void set(std::string author, std::string date) {
        if (author.empty() && date.empty())
            m_data.reset();
        else
            m_data = std::make_shared<const Data>(Data{std::move(author), std::move(date)});
    }
    friend bool operator==(const ChangeBy& a, const ChangeBy& b) {
        return a.m_data == b.m_data || (a.author() == b.author() && a.date() == b.date());
    }

  private:
    struct Data {
        std::string author;
        std::string date;
    };
    std::shared_ptr<const Data> m_data;
};

/// A run of inline text; `href` is set when the run is the text of a hyperlink; `change` is
/// `deleted` or `inserted` when the run is a tracked change (a deleted run is kept in the
/// blocks but is no part of the block's text nor of the document's); `annotation` is
/// `field_instruction` when the run is what an editor shows in place of an empty field (the
/// guide of a click-here field), kept in the blocks but no part of the text either.
/// `changeBy` says who made a tracked change and when, when the document records it.
struct Span {
    std::string text;
    RareText href;
    RareText change;
    RareText annotation;
    ChangeBy changeBy;

    /// True when the run is part of the text: neither deleted nor an annotation.
    bool inText() const { return change != "deleted" && annotation.empty(); }
};

struct Block;

/// One cell of a table; merged cells are absent, the spans say what a cell covers.
struct TableCell {
    std::uint32_t row = 0;
    std::uint32_t col = 0;
    std::uint32_t rowSpan = 1;
    std::uint32_t colSpan = 1;
    std::vector<Block> blocks;
};

struct TableRow {
    std::vector<TableCell> cells;
};

/// One block of a document. Which members matter depends on `kind`:
/// paragraph, heading (`level` ≥ 1) and list item (`level` ≥ 0) hold `spans`;
/// a table holds `rows` and `caption`; note, header, footer and text box hold `children`;
/// an image holds `target`, `mediaType` and `alt`; an equation holds `script`.
/// A text box whose `annotation` is `hidden_comment` or `memo` is a note on the document, not
/// part of its pages: its blocks are kept but are no part of the document's text. A text box
/// whose `form` is set holds what a form object shows (`button`, `check_button`,
/// `radio_button`, `combo_box`, `list_box`, `edit`, `unknown`): its caption or its content.
/// An object (table, image, equation, text box, note, header, footer) whose `change` is `deleted`
/// or `inserted` was deleted or inserted as a whole in a tracked change (with `changeBy` as on
/// spans); a deleted one is kept in the blocks but is no part of the text. A
/// paragraph whose `breakChange` is `deleted` lost its paragraph break in a tracked change: the
/// final text joins it with the paragraph that follows.
struct Block {
    BlockKind kind = BlockKind::Paragraph;
    int level = 0;
    std::vector<Span> spans;
    std::vector<TableRow> rows;
    std::vector<Block> caption;
    std::vector<Block> children;
    NoteKind noteKind = NoteKind::Foot;
    RareText mark;
    RareText target;
    RareText mediaType;
    RareText alt;
    RareText script;
    RareText annotation;
    RareText form;
    RareText change;
    ChangeBy changeBy;
    RareText breakChange;
    /// The page the block starts on (1-based), 0 when the format does not say.
    std::uint32_t page = 0;

    /// The inline text of a paragraph-like block (the spans in the text joined).
    std::string inlineText() const;
    /// True when the block's own content is part of the text: neither deleted nor an annotation.
    bool inText() const { return change != "deleted" && annotation.empty(); }
};

/// One contact of a press release's contact table.
struct PressContact {
    std::string department;
    /// `책임자` or `담당자` (empty when the table does not say).
    std::string role;
    /// Job title such as `과장`, `사무관`.
    std::string jobTitle;
    std::string name;
    /// Normalised to `0XX-XXX(X)-XXXX` when an area code is present.
    std::string phone;
    std::string email;
};

/// One line of the body's outline: `□` is level 1, `○` level 2, `-` level 3, `*`/`※` level 4.
struct OutlineItem {
    int level = 1;
    std::string marker;
    std::string text;
};

/// The facts of the standard Korean government press-release form.
struct PressRelease {
    /// The embargo (`보도시점`), ISO 8601 with `+09:00`, or a date alone when no time is given.
    std::string embargoAt;
    /// When it was released (`배포`), same forms.
    std::string releasedAt;
    /// `조간`, `석간` or `즉시` where given.
    std::string edition;
    /// The kind of release as the form names it: `보도자료`, `보도설명자료`, `보도참고자료`, ...
    std::string kind;
    std::string issuer;
    std::string title;
    std::vector<std::string> subtitles;
    std::vector<PressContact> contacts;
    /// The `붙임` items.
    std::vector<std::string> appendices;
    std::vector<OutlineItem> outline;
};

/// The file a document was converted from, as `jikji convert` saw it.
struct Provenance {
    std::string fileName;
    std::uint64_t size = 0;
    /// 64 lowercase hex digits.
    std::string sha256;
};

/// A converted document: `jikji.document/1`.
struct Document {
    std::string format;
    std::string mediaType;
    Status status = Status::Ok;
    std::vector<Warning> warnings;
    /// Warnings beyond limits::kMaxWarnings, counted only.
    std::size_t droppedWarnings = 0;
    /// Sorted by key so that output is stable: title, creator, subject, created, modified, …
    std::map<std::string, std::string> metadata;
    std::vector<Block> blocks;
    /// Set by `jikji convert` (a record says where its documents came from itself).
    std::optional<Provenance> provenance;
    /// Filled by the press-release step when the document is a press release.
    std::optional<PressRelease> pressRelease;
    /// Every piece of text in reading order; tables as tab-separated rows.
    std::string text;
};

/// Stable block ids, derived from where a block stands, so the same bytes give the same ids:
/// `b12` is the document's 13th block; inside it, `b12.b0` is the first block of a note, header,
/// footer or text box, `b12.r2.c1.b0` the first block of the second cell (by index in the row's
/// `cells`) of the third row of a table, and `b12.cap.b0` the first block of its caption.
std::string blockId(std::string_view parent, std::size_t index);
/// The id prefix of the blocks of a table cell: `b12.r2.c1`.
std::string cellIdPrefix(std::string_view table, std::size_t row, std::size_t cell);
/// The id prefix of the blocks of a table's caption: `b12.cap`.
std::string captionIdPrefix(std::string_view table);
/// True when a `pages` metadata value is a page count (1 to 999999, decimal digits): the JSON
/// writers write it as a number.
bool isPageCount(std::string_view value);

/// Renders blocks as plain text: one line per paragraph, tables as tab-separated rows (line
/// breaks and tabs inside a cell become spaces), captions after their table, the contents of
/// notes, headers, footers and text boxes where they stand. Images, equations, annotations
/// (hidden comments, memos, field instructions) and deleted runs add nothing, not even a line.
std::string renderText(const std::vector<Block>& blocks);
/// The text of one block, as renderText writes it among others.
std::string renderText(const Block& block);
/// The line of renderText for one table row.
std::string renderRowText(const TableRow& row);

}  // namespace jikji
