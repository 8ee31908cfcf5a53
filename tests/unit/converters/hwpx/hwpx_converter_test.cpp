#include "converters/hwpx/hwpx_converter.h"

#include <gtest/gtest.h>

#include "converters/registry.h"
#include "tests/support/fixtures.h"
#include "tests/support/hwpx_writer.h"
#include "tests/support/kept_apart.h"

namespace jikji::converters::hwpx {
namespace {

using test::hwpxParagraph;
using test::HwpxSpec;
using test::writeHwpx;

Document convertSpec(const HwpxSpec& spec) {
    std::string bytes = writeHwpx(spec);
    return convertInput(Input{bytes, "test.hwpx"});
}

Document convertBody(const std::string& body) {
    HwpxSpec spec;
    spec.sections = {body};
    return convertSpec(spec);
}

bool hasWarning(const Document& document, const std::string& code) {
    for (const Warning& warning : document.warnings)
        if (warning.code == code) return true;
    return false;
}

std::string cellPara(const std::string& text) {
    return "<hp:subList>" + hwpxParagraph(text) + "</hp:subList>";
}

std::string cell(int row, int col, const std::string& content, int rowSpan = 1, int colSpan = 1) {
    return "<hp:tc>" + content + "<hp:cellAddr colAddr=\"" + std::to_string(col) + "\" rowAddr=\"" +
           std::to_string(row) + "\"/><hp:cellSpan colSpan=\"" + std::to_string(colSpan) +
           "\" rowSpan=\"" + std::to_string(rowSpan) + "\"/></hp:tc>";
}

TEST(HwpxConverter, RunsJoinWithoutLosingTheSpacesBetweenThem) {
    Document document = convertBody(
        "<hp:p paraPrIDRef=\"0\"><hp:run><hp:t>보도 </hp:t></hp:run><hp:run><hp:t>자료"
        "</hp:t></hp:run><hp:run><hp:t/></hp:run><hp:run><hp:t> 배포</hp:t></hp:run></hp:p>");
    EXPECT_EQ(document.status, Status::Ok);
    EXPECT_EQ(document.format, "hwpx");
    EXPECT_EQ(document.text, "보도 자료 배포\n");
}

TEST(HwpxConverter, InlineMarkersMapToTheirCharacters) {
    Document document = convertBody(hwpxParagraph(
        "a<hp:tab width=\"4000\" leader=\"0\" type=\"1\"/>b<hp:lineBreak/>c<hp:nbSpace/>d"
        "<hp:fwSpace/>e<hp:hyphen/>f"));
    EXPECT_EQ(document.text, "a\tb\nc\u00A0d\u2007e-f\n");
}

TEST(HwpxConverter, TableCellsTakeAddressAndSpanFromCellAddrAndCellSpan) {
    std::string table =
        "<hp:p paraPrIDRef=\"0\"><hp:run><hp:tbl rowCnt=\"2\" colCnt=\"2\"><hp:tr>" +
        cell(0, 0, cellPara("합계"), 1, 2) + "</hp:tr><hp:tr>" + cell(1, 1, cellPara("둘")) +
        cell(1, 0, cellPara("하나")) + "</hp:tr></hp:tbl></hp:run></hp:p>";
    Document document = convertBody(table);
    // The paragraph that holds the table has no character of its own: it is no block.
    ASSERT_EQ(document.blocks.size(), 1u);
    const Block& block = document.blocks[0];
    ASSERT_EQ(block.kind, BlockKind::Table);
    ASSERT_EQ(block.rows.size(), 2u);
    ASSERT_EQ(block.rows[0].cells.size(), 1u);
    EXPECT_EQ(block.rows[0].cells[0].colSpan, 2u);
    ASSERT_EQ(block.rows[1].cells.size(), 2u);
    EXPECT_EQ(block.rows[1].cells[0].col, 0u);
    EXPECT_EQ(block.rows[1].cells[0].blocks.at(0).inlineText(), "하나");
    EXPECT_EQ(block.rows[1].cells[1].blocks.at(0).inlineText(), "둘");
    EXPECT_EQ(document.text, "합계\n하나\t둘\n");
}

TEST(HwpxConverter, NestedTableAndCaptionStayInTheirCell) {
    std::string inner = "<hp:p><hp:run><hp:tbl rowCnt=\"1\" colCnt=\"1\"><hp:tr>" +
                        cell(0, 0, cellPara("안쪽")) + "</hp:tr></hp:tbl></hp:run></hp:p>";
    std::string outer = "<hp:p><hp:run><hp:tbl rowCnt=\"1\" colCnt=\"1\"><hp:caption><hp:subList>" +
                        hwpxParagraph("표 1. 제목") + "</hp:subList></hp:caption><hp:tr>" +
                        cell(0, 0, "<hp:subList>" + inner + "</hp:subList>") +
                        "</hp:tr></hp:tbl></hp:run></hp:p>";
    Document document = convertBody(outer);
    const Block& table = document.blocks.at(0);
    ASSERT_EQ(table.kind, BlockKind::Table);
    ASSERT_EQ(table.caption.size(), 1u);
    EXPECT_EQ(table.caption[0].inlineText(), "표 1. 제목");
    const TableCell& outerCell = table.rows.at(0).cells.at(0);
    ASSERT_EQ(outerCell.blocks.size(), 1u);
    EXPECT_EQ(outerCell.blocks[0].kind, BlockKind::Table);
    EXPECT_EQ(outerCell.blocks[0].rows.at(0).cells.at(0).blocks.at(0).inlineText(), "안쪽");
}

TEST(HwpxConverter, FootnotesAndEndnotesBecomeNoteBlocksWithTheirMarks) {
    Document document = convertBody(
        "<hp:p><hp:run><hp:t>본문</hp:t><hp:ctrl><hp:footNote number=\"3\"><hp:subList>" +
        hwpxParagraph("각주 내용") +
        "</hp:subList></hp:footNote></hp:ctrl></hp:run><hp:run><hp:ctrl><hp:endNote "
        "number=\"1\"><hp:subList>" +
        hwpxParagraph("미주 내용") + "</hp:subList></hp:endNote></hp:ctrl></hp:run></hp:p>");
    ASSERT_EQ(document.blocks.size(), 3u);
    EXPECT_EQ(document.blocks[0].inlineText(), "본문");
    EXPECT_EQ(document.blocks[1].kind, BlockKind::Note);
    EXPECT_EQ(document.blocks[1].noteKind, NoteKind::Foot);
    EXPECT_EQ(document.blocks[1].mark, "3");
    EXPECT_EQ(document.blocks[1].children.at(0).inlineText(), "각주 내용");
    EXPECT_EQ(document.blocks[2].noteKind, NoteKind::End);
    EXPECT_EQ(document.blocks[2].mark, "1");
}

TEST(HwpxConverter, HeadersAndFootersBecomeTheirBlocks) {
    Document document =
        convertBody("<hp:p><hp:run><hp:ctrl><hp:header applyPageType=\"BOTH\"><hp:subList>" +
                    hwpxParagraph("머리말") +
                    "</hp:subList></hp:header></hp:ctrl><hp:ctrl><hp:footer><hp:subList>" +
                    hwpxParagraph("꼬리말") +
                    "</hp:subList></hp:footer></hp:ctrl></hp:run></hp:p>" + hwpxParagraph("본문"));
    ASSERT_EQ(document.blocks.size(), 3u);
    EXPECT_EQ(document.blocks[0].kind, BlockKind::Header);
    EXPECT_EQ(document.blocks[0].children.at(0).inlineText(), "머리말");
    EXPECT_EQ(document.blocks[1].kind, BlockKind::Footer);
    EXPECT_EQ(document.blocks[2].inlineText(), "본문");
}

// pyhwpx's fuzz fixture puts header controls inside secPr; skipping secPr lost their text.
TEST(HwpxConverter, HeaderInsideSecPrIsRead) {
    Document document = convertBody(
        "<hp:p><hp:run><hp:secPr><hp:pagePr/><hp:header applyPageType=\"EVEN\"><hp:subList>" +
        hwpxParagraph("짝수쪽 머리말") + "</hp:subList></hp:header></hp:secPr></hp:run></hp:p>");
    EXPECT_EQ(document.blocks.at(0).kind, BlockKind::Header);
    EXPECT_EQ(document.text, "짝수쪽 머리말\n");
}

TEST(HwpxConverter, HyperlinkKeepsItsTargetAndSkipsFieldParameters) {
    Document document = convertBody(
        "<hp:p><hp:run><hp:t>보기: </hp:t><hp:ctrl><hp:fieldBegin id=\"7\" type=\"HYPERLINK\">"
        "<hp:parameters cnt=\"2\"><hp:stringParam name=\"Command\">https\\://www.korea.kr/"
        "a?b=1&amp;c=2;1;0;0;</hp:stringParam><hp:stringParam name=\"Path\">https://"
        "www.korea.kr/a?b=1&amp;c=2</hp:stringParam></hp:parameters></hp:fieldBegin></hp:ctrl>"
        "<hp:t>정책브리핑</hp:t><hp:ctrl><hp:fieldEnd beginIDRef=\"7\"/></hp:ctrl><hp:t> 끝</hp:t>"
        "</hp:run></hp:p>");
    const Block& paragraph = document.blocks.at(0);
    ASSERT_EQ(paragraph.spans.size(), 3u);
    EXPECT_EQ(paragraph.spans[1].text, "정책브리핑");
    EXPECT_EQ(paragraph.spans[1].href, "https://www.korea.kr/a?b=1&c=2");
    EXPECT_EQ(paragraph.spans[2].href, "");
    EXPECT_EQ(document.text, "보기: 정책브리핑 끝\n");
}

TEST(HwpxConverter, HyperlinkTargetFallsBackToTheUnescapedCommand) {
    Document document = convertBody(
        "<hp:p><hp:run><hp:ctrl><hp:fieldBegin id=\"1\" type=\"HYPERLINK\"><hp:parameters>"
        "<hp:stringParam name=\"Command\">http\\://example.go.kr/x;1;0;0;</hp:stringParam>"
        "</hp:parameters></hp:fieldBegin></hp:ctrl><hp:t>링크</hp:t><hp:ctrl><hp:fieldEnd "
        "beginIDRef=\"1\"/></hp:ctrl></hp:run></hp:p>");
    EXPECT_EQ(document.blocks.at(0).spans.at(0).href, "http://example.go.kr/x");
}

TEST(HwpxConverter, ImagesReferToBinDataWithMediaTypeAndShapeCommentsAreSkipped) {
    HwpxSpec spec;
    spec.sections = {
        "<hp:p><hp:run><hp:pic><hp:shapeComment>그림입니다.</hp:shapeComment><hc:img "
        "binaryItemIDRef=\"image1\"/></hp:pic><hp:t>사진 설명</hp:t></hp:run></hp:p>"};
    spec.items = {{"image1", "BinData/image1.png", "image/png"}};
    spec.extraEntries = {{"BinData/image1.png", "\x89PNG", false}};
    Document document = convertSpec(spec);
    ASSERT_EQ(document.blocks.size(), 2u);
    EXPECT_EQ(document.blocks[1].kind, BlockKind::Image);
    EXPECT_EQ(document.blocks[1].target, "BinData/image1.png");
    EXPECT_EQ(document.blocks[1].mediaType, "image/png");
    EXPECT_EQ(document.text, "사진 설명\n");
}

TEST(HwpxConverter, EquationScriptStaysOutOfThePlainText) {
    Document document = convertBody(
        "<hp:p><hp:run><hp:t>식 </hp:t><hp:equation><hp:shapeComment>수식입니다."
        "</hp:shapeComment><hp:script>{a} over {b}</hp:script></hp:equation></hp:run></hp:p>");
    ASSERT_EQ(document.blocks.size(), 2u);
    EXPECT_EQ(document.blocks[1].kind, BlockKind::Equation);
    EXPECT_EQ(document.blocks[1].script, "{a} over {b}");
    EXPECT_EQ(document.text, "식 \n");
}

TEST(HwpxConverter, TextBoxTextComesInReadingOrder) {
    Document document = convertBody(
        "<hp:p><hp:run><hp:t>앞</hp:t><hp:rect><hp:shapeComment>사각형입니다.</hp:shapeComment>"
        "<hp:drawText><hp:subList>" +
        hwpxParagraph("상자 안") + "</hp:subList></hp:drawText></hp:rect></hp:run></hp:p>" +
        hwpxParagraph("뒤"));
    EXPECT_EQ(document.blocks.at(1).kind, BlockKind::TextBox);
    EXPECT_EQ(document.text, "앞\n상자 안\n뒤\n");
}

TEST(HwpxConverter, TrackedDeletionsAreDroppedFromTheFinalText) {
    Document document = convertBody(hwpxParagraph(
        "변경<hp:deleteBegin Id=\"2\" TcId=\"2\"/> 추적<hp:deleteEnd Id=\"2\" TcId=\"2\"/> "
        "<hp:insertBegin Id=\"1\"/>인간은<hp:insertEnd Id=\"1\"/>"));
    EXPECT_EQ(document.text, "변경 인간은\n");
}

// Nothing dropped silently: the deleted run stays in the block, marked, with a warning; the
// inserted one is marked and part of the text.
TEST(HwpxConverter, TrackedChangesAreKeptMarkedInTheBlocks) {
    Document document = convertBody(hwpxParagraph(
        "변경<hp:deleteBegin Id=\"2\" TcId=\"2\"/> 추적<hp:deleteEnd Id=\"2\" TcId=\"2\"/> "
        "<hp:insertBegin Id=\"1\"/>인간은<hp:insertEnd Id=\"1\"/>"));
    const Block& paragraph = document.blocks.at(0);
    ASSERT_EQ(paragraph.spans.size(), 4u);
    EXPECT_EQ(paragraph.spans[1].text, " 추적");
    EXPECT_EQ(paragraph.spans[1].change, "deleted");
    EXPECT_EQ(paragraph.spans[3].text, "인간은");
    EXPECT_EQ(paragraph.spans[3].change, "inserted");
    EXPECT_EQ(paragraph.inlineText(), "변경 인간은");
    bool warned = false;
    for (const Warning& warning : document.warnings)
        warned = warned || warning.code == "tracked_changes";
    EXPECT_TRUE(warned);
}

// A change whose end tag says `paraend="1"` takes in its paragraph's break: a deleted break
// joins the paragraph with the next in the text, as HWP 5's range over the paragraph end does.
TEST(HwpxConverter, ChangeEndingWithTheParagraphEndMarksItsBreak) {
    Document document = convertBody(
        hwpxParagraph("이 문단의 끝은 <hp:deleteBegin Id=\"3\" TcId=\"3\"/>"
                      "<hp:deleteEnd Id=\"3\" TcId=\"3\" paraend=\"1\"/>") +
        hwpxParagraph("지워져 다음 문단과 이어진다.") +
        hwpxParagraph("끝<hp:insertBegin Id=\"4\" TcId=\"4\"/>"
                      "<hp:insertEnd Id=\"4\" TcId=\"4\" paraend=\"1\"/>") +
        hwpxParagraph("새 문단") +
        hwpxParagraph("그대로<hp:deleteBegin Id=\"5\"/>x<hp:deleteEnd Id=\"5\" paraend=\"0\"/>"));
    ASSERT_EQ(document.blocks.size(), 5u);
    EXPECT_EQ(document.blocks[0].breakChange, "deleted");
    EXPECT_EQ(document.blocks[2].breakChange, "inserted");
    EXPECT_EQ(document.blocks[4].breakChange, "");
    EXPECT_EQ(document.text, "이 문단의 끝은 지워져 다음 문단과 이어진다.\n끝\n새 문단\n그대로\n");
}

Document convertFixture(const std::string& relative) {
    std::string bytes = test::readBytes(test::sourceDir() / "fixtures" / relative);
    return convertInput(Input{bytes, relative});
}

// header.xml's trackChange gives the date; its authorID counts the trackChangeAuthors from 1
// (Hancom writes authorID="1" for the author whose id is 0): the same who and when as HWP 5's
// TRACK_CHANGE and TRACK_CHANGE_AUTHOR records give.
TEST(HwpxConverter, TrackedChangesNameTheirAuthorAndTime) {
    Document document = convertFixture("documents/hwpx/track-changes.hwpx");
    const Block& paragraph = document.blocks.at(0);
    ASSERT_EQ(paragraph.spans.size(), 4u);
    EXPECT_EQ(paragraph.spans[1].change, "deleted");
    EXPECT_EQ(paragraph.spans[1].changeBy.author(), "이검토");
    EXPECT_EQ(paragraph.spans[1].changeBy.date(), "2026-06-15T04:31:00Z");
    EXPECT_EQ(paragraph.spans[3].change, "inserted");
    EXPECT_EQ(paragraph.spans[3].changeBy.author(), "김수정");
    EXPECT_EQ(paragraph.spans[3].changeBy.date(), "2026-06-15T04:30:00Z");
    // A change the header does not declare has neither.
    Document bare = convertBody(hwpxParagraph(
        "가<hp:deleteBegin Id=\"1\" TcId=\"7\"/>나<hp:deleteEnd Id=\"1\" TcId=\"7\"/>"));
    EXPECT_EQ(bare.blocks.at(0).spans.at(1).changeBy.author(), "");
    EXPECT_EQ(bare.blocks.at(0).spans.at(1).changeBy.date(), "");
}

// The same document as the HWP 5 fixture of the same name, so both formats give one face.
TEST(HwpxConverter, HiddenCommentsAndMemosAreAnnotationsOutOfTheText) {
    Document document = convertFixture("documents/hwpx/annotations.hwpx");
    EXPECT_EQ(document.status, Status::Ok);
    EXPECT_EQ(test::annotations(document), (std::vector<std::pair<std::string, std::string>>{
                                               {"hidden_comment", "숨은 설명: 검토 뒤 지울 것\n"},
                                               {"memo", "메모: 금액을 다시 확인\n"}}));
    EXPECT_EQ(document.text.find("숨은 설명"), std::string::npos);
    EXPECT_EQ(document.text.find("메모:"), std::string::npos);
    EXPECT_NE(document.text.find("올해 예산은 늘었다."), std::string::npos);
    EXPECT_TRUE(hasWarning(document, "annotations"));
}

TEST(HwpxConverter, ClickHereGuideIsAFieldInstructionOutOfTheText) {
    Document document = convertFixture("documents/hwpx/annotations.hwpx");
    EXPECT_EQ(test::fieldInstructions(document),
              (std::vector<std::string>{"이름을 입력하세요", "기관명을 입력하세요"}));
    EXPECT_NE(document.text.find("\n기관: 전주시\n"), std::string::npos) << document.text;
    EXPECT_EQ(document.text.find("입력하세요"), std::string::npos);
    EXPECT_TRUE(hasWarning(document, "field_instructions"));
}

// A check box's caption, a combo box's list item, an edit's text.
TEST(HwpxConverter, FormObjectsKeepTheTextTheyShow) {
    using Forms = std::vector<std::pair<std::string, std::string>>;
    EXPECT_EQ(test::formObjects(convertFixture("documents/hwpx/annotations.hwpx")),
              (Forms{{"check_button", "개인정보 이용에 동의함\n"},
                     {"combo_box", "서울특별시\n"},
                     {"edit", "홍길동\n"}}));
}

TEST(HwpxConverter, SwitchContributesOneBranchOnly) {
    Document document = convertBody(
        "<hp:p><hp:run><hp:switch><hp:case hp:required-namespace=\"x\"><hp:t>하나</hp:t>"
        "</hp:case><hp:default><hp:t>하나</hp:t></hp:default></hp:switch></hp:run></hp:p>");
    EXPECT_EQ(document.text, "하나\n");
}

TEST(HwpxConverter, MemoBodyIsKeptApartFromTheParagraph) {
    Document document = convertBody(
        "<hp:p><hp:run><hp:ctrl><hp:fieldBegin id=\"9\" type=\"MEMO\"><hp:parameters>"
        "<hp:stringParam name=\"Author\">kim</hp:stringParam></hp:parameters><hp:subList>" +
        hwpxParagraph("메모 본문") +
        "</hp:subList></hp:fieldBegin></hp:ctrl><hp:t>문장</hp:t><hp:ctrl><hp:fieldEnd "
        "beginIDRef=\"9\"/></hp:ctrl></hp:run></hp:p>");
    EXPECT_EQ(document.blocks.at(0).inlineText(), "문장");
    EXPECT_EQ(document.blocks.at(1).kind, BlockKind::TextBox);
    EXPECT_EQ(document.blocks.at(1).children.at(0).inlineText(), "메모 본문");
}

// Kind and level of each top-level block.
std::vector<std::pair<BlockKind, int>> kindsAndLevels(const Document& document) {
    std::vector<std::pair<BlockKind, int>> out;
    for (const Block& block : document.blocks)
        out.emplace_back(block.kind, block.level);
    return out;
}

TEST(HwpxConverter, OutlineAndNumberedParagraphHeadsBecomeHeadingsAndListItems) {
    HwpxSpec spec;
    spec.paraProperties =
        "<hh:paraPr id=\"0\"><hh:heading type=\"NONE\" idRef=\"0\" level=\"0\"/></hh:paraPr>"
        "<hh:paraPr id=\"1\"><hh:heading type=\"OUTLINE\" idRef=\"0\" level=\"1\"/>"
        "<hp:switch><hp:case><hh:margin/></hp:case><hp:default><hh:margin/></hp:default>"
        "</hp:switch></hh:paraPr>"
        "<hh:paraPr id=\"2\"><hh:heading type=\"NUMBER\" idRef=\"1\" level=\"2\"/></hh:paraPr>";
    spec.sections = {hwpxParagraph("장 제목", "1") + hwpxParagraph("항목", "2") +
                     hwpxParagraph("본문", "0")};
    EXPECT_EQ(kindsAndLevels(convertSpec(spec)),
              (std::vector<std::pair<BlockKind, int>>{
                  {BlockKind::Heading, 2}, {BlockKind::ListItem, 2}, {BlockKind::Paragraph, 0}}));
}

// The numbers and bullets Hancom shows before numbered, outline and bulleted paragraphs: a
// level counts on, a deeper one starts afresh after it, an empty numbered paragraph counts but
// shows nothing, and outline paragraphs take the numbering their section's secPr names (it
// stands inside the first paragraph, which may itself be a heading).
TEST(HwpxConverter, NumberedOutlineAndBulletedParagraphsShowTheirHeads) {
    HwpxSpec spec;
    spec.refListHead =
        "<hh:numberings itemCnt=\"2\"><hh:numbering id=\"1\" start=\"0\">"
        "<hh:paraHead start=\"1\" level=\"1\" numFormat=\"DIGIT\">^1.</hh:paraHead>"
        "<hh:paraHead start=\"1\" level=\"2\" numFormat=\"HANGUL_SYLLABLE\">^2)</hh:paraHead>"
        "</hh:numbering><hh:numbering id=\"2\" start=\"0\">"
        "<hh:paraHead start=\"3\" level=\"1\" numFormat=\"DIGIT\">제^1장</hh:paraHead>"
        "</hh:numbering></hh:numberings>"
        "<hh:bullets itemCnt=\"1\"><hh:bullet id=\"1\" char=\"•\" useImage=\"0\">"
        "<hh:paraHead level=\"0\" numFormat=\"DIGIT\"/></hh:bullet></hh:bullets>";
    spec.paraProperties =
        "<hh:paraPr id=\"0\"><hh:heading type=\"NONE\" idRef=\"0\" level=\"0\"/></hh:paraPr>"
        "<hh:paraPr id=\"1\"><hh:heading type=\"OUTLINE\" idRef=\"0\" level=\"0\"/></hh:paraPr>"
        "<hh:paraPr id=\"2\"><hh:heading type=\"NUMBER\" idRef=\"1\" level=\"0\"/></hh:paraPr>"
        "<hh:paraPr id=\"3\"><hh:heading type=\"NUMBER\" idRef=\"1\" level=\"1\"/></hh:paraPr>"
        "<hh:paraPr id=\"4\"><hh:heading type=\"BULLET\" idRef=\"1\" level=\"0\"/></hh:paraPr>";
    spec.sections = {
        "<hp:p paraPrIDRef=\"1\"><hp:run><hp:secPr outlineShapeIDRef=\"2\"/><hp:t>개요</hp:t>"
        "</hp:run></hp:p>" +
        hwpxParagraph("첫째", "2") + hwpxParagraph("가항", "3") + hwpxParagraph("나항", "3") +
        hwpxParagraph("둘째", "2") + hwpxParagraph("가항2", "3") + hwpxParagraph("점", "4") +
        hwpxParagraph("", "2") + hwpxParagraph("넷째", "2") + hwpxParagraph("본문", "0") +
        hwpxParagraph("결론", "1")};
    Document document = convertSpec(spec);
    EXPECT_EQ(document.text,
              "제3장 개요\n1. 첫째\n가) 가항\n나) 나항\n2. 둘째\n가) 가항2\n• 점\n4. 넷째\n본문\n"
              "제4장 결론\n");
    ASSERT_FALSE(document.blocks.empty());
    EXPECT_EQ(document.blocks[0].mark, "제3장");
    EXPECT_EQ(document.blocks[0].kind, BlockKind::Heading);
}

TEST(HwpxConverter, ParagraphHeadsAmongManyPropertiesWithoutOne) {
    // header.xml is cut to the paraPr elements that may give a head before parsing: a head
    // after hundreds of NONE, a type written with a character reference, attributes in
    // another order.
    HwpxSpec spec;
    for (int i = 0; i < 300; ++i)
        spec.paraProperties += "<hh:paraPr id=\"" + std::to_string(i) +
                               "\" tabPrIDRef=\"0\"><hh:align horizontal=\"JUSTIFY\"/>"
                               "<hh:heading type=\"NONE\" idRef=\"0\" level=\"0\"/></hh:paraPr>";
    spec.paraProperties +=
        "<hh:paraPr id=\"300\"><hh:heading level=\"3\" type=\"OUTLINE\" idRef=\"0\"/>"
        "</hh:paraPr><hh:paraPr id=\"301\"><hh:heading type=\"&#66;ULLET\" idRef=\"0\" "
        "level=\"1\"/></hh:paraPr><hh:paraPr id=\"303\"><hh:heading type=\"NONE\" "
        "level=\"0\"/></hh:paraPr>";
    spec.sections = {hwpxParagraph("제목", "300") + hwpxParagraph("글머리", "301") +
                     hwpxParagraph("본문", "303") + hwpxParagraph("앞 본문", "7")};
    EXPECT_EQ(kindsAndLevels(convertSpec(spec)),
              (std::vector<std::pair<BlockKind, int>>{{BlockKind::Heading, 4},
                                                      {BlockKind::ListItem, 1},
                                                      {BlockKind::Paragraph, 0},
                                                      {BlockKind::Paragraph, 0}}));
}

TEST(HwpxConverter, ParagraphHeadUnderAnotherPrefixDeclaredInside) {
    HwpxSpec spec;
    spec.paraProperties =
        "<hh:paraPr id=\"0\"><hh:heading type=\"NONE\" level=\"0\"/></hh:paraPr>"
        "<hh:paraPr id=\"1\"><x:heading xmlns:x=\"http://www.hancom.co.kr/hwpml/2011/head\" "
        "type=\"NUMBER\" level=\"2\"/></hh:paraPr>";
    spec.sections = {hwpxParagraph("번호", "1") + hwpxParagraph("본문", "0")};
    EXPECT_EQ(kindsAndLevels(convertSpec(spec)),
              (std::vector<std::pair<BlockKind, int>>{{BlockKind::ListItem, 2},
                                                      {BlockKind::Paragraph, 0}}));
}

TEST(HwpxConverter, ParagraphHeadsOfAnUnusualHeaderLayoutStillFound) {
    // A comment between paraPr elements, a paraPr inside another, `heading` in a value: the
    // cut of header.xml gives way to parsing all of it, or passes over the value.
    for (const std::string& between : {std::string("<!-- 주석 -->"), std::string(" ")}) {
        HwpxSpec spec;
        spec.paraProperties =
            "<hh:paraPr id=\"0\" note=\"heading\"><hh:heading type=\"NONE\" level=\"0\"/>"
            "</hh:paraPr>" +
            between +
            "<hh:paraPr id=\"5\"><hh:paraPr id=\"6\"><hh:heading type=\"OUTLINE\" "
            "level=\"0\"/></hh:paraPr><hh:heading type=\"NONE\" level=\"0\"/></hh:paraPr>"
            "<hh:paraPr id=\"7\"><hh:heading type=\"BULLET\" level=\"1\"/></hh:paraPr>";
        spec.sections = {hwpxParagraph("제목", "6") + hwpxParagraph("글머리", "7") +
                         hwpxParagraph("본문", "0")};
        EXPECT_EQ(
            kindsAndLevels(convertSpec(spec)),
            (std::vector<std::pair<BlockKind, int>>{
                {BlockKind::Heading, 1}, {BlockKind::ListItem, 1}, {BlockKind::Paragraph, 0}}))
            << between;
    }
}

TEST(HwpxConverter, SectionsFollowTheSpineOrder) {
    HwpxSpec spec;
    spec.sections = {hwpxParagraph("둘째"), hwpxParagraph("첫째")};
    spec.spine = {1, 0};
    EXPECT_EQ(convertSpec(spec).text, "첫째\n둘째\n");
}

TEST(HwpxConverter, WithoutContentHpfSectionsGoInNumericOrder) {
    HwpxSpec spec;
    for (int i = 0; i < 11; ++i)
        spec.sections.push_back(hwpxParagraph(std::to_string(i)));
    spec.contentHpf = false;
    Document document = convertSpec(spec);
    EXPECT_EQ(document.text, "0\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n");
    EXPECT_TRUE(hasWarning(document, "missing_part"));
}

TEST(HwpxConverter, PackageWithoutManifestOrHeaderStillConverts) {
    HwpxSpec spec;
    spec.sections = {hwpxParagraph("본문")};
    spec.manifest = false;
    spec.header = false;
    Document document = convertSpec(spec);
    EXPECT_EQ(document.status, Status::Ok);
    EXPECT_EQ(document.text, "본문\n");
}

TEST(HwpxConverter, The2024NamespaceFamilyAndUnknownPrefixesAreRead) {
    HwpxSpec spec;
    spec.family = "2024";
    spec.sections = {hwpxParagraph("새 표준")};
    EXPECT_EQ(convertSpec(spec).text, "새 표준\n");

    HwpxSpec prefixed;
    prefixed.rawSections = true;
    prefixed.sections = {
        "<x:sec xmlns:x=\"http://www.hancom.co.kr/hwpml/2011/section\" "
        "xmlns:q=\"http://www.hancom.co.kr/hwpml/2011/paragraph\"><q:p><q:run><q:t>접두어"
        "</q:t></q:run></q:p><other:p xmlns:other=\"urn:not-hancom\"><q:run><other:t>무시"
        "</other:t></q:run></other:p></x:sec>"};
    EXPECT_EQ(convertSpec(prefixed).text, "접두어\n");
}

TEST(HwpxConverter, MetadataComesFromContentHpfAndVersionXml) {
    HwpxSpec spec;
    spec.sections = {hwpxParagraph("본문")};
    spec.metadata = {{"title", "보도자료"},
                     {"creator", "홍길동"},
                     {"subject", "주제"},
                     {"description", "설명"},
                     {"keyword", "정책, 브리핑"},
                     {"CreatedDate", "2024-05-01T01:02:03Z"},
                     {"ModifiedDate", "2024-05-02T01:02:03Z"}};
    Document document = convertSpec(spec);
    EXPECT_EQ(document.metadata["title"], "보도자료");
    EXPECT_EQ(document.metadata["author"], "홍길동");
    EXPECT_EQ(document.metadata["subject"], "주제");
    EXPECT_EQ(document.metadata["description"], "설명");
    EXPECT_EQ(document.metadata["keywords"], "정책, 브리핑");
    EXPECT_EQ(document.metadata["created"], "2024-05-01T01:02:03Z");
    EXPECT_EQ(document.metadata["modified"], "2024-05-02T01:02:03Z");
    EXPECT_EQ(document.metadata["format_version"], "5.1.1.0");
    EXPECT_EQ(document.metadata["application"], "Jikji test writer");
    EXPECT_EQ(document.metadata.count("protection"), 0u);
}

TEST(HwpxConverter, DistributionDocumentIsDecryptedAndMarked) {
    HwpxSpec spec;
    spec.sections = {hwpxParagraph("배포용 문서의 본문") + hwpxParagraph(std::string(3000, 'x'))};
    spec.metadata = {{"title", "배포용"}};
    spec.encryption = test::HwpxEncryption::Distribution;
    Document document = convertSpec(spec);
    EXPECT_EQ(document.status, Status::Ok);
    EXPECT_EQ(document.metadata["protection"], "distribution");
    EXPECT_EQ(document.metadata["title"], "배포용");
    EXPECT_EQ(document.blocks.at(0).inlineText(), "배포용 문서의 본문");
}

TEST(HwpxConverter, PasswordDocumentIsEncryptedWithAClearWarning) {
    HwpxSpec spec;
    spec.sections = {hwpxParagraph("비밀")};
    spec.metadata = {{"title", "암호 문서"}};
    spec.encryption = test::HwpxEncryption::Password;
    spec.password = "12345";
    Document document = convertSpec(spec);
    EXPECT_EQ(document.status, Status::Encrypted);
    EXPECT_TRUE(hasWarning(document, "password_required"));
    EXPECT_EQ(document.metadata["protection"], "password");
    EXPECT_EQ(document.metadata["title"], "암호 문서");
    EXPECT_EQ(document.text, "");
}

TEST(HwpxConverter, DoctypeIsRefusedAndTheDocumentIsPartial) {
    HwpxSpec spec;
    spec.rawSections = true;
    spec.sections = {
        "<?xml version=\"1.0\"?><!DOCTYPE sec [<!ENTITY x \"boom\">]><hs:sec "
        "xmlns:hs=\"http://www.hancom.co.kr/hwpml/2011/section\"/>",
        "<hs:sec xmlns:hs=\"http://www.hancom.co.kr/hwpml/2011/section\" "
        "xmlns:hp=\"http://www.hancom.co.kr/hwpml/2011/paragraph\">" +
            hwpxParagraph("다음 구역") + "</hs:sec>"};
    Document document = convertSpec(spec);
    EXPECT_EQ(document.status, Status::Partial);
    EXPECT_TRUE(hasWarning(document, "xml_doctype_refused"));
    EXPECT_EQ(document.text, "다음 구역\n");
}

TEST(HwpxConverter, MalformedSectionKeepsWhatWasReadAndWarns) {
    HwpxSpec spec;
    spec.sections = {hwpxParagraph("앞부분") + "<hp:p><hp:run><hp:t>깨진</hp:run>"};
    Document document = convertSpec(spec);
    EXPECT_EQ(document.status, Status::Partial);
    EXPECT_TRUE(hasWarning(document, "xml_error"));
    EXPECT_EQ(document.blocks.at(0).inlineText(), "앞부분");
}

TEST(HwpxConverter, DeeplyNestedXmlIsALimit) {
    std::string body;
    for (int i = 0; i < 300; ++i)
        body += "<hp:x>";
    for (int i = 0; i < 300; ++i)
        body += "</hp:x>";
    Document document = convertBody(body);
    EXPECT_EQ(document.status, Status::LimitExceeded);
    EXPECT_TRUE(hasWarning(document, "limit_exceeded"));
}

TEST(HwpxConverter, ProbeAcceptsHwpxAndRejectsOtherZips) {
    std::string hwpx = writeHwpx(HwpxSpec{});
    EXPECT_EQ(hwpxConverter().probe(Input{hwpx, "a"}), 100);
    std::string zip = test::makeZip({{"a.txt", "hello"}});
    EXPECT_EQ(hwpxConverter().probe(Input{zip, "b"}), 0);
}

// HWPX writes a caption's number as `autoNum` with its value and format ("그림 ." before).
TEST(HwpxConverter, CaptionNumbersComeFromTheirAutoNumbers) {
    auto number = [](const char* type, const char* num, const char* shape, const char* suffix) {
        return std::string("<hp:ctrl><hp:autoNum num=\"") + num + "\" numType=\"" + type +
               "\"><hp:autoNumFormat type=\"" + shape +
               "\" userChar=\"\" prefixChar=\"\" suffixChar=\"" + suffix +
               "\" supscript=\"0\"/></hp:autoNum></hp:ctrl>";
    };
    Document document = convertBody(
        "<hp:p paraPrIDRef=\"0\"><hp:run><hp:t>그림 </hp:t>" + number("PICTURE", "2", "DIGIT", "") +
        "<hp:t>. 구조</hp:t></hp:run></hp:p>" + "<hp:p paraPrIDRef=\"0\"><hp:run><hp:t>표 </hp:t>" +
        number("TABLE", "4", "CIRCLED_DIGIT", ")") + "</hp:run></hp:p>" +
        "<hp:p paraPrIDRef=\"0\"><hp:run><hp:t>쪽 </hp:t>" + number("PAGE", "7", "DIGIT", "") +
        "</hp:run></hp:p>");
    EXPECT_EQ(document.text, "그림 2. 구조\n표 ④)\n쪽 \n");
}

}  // namespace
}  // namespace jikji::converters::hwpx
