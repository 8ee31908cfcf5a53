#include <gtest/gtest.h>
#include <zlib.h>

#include "converters/pdf/pdf_streams.h"
#include "converters/registry.h"
#include "pipeline/document_wire.h"
#include "pipeline/errors.h"
#include "pipeline/json_reader.h"
#include "pipeline/json_writer.h"
#include "pipeline/limits.h"
#include "stages/facts/press_release.h"
#include "tests/support/fixtures.h"

namespace jikji::converters::pdf {
namespace {

Document convertFixture(const std::string& relative) {
    std::string bytes = test::readBytes(test::sourceDir() / "fixtures" / relative);
    return convertInput(Input{bytes, relative});
}

const Warning* findWarning(const Document& document, std::string_view code) {
    for (const Warning& warning : document.warnings)
        if (warning.code == code) return &warning;
    return nullptr;
}

std::vector<const Block*> blocksOf(const Document& document, BlockKind kind) {
    std::vector<const Block*> found;
    for (const Block& block : document.blocks)
        if (block.kind == kind) found.push_back(&block);
    return found;
}

// report.pdf (fixtures/documents/pdf/make_pdf_fixtures.py): three pages with a running head,
// page numbers, a title, outline items and two columns.
TEST(PdfConverter, ReadsParagraphsInReadingOrderWithTheirPages) {
    Document document = convertFixture("documents/pdf/report.pdf");
    ASSERT_EQ(document.status, Status::Ok);
    EXPECT_EQ(document.format, "pdf");
    EXPECT_EQ(document.metadata["pages"], "3");
    auto paragraphs = blocksOf(document, BlockKind::Paragraph);
    ASSERT_EQ(paragraphs.size(), 5u);
    EXPECT_EQ(paragraphs[0]->page, 1u);
    // The left column is read before the right one, each as one paragraph.
    EXPECT_EQ(paragraphs[2]->inlineText(),
              "왼쪽 단의 첫째 문단은 여기에서 시작하여 왼쪽 단의 아래쪽 끝까지 길게 이어집니다.");
    EXPECT_EQ(paragraphs[2]->page, 2u);
    EXPECT_EQ(paragraphs[3]->inlineText(),
              "오른쪽 단의 문단은 왼쪽 단을 다 읽은 뒤에 읽어야 하는 글이고 단의 끝까지 읽습니다.");
    EXPECT_EQ(paragraphs[4]->page, 3u);
}

std::vector<const Block*> tablesOf(const Document& document) {
    return blocksOf(document, BlockKind::Table);
}

std::string cellText(const Block& table, std::uint32_t row, std::uint32_t col) {
    for (const TableRow& r : table.rows)
        for (const TableCell& cell : r.cells)
            if (cell.row == row && cell.col == col) {
                std::string text;
                for (const Block& block : cell.blocks)
                    text += block.inlineText();
                return text;
            }
    return "(no cell)";
}

const TableCell* cellAt(const Block& table, std::uint32_t row, std::uint32_t col) {
    for (const TableRow& r : table.rows)
        for (const TableCell& cell : r.cells)
            if (cell.row == row && cell.col == col) return &cell;
    return nullptr;
}

// tables.pdf (make_pdf_fixtures.py): the statistics table's rules leave `구분` over two rows
// and `실적` over two columns; the header box comes before the title, in reading order.
TEST(PdfConverter, RuledTableHasRowsColumnsAndSpans) {
    Document document = convertFixture("documents/pdf/tables.pdf");
    ASSERT_EQ(document.status, Status::Ok);
    auto tables = tablesOf(document);
    ASSERT_EQ(tables.size(), 4u);
    EXPECT_EQ(cellText(*tables[0], 0, 0), "보도자료");
    EXPECT_EQ(document.blocks[0].kind, BlockKind::Table);
    EXPECT_EQ(document.blocks[1].inlineText(), "전주시 관광객 작년보다 25% 늘어");
    const Block& stats = *tables[1];
    ASSERT_EQ(stats.rows.size(), 4u);
    ASSERT_NE(cellAt(stats, 0, 0), nullptr);
    EXPECT_EQ(cellAt(stats, 0, 0)->rowSpan, 2u);
    ASSERT_NE(cellAt(stats, 0, 1), nullptr);
    EXPECT_EQ(cellAt(stats, 0, 1)->colSpan, 2u);
    EXPECT_EQ(cellText(stats, 1, 2), "2024년");
    EXPECT_EQ(cellText(stats, 3, 2), "42");
    // Tables are tab-separated rows in the document's text.
    EXPECT_NE(document.text.find("관광객\t120\t150"), std::string::npos);
}

// The contact table is drawn with thin filled rectangles (as Hancom exports borders), with
// no rule between title, name and phone: the press-release facts still read every contact.
TEST(PdfConverter, ContactTableOfFilledRulesGivesThePressContacts) {
    Document document = convertFixture("documents/pdf/tables.pdf");
    auto tables = tablesOf(document);
    ASSERT_EQ(tables.size(), 4u);
    EXPECT_EQ(cellText(*tables[2], 1, 2), "담당자");
    auto press = facts::extractPressRelease(document);
    ASSERT_TRUE(press);
    ASSERT_EQ(press->contacts.size(), 2u);
    EXPECT_EQ(press->contacts[0].department, "관광산업과");
    EXPECT_EQ(press->contacts[0].jobTitle, "과장");
    EXPECT_EQ(press->contacts[0].name, "홍길동");
    EXPECT_EQ(press->contacts[0].phone, "063-281-2114");
    EXPECT_EQ(press->contacts[1].role, "담당자");
    EXPECT_EQ(press->contacts[1].name, "김철수");
}

// A table that fills the bottom of page 2 and goes on at the top of page 3 with the same
// columns is one table, whose title row repeated on page 3 is kept once (as the word
// processor's document holds it); two rows of figures that no rule separates are two rows.
TEST(PdfConverter, TableBrokenByThePageIsOneTable) {
    Document document = convertFixture("documents/pdf/tables.pdf");
    auto tables = tablesOf(document);
    ASSERT_EQ(tables.size(), 4u);
    const Block& years = *tables[3];
    EXPECT_EQ(years.page, 2u);
    ASSERT_EQ(years.rows.size(), 6u);
    EXPECT_EQ(cellText(years, 3, 0), "2022");
    EXPECT_EQ(cellText(years, 4, 1), "110");
    EXPECT_EQ(cellText(years, 5, 2), "15");
    EXPECT_EQ(document.text.find("연도\t내국인"), document.text.rfind("연도\t내국인"));
    auto paragraphs = blocksOf(document, BlockKind::Paragraph);
    EXPECT_EQ(paragraphs.back()->inlineText(), "관광객은 해마다 늘고 있습니다.");
    EXPECT_EQ(paragraphs.back()->page, 3u);
}

// The row and column counts of a table block.
std::pair<std::uint32_t, std::uint32_t> shapeOf(const Block& table) {
    std::uint32_t rows = 0, cols = 0;
    for (const TableRow& row : table.rows)
        for (const TableCell& cell : row.cells) {
            rows = std::max(rows, cell.row + cell.rowSpan);
            cols = std::max(cols, cell.col + cell.colSpan);
        }
    return {rows, cols};
}

// clipped-tables.pdf (make_pdf_fixtures.py): Hancom's export clips every table cell to its
// box, borders drawn or not. A box around a line with no border, a borderless table and a
// title box whose empty side cells have no border are tables with the cells of their clips.
TEST(PdfConverter, ClippedCellsMakeTablesWithoutBorders) {
    Document document = convertFixture("documents/pdf/clipped-tables.pdf");
    ASSERT_EQ(document.status, Status::Ok);
    auto tables = tablesOf(document);
    ASSERT_GE(tables.size(), 3u);
    EXPECT_EQ(shapeOf(*tables[0]), std::make_pair(1u, 1u));
    EXPECT_EQ(cellText(*tables[0], 0, 0), "① 피규제 기업 :");
    EXPECT_EQ(shapeOf(*tables[1]), std::make_pair(2u, 3u));
    EXPECT_EQ(cellText(*tables[1], 0, 2), "2024년");
    EXPECT_EQ(cellText(*tables[1], 1, 0), "관광객");
    EXPECT_EQ(shapeOf(*tables[2]), std::make_pair(1u, 3u));
    EXPECT_EQ(cellText(*tables[2], 0, 1), "관광 동향 보고");
    EXPECT_EQ(cellText(*tables[2], 0, 0), "");
}

// The top-level tables of clipped-tables.pdf in reading order (converted once).
std::vector<const Block*> clippedTables() {
    static const Document document = convertFixture("documents/pdf/clipped-tables.pdf");
    return tablesOf(document);
}

// A caption's clip under a ruled table, a little wider than it, adds no row to the table;
// glyph runs clipped one by one (as printer drivers draw text) make no tables.
TEST(PdfConverter, CaptionAndGlyphRunClipsAreNoCells) {
    Document document = convertFixture("documents/pdf/clipped-tables.pdf");
    auto tables = tablesOf(document);
    ASSERT_EQ(tables.size(), 9u);
    EXPECT_EQ(shapeOf(*tables[3]), std::make_pair(2u, 2u));
    EXPECT_EQ(cellText(*tables[3], 1, 1), "150");
    auto paragraphs = blocksOf(document, BlockKind::Paragraph);
    ASSERT_GE(paragraphs.size(), 2u);
    EXPECT_EQ(paragraphs[paragraphs.size() - 2]->inlineText(), "표 1 관광객 수");
    EXPECT_EQ(paragraphs.back()->inlineText(), "관광객은 해마다 늘고 있습니다.");
}

// A numbered part's title box: two ruled cells whose borders reach past their corners by half
// their width (Hancom's 1.2-point rules) around an empty cell that is clipped only. The empty
// cell's sides are on those borders: one 1 × 3 table, not two boxes.
TEST(PdfConverter, EmptyCellBetweenThickBordersJoinsItsTable) {
    auto tables = clippedTables();
    ASSERT_EQ(tables.size(), 9u);
    EXPECT_EQ(shapeOf(*tables[4]), std::make_pair(1u, 3u));
    EXPECT_EQ(cellText(*tables[4], 0, 0), "1");
    EXPECT_EQ(cellText(*tables[4], 0, 1), "");
    EXPECT_EQ(cellText(*tables[4], 0, 2), "인성교육");
}

// An exam's `수험번호` box whose digit cells are parted by dashed rules, each dash shorter than
// the slant allowed across a rule (dashed-rules.pdf): the dashes join into rules, one row of a
// label and six digit cells.
TEST(PdfConverter, DashedRulesPartCells) {
    Document document = convertFixture("documents/pdf/dashed-rules.pdf");
    ASSERT_EQ(document.status, Status::Ok);
    auto tables = tablesOf(document);
    ASSERT_EQ(tables.size(), 1u);
    EXPECT_EQ(shapeOf(*tables[0]), std::make_pair(1u, 7u));
    EXPECT_EQ(cellText(*tables[0], 0, 0), "수험번호");
}

// A row whose cells hold two lines each, one of them a label that fills its narrow cell and
// wraps (`산업안전보건기|준에 관한 규칙`): paragraphs wrapped side by side, one row, not two
// rows of figures that no rule parts.
TEST(PdfConverter, RowWithAWrappedLabelIsOneRow) {
    auto tables = clippedTables();
    ASSERT_EQ(tables.size(), 9u);
    EXPECT_EQ(shapeOf(*tables[5]), std::make_pair(2u, 4u));
    EXPECT_EQ(cellText(*tables[5], 1, 0), "산업안전보건기준에 관한 규칙");
    EXPECT_EQ(cellText(*tables[5], 1, 1), "제24조");
}

// A head row whose labels stand in two lines each (`효도와|공경`, `생명존중|의식`) beside one
// centred on them: words, not figures one a line, so one row.
TEST(PdfConverter, HeadRowOfTwoLineLabelsIsOneRow) {
    auto tables = clippedTables();
    ASSERT_EQ(tables.size(), 9u);
    EXPECT_EQ(shapeOf(*tables[6]), std::make_pair(2u, 3u));
    EXPECT_NE(cellText(*tables[6], 0, 1).find("공경"), std::string::npos);
    EXPECT_EQ(cellText(*tables[6], 1, 2), "국어(1)");
}

// A ruled table inside the clip of a one-cell box a little larger than it (Hancom's
// borderless layout table around a table): a 1 × 1 table that holds the table, as the HWP.
TEST(PdfConverter, ClipHuggingATableIsTheBoxThatHoldsIt) {
    auto tables = clippedTables();
    ASSERT_EQ(tables.size(), 9u);
    EXPECT_EQ(shapeOf(*tables[7]), std::make_pair(1u, 1u));
    const TableCell* box = cellAt(*tables[7], 0, 0);
    ASSERT_NE(box, nullptr);
    ASSERT_EQ(box->blocks.size(), 1u);
    ASSERT_EQ(box->blocks[0].kind, BlockKind::Table);
    EXPECT_EQ(shapeOf(box->blocks[0]), std::make_pair(2u, 2u));
    EXPECT_EQ(cellText(box->blocks[0], 1, 1), "없음");
}

// A title band under a bar 3.6 points high and over a double rule: the bar's edges and the
// rules' gap make rows that hold nothing and no line could fit in; one box, as the HWP's.
TEST(PdfConverter, TitleBandBetweenABarAndADoubleRuleIsOneBox) {
    auto tables = clippedTables();
    ASSERT_EQ(tables.size(), 9u);
    EXPECT_EQ(shapeOf(*tables[8]), std::make_pair(1u, 1u));
    EXPECT_EQ(cellText(*tables[8], 0, 0), "Ⅰ. 2021년 평가");
}

// A mark raised in a smaller size after a sentence, and a line at the page foot in small print
// that starts with it: a footnote with that mark, not a paragraph.
TEST(PdfConverter, MarkedFootnoteIsANote) {
    Document document = convertFixture("documents/pdf/tables.pdf");
    auto notes = blocksOf(document, BlockKind::Note);
    ASSERT_EQ(notes.size(), 1u);
    EXPECT_EQ(notes[0]->noteKind, NoteKind::Foot);
    EXPECT_EQ(notes[0]->mark, "1");
    EXPECT_EQ(notes[0]->page, 3u);
    ASSERT_EQ(notes[0]->children.size(), 1u);
    for (const Block* paragraph : blocksOf(document, BlockKind::Paragraph))
        EXPECT_EQ(paragraph->inlineText().find("잠정치"), std::string::npos);
}

// The footnote's first line fills its column with spaces of natural width and goes on inside
// a word ("관광|산업과"): its lines are joined as the body's, without a space there.
TEST(PdfConverter, FootnoteLinesBrokenInsideAWordJoinWithoutSpace) {
    Document document = convertFixture("documents/pdf/tables.pdf");
    auto notes = blocksOf(document, BlockKind::Note);
    ASSERT_EQ(notes.size(), 1u);
    ASSERT_EQ(notes[0]->children.size(), 1u);
    EXPECT_EQ(notes[0]->children[0].inlineText(),
              "2024년은 잠정치입니다. 확정치는 내년 3월에 관광산업과 누리집에 올립니다.");
}

// The page of a block survives the isolated worker's wire form and the JSON written and read.
TEST(PdfConverter, PageSurvivesWireAndJson) {
    Document document = convertFixture("documents/pdf/report.pdf");
    Document wired = decodeDocument(encodeDocument(document));
    ASSERT_EQ(wired.blocks.size(), document.blocks.size());
    EXPECT_EQ(wired.blocks.back().page, 3u);
    std::string json = documentJsonString(document);
    EXPECT_NE(json.find("\"page\": 3"), std::string::npos);
    Document read = documentFromJson(json);
    ASSERT_EQ(read.blocks.size(), document.blocks.size());
    EXPECT_EQ(read.blocks.back().page, 3u);
    EXPECT_EQ(read.blocks.front().children.at(0).page, 1u);
}

// A justified line that wraps between words keeps its space ("첫 줄은"); a line of natural
// spacing that fills the column broke inside a word ("관광객수는"); "docu-/ment" is one word.
TEST(PdfConverter, JoinsWordsBrokenAcrossLines) {
    Document document = convertFixture("documents/pdf/report.pdf");
    auto paragraphs = blocksOf(document, BlockKind::Paragraph);
    ASSERT_GE(paragraphs.size(), 2u);
    EXPECT_EQ(paragraphs[0]->inlineText(),
              "이 문서는 직지 변환기 시험용 보고서입니다. 문단의 첫 줄은 단의 끝까지 차고, 둘째 "
              "줄은 낱말의 중간에서 이어집니다. 관광객수는 작년보다 늘었습니다.");
    EXPECT_EQ(paragraphs[1]->inlineText(),
              "The converter of this project reads and keeps every single attached document of "
              "the portal in one pass.");
}

TEST(PdfConverter, FindsHeadingsListItemsAndRunningHeads) {
    Document document = convertFixture("documents/pdf/report.pdf");
    auto headings = blocksOf(document, BlockKind::Heading);
    ASSERT_EQ(headings.size(), 1u);
    EXPECT_EQ(headings[0]->inlineText(), "전주시 관광 안내 보고서");
    EXPECT_EQ(headings[0]->level, 1);
    auto items = blocksOf(document, BlockKind::ListItem);
    ASSERT_EQ(items.size(), 3u);
    EXPECT_EQ(items[0]->level, 1);
    EXPECT_EQ(items[1]->level, 2);
    EXPECT_EQ(items[2]->level, 3);
    EXPECT_EQ(items[2]->inlineText(), "- 셋째 항목: 누리집 개편");
    // The running head and the page number repeat on three pages: one block each, not body text.
    auto headers = blocksOf(document, BlockKind::Header);
    auto footers = blocksOf(document, BlockKind::Footer);
    ASSERT_EQ(headers.size(), 1u);
    ASSERT_EQ(footers.size(), 1u);
    EXPECT_EQ(headers[0]->children.at(0).inlineText(), "직지 시험 보고서");
    EXPECT_EQ(footers[0]->children.at(0).inlineText(), "- 1 -");
    EXPECT_EQ(document.text.find("- 2 -"), std::string::npos);
}

TEST(PdfConverter, ReadsDocumentInformation) {
    Document document = convertFixture("documents/pdf/report.pdf");
    EXPECT_EQ(document.metadata["title"], "전주시 관광 안내 보고서");
    EXPECT_EQ(document.metadata["author"], "관광산업과");
    EXPECT_EQ(document.metadata["application"], "Hwp 2018 10.0.0.1");
    EXPECT_EQ(document.metadata["producer"], "Jikji fixture");
    EXPECT_EQ(document.metadata["created"], "2024-01-31T00:30:00Z");
    EXPECT_EQ(document.metadata["modified"], "2024-02-01T10:00:00Z");
}

// A scanned page has no text layer: partial, with the page named, never an empty "ok".
TEST(PdfConverter, ScannedPageIsPartialWithNoTextLayer) {
    Document document = convertFixture("documents/pdf/scanned.pdf");
    EXPECT_EQ(document.status, Status::Partial);
    const Warning* warning = findWarning(document, "no_text_layer");
    ASSERT_NE(warning, nullptr);
    EXPECT_NE(warning->message.find("page 1"), std::string::npos);
}

TEST(PdfConverter, UserPasswordMakesItEncrypted) {
    Document document = convertFixture("documents/pdf/password.pdf");
    EXPECT_EQ(document.status, Status::Encrypted);
    EXPECT_EQ(document.metadata["protection"], "password");
}

// Restrictions set by an owner password alone do not stop reading.
TEST(PdfConverter, OwnerPasswordOnlyIsStillRead) {
    Document document = convertFixture("documents/pdf/owner-password.pdf");
    EXPECT_EQ(document.status, Status::Ok);
    EXPECT_NE(document.text.find("관광객수는"), std::string::npos);
}

struct HostileCase {
    const char* file;
    Status status;
    const char* warning;
};

// Each hostile input ends with a status and a warning, in the converter's own process.
TEST(PdfConverter, HostileInputsGetAStatus) {
    const HostileCase cases[] = {
        {"pdf-truncated.pdf", Status::Corrupt, "corrupt"},
        {"pdf-broken-xref.pdf", Status::Ok, "pdf_syntax"},
        {"pdf-deep-nesting.pdf", Status::Partial, "no_text_layer"},
        {"pdf-huge-page-count.pdf", Status::Corrupt, "corrupt"},
        // Past kMaxPdfRulesPerPage the page keeps its text; tables use the first rules only.
        {"pdf-rule-flood.pdf", Status::Ok, "limit_exceeded"},
    };
    for (const HostileCase& c : cases) {
        Document document = convertFixture(std::string("hostile/") + c.file);
        EXPECT_EQ(document.status, c.status) << c.file;
        EXPECT_NE(findWarning(document, c.warning), nullptr) << c.file;
    }
    EXPECT_EQ(convertFixture("hostile/pdf-rule-flood.pdf").text, "flood of rules\n");
    // The broken cross-reference table is rebuilt: the text is all there.
    Document rebuilt = convertFixture("hostile/pdf-broken-xref.pdf");
    EXPECT_NE(rebuilt.text.find("마지막 쪽의 문단입니다."), std::string::npos);
}

std::string deflated(std::size_t zeros) {
    z_stream zs{};
    deflateInit(&zs, 9);
    std::string input(1 << 20, '\0'), out;
    std::string chunk(1 << 16, '\0');
    for (std::size_t left = zeros; left > 0;) {
        std::size_t take = std::min(left, input.size());
        left -= take;
        zs.next_in = reinterpret_cast<Bytef*>(input.data());
        zs.avail_in = static_cast<uInt>(take);
        do {
            zs.next_out = reinterpret_cast<Bytef*>(chunk.data());
            zs.avail_out = static_cast<uInt>(chunk.size());
            deflate(&zs, left ? Z_NO_FLUSH : Z_FINISH);
            out.append(chunk.data(), chunk.size() - zs.avail_out);
        } while (zs.avail_out == 0);
    }
    deflateEnd(&zs);
    return out;
}

std::string pdfWithContent(const std::string& stream) {
    return "%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages "
           "/Count 1 /Kids [3 0 R] >>\nendobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 "
           "0 595 842] /Contents 4 0 R >>\nendobj\n4 0 obj\n<< /Length " +
           std::to_string(stream.size()) + " /Filter /FlateDecode >>\nstream\n" + stream +
           "\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
}

// A content stream that inflates past kMaxPdfDecompressedBytes stops before poppler reads it.
TEST(PdfConverter, DecompressionBombIsLimitExceeded) {
    std::string bomb = pdfWithContent(deflated(limits::kMaxPdfDecompressedBytes + (1u << 20)));
    Document document = convertInput(Input{bomb, "bomb.pdf"});
    EXPECT_EQ(document.status, Status::LimitExceeded);
    EXPECT_NE(findWarning(document, "limit_exceeded"), nullptr);
}

TEST(PdfStreams, CountsInflatedBytesAndSkipsImages) {
    std::string stream = deflated(100000);
    EXPECT_EQ(inflatedStreamBytes(pdfWithContent(stream), 1u << 20), 100000u);
    EXPECT_THROW(inflatedStreamBytes(pdfWithContent(stream), 50000), LimitError);
    std::string image = "1 0 obj\n<< /Subtype /Image /Filter /FlateDecode >>\nstream\n" + stream;
    EXPECT_EQ(inflatedStreamBytes(image, 50000), 0u);
}

}  // namespace
}  // namespace jikji::converters::pdf
