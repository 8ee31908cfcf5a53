#include "pipeline/markdown_writer.h"

#include <gtest/gtest.h>

#include <tuple>

#include "pipeline/document_builder.h"
#include "pipeline/equation_latex.h"
#include "tests/support/document_events.h"

namespace jikji {
namespace {

void paragraph(DocumentBuilder& builder, std::string_view text,
               BlockKind kind = BlockKind::Paragraph, int level = 0) {
    test::addParagraph(builder, text, kind, level);
}

void cell(DocumentBuilder& builder, CellPosition position, std::string_view text) {
    builder.openCell(position);
    paragraph(builder, text);
    builder.closeCell();
}

std::string markdownOf(DocumentBuilder& builder, const MarkdownOptions& options = {}) {
    return renderMarkdown(builder.finish(Status::Ok), options);
}

// A line that starts like a list, a heading or a quote stays text; inline syntax is escaped.
TEST(MarkdownWriter, TextThatLooksLikeSyntaxIsEscaped) {
    DocumentBuilder builder;
    paragraph(builder, "1. 추진 배경");
    paragraph(builder, "# 아님");
    paragraph(builder, "- 하이픈\n> 인용 아님");
    paragraph(builder, "*별* _밑줄_ [괄호] <b> `코드` $5 a|b &amp;");
    EXPECT_EQ(markdownOf(builder),
              "1\\. 추진 배경\n\n\\# 아님\n\n\\- 하이픈\\\n\\> 인용 아님\n\n"
              "\\*별\\* \\_밑줄\\_ \\[괄호\\] \\<b> \\`코드\\` \\$5 a|b \\&amp;\n");
}

// Markdown renders the text: a deleted run, a field's guide and a memo stay out of it, as they
// stay out of `text`; a form object's caption is in both.
TEST(MarkdownWriter, WhatTheTextLeavesOutStaysOutOfTheMarkdown) {
    DocumentBuilder builder;
    builder.openParagraph(BlockKind::Paragraph, 0);
    builder.insertText("회의는 ");
    builder.setChange({"deleted", {}, {}});
    builder.insertText("21일");
    builder.setChange({"inserted", {}, {}});
    builder.insertText("28일");
    builder.setChange({});
    builder.insertText(" 열린다. 이름: ");
    builder.insertInstruction("이름을 입력하세요");
    builder.closeParagraph();
    builder.openAnnotation("memo");
    paragraph(builder, "메모 글");
    builder.closeTextBox();
    builder.insertFormObject("check_button", "동의함");
    Document document = builder.finish(Status::Ok);
    EXPECT_EQ(document.text, "회의는 28일 열린다. 이름: \n동의함\n");
    EXPECT_EQ(renderMarkdown(document, {}), "회의는 28일 열린다. 이름:\n\n동의함\n");
}

TEST(MarkdownWriter, HeadingsAndNestedListItemsKeepTheSourceMarkers) {
    DocumentBuilder builder;
    paragraph(builder, "개요", BlockKind::Heading, 1);
    paragraph(builder, "□ 추진 배경", BlockKind::ListItem, 0);
    paragraph(builder, "○ 세부 내용", BlockKind::ListItem, 1);
    paragraph(builder, "- 세세부", BlockKind::ListItem, 2);
    paragraph(builder, "① 둘째", BlockKind::ListItem, 0);
    paragraph(builder, "세부", BlockKind::Heading, 9);
    EXPECT_EQ(markdownOf(builder),
              "# 개요\n\n- □ 추진 배경\n  - ○ 세부 내용\n    - \\- 세세부\n"
              "- ① 둘째\n\n###### 세부\n");
}

// Paragraph heads: a heading's number needs no escape after its `#`; a list item's number
// does (`- 1. x` would open a list inside the item); a bullet head is the item's own marker.
TEST(MarkdownWriter, ParagraphHeadsOfHeadingsAndListItems) {
    DocumentBuilder builder;
    for (auto [kind, level, head, text] : {std::tuple{BlockKind::Heading, 1, "1.", "개요"},
                                           std::tuple{BlockKind::Heading, 2, "#1", "둘째"},
                                           std::tuple{BlockKind::ListItem, 0, "가)", "항목"},
                                           std::tuple{BlockKind::ListItem, 0, "2.", "번호"},
                                           std::tuple{BlockKind::ListItem, 1, "●", "점"}}) {
        builder.openParagraph(kind, level);
        builder.setParagraphHead(head);
        builder.insertText(text);
        builder.closeParagraph();
    }
    EXPECT_EQ(markdownOf(builder), "# 1. 개요\n\n## #1 둘째\n\n- 가) 항목\n- 2\\. 번호\n  - 점\n");
}

TEST(MarkdownWriter, SimpleTableIsAPipeTable) {
    DocumentBuilder builder;
    builder.openTable(2, 2);
    cell(builder, {0, 0, 1, 1}, "구분");
    cell(builder, {0, 1, 1, 1}, "금액|원");
    cell(builder, {1, 0, 1, 1}, "합계");
    cell(builder, {1, 1, 1, 1}, "");
    builder.closeTable();
    EXPECT_EQ(markdownOf(builder), "| 구분 | 금액\\|원 |\n| --- | --- |\n| 합계 | |\n");
}

// A merged cell or a cell of several lines needs HTML: spans kept, paragraphs joined by <br>.
TEST(MarkdownWriter, SpannedTableIsHtmlWithSpans) {
    DocumentBuilder builder;
    builder.openTable(2, 2);
    cell(builder, {0, 0, 2, 1}, "a<b");
    builder.openCell({0, 1, 1, 1});
    paragraph(builder, "첫 줄");
    paragraph(builder, "둘째 줄");
    builder.closeCell();
    cell(builder, {1, 1, 1, 1}, "c");
    builder.closeTable();
    EXPECT_EQ(markdownOf(builder),
              "<table>\n<tr><td rowspan=\"2\">a&lt;b</td><td>첫 줄<br>둘째 줄"
              "</td></tr>\n<tr><td>c</td></tr>\n</table>\n");
}

TEST(MarkdownWriter, NestedTableStaysInsideItsCell) {
    DocumentBuilder builder;
    builder.openTable(1, 1);
    builder.openCell({0, 0, 1, 1});
    builder.openTable(1, 2);
    cell(builder, {0, 0, 1, 1}, "x");
    cell(builder, {0, 1, 1, 1}, "y");
    builder.closeTable();
    builder.closeCell();
    builder.closeTable();
    EXPECT_EQ(
        markdownOf(builder),
        "<table>\n<tr><td><table><tr><td>x</td><td>y</td></tr></table></td></tr>\n</table>\n");
}

TEST(MarkdownWriter, NotesBecomeFootnotesAtTheEnd) {
    DocumentBuilder builder;
    paragraph(builder, "본문");
    builder.openNote(NoteKind::Foot, "1");
    paragraph(builder, "각주 내용");
    builder.closeNote();
    paragraph(builder, "다음");
    builder.openNote(NoteKind::End, "1");
    paragraph(builder, "미주 내용");
    builder.closeNote();
    EXPECT_EQ(markdownOf(builder), "본문[^1]\n\n다음[^2]\n\n[^1]: 각주 내용\n\n[^2]: 미주 내용\n");
}

TEST(MarkdownWriter, HeadersAndFootersOnlyWhenAsked) {
    DocumentBuilder builder;
    builder.openHeaderFooter(BlockKind::Header);
    paragraph(builder, "머리말");
    builder.closeHeaderFooter();
    paragraph(builder, "본문");
    Document document = builder.finish(Status::Ok);
    EXPECT_EQ(renderMarkdown(document), "본문\n");
    EXPECT_EQ(renderMarkdown(document, {.keepFurniture = true}), "머리말\n\n본문\n");
}

TEST(MarkdownWriter, ImagesAndEquations) {
    DocumentBuilder builder;
    builder.insertImage("BinData/image 1.png", "image/png", "");
    builder.insertImage("BinData/b.png", "image/png", "도표 [1]");
    builder.insertEquation("{1} over {2} + sqrt {x}");
    builder.insertEquation("pile{a # b}");
    EXPECT_EQ(markdownOf(builder),
              "![image 1.png](<BinData/image 1.png>)\n\n"
              "![도표 \\[1\\]](BinData/b.png)\n\n$\\frac{1}{2} + \\sqrt{x}$\n\n"
              "`pile{a # b}`\n");
}

TEST(EquationLatex, KnownConstructsTranslate) {
    EXPECT_EQ(equationToLatex("{a+b} over {c}"), "\\frac{a + b}{c}");
    EXPECT_EQ(equationToLatex("x^2 + y_{i}"), "x^{2} + y_{i}");
    EXPECT_EQ(equationToLatex("alpha + BETA + Gamma"), "\\alpha + B + \\Gamma");
    EXPECT_EQ(equationToLatex("sum from {i=1} to n a_i"), "\\sum_{i = 1}^{n} a_{i}");
    EXPECT_EQ(equationToLatex("root {3} of {x}"), "\\sqrt[3]{x}");
    EXPECT_EQ(equationToLatex("sqrt {3} of {5}"), "\\sqrt[3]{5}");
    EXPECT_EQ(equationToLatex("a TIMES b <= c"), "a \\times b \\leq c");
    EXPECT_EQ(equationToLatex("LEFT ( x RIGHT )"), "\\left( x \\right)");
    EXPECT_EQ(equationToLatex("matrix{a & b # c & d}"),
              "\\begin{matrix}a & b \\\\ c & d\\end{matrix}");
}

TEST(EquationLatex, UnknownOrBrokenScriptsAreNotGuessed) {
    EXPECT_FALSE(equationToLatex("{1 over 2"));
    EXPECT_FALSE(equationToLatex("pile{a # b}"));
    EXPECT_FALSE(equationToLatex("a & b"));
    EXPECT_FALSE(equationToLatex("LEFT ( x"));
    EXPECT_FALSE(equationToLatex("A BENZENE B"));
    EXPECT_FALSE(equationToLatex(std::string(200, '{')));
}

TEST(MarkdownWriter, SameDocumentGivesIdenticalBytes) {
    auto make = [] {
        DocumentBuilder builder;
        paragraph(builder, "가*나");
        builder.openNote(NoteKind::Foot, "1");
        paragraph(builder, "주");
        builder.closeNote();
        return renderMarkdown(builder.finish(Status::Ok));
    };
    EXPECT_EQ(make(), make());
}

}  // namespace
}  // namespace jikji
