#include "stages/normalize/normalize_document.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "tests/support/fixtures.h"

namespace jikji::normalize {
namespace {

Block paragraph(std::string text) {
    Block block;
    block.spans.push_back(Span{std::move(text), {}});
    return block;
}

const Warning* findWarning(const Document& document, std::string_view code) {
    auto it = std::find_if(document.warnings.begin(), document.warnings.end(),
                           [&](const Warning& w) { return w.code == code; });
    return it == document.warnings.end() ? nullptr : &*it;
}

TEST(NormalizeDocument, EveryStringIsNormalisedAndTextReRendered) {
    Document document;
    document.format = "hwpx";
    document.metadata["title"] = "  보도\u00A0자료\n제목 ";
    document.blocks.push_back(paragraph("\uF06C  첫째\u200B 항목 "));
    Block table;
    table.kind = BlockKind::Table;
    TableCell cell;
    cell.blocks.push_back(paragraph("\u1112\u1161\u11AB\u1100\u1173\u11AF"));  // NFD 한글
    table.rows.push_back(TableRow{{cell}});
    table.caption.push_back(paragraph("표\x01 1"));
    document.blocks.push_back(table);
    Block note;
    note.kind = BlockKind::Note;
    note.children.push_back(paragraph("주석\uE000"));
    document.blocks.push_back(note);
    document.text = "stale";

    NormalizeCounts counts = normalizeDocument(document);

    EXPECT_EQ(document.metadata["title"], "보도 자료 제목");
    EXPECT_EQ(document.blocks[0].spans[0].text, "● 첫째 항목");
    EXPECT_EQ(document.blocks[1].rows[0].cells[0].blocks[0].spans[0].text, "한글");
    EXPECT_EQ(document.blocks[1].caption[0].spans[0].text, "표 1");
    EXPECT_EQ(document.text, "● 첫째 항목\n한글\n표 1\n주석\uE000\n");
    EXPECT_EQ(counts.puaMapped, 1u);
    EXPECT_EQ(counts.puaKept, 1u);
    ASSERT_NE(findWarning(document, "text_pua_kept"), nullptr);
    EXPECT_EQ(findWarning(document, "text_pua_kept")->message.substr(0, 2), "1 ");
    ASSERT_NE(findWarning(document, "text_controls_removed"), nullptr);
    ASSERT_NE(findWarning(document, "text_zero_width_removed"), nullptr);
    EXPECT_EQ(findWarning(document, "text_nfc"), nullptr);
}

// Runs split at formatting changes carry the space between words at their edges.
TEST(NormalizeDocument, SpacesBetweenSpansSurviveAndCollapseAcrossThem) {
    Document document;
    Block block;
    block.spans = {{" 보도 ", {}}, {"자료", {}}, {"  배포 ", {}}, {" 일시 ", {}}, {"\n둘째 ", {}}};
    document.blocks.push_back(block);
    normalizeDocument(document);
    EXPECT_EQ(document.text, "보도 자료 배포 일시\n둘째\n");
    EXPECT_EQ(document.blocks[0].spans[1].text, "자료");
}

TEST(NormalizeDocument, DocumentWithoutBlocksKeepsItsNormalisedText) {
    Document document;
    document.text = "가\r\n나";
    normalizeDocument(document);
    EXPECT_EQ(document.text, "가\n나");
}

TEST(NormalizeDocument, CleanDocumentGetsNoWarnings) {
    Document document;
    document.blocks.push_back(paragraph("깨끗한 문단입니다."));
    normalizeDocument(document);
    EXPECT_TRUE(document.warnings.empty());
    EXPECT_EQ(document.text, "깨끗한 문단입니다.\n");
}

}  // namespace
}  // namespace jikji::normalize
