// The HWPML converter on the authored fixtures (fixtures/documents/hwpml, fixtures/hostile/
// hwpml-*) and on the HWPML files of the shared corpus (skipped when it is absent).
#include <gtest/gtest.h>

#include <filesystem>

#include "converters/detect/detect.h"
#include "converters/registry.h"
#include "pipeline/limits.h"
#include "tests/support/char_f1.h"
#include "tests/support/fixtures.h"
#include "tests/support/hwpx_writer.h"
#include "tests/support/kept_apart.h"

namespace jikji::converters {
namespace {

Document convertFile(const std::filesystem::path& path) {
    std::string bytes = test::readBytes(path);
    return convertInput(Input{bytes, path.filename().string()});
}

Document structureDocument() {
    return convertFile(test::sourceDir() / "fixtures/documents/hwpml/structure.hml");
}

bool hasWarning(const Document& document, std::string_view code) {
    for (const Warning& warning : document.warnings)
        if (warning.code == code) return true;
    return false;
}

const Block* findBlock(const std::vector<Block>& blocks, BlockKind kind) {
    for (const Block& block : blocks)
        if (block.kind == kind) return &block;
    return nullptr;
}

// law.go.kr serves HWPML 2.1 renamed `.hwp`, with a DOCTYPE declaring `&nbsp;`.
TEST(Hwpml, LawInfoHwpmlRenamedHwpExpandsItsNbspEntity) {
    std::string bytes =
        test::readBytes(test::sourceDir() / "fixtures/documents/hwpml/lawinfo-doctype.hwp");
    EXPECT_EQ(detect(bytes).format, "hwpml");
    Document document = convertInput(Input{bytes, "lawinfo-doctype.hwp"});
    EXPECT_EQ(document.format, "hwpml");
    EXPECT_EQ(document.status, Status::Ok);
    EXPECT_NE(document.text.find("제1조(목적)\u00A0이 법은 행정절차에\u00B7관한"),
              std::string::npos)
        << document.text;
    EXPECT_NE(document.text.find("<개정 2022.\u00A01.\u00A011.>"), std::string::npos);
    EXPECT_EQ(document.metadata["created"], "2023-01-02T09:00:00+09:00");
    EXPECT_EQ(document.metadata["format_version"], "2.1");
}

TEST(Hwpml, DocSummaryBecomesMetadata) {
    Document document = structureDocument();
    EXPECT_EQ(document.metadata["title"], "구조 견본");
    EXPECT_EQ(document.metadata["subject"], "HWPML 요소 모두");
    EXPECT_EQ(document.metadata["author"], "지끼");
    EXPECT_EQ(document.metadata["created"], "2024-03-05T14:07:09+09:00");
    EXPECT_EQ(document.metadata["keywords"], "표, 각주");
    EXPECT_EQ(document.metadata["description"], "Jikji가 쓴 고정 문서");
    EXPECT_EQ(document.metadata["application_version"], "9.0.1.0");
    EXPECT_EQ(document.metadata.count("금칙"), 0u);
    EXPECT_EQ(document.text.find("금칙"), std::string::npos);
}

TEST(Hwpml, CharChildrenBecomeTheirCharacters) {
    Document document = structureDocument();
    EXPECT_NE(
        document.text.find("탭\t뒤, 줄\n바꿈, 묶음\u00A0빈칸, 고정\u2007빈칸, 하이-픈 둘째 런"),
        std::string::npos)
        << document.text;
}

TEST(Hwpml, ParagraphShapesGiveHeadingsAndListItems) {
    Document document = structureDocument();
    ASSERT_FALSE(document.blocks.empty());
    EXPECT_EQ(document.blocks[0].kind, BlockKind::Heading);
    EXPECT_EQ(document.blocks[0].level, 1);
    const Block* item = findBlock(document.blocks, BlockKind::ListItem);
    ASSERT_NE(item, nullptr);
    EXPECT_EQ(item->level, 1);
    EXPECT_EQ(item->inlineText(), "글머리 항목");
}

// The heads Hancom shows, as in HWPX: NUMBERING's PARAHEAD levels (Start, NumFormat, the
// format text), BULLET's Char, outline paragraphs numbered by their section's SECDEF
// OutlineShape (read inside the first paragraph, which is itself a heading here).
TEST(Hwpml, NumberedOutlineAndBulletedParagraphsShowTheirHeads) {
    std::string bytes =
        "<HWPML Version=\"2.8\"><HEAD><MAPPINGTABLE><NUMBERINGLIST Count=\"2\">"
        "<NUMBERING Id=\"1\" Start=\"0\"><PARAHEAD Level=\"1\" NumFormat=\"Digit\" "
        "Start=\"1\">^1.</PARAHEAD><PARAHEAD Level=\"2\" NumFormat=\"HangulSyllable\" "
        "Start=\"1\">^2)</PARAHEAD></NUMBERING><NUMBERING Id=\"2\"><PARAHEAD Level=\"1\" "
        "NumFormat=\"RomanCapital\" Start=\"1\">^1.</PARAHEAD></NUMBERING></NUMBERINGLIST>"
        "<BULLETLIST Count=\"1\"><BULLET Char=\"○\" Id=\"1\"><PARAHEAD Level=\"0\"/></BULLET>"
        "</BULLETLIST><PARASHAPELIST Count=\"5\"><PARASHAPE Id=\"0\" HeadingType=\"None\" "
        "Level=\"0\"/><PARASHAPE Id=\"1\" HeadingType=\"Outline\" Level=\"0\"/>"
        "<PARASHAPE Id=\"2\" HeadingType=\"Number\" Heading=\"1\" Level=\"0\"/>"
        "<PARASHAPE Id=\"3\" HeadingType=\"Number\" Heading=\"1\" Level=\"1\"/>"
        "<PARASHAPE Id=\"4\" HeadingType=\"Bullet\" Heading=\"1\" Level=\"0\"/>"
        "</PARASHAPELIST></MAPPINGTABLE></HEAD><BODY><SECTION><P ParaShape=\"1\"><TEXT>"
        "<SECDEF OutlineShape=\"2\"/><CHAR>서론</CHAR></TEXT></P>"
        "<P ParaShape=\"2\"><TEXT><CHAR>첫째</CHAR></TEXT></P>"
        "<P ParaShape=\"3\"><TEXT><CHAR>세부</CHAR></TEXT></P>"
        "<P ParaShape=\"2\"><TEXT><CHAR>둘째</CHAR></TEXT></P>"
        "<P ParaShape=\"4\"><TEXT><CHAR>점</CHAR></TEXT></P>"
        "<P ParaShape=\"1\"><TEXT><CHAR>본론</CHAR></TEXT></P></SECTION></BODY></HWPML>";
    Document document = convertInput(Input{bytes, "heads.hml"});
    EXPECT_EQ(document.text, "I. 서론\n1. 첫째\n가) 세부\n2. 둘째\n○ 점\nII. 본론\n");
}

TEST(Hwpml, TableKeepsSpansCaptionAndNestedTable) {
    Document document = structureDocument();
    const Block* table = findBlock(document.blocks, BlockKind::Table);
    ASSERT_NE(table, nullptr);
    ASSERT_EQ(table->rows.size(), 2u);
    ASSERT_EQ(table->rows[0].cells.size(), 2u);
    EXPECT_EQ(table->rows[0].cells[0].colSpan, 2u);
    EXPECT_EQ(table->rows[0].cells[1].col, 2u);
    EXPECT_EQ(table->rows[0].cells[1].rowSpan, 2u);
    EXPECT_EQ(table->rows[0].cells[1].blocks.size(), 2u);
    ASSERT_EQ(table->caption.size(), 1u);
    EXPECT_EQ(table->caption[0].inlineText(), "표 1. 병합된 셀");
    const Block* inner = findBlock(table->rows[1].cells[1].blocks, BlockKind::Table);
    ASSERT_NE(inner, nullptr);
    EXPECT_EQ(renderText(inner->rows[0].cells[0].blocks), "안쪽 표\n");
}

TEST(Hwpml, EquationScriptStaysOutOfTheText) {
    Document document = structureDocument();
    const Block* equation = findBlock(document.blocks, BlockKind::Equation);
    ASSERT_NE(equation, nullptr);
    EXPECT_EQ(equation->script, "x = {-b +- sqrt {b^2 -4ac}} over {2a}");
    EXPECT_EQ(document.text.find("sqrt"), std::string::npos);
    // Hancom's generated alt text (SHAPECOMMENT) is no text of the document either.
    EXPECT_EQ(document.text.find("수식입니다"), std::string::npos);
}

TEST(Hwpml, NotesHeadersFootersAndTextBoxesKeepTheirText) {
    Document document = structureDocument();
    std::size_t notes = 0, boxes = 0;
    for (const Block& block : document.blocks) {
        if (block.kind == BlockKind::Note) {
            EXPECT_EQ(renderText(block.children), notes == 0 ? "각주 내용\n" : "미주 내용\n");
            EXPECT_EQ(block.noteKind, notes == 0 ? NoteKind::Foot : NoteKind::End);
            ++notes;
        }
        if (block.kind == BlockKind::TextBox) ++boxes;
    }
    EXPECT_EQ(notes, 2u);
    // Master page, drawing text, hidden comment, text art.
    EXPECT_EQ(boxes, 4u);
    EXPECT_TRUE(hasWarning(document, "annotations"));
    EXPECT_EQ(renderText(findBlock(document.blocks, BlockKind::Header)->children), "머리말 글\n");
    EXPECT_EQ(renderText(findBlock(document.blocks, BlockKind::Footer)->children), "꼬리말 글\n");
    EXPECT_NE(document.text.find("글상자 안 글"), std::string::npos);
    // A hidden comment is kept, marked, out of the text.
    EXPECT_EQ(document.text.find("숨은 설명 글"), std::string::npos);
    EXPECT_NE(document.text.find("글맵시 글"), std::string::npos);
    // A DUTMAL's main text is read, its ruby is not.
    EXPECT_NE(document.text.find("본말"), std::string::npos);
    EXPECT_EQ(document.text.find("덧말"), std::string::npos);
}

Document annotationsDocument() {
    return convertFile(test::sourceDir() / "fixtures/documents/hwpml/annotations.hml");
}

TEST(Hwpml, HiddenCommentIsAnAnnotationOutOfTheText) {
    Document document = annotationsDocument();
    EXPECT_EQ(document.status, Status::Ok);
    EXPECT_EQ(test::annotations(document),
              (std::vector<std::pair<std::string, std::string>>{
                  {"hidden_comment", "숨은 설명: 검토 뒤 지울 것\n"}}));
    EXPECT_EQ(document.text.find("숨은 설명"), std::string::npos);
    EXPECT_TRUE(hasWarning(document, "annotations"));
}

TEST(Hwpml, ClickHereGuideIsAFieldInstructionOutOfTheText) {
    Document document = annotationsDocument();
    EXPECT_EQ(test::fieldInstructions(document),
              (std::vector<std::string>{"이름을 입력하세요", "기관명을 입력하세요"}));
    EXPECT_NE(document.text.find("\n기관: 전주시\n"), std::string::npos);
    EXPECT_EQ(document.text.find("입력하세요"), std::string::npos);
    EXPECT_TRUE(hasWarning(document, "field_instructions"));
}

// The mark a note's AUTONUM gives wins; a note without one is numbered in document order.
// HWPML names a memo field type without saying where its text lives: a memo is never dropped
// without a word.
TEST(Hwpml, MemoFieldIsNamedInAWarning) {
    std::string bytes =
        "<HWPML Version=\"2.9\"><BODY><SECTION><P><TEXT><CHAR>본문</CHAR>"
        "<FIELDBEGIN Type=\"Memo\" InstId=\"7\"/><CHAR>메모 붙은 글</CHAR>"
        "<FIELDEND Type=\"Memo\"/></TEXT></P></SECTION></BODY></HWPML>";
    Document document = convertInput(Input{bytes, "memo.hml"});
    EXPECT_EQ(document.status, Status::Ok);
    ASSERT_TRUE(hasWarning(document, "memo_unread"));
    EXPECT_NE(document.text.find("본문메모 붙은 글"), std::string::npos) << document.text;
}

TEST(Hwpml, FootnoteMarkComesFromItsAutonum) {
    Document document = annotationsDocument();
    std::vector<std::pair<NoteKind, std::string>> marks;
    for (const Block& block : document.blocks)
        if (block.kind == BlockKind::Note) marks.emplace_back(block.noteKind, block.mark);
    EXPECT_EQ(marks, (std::vector<std::pair<NoteKind, std::string>>{{NoteKind::Foot, "3"},
                                                                    {NoteKind::End, "1"}}));
}

TEST(Hwpml, FormObjectsKeepTheTextTheyShow) {
    using Forms = std::vector<std::pair<std::string, std::string>>;
    EXPECT_EQ(test::formObjects(annotationsDocument()),
              (Forms{{"check_button", "개인정보 이용에 동의함\n"},
                     {"combo_box", "서울특별시\n"},
                     {"edit", "홍길동\n"}}));
}

TEST(Hwpml, HyperlinkFieldBecomesALinkSpan) {
    Document document = structureDocument();
    bool found = false;
    for (const Block& block : document.blocks)
        for (const Span& span : block.spans)
            if (span.text == "국가법령정보센터") {
                EXPECT_EQ(span.href, "https://www.law.go.kr/법령");
                found = true;
            } else {
                EXPECT_TRUE(span.href.empty()) << span.text;
            }
    EXPECT_TRUE(found);
}

// Images are references named as HWP 5 names the same item; BINDATASTORAGE is never decoded
// and SCRIPTCODE never run, nor read as text.
TEST(Hwpml, PicturesAreReferencesAndTailIsNeverText) {
    Document document = structureDocument();
    std::vector<const Block*> images;
    for (const Block& block : document.blocks)
        if (block.kind == BlockKind::Image) images.push_back(&block);
    ASSERT_EQ(images.size(), 2u);  // the IMAGEBRUSH fill of a rectangle is no picture
    EXPECT_EQ(images[0]->target, "BinData/BIN0001.png");
    EXPECT_EQ(images[0]->mediaType, "image/png");
    EXPECT_EQ(images[1]->target, "그림/로고.jpg");
    EXPECT_EQ(images[1]->mediaType, "image/jpeg");
    EXPECT_EQ(document.text.find("iVBOR"), std::string::npos);
    EXPECT_EQ(document.text.find("스크립트"), std::string::npos);
    EXPECT_EQ(document.text.find("var x"), std::string::npos);
    EXPECT_TRUE(hasWarning(document, "script_ignored"));
    EXPECT_EQ(document.status, Status::Ok);
}

TEST(Hwpml, PictureNamingAMissingBinItemIsWarnedAbout) {
    std::string bytes =
        "<HWPML Version=\"2.9\"><BODY><SECTION><P><TEXT><PICTURE><IMAGE BinItem=\"7\"/></PICTURE>"
        "</TEXT></P></SECTION></BODY></HWPML>";
    Document document = convertInput(Input{bytes, "missing.hml"});
    EXPECT_TRUE(hasWarning(document, "missing_image"));
    EXPECT_EQ(findBlock(document.blocks, BlockKind::Image), nullptr);
}

TEST(Hwpml, CellSpanBeyondTheLimitIsRefused) {
    std::string bytes =
        "<HWPML Version=\"2.9\"><BODY><SECTION><P><TEXT><TABLE><ROW><CELL ColSpan=\"99999999\">"
        "<PARALIST><P><TEXT><CHAR>x</CHAR></TEXT></P></PARALIST></CELL></ROW></TABLE></TEXT></P>"
        "</SECTION></BODY></HWPML>";
    Document document = convertInput(Input{bytes, "span.hml"});
    EXPECT_EQ(document.status, Status::LimitExceeded);
}

// HWPX grew out of HWPML and both readers share one body builder: the same document nested
// past the object limit stops the same way in both (HWPX allowed 256 levels where HWPML and
// HWP 5 stopped at 8, so a twin pair could disagree on status).
TEST(Hwpml, TablesNestedPastTheObjectLimitStopAsInHwpx) {
    const std::size_t depth = limits::kMaxObjectNesting + 1;
    std::string hml = "<HWPML Version=\"2.9\"><BODY><SECTION>";
    std::string section;
    for (std::size_t i = 0; i < depth; ++i) {
        hml += "<P><TEXT><TABLE RowCount=\"1\" ColCount=\"1\"><ROW><CELL><PARALIST>";
        section += "<hp:p><hp:run><hp:tbl rowCnt=\"1\" colCnt=\"1\"><hp:tr><hp:tc><hp:subList>";
    }
    hml += "<P><TEXT><CHAR>안</CHAR></TEXT></P>";
    section += test::hwpxParagraph("안");
    for (std::size_t i = 0; i < depth; ++i) {
        hml += "</PARALIST></CELL></ROW></TABLE></TEXT></P>";
        section += "</hp:subList></hp:tc></hp:tr></hp:tbl></hp:run></hp:p>";
    }
    hml += "</SECTION></BODY></HWPML>";
    test::HwpxSpec spec;
    spec.sections = {section};
    Document fromHwpml = convertInput(Input{hml, "deep.hml"});
    Document fromHwpx = convertInput(Input{test::writeHwpx(spec), "deep.hwpx"});
    EXPECT_EQ(fromHwpml.status, Status::LimitExceeded);
    EXPECT_EQ(fromHwpx.status, Status::LimitExceeded);
    ASSERT_FALSE(fromHwpml.warnings.empty());
    ASSERT_FALSE(fromHwpx.warnings.empty());
    EXPECT_EQ(fromHwpml.warnings.front().code, fromHwpx.warnings.front().code);

    // One level less converts in both, with the innermost text.
    std::string shallow = hml;
    for (std::string_view cut :
         {"<P><TEXT><TABLE RowCount=\"1\" ColCount=\"1\"><ROW><CELL><PARALIST>",
          "</PARALIST></CELL></ROW></TABLE></TEXT></P>"}) {
        std::size_t at = shallow.find(cut);
        ASSERT_NE(at, std::string::npos);
        shallow.erase(at, cut.size());
    }
    Document ok = convertInput(Input{shallow, "shallow.hml"});
    EXPECT_EQ(ok.status, Status::Ok);
    EXPECT_NE(ok.text.find("안"), std::string::npos);
}

struct HostileCase {
    const char* file;
    Status status;
    const char* warning;
};

class HwpmlHostile : public ::testing::TestWithParam<HostileCase> {};

TEST_P(HwpmlHostile, GetsItsStatusAndWarningAndLeaksNothing) {
    const HostileCase& c = GetParam();
    std::string bytes = test::readBytes(test::sourceDir() / "fixtures/hostile" / c.file);
    ASSERT_FALSE(bytes.empty());
    Document document = convertInput(Input{bytes, c.file});
    EXPECT_EQ(document.format, "hwpml");
    EXPECT_EQ(toString(document.status), toString(c.status));
    EXPECT_TRUE(hasWarning(document, c.warning)) << "no warning " << c.warning;
    EXPECT_EQ(document.text.find("root:"), std::string::npos);
    EXPECT_EQ(document.text.find("lollol"), std::string::npos);
    EXPECT_EQ(document.text.find("markup"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(
    Files, HwpmlHostile,
    ::testing::Values(
        HostileCase{"hwpml-external-entity.hml", Status::Partial, "entity_refused"},
        HostileCase{"hwpml-billion-laughs.hml", Status::Partial, "entity_refused"},
        HostileCase{"hwpml-parameter-entity.hml", Status::Partial, "entity_refused"},
        HostileCase{"hwpml-truncated.hml", Status::Partial, "xml_error"},
        HostileCase{"hwpml-deep-nesting.hml", Status::LimitExceeded, "limit_exceeded"},
        HostileCase{"hwpml-deep-elements.hml", Status::LimitExceeded, "limit_exceeded"}),
    [](const auto& info) {
        std::string name = info.param.file;
        name = name.substr(0, name.find('.'));
        for (char& c : name)
            if (c == '-') c = '_';
        return name;
    });

// An external entity's text never arrives; the internal one beside it still does.
TEST(HwpmlHostile, ExternalEntityExpandsToNothing) {
    Document document =
        convertFile(test::sourceDir() / "fixtures/hostile/hwpml-external-entity.hml");
    EXPECT_EQ(document.text, "앞\u00A0[][]뒤\n");
}

TEST(HwpmlHostile, MalformedBytesAreCorrupt) {
    std::string bytes = "<?xml version=\"1.0\"?><HWPML Version=\"2.9\"><HEAD><<<";
    Document document = convertInput(Input{bytes, "bad.hml"});
    EXPECT_EQ(document.format, "hwpml");
    EXPECT_EQ(document.status, Status::Corrupt);
    EXPECT_TRUE(hasWarning(document, "xml_error"));
}

TEST(HwpmlCorpus, EveryHmlConvertsAndAgreesWithKordoc) {
    auto corpus = test::corpusDir();
    if (!corpus) GTEST_SKIP() << "no corpus";
    std::size_t count = 0;
    for (const auto& entry : std::filesystem::directory_iterator(*corpus / "other")) {
        if (entry.path().extension() != ".hml") continue;
        Document document = convertFile(entry.path());
        EXPECT_EQ(document.format, "hwpml") << entry.path();
        EXPECT_EQ(document.status, Status::Ok) << entry.path();
        std::filesystem::path peer =
            *corpus / "peers/kordoc" / (entry.path().filename().string() + ".txt");
        if (std::filesystem::exists(peer))
            EXPECT_GE(test::charF1(document.text, test::readBytes(peer)), 0.99) << entry.path();
        ++count;
    }
    EXPECT_GE(count, 10u);
}

// HWPML's AUTONUM numbers captions as HWPX's autoNum does; a note's stays its mark.
TEST(Hwpml, CaptionNumbersComeFromTheirAutonums) {
    std::string bytes =
        "<HWPML Version=\"2.9\"><BODY><SECTION><P><TEXT><CHAR>표 </CHAR>"
        "<AUTONUM Number=\"3\" NumberType=\"Table\"><AUTONUMFORMAT Type=\"HangulSyllable\" "
        "SuffixChar=\".\"/></AUTONUM><CHAR> 현황</CHAR></TEXT></P></SECTION></BODY></HWPML>";
    Document document = convertInput(Input{bytes, "caption.hml"});
    EXPECT_EQ(document.status, Status::Ok);
    EXPECT_EQ(document.text, "표 다. 현황\n");
}

}  // namespace
}  // namespace jikji::converters
