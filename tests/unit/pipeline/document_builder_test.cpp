#include "pipeline/document_builder.h"

#include <gtest/gtest.h>

#include <array>

namespace jikji {
namespace {

TEST(DocumentBuilder, ParagraphsBecomeLinesOfText) {
    DocumentBuilder builder;
    builder.openParagraph(BlockKind::Paragraph, 0);
    builder.insertText("전주시");
    builder.insertText(" 관광산업과");
    builder.closeParagraph();
    builder.openParagraph(BlockKind::Heading, 1);
    builder.insertText("제목");
    builder.closeParagraph();
    Document document = builder.finish(Status::Ok);
    ASSERT_EQ(document.blocks.size(), 2u);
    EXPECT_EQ(document.blocks[0].inlineText(), "전주시 관광산업과");
    EXPECT_EQ(document.blocks[1].kind, BlockKind::Heading);
    EXPECT_EQ(document.blocks[1].level, 1);
    EXPECT_EQ(document.text, "전주시 관광산업과\n제목\n");
    EXPECT_TRUE(document.warnings.empty());
}

// `created` and `modified` are RFC 3339; a date-time without its offset keeps its day alone, and
// text that does not start with a day is dropped.
// A paragraph head (the number or bullet an editor shows) is the block's mark and starts its
// text; an empty numbered paragraph shows nothing, and a plain paragraph takes no head.
TEST(DocumentBuilder, ParagraphHeadStartsTheTextOfAParagraphThatHoldsText) {
    DocumentBuilder builder;
    builder.openParagraph(BlockKind::Heading, 1);
    builder.setParagraphHead("1.");
    builder.insertText("개요");
    builder.closeParagraph();
    builder.openParagraph(BlockKind::ListItem, 0);
    builder.setParagraphHead("2.");
    builder.insertText("  ");
    builder.closeParagraph();
    builder.openParagraph(BlockKind::ListItem, 1);
    builder.setParagraphHead("가)");
    builder.insertText("항목");
    builder.closeParagraph();
    builder.openParagraph(BlockKind::Paragraph, 0);
    builder.setParagraphHead("3.");
    builder.insertText("본문");
    builder.closeParagraph();
    Document document = builder.finish(Status::Ok);
    ASSERT_EQ(document.blocks.size(), 3u);
    EXPECT_EQ(document.blocks[0].mark, "1.");
    EXPECT_EQ(document.blocks[1].mark, "가)");
    EXPECT_EQ(document.blocks[2].mark, "");
    EXPECT_EQ(document.text, "1. 개요\n가) 항목\n본문\n");
}

TEST(DocumentBuilder, MetadataDatesAreRfc3339OrTheirDayAlone) {
    const std::pair<const char*, const char*> cases[] = {
        {"2015-07-31", "2015-07-31"},
        {"2015-07-31T17:20:19Z", "2015-07-31T17:20:19Z"},
        {"2015-07-31T17:20:19.25+09:00", "2015-07-31T17:20:19.25+09:00"},
        {"2015-07-31T17:20:19-05:30", "2015-07-31T17:20:19-05:30"},
        {"2015-07-31 17:20:19", "2015-07-31"},
        {"2015-07-31T17:20:19", "2015-07-31"},
        {"2015-07-31T17:20:19.Z", "2015-07-31"},
        {"2015-07-31T17:20:19+0900", "2015-07-31"},
        {"2015-07-31T17:20:19Z trailing", "2015-07-31"},
        {"2015-7-31", ""},
        {"31.07.2015", ""},
        {"2015년 7월 31일", ""},
    };
    for (const auto& [written, kept] : cases) {
        DocumentBuilder builder;
        builder.setMetadata("created", written);
        Document document = builder.finish(Status::Ok);
        auto it = document.metadata.find("created");
        EXPECT_EQ(it == document.metadata.end() ? "" : it->second, kept) << written;
    }
}

TEST(DocumentBuilder, TableCellsAreOrderedIntoRowsAndRenderedWithTabs) {
    DocumentBuilder builder;
    builder.openTable(2, 2);
    // Cells arrive out of order; a merged cell covers two columns of row 1.
    builder.openCell({1, 0, 1, 2});
    builder.insertText("합계");
    builder.closeCell();
    builder.openCell({0, 1, 1, 1});
    builder.insertText("나");
    builder.closeCell();
    builder.openCell({0, 0, 1, 1});
    builder.openParagraph(BlockKind::Paragraph, 0);
    builder.insertText("가\t1");
    builder.closeParagraph();
    builder.openParagraph(BlockKind::Paragraph, 0);
    builder.insertText("둘째 줄");
    builder.closeParagraph();
    builder.closeCell();
    builder.openCaption();
    builder.insertText("표 1. 현황");
    builder.closeCaption();
    builder.closeTable();
    Document document = builder.finish(Status::Ok);
    ASSERT_EQ(document.blocks.size(), 1u);
    const Block& table = document.blocks[0];
    ASSERT_EQ(table.rows.size(), 2u);
    ASSERT_EQ(table.rows[0].cells.size(), 2u);
    EXPECT_EQ(table.rows[1].cells[0].colSpan, 2u);
    EXPECT_EQ(document.text, "가 1 둘째 줄\t나\n합계\n표 1. 현황\n");
}

// Hancom keeps grid lines that merged cells no longer use (hwpspec.hwp's property tables: a
// 4 × 4 grid, a title row over all four columns and two cells a row spanning two each).
TEST(DocumentBuilder, GridLinesNoCellUsesAreDropped) {
    auto cellOf = [](DocumentBuilder& builder, CellPosition position, const char* text) {
        builder.openCell(position);
        builder.insertText(text);
        builder.closeCell();
    };
    DocumentBuilder builder;
    builder.openTable(4, 4);
    cellOf(builder, {0, 0, 1, 4}, "TITLE");
    cellOf(builder, {1, 0, 1, 2}, "설명");
    cellOf(builder, {1, 2, 1, 2}, "문서 제목");
    // Both cells of rows 2 and 3 span the two rows: the line between them is no line.
    cellOf(builder, {2, 0, 2, 2}, "부모 엘리먼트");
    cellOf(builder, {2, 2, 2, 2}, "DOCSUMMARY");
    builder.closeTable();
    // A grid whose lines are all used keeps its numbering.
    builder.openTable(2, 3);
    cellOf(builder, {0, 0, 1, 2}, "가");
    cellOf(builder, {0, 2, 1, 1}, "나");
    cellOf(builder, {1, 0, 1, 1}, "다");
    cellOf(builder, {1, 1, 1, 2}, "라");
    builder.closeTable();
    Document document = builder.finish(Status::Ok);
    ASSERT_EQ(document.blocks.size(), 2u);
    auto shape = [](const Block& table) {
        std::vector<std::array<std::uint32_t, 4>> cells;
        for (const TableRow& row : table.rows)
            for (const TableCell& cell : row.cells)
                cells.push_back({cell.row, cell.col, cell.rowSpan, cell.colSpan});
        return cells;
    };
    using Cells = std::vector<std::array<std::uint32_t, 4>>;
    EXPECT_EQ(shape(document.blocks[0]),
              (Cells{{0, 0, 1, 2}, {1, 0, 1, 1}, {1, 1, 1, 1}, {2, 0, 1, 1}, {2, 1, 1, 1}}));
    EXPECT_EQ(shape(document.blocks[1]),
              (Cells{{0, 0, 1, 2}, {0, 2, 1, 1}, {1, 0, 1, 1}, {1, 1, 1, 2}}));
    EXPECT_EQ(document.text, "TITLE\n설명\t문서 제목\n부모 엘리먼트\tDOCSUMMARY\n가\t나\n다\t라\n");
}

TEST(DocumentBuilder, CellPositionSetAfterTheContentPlacesTheCell) {
    // HWPX gives a cell's address and span after its content.
    DocumentBuilder builder;
    builder.openTable(2, 2);
    builder.openCell({0, 0, 1, 1});
    builder.insertText("아래");
    builder.setCellPosition({1, 0, 1, 0});
    builder.setCellPosition({1, 0, 1, 2});
    builder.closeCell();
    builder.openCell({0, 1, 1, 1});
    builder.openTable(1, 1);
    builder.openCell({0, 0, 1, 1});
    builder.insertText("안");
    builder.closeCell();
    builder.closeTable();
    builder.insertText("위");
    builder.setCellPosition({0, 0, 0, 0});
    builder.closeCell();
    builder.closeTable();
    builder.setCellPosition({5, 5, 1, 1});  // no cell open
    Document document = builder.finish(Status::Ok);
    ASSERT_EQ(document.blocks.size(), 1u);
    const Block& table = document.blocks[0];
    ASSERT_EQ(table.rows.size(), 2u);
    ASSERT_EQ(table.rows[0].cells.size(), 1u);
    EXPECT_EQ(table.rows[0].cells[0].rowSpan, 1u);
    EXPECT_EQ(table.rows[1].cells[0].row, 1u);
    EXPECT_EQ(table.rows[1].cells[0].colSpan, 2u);
    EXPECT_EQ(document.text, "안 위\n아래\n");
    ASSERT_EQ(document.warnings.size(), 1u);
    EXPECT_EQ(document.warnings[0].code, "unbalanced_structure");
}

TEST(DocumentBuilder, NoteOpenedInsideParagraphFollowsIt) {
    DocumentBuilder builder;
    builder.openParagraph(BlockKind::Paragraph, 0);
    builder.insertText("본문");
    builder.openNote(NoteKind::Foot, "1)");
    builder.openParagraph(BlockKind::Paragraph, 0);
    builder.insertText("각주 내용");
    builder.closeParagraph();
    builder.closeNote();
    builder.insertText(" 계속");
    builder.closeParagraph();
    Document document = builder.finish(Status::Ok);
    ASSERT_EQ(document.blocks.size(), 2u);
    EXPECT_EQ(document.blocks[0].inlineText(), "본문 계속");
    EXPECT_EQ(document.blocks[1].kind, BlockKind::Note);
    EXPECT_EQ(document.blocks[1].mark, "1)");
    EXPECT_EQ(document.text, "본문 계속\n각주 내용\n");
}

TEST(DocumentBuilder, LinksBecomeSpansWithTargets) {
    DocumentBuilder builder;
    builder.openParagraph(BlockKind::Paragraph, 0);
    builder.insertText("see ");
    builder.openLink("https://www.korea.kr/");
    builder.insertText("korea.kr");
    builder.closeLink();
    builder.insertText(".");
    builder.closeParagraph();
    Document document = builder.finish(Status::Ok);
    ASSERT_EQ(document.blocks[0].spans.size(), 3u);
    EXPECT_EQ(document.blocks[0].spans[1].href, "https://www.korea.kr/");
    EXPECT_EQ(document.blocks[0].spans[1].text, "korea.kr");
    EXPECT_EQ(document.text, "see korea.kr.\n");
}

TEST(DocumentBuilder, InvalidUtf8AndControlsNeverReachTheText) {
    DocumentBuilder builder;
    builder.openParagraph(BlockKind::Paragraph, 0);
    builder.insertText(
        std::string("a\xFF\xFE"
                    "b\x01"
                    "c\xED\xA0\x80"
                    "d",
                    10));
    builder.closeParagraph();
    Document document = builder.finish(Status::Ok);
    EXPECT_EQ(document.text,
              "a\xEF\xBF\xBD\xEF\xBF\xBD"
              "bc\xEF\xBF\xBD"
              "d\n");
    ASSERT_EQ(document.warnings.size(), 1u);
    EXPECT_EQ(document.warnings[0].code, "invalid_text");
}

TEST(DocumentBuilder, ValidTextLosesTheSameControlsWhereverTheyStand) {
    // insertValidText skips the UTF-8 check and scans eight bytes at a time: wherever a
    // control stands in those words, the result is insertText's.
    const std::string base = "가나다 abc\t라마\n바사 xyz 아자차카";
    for (char control : {'\x01', '\x1F', '\r', '\0'}) {
        for (std::size_t at = 0; at <= base.size(); ++at) {
            // Between characters only: inside one, the text would not be well-formed.
            if (at < base.size() && (static_cast<unsigned char>(base[at]) & 0xC0) == 0x80) continue;
            std::string text = base;
            text.insert(at, 1, control);
            DocumentBuilder valid;
            valid.openParagraph(BlockKind::Paragraph, 0);
            valid.insertValidText(text);
            Document got = valid.finish(Status::Ok);
            DocumentBuilder checked;
            checked.openParagraph(BlockKind::Paragraph, 0);
            checked.insertText(text);
            Document expected = checked.finish(Status::Ok);
            ASSERT_EQ(got.text, expected.text) << "control at " << at;
            ASSERT_TRUE(got.warnings.empty());
        }
    }
    DocumentBuilder builder;
    builder.insertValidText(
        "a\x01\tb\x02\x03"
        "c\nd");
    EXPECT_EQ(builder.finish(Status::Ok).text, "a\tbc\nd\n");
}

TEST(DocumentBuilder, TableDeclaringMoreCellsThanItHoldsKeepsOnlyItsOwn) {
    DocumentBuilder builder;
    builder.openTable(3, 4);
    builder.closeTable();
    builder.openTable(100000, 100000);
    builder.openCell({0, 1, 1, 1});
    builder.insertText("b");
    builder.closeCell();
    builder.openCell({0, 0, 1, 1});
    builder.insertText("a");
    builder.closeCell();
    builder.closeTable();
    Document document = builder.finish(Status::Ok);
    ASSERT_EQ(document.blocks.size(), 2u);
    EXPECT_TRUE(document.blocks[0].rows.empty());
    ASSERT_EQ(document.blocks[1].rows.size(), 1u);
    ASSERT_EQ(document.blocks[1].rows[0].cells.size(), 2u);
    EXPECT_EQ(document.text, "a\tb\n");
}

TEST(DocumentBuilder, UnbalancedEventsAreRepairedAndReported) {
    DocumentBuilder builder;
    builder.closeCell();
    builder.openTable(1, 1);
    builder.openCell({0, 0, 1, 1});
    builder.insertText("x");
    builder.closeTable();  // the cell is still open
    builder.closeNote();   // nothing to close
    builder.openTextBox();
    builder.insertText("상자");
    Document document = builder.finish(Status::Ok);
    ASSERT_EQ(document.blocks.size(), 2u);
    EXPECT_EQ(document.text, "x\n상자\n");
    ASSERT_FALSE(document.warnings.empty());
    EXPECT_EQ(document.warnings.back().code, "unbalanced_structure");
}

// A paragraph whose break was deleted runs on into the next paragraph; an empty paragraph
// between them (dropped as every blank one is) hands on its own break; a table after it does
// not continue the line.
TEST(DocumentBuilder, DeletedBreakJoinsOnlyWithTheNextParagraph) {
    DocumentBuilder builder;
    builder.openParagraph(BlockKind::Paragraph, 0);
    builder.insertText("하나 ");
    builder.setBreakChange("deleted");
    builder.closeParagraph();
    builder.openParagraph(BlockKind::Paragraph, 0);
    builder.setBreakChange("deleted");
    builder.closeParagraph();
    builder.openParagraph(BlockKind::Paragraph, 0);
    builder.insertText("둘");
    builder.closeParagraph();
    builder.openParagraph(BlockKind::Paragraph, 0);
    builder.insertText("셋");
    builder.setBreakChange("deleted");
    builder.openTable(1, 1);
    builder.openCell(CellPosition{});
    builder.insertText("칸");
    builder.closeCell();
    builder.closeTable();
    builder.closeParagraph();
    Document document = builder.finish(Status::Ok);
    ASSERT_EQ(document.blocks.size(), 4u);
    EXPECT_EQ(document.blocks[0].breakChange, "deleted");
    EXPECT_EQ(document.text, "하나 둘\n셋\n칸\n");
}

// An object opened inside a run of a tracked change takes the change, its author and date; a
// deleted one, and what it holds, is no part of the text. Cells inside it start unmarked.
TEST(DocumentBuilder, ObjectsOpenedInsideAChangeAreMarkedWhole) {
    DocumentBuilder builder;
    builder.openParagraph(BlockKind::Paragraph, 0);
    builder.insertText("앞");
    builder.setChange({"deleted", "이검토", "2026-06-15T04:31:00Z"});
    builder.openTextBox();
    builder.openParagraph(BlockKind::Paragraph, 0);
    builder.insertText("지운 글상자");
    builder.closeParagraph();
    builder.closeTextBox();
    builder.setChange({"inserted", "김수정", "어제"});
    builder.insertImage("BinData/BIN0001.png", "image/png", {});
    builder.setChange({});
    builder.insertEquation("a over b");
    builder.closeParagraph();
    Document document = builder.finish(Status::Ok);
    ASSERT_EQ(document.blocks.size(), 4u);
    const Block& box = document.blocks[1];
    EXPECT_EQ(box.change, "deleted");
    EXPECT_EQ(box.changeBy.author(), "이검토");
    EXPECT_EQ(box.changeBy.date(), "2026-06-15T04:31:00Z");
    ASSERT_EQ(box.children.size(), 1u);
    EXPECT_EQ(box.children[0].spans[0].change, "");
    EXPECT_EQ(document.blocks[2].change, "inserted");
    // A date that is not RFC 3339 is left out.
    EXPECT_EQ(document.blocks[2].changeBy.date(), "");
    EXPECT_EQ(document.blocks[3].change, "");
    EXPECT_EQ(document.text, "앞\n");
}

TEST(DocumentBuilder, WarningsBeyondTheLimitAreCountedNotKept) {
    DocumentBuilder builder;
    for (int i = 0; i < 250; ++i)
        builder.warn("w", "m", "");
    Document document = builder.finish(Status::Partial);
    EXPECT_EQ(document.warnings.size(), 200u);
    EXPECT_EQ(document.droppedWarnings, 50u);
    EXPECT_EQ(document.status, Status::Partial);
}

}  // namespace
}  // namespace jikji
