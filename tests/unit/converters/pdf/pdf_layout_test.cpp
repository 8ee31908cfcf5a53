#include <gtest/gtest.h>

#include "converters/pdf/pdf_layout.h"

namespace jikji::converters::pdf {
namespace {

Word word(std::string text, double x0, double y0, double x1, double size = 10) {
    Word w;
    w.text = std::move(text);
    w.x0 = x0;
    w.y0 = y0;
    w.x1 = x1;
    w.y1 = y0 + size;
    w.fontSize = size;
    return w;
}

TEST(PdfLayout, WordsOnOneBaselineMakeOneLine) {
    std::vector<Word> words{word("전주시", 72, 100, 102), word("관광", 105, 100, 125),
                            word("다음", 72, 115, 92)};
    std::vector<Line> lines = buildLines(words);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0].text, "전주시 관광");
    EXPECT_EQ(lines[1].text, "다음");
}

// A word that starts left of the line's end belongs to another line (a second column).
TEST(PdfLayout, WordBackInTheLineStartsANewLine) {
    std::vector<Word> words{word("오른쪽", 300, 100, 330), word("왼쪽", 72, 100, 92)};
    EXPECT_EQ(buildLines(words).size(), 2u);
}

TEST(PdfLayout, KoreanOutlineMarkersGiveListLevels) {
    EXPECT_EQ(listLevelOf("□ 추진 배경"), 1);
    EXPECT_EQ(listLevelOf("○ 세부 내용"), 2);
    EXPECT_EQ(listLevelOf("- 세부"), 3);
    EXPECT_EQ(listLevelOf("◦ 세부"), 3);
    EXPECT_EQ(listLevelOf("※ 참고"), 4);
    EXPECT_EQ(listLevelOf("① 첫째"), 3);
    EXPECT_EQ(listLevelOf("가. 항목"), 2);
    EXPECT_EQ(listLevelOf("1) 항목"), 3);
    EXPECT_EQ(listLevelOf("가) 항목"), 4);
    EXPECT_EQ(listLevelOf("1. 개요"), 1);
    EXPECT_EQ(listLevelOf("ㅇ 그간 교통수단의"), 2);
    EXPECT_EQ(listLevelOf("ㅇㅇ시"), -1);
    EXPECT_EQ(listLevelOf("-5도"), -1);
    EXPECT_EQ(listLevelOf("각 항목"), -1);
    EXPECT_EQ(listLevelOf("2024. 1. 30."), -1);
}

TEST(PdfLayout, AppendLineRejoinsHyphenatedAndBrokenWords) {
    std::string text = "every docu-";
    appendLine(text, "ment here", false);
    EXPECT_EQ(text, "every document here");
    text = "관광객";
    appendLine(text, "수는", true);
    EXPECT_EQ(text, "관광객수는");
    text = "문단의 첫";
    appendLine(text, "줄은", false);
    EXPECT_EQ(text, "문단의 첫 줄은");
    // A dash between numbers stays.
    text = "2024-";
    appendLine(text, "2025", false);
    EXPECT_EQ(text, "2024- 2025");
}

// Running heads and page numbers at the top and bottom of every page are found; body text
// that happens to repeat in the middle of the page is not.
TEST(PdfLayout, RunningLinesRepeatAtTheEdges) {
    std::vector<PageText> pages(3);
    std::vector<std::vector<Line>> lines(3);
    for (std::size_t p = 0; p < 3; ++p) {
        pages[p].number = static_cast<std::uint32_t>(p + 1);
        pages[p].height = 842;
        lines[p] = buildLines({word("보도자료", 72, 30, 112), word("같은 문장", 72, 400, 120),
                               word("- " + std::to_string(p + 1) + " -", 290, 810, 310)});
    }
    auto roles = findRunningLines(pages, lines);
    for (std::size_t p = 0; p < 3; ++p) {
        ASSERT_EQ(roles[p].size(), 3u);
        EXPECT_EQ(roles[p][0], LineRole::Header);
        EXPECT_EQ(roles[p][1], LineRole::Body);
        EXPECT_EQ(roles[p][2], LineRole::Footer);
    }
}

}  // namespace
}  // namespace jikji::converters::pdf
