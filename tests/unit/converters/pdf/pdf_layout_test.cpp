#include <gtest/gtest.h>

#include "converters/pdf/pdf_glyphs.h"
#include "converters/pdf/pdf_layout.h"
#include "converters/pdf/pdf_tables.h"
#include "pipeline/document_builder.h"

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

// A head that changes with the part of the document (four pages of `제1부 총칙`, then four of
// `제2부 세칙`, of 20 pages) runs on fewer than a third of the pages but on four in a row: a
// header. A title on three pages in a row, and a table's head row that a vertical rule crosses
// on four, stay body text.
TEST(PdfLayout, HeadOfAPartRunningOnFourPagesInARowIsAHeader) {
    constexpr std::size_t kPages = 20;
    std::vector<PageText> pages(kPages);
    std::vector<std::vector<Line>> lines(kPages);
    for (std::size_t p = 0; p < kPages; ++p) {
        pages[p].number = static_cast<std::uint32_t>(p + 1);
        pages[p].height = 842;
        std::string head = p < 4    ? "제1부 총칙"
                           : p < 8  ? "제2부 세칙"
                           : p < 11 ? "수학 영역(미적분)"
                           : p < 15 ? "구분 실적"
                                    : std::string("장절항목호목차례부록").substr(3 * (p - 15), 6);
        if (p >= 11 && p < 15) pages[p].rules.push_back({false, 100, 20, 80});
        lines[p] =
            buildLines({word(head, 72, 30, 140), word("본문 " + std::to_string(p), 72, 400, 120)});
    }
    auto roles = findRunningLines(pages, lines);
    for (std::size_t p = 0; p < kPages; ++p) {
        ASSERT_EQ(roles[p].size(), 2u);
        EXPECT_EQ(roles[p][0], p < 8 ? LineRole::Header : LineRole::Body) << "page " << p + 1;
        EXPECT_EQ(roles[p][1], LineRole::Body);
    }
}

// The document that the pages make.
Document laidOut(std::vector<PageText>& pages) {
    DocumentBuilder builder;
    emitPages(pages, builder);
    return builder.finish(Status::Ok);
}

// An exam's head in large print a little below the header band (`언어이해`, `홀수형` from 8.4 %
// to 11 % of the page), on every page, its two parts read in the other order on facing
// pages: one header block, not the head in the text of every page.
TEST(PdfLayout, MirroredHeadBelowTheBandIsOneHeader) {
    constexpr std::size_t kPages = 6;
    std::vector<PageText> pages(kPages);
    for (std::size_t p = 0; p < kPages; ++p) {
        pages[p].number = static_cast<std::uint32_t>(p + 1);
        pages[p].width = 842;
        pages[p].height = 1191;
        Word subject = word("언어이해", 369, 100, 440, 32);
        Word form = word("홀수형", p % 2 ? 100 : 688, 104, p % 2 ? 150 : 738, 26);
        pages[p].words =
            p % 2 ? std::vector<Word>{form, subject} : std::vector<Word>{subject, form};
        pages[p].words.push_back(
            word("문제 " + std::to_string(p + 1) + "번을 읽고 답하시오.", 100, 400, 300));
        for (std::uint32_t i = 0; i < pages[p].words.size(); ++i)
            pages[p].words[i].order = i;
    }
    Document document = laidOut(pages);
    std::size_t headers = 0;
    for (const Block& block : document.blocks)
        headers += block.kind == BlockKind::Header ? 1 : 0;
    EXPECT_EQ(headers, 1u);
    std::size_t at = document.text.find("언어이해");
    EXPECT_NE(at, std::string::npos);
    EXPECT_EQ(document.text.find("언어이해", at + 1), std::string::npos);
}

// Words set one after another from `x` with gaps of `gap` points, 10 pt Hangul (1 em each).
std::vector<Word> wordsAt(std::vector<std::string> texts, double x, double y, double gap) {
    std::vector<Word> words;
    for (std::string& text : texts) {
        double width = 10.0 * static_cast<double>(text.size() / 3);
        words.push_back(word(std::move(text), x, y, x + width));
        x += width + gap;
    }
    return words;
}

// Lines that fill their column break anywhere when the paragraph wraps by character, or
// between words: the document's own spelling decides between two Hangul syllables. `교육을 |
// 받는다` broke at a space although its line has spaces of natural width (the document writes
// `을 받` elsewhere); `관광 | 객수는` broke inside a word although its line is justified (the
// document writes `관광객`).
TEST(PdfLayout, DocumentsOwnSpellingDecidesALineBreakBetweenSyllables) {
    std::vector<PageText> pages(1);
    pages[0].number = 1;
    pages[0].width = 595;
    pages[0].height = 842;
    auto add = [&](std::vector<Word> words) {
        for (Word& w : words)
            pages[0].words.push_back(std::move(w));
    };
    add(wordsAt({"학생들은", "해마다", "두", "번씩", "안전", "교육을"}, 72, 100, 3));
    add(wordsAt({"받는다."}, 72, 114, 3));
    add(wordsAt({"전주시의", "올해", "관광"}, 72, 200, 42.5));
    add(wordsAt({"객수는", "늘었다."}, 72, 214, 3));
    add(wordsAt({"모든", "학생이", "교육을", "받는", "날이다."}, 72, 300, 3));
    add(wordsAt({"관광객이", "늘었다."}, 72, 400, 3));
    for (std::uint32_t i = 0; i < pages[0].words.size(); ++i)
        pages[0].words[i].order = i;
    Document document = laidOut(pages);
    ASSERT_GE(document.blocks.size(), 2u);
    EXPECT_EQ(document.blocks[0].inlineText(), "학생들은 해마다 두 번씩 안전 교육을 받는다.");
    EXPECT_EQ(document.blocks[1].inlineText(), "전주시의 올해 관광객수는 늘었다.");
}

// A table at the foot of page 1 whose last row splits a column in two, and its continuation
// at the top of page 2 on the outer columns only, under its title row repeated: one table on
// the columns of both, the title row once.
TEST(PdfLayout, TableGoingOnWithPartOfItsColumnsIsOneTable) {
    std::vector<PageText> pages(2);
    for (std::size_t p = 0; p < 2; ++p) {
        pages[p].number = static_cast<std::uint32_t>(p + 1);
        pages[p].width = 595;
        pages[p].height = 842;
    }
    pages[0].words = {word("표는 다음과 같다.", 72, 80, 160),
                      word("연도", 100, 706, 120),
                      word("내용", 300, 706, 320),
                      word("2023", 100, 745, 120),
                      word("가", 250, 745, 260),
                      word("나", 370, 745, 380)};
    pages[0].rules = {{true, 700, 72, 440},  {true, 722, 72, 440},   {true, 780, 72, 440},
                      {false, 72, 700, 780}, {false, 200, 700, 780}, {false, 440, 700, 780},
                      {false, 320, 722, 780}};
    pages[1].words = {word("연도", 100, 78, 120), word("내용", 300, 78, 320),
                      word("2024", 100, 100, 120), word("다라", 300, 100, 320),
                      word("끝.", 72, 200, 90)};
    pages[1].rules = {{true, 72, 72, 440},  {true, 94, 72, 440},   {true, 120, 72, 440},
                      {false, 72, 72, 120}, {false, 200, 72, 120}, {false, 440, 72, 120}};
    for (PageText& page : pages)
        for (std::uint32_t i = 0; i < page.words.size(); ++i)
            page.words[i].order = i;
    Document document = laidOut(pages);
    std::vector<const Block*> tables;
    for (const Block& block : document.blocks)
        if (block.kind == BlockKind::Table) tables.push_back(&block);
    ASSERT_EQ(tables.size(), 1u);
    ASSERT_EQ(tables[0]->rows.size(), 3u);
    ASSERT_EQ(tables[0]->rows[2].cells.size(), 2u);
    EXPECT_EQ(tables[0]->rows[2].cells[1].col, 1u);
    EXPECT_EQ(tables[0]->rows[2].cells[1].colSpan, 2u);
    EXPECT_EQ(tables[0]->rows[2].cells[1].blocks.at(0).inlineText(), "다라");
}

// Rules across the columns `xs` at each of the heights `ys`, and down each column edge.
std::vector<Rule> gridRules(const std::vector<double>& xs, const std::vector<double>& ys) {
    std::vector<Rule> rules;
    for (double y : ys)
        rules.push_back({true, y, xs.front(), xs.back()});
    for (double x : xs)
        rules.push_back({false, x, ys.front(), ys.back()});
    return rules;
}

// A page of `width` × `height` points (A4 unless given) holding `words` (in that order),
// `rules` and `clips`.
PageText pageOf(std::vector<Word> words, std::vector<Rule> rules, std::vector<Box> clips = {},
                double width = 595, double height = 842) {
    PageText page;
    page.width = width;
    page.height = height;
    page.words = std::move(words);
    for (std::uint32_t i = 0; i < page.words.size(); ++i)
        page.words[i].order = i;
    page.rules = std::move(rules);
    page.clips = std::move(clips);
    return page;
}

// The tables of such a page.
std::vector<GridTable> tablesOf(std::vector<Word> words, std::vector<Rule> rules) {
    PageText page = pageOf(std::move(words), std::move(rules));
    return findTables(page);
}

// A page holding `words` and a table of two columns (72–200–440) whose rows run between the
// heights `rows`.
PageText pageWithTable(std::vector<Word> words, const std::vector<double>& rows) {
    return pageOf(std::move(words),
                  rows.empty() ? std::vector<Rule>{} : gridRules({72, 200, 440}, rows));
}

// The number of tables laid out from `pages`, numbered 1, 2, ….
std::size_t tablesLaidOut(std::vector<PageText>& pages) {
    for (std::size_t p = 0; p < pages.size(); ++p)
        pages[p].number = static_cast<std::uint32_t>(p + 1);
    Document document = laidOut(pages);
    std::size_t tables = 0;
    for (const Block& block : document.blocks)
        tables += block.kind == BlockKind::Table;
    return tables;
}

// A part of a document may set margins of its own: its pages' text starts lower than the
// rest's. A table that fills a page of that part and goes on at the top of the next is one
// table, the top of the nearby pages telling where that part's text starts.
TEST(PdfLayout, PartWithMarginsOfItsOwnJoinsItsBrokenTables) {
    const std::vector<std::string> texts = {"가을", "나무", "다리", "라면", "마을", "바다",
                                            "사과", "아침", "자리", "차례", "카드"};
    std::vector<PageText> pages;
    for (std::size_t p = 0; p < 9; ++p) {
        double top = p < 7 ? 60 : 110;
        pages.push_back(pageWithTable(
            {word(texts[p] + "의 첫 줄", 72 + 10.0 * static_cast<double>(p), top, 200),
             word(texts[p] + "의 끝 줄", 72, 770 - 10.0 * static_cast<double>(p), 200)},
            {}));
    }
    pages.push_back(pageWithTable({word("구분", 80, 115, 110), word("내용", 210, 115, 240),
                                   word("법령", 80, 400, 110), word("학교안전법", 210, 400, 290)},
                                  {110, 130, 780}));
    pages.push_back(
        pageWithTable({word("조례", 80, 200, 110), word("없음", 210, 200, 240)}, {110, 300}));
    EXPECT_EQ(tablesLaidOut(pages), 1u);
}

// A table that goes on over a page it fills only in part ends there: the table at the top of
// the page after is another one.
TEST(PdfLayout, TableEndingAboveTheFootGoesOnNoFurther) {
    std::vector<PageText> pages;
    pages.push_back(pageWithTable(
        {word("본문의 첫 줄", 72, 60, 200), word("구분", 80, 605, 110), word("내용", 210, 605, 240),
         word("법령", 80, 700, 110), word("학교안전법", 210, 700, 290)},
        {600, 620, 780}));
    pages.push_back(
        pageWithTable({word("조례", 80, 100, 110), word("없음", 210, 100, 240)}, {60, 300}));
    pages.push_back(
        pageWithTable({word("지역", 80, 100, 110), word("서울", 210, 100, 240)}, {60, 780}));
    EXPECT_EQ(tablesLaidOut(pages), 2u);
}

// A 2 × 2 grid of rules around `words`; `split` draws the rule between the two rows of the
// left column (without it, that cell spans both rows).
PageText grid(std::vector<Word> words, bool split) {
    std::vector<Rule> rules = gridRules({72, 150, 300}, {100, 140});
    rules.push_back(split ? Rule{true, 120, 72, 300} : Rule{true, 120, 150, 300});
    return pageOf(std::move(words), std::move(rules));
}

TEST(PdfTables, RulesMakeAGridAndTakeTheirWords) {
    PageText page =
        grid({word("구분", 80, 104, 100), word("값", 160, 104, 170), word("합계", 80, 124, 100),
              word("3", 160, 124, 165), word("아래", 72, 200, 92)},
             true);
    std::vector<GridTable> tables = findTables(page);
    ASSERT_EQ(tables.size(), 1u);
    EXPECT_EQ(tables[0].rows(), 2u);
    EXPECT_EQ(tables[0].cols(), 2u);
    ASSERT_EQ(tables[0].cells.size(), 4u);
    ASSERT_EQ(tables[0].cells[2].lines.size(), 1u);
    EXPECT_EQ(tables[0].cells[2].lines[0].text, "합계");
    // The word outside the grid stays on the page.
    ASSERT_EQ(page.words.size(), 1u);
    EXPECT_EQ(page.words[0].text, "아래");
}

// No rule between the rows of the left column: its cell spans both rows.
TEST(PdfTables, MissingInteriorRuleMakesASpan) {
    PageText page = grid(
        {word("구분", 80, 114, 100), word("값", 160, 104, 170), word("3", 160, 124, 165)}, false);
    std::vector<GridTable> tables = findTables(page);
    ASSERT_EQ(tables.size(), 1u);
    ASSERT_EQ(tables[0].cells.size(), 3u);
    EXPECT_EQ(tables[0].cells[0].rowSpan, 2u);
    EXPECT_EQ(tables[0].cells[1].rowSpan, 1u);
}

// One box around most of the page is a page border, not a one-cell table.
TEST(PdfTables, PageFrameIsNotATable) {
    PageText page;
    page.width = 595;
    page.height = 842;
    page.words = {word("본문", 100, 300, 120)};
    page.rules = {
        {true, 40, 40, 555}, {true, 800, 40, 555}, {false, 40, 40, 800}, {false, 555, 40, 800}};
    EXPECT_TRUE(findTables(page).empty());
    EXPECT_EQ(page.words.size(), 1u);
}

// A box (a clip) with a smaller box inside it that holds the text: the outer one-cell table
// holds the inner one, and the text is kept (the outer box has no words of its own).
TEST(PdfTables, BoxAroundANestedBoxKeepsItsText) {
    PageText page;
    page.width = 595;
    page.height = 842;
    page.words = {word("청년오피스", 200, 130, 260, 15)};
    page.clips = {{99, 118, 496, 156}, {104, 123, 491, 151}};
    std::vector<GridTable> tables = findTables(page);
    ASSERT_EQ(tables.size(), 1u);
    ASSERT_EQ(tables[0].cells.size(), 1u);
    ASSERT_EQ(tables[0].cells[0].tables.size(), 1u);
    const GridTable& inner = tables[0].cells[0].tables[0];
    ASSERT_EQ(inner.cells.size(), 1u);
    ASSERT_EQ(inner.cells[0].lines.size(), 1u);
    EXPECT_EQ(inner.cells[0].lines[0].text, "청년오피스");
    EXPECT_TRUE(page.words.empty());
}

// An empty clip beside a clipped table but off its sides by a fraction of a point (an anchor
// line's box) adds no row; empty clips that tile with the table's cells are its cells.
TEST(PdfTables, EmptyClipsCountOnlyWhenTheyTile) {
    PageText page;
    page.width = 595;
    page.height = 842;
    page.words = {word("규제 영역", 80, 190, 120), word("해당없음", 190, 190, 230)};
    page.clips = {{73.6, 182.3, 180, 204},
                  {180, 182.3, 523, 204},
                  {73.6, 204, 180, 230},
                  {180, 204, 523, 230},
                  {72.3, 170.5, 524.4, 182.6}};
    std::vector<GridTable> tables = findTables(page);
    ASSERT_EQ(tables.size(), 1u);
    EXPECT_EQ(tables[0].rows(), 2u);
    EXPECT_EQ(tables[0].cols(), 2u);
}

// A page of `words` and `clips` over a ruled 2 × 2 table, rows 12 points high, columns split
// at x 150.
PageText ruledRows(std::vector<Word> words, std::vector<Box> clips) {
    return pageOf(std::move(words),
                  {{true, 100, 72, 300},
                   {true, 112, 72, 300},
                   {true, 124, 72, 300},
                   {false, 72, 100, 124},
                   {false, 150, 100, 124},
                   {false, 300, 100, 124}},
                  std::move(clips));
}

// The page's one table is the 2 × 2 of `ruledRows`, its last cell one line of `text`.
void expectRuledRows(PageText& page, const std::string& text) {
    std::vector<GridTable> tables = findTables(page);
    ASSERT_EQ(tables.size(), 1u);
    EXPECT_EQ(tables[0].rows(), 2u);
    EXPECT_EQ(tables[0].cols(), 2u);
    ASSERT_EQ(tables[0].cells.size(), 4u);
    ASSERT_EQ(tables[0].cells[3].lines.size(), 1u);
    EXPECT_EQ(tables[0].cells[3].lines[0].text, text);
}

// Clips around runs of one font that end inside a word (`글꼴 이름 길이` clipped apart from
// `(len1)`, the two one word on the page) are no cells: the ruled table keeps its two columns.
TEST(PdfTables, ClipThatCutsAWordIsNoCell) {
    PageText page = ruledRows({word("자료형", 80, 101, 110), word("설명", 160, 101, 180),
                               word("WORD", 80, 113, 110), word("글꼴", 160, 113, 180),
                               word("이름", 184, 113, 204), word("길이(len1)", 208, 113, 250)},
                              {{160, 112.5, 220, 123.5}, {219, 112.5, 250, 123.5}});
    expectRuledRows(page, "글꼴 이름 길이(len1)");
}

// A table drawn inside a cell (Hancom clips the cell to its box) is nested in it, though its
// rows end on the cell's right side: the outer grid keeps its two rows.
TEST(PdfTables, TableFlushWithItsCellsSideIsNested) {
    PageText page = pageOf(
        {word("구분", 80, 105, 100), word("내용", 160, 105, 180), word("피규제집단", 80, 160, 130),
         word("피규제자", 160, 134, 200), word("유형", 210, 155, 230), word("규모", 310, 155, 330),
         word("기업", 210, 175, 230), word("100", 310, 175, 325)},
        {{true, 100, 72, 400},
         {true, 130, 72, 400},
         {true, 200, 72, 400},
         {false, 72, 100, 200},
         {false, 150, 100, 200},
         {false, 400, 100, 200},
         {true, 150, 200, 400},
         {true, 170, 200, 400},
         {true, 190, 200, 400},
         {false, 200, 150, 190},
         {false, 300, 150, 190}},
        {{72, 100, 150, 130}, {150, 100, 400, 130}, {72, 130, 150, 200}, {150, 130, 400, 200}});
    std::vector<GridTable> tables = findTables(page);
    ASSERT_EQ(tables.size(), 1u);
    EXPECT_EQ(tables[0].rows(), 2u);
    EXPECT_EQ(tables[0].cols(), 2u);
    ASSERT_EQ(tables[0].cells.size(), 4u);
    ASSERT_EQ(tables[0].cells[3].tables.size(), 1u);
    const GridTable& nested = tables[0].cells[3].tables[0];
    EXPECT_EQ(nested.rows(), 2u);
    EXPECT_EQ(nested.cols(), 2u);
    ASSERT_EQ(tables[0].cells[3].lines.size(), 1u);
    EXPECT_EQ(tables[0].cells[3].lines[0].text, "피규제자");
}

// A clip a little around a ruled table, with the end of the table's paragraph below it, is
// the cell of a borderless box that holds the table.
TEST(PdfTables, ClipAroundATableWithRoomBelowIsABox) {
    PageText page = grid({word("이해관계자명", 80, 104, 140), word("제시의견", 160, 104, 200),
                          word("토지등소유자", 80, 124, 140), word("없음", 160, 124, 180)},
                         true);
    page.clips = {{70.5, 98, 301.5, 145.2}};
    std::vector<GridTable> tables = findTables(page);
    ASSERT_EQ(tables.size(), 1u);
    ASSERT_EQ(tables[0].cells.size(), 1u);
    ASSERT_EQ(tables[0].cells[0].tables.size(), 1u);
    EXPECT_EQ(tables[0].cells[0].tables[0].rows(), 2u);
    EXPECT_EQ(tables[0].cells[0].tables[0].cols(), 2u);
}

// The boxes of a glyph drawn without text in a run clipped glyph by glyph overlap on one
// line: they are no empty cells, and the ruled table keeps its two columns.
TEST(PdfTables, OverlappingGlyphClipsOnALineAreNoCells) {
    PageText page = ruledRows(
        {word("자료형", 80, 101, 110), word("설명", 160, 101, 180), word("INT32", 80, 113, 110),
         word("줄", 160, 113, 168), word("간격.", 172, 113, 190), word("글", 202.5, 113, 210)},
        {{160, 112.6, 168, 123.6},
         {172, 112.6, 190, 123.6},
         {202.5, 112.6, 210, 123.6},
         {194.5, 112.6, 202.3, 123.6},
         {196, 112.6, 202.3, 123.6},
         {193, 112.6, 202.3, 123.6}});
    expectRuledRows(page, "줄 간격. 글");
}

// Column rules 2.8 points apart in different rows (a form's rows whose cells end a little
// apart) are two edges, each ending the cells of its own row only.
TEST(PdfTables, RulesOfDifferentRowsALittleApartAreTwoEdges) {
    PageText page = pageOf({word("비용", 80, 104, 100), word("편익", 210, 104, 230),
                            word("적용여부", 80, 124, 120), word("연장", 215, 124, 235)},
                           {{true, 100, 72, 300},
                            {true, 120, 72, 300},
                            {true, 140, 72, 300},
                            {false, 72, 100, 140},
                            {false, 300, 100, 140},
                            {false, 200, 100, 120},
                            {false, 202.8, 120, 140}},
                           {});
    std::vector<GridTable> tables = findTables(page);
    ASSERT_EQ(tables.size(), 1u);
    EXPECT_EQ(tables[0].rows(), 2u);
    EXPECT_EQ(tables[0].cols(), 3u);
    ASSERT_EQ(tables[0].cells.size(), 4u);
    EXPECT_EQ(tables[0].cells[1].col, 1u);
    EXPECT_EQ(tables[0].cells[1].colSpan, 2u);
    EXPECT_EQ(tables[0].cells[2].colSpan, 2u);
    EXPECT_EQ(tables[0].cells[3].col, 2u);
}

// Underlines under the lines of a cell (amended text in a comparison table) run through the
// lower half of the words' boxes, and stop short of the cell's left side or end under the
// words: no rows. A border between rows ends on the column rules beyond its words.
TEST(PdfTables, UnderlinesInACellMakeNoRows) {
    PageText page;
    page.width = 595;
    page.height = 842;
    page.words = {word("현행", 80, 84, 100), word("개정안", 200, 84, 230),
                  word("제4조", 160, 104, 190), word("사업시행", 160, 118, 200),
                  word("예정자의결정및변경에필요한사항", 152, 132, 298)};
    for (std::uint32_t i = 0; i < page.words.size(); ++i)
        page.words[i].order = i;
    page.rules = {{true, 80, 72, 300},     {true, 98, 72, 300},     {true, 150, 72, 300},
                  {false, 72, 80, 150},    {false, 150, 80, 150},   {false, 300, 80, 150},
                  {true, 112, 158, 299.5}, {true, 126, 158, 299.5}, {true, 140, 150.5, 299.5}};
    std::vector<GridTable> tables = findTables(page);
    ASSERT_EQ(tables.size(), 1u);
    EXPECT_EQ(tables[0].rows(), 2u);
    EXPECT_EQ(tables[0].cols(), 2u);
}

// Finds the tables of `page`: one, of `rows` × `cols`, and `left` words stay on the page.
void expectOneTable(PageText& page, std::uint32_t rows, std::uint32_t cols, std::size_t left) {
    std::vector<GridTable> tables = findTables(page);
    ASSERT_EQ(tables.size(), 1u);
    EXPECT_EQ(tables[0].rows(), rows);
    EXPECT_EQ(tables[0].cols(), cols);
    EXPECT_EQ(page.words.size(), left);
}

// An exam's `<보 기>` box: the title, clipped around its one line, is cut into the top border
// (a segment ends at its left side, another goes on from its right side, through the middle
// of its height). The title is a cell spanning the border, the box 3 × 3 as the word
// processor's table: empty corners above and below the border beside the title.
TEST(PdfTables, TitleCutIntoTheTopBorderIsTheBoxsHeadCell) {
    PageText page = pageOf({word("<보", 230.1, 294, 250, 11.5), word("기>", 258, 294, 274, 11.5),
                            word("병원에서는", 110, 320, 170), word("분석하고자", 110, 340, 170)},
                           {}, {}, 842, 1191);
    page.rules = {{true, 300.24, 98.16, 230.16},
                  {true, 300.24, 274.44, 406.56},
                  {true, 494.16, 98.16, 406.56},
                  {false, 98.28, 300.24, 494.16},
                  {false, 406.44, 300.24, 494.16}};
    page.clips = {{230.04, 293.4, 274.56, 305.52}, {98.28, 305.52, 406.32, 494.16}};
    std::vector<GridTable> tables = findTables(page);
    ASSERT_EQ(tables.size(), 1u);
    EXPECT_EQ(tables[0].rows(), 3u);
    EXPECT_EQ(tables[0].cols(), 3u);
    const GridCell* title = nullptr;
    for (const GridCell& cell : tables[0].cells)
        if (cell.row == 0 && cell.col == 1) title = &cell;
    ASSERT_NE(title, nullptr);
    EXPECT_EQ(title->rowSpan, 2u);
    ASSERT_EQ(title->lines.size(), 1u);
    EXPECT_EQ(title->lines[0].text, "<보 기>");
    EXPECT_EQ(tables[0].cells.back().colSpan, 3u);
    EXPECT_TRUE(page.words.empty());
}

// An exam's page: a head box whose bottom is the rule across the page, and the line between
// the two columns of questions hanging from that rule down the page. The columns are no table
// cells: the head box is the page's one table, the questions stay on the page.
TEST(PdfTables, ColumnSeparatorHangingFromTheHeadRuleMakesNoCells) {
    PageText page = pageOf({word("수학 영역", 300, 100, 400, 20), word("1. 값은?", 60, 200, 120),
                            word("3. 수열", 420, 200, 470), word("2. 함수", 60, 700, 110)},
                           {}, {}, 841, 1190);
    page.rules = {{true, 66.45, 55.38, 766.08},
                  {true, 179.8, 55.26, 766.32},
                  {false, 55.38, 66.45, 179.8},
                  {false, 766.08, 66.45, 179.8},
                  {false, 411.75, 179.56, 1086.24}};
    expectOneTable(page, 1u, 1u, 3u);
}

// A `참고 1` tab and its title bar: two boxes of one height side by side, 5 points apart. They
// are one row of three cells, the empty spacer between them, as the word processor's table.
TEST(PdfTables, BoxesSideBySideAreOneRowWithASpacer) {
    PageText page =
        pageOf({word("참고 1", 70, 80, 105, 12), word("세부통계", 130, 80, 200, 12)}, {});
    page.rules = {{true, 72.24, 57.96, 116.52},  {true, 72.24, 122.16, 538.08},
                  {true, 101.4, 57.96, 116.52},  {true, 101.4, 122.16, 538.08},
                  {false, 58.08, 72.24, 101.4},  {false, 116.28, 72.24, 101.4},
                  {false, 121.41, 72.24, 101.4}, {false, 537.84, 72.24, 101.4}};
    std::vector<GridTable> tables = findTables(page);
    ASSERT_EQ(tables.size(), 1u);
    EXPECT_EQ(tables[0].rows(), 1u);
    ASSERT_EQ(tables[0].cols(), 3u);
    ASSERT_EQ(tables[0].cells.size(), 3u);
    EXPECT_TRUE(tables[0].cells[1].lines.empty());
    ASSERT_EQ(tables[0].cells[2].lines.size(), 1u);
    EXPECT_EQ(tables[0].cells[2].lines[0].text, "세부통계");
}

// A statistics table's labels spread over their cells (`구   분`, `전   체`): the gaps between
// their syllables line up down the column, but one-syllable words make no second column.
TEST(PdfTables, LetterSpacedLabelsMakeNoColumn) {
    PageText page =
        grid({word("구", 80, 104, 88), word("분", 130, 104, 138), word("2023", 160, 104, 180),
              word("전", 80, 124, 88), word("체", 130, 124, 138), word("182.6", 160, 124, 185)},
             true);
    std::vector<GridTable> tables = findTables(page);
    ASSERT_EQ(tables.size(), 1u);
    EXPECT_EQ(tables[0].cols(), 2u);
    ASSERT_EQ(tables[0].cells[0].lines.size(), 1u);
    EXPECT_EQ(tables[0].cells[0].lines[0].text, "구 분");
}

// A form over a picture (a university's seal behind it): the picture's clip reaches from the
// form's last row down over the text below. It crosses the form's cells, whose clips tile: no
// cell, and the text under the form stays on the page.
TEST(PdfTables, ClipAcrossTheCellsOfATableIsNoCell) {
    PageText page =
        pageOf({word("대학", 70, 125, 100), word("학과", 300, 125, 330), word("학번", 70, 170, 100),
                word("성명", 300, 170, 330), word("본인은 복학하고자", 120, 260, 300),
                word("제출합니다.", 120, 280, 200)},
               {}, {}, 595, 842);
    page.clips = {{59.49, 115.79, 290.36, 160.86},
                  {290.36, 115.79, 541.03, 160.86},
                  {59.49, 160.86, 290.36, 198.86},
                  {290.36, 160.86, 541.03, 198.86},
                  {111.66, 180.97, 482.74, 582.32}};
    expectOneTable(page, 2u, 2u, 2u);
}

// A question marks a name in its sentence with a box drawn around the characters (`르포르`와
// `푸코`를 비교한): a one-cell box around one line with the sentence's words just beside it is
// no table; a box alone on its line (`단답형`) is one.
TEST(PdfTables, BoxAroundWordsInTheirLineIsNoTable) {
    PageText page =
        pageOf({word("15.", 90, 300, 104), word("르포르", 108, 300, 135), word("와", 137, 300, 146),
                word("비교한", 150, 300, 180), word("단답형", 108, 400, 135)},
               {}, {}, 842, 1191);
    page.rules = {{true, 298.5, 106.5, 136.2},  {true, 311.5, 106.5, 136.2},
                  {false, 106.5, 298.5, 311.5}, {false, 136.2, 298.5, 311.5},
                  {true, 396, 100, 150},        {true, 414, 100, 150},
                  {false, 100, 396, 414},       {false, 150, 396, 414}};
    std::vector<GridTable> tables = findTables(page);
    ASSERT_EQ(tables.size(), 1u);
    ASSERT_EQ(tables[0].cells.size(), 1u);
    ASSERT_EQ(tables[0].cells[0].lines.size(), 1u);
    EXPECT_EQ(tables[0].cells[0].lines[0].text, "단답형");
    EXPECT_EQ(page.words.size(), 4u);
}

// A screenshot and its caption under it, each clipped to its box (Hancom clips a picture and
// its caption apart): the caption's box is no one-cell table, its text stays on the page.
TEST(PdfTables, CaptionUnderAPictureIsNoTable) {
    PageText page = pageOf({word("Cut&Paste", 253, 197, 302), word("영역", 322, 197, 342)}, {});
    page.clips = {{197.41, 107.64, 397.71, 189.15}, {188.9, 189.15, 406.22, 216.36}};
    EXPECT_TRUE(findTables(page).empty());
    EXPECT_EQ(page.words.size(), 2u);
}

// A page's running head drawn in a box of three cells, its page number in the middle one: the
// 1 × 3 holds the running head's words only, part of the head, no table.
TEST(PdfTables, BoxHoldingARunningHeadOnlyIsNoTable) {
    PageText page =
        pageOf({word("수학 영역", 330, 70, 500, 24), word("25. 정규분포", 60, 130, 150)}, {}, {},
               841, 1190);
    page.words[0].running = true;
    page.rules = {{true, 45.22, 55.86, 765.6},   {true, 105.79, 55.86, 765.6},
                  {false, 55.86, 45.22, 105.79}, {false, 185.92, 45.22, 105.79},
                  {false, 638.9, 45.22, 105.79}, {false, 765.6, 45.22, 105.79}};
    EXPECT_TRUE(findTables(page).empty());
    EXPECT_EQ(page.words.size(), 2u);
}

// A page's head set on a rule: a text box (clipped around its title) on the rule under the
// head, which runs past it both ways, with no cell beside it. No table: the title stays text.
TEST(PdfTables, TextBoxOnALineIsNoTable) {
    PageText page =
        pageOf({word("수학 영역(기하)", 300, 60, 540, 24), word("25. 정규분포", 60, 130, 150)}, {},
               {}, 841, 1190);
    page.rules = {{true, 105.79, 55.86, 765.6}};
    page.clips = {{185.92, 45.22, 638.9, 105.91}};
    EXPECT_TRUE(findTables(page).empty());
    EXPECT_EQ(page.words.size(), 2u);
}

// A table's top drawn with two rules 4 points apart makes no empty row of 4 points.
TEST(PdfTables, DoubleBorderMakesNoRow) {
    std::vector<GridTable> tables =
        tablesOf({word("집행대상", 80, 108, 120), word("예산액", 160, 108, 190),
                  word("의장", 80, 126, 100), word("43,200", 160, 126, 190)},
                 gridRules({72, 150, 300}, {100, 104, 122, 140}));
    ASSERT_EQ(tables.size(), 1u);
    EXPECT_EQ(tables[0].rows(), 2u);
    EXPECT_EQ(tables[0].cols(), 2u);
    EXPECT_EQ(tables[0].y0, 100);
}

// A label over two rows that only an empty spacer column makes (a layout table's grid) stays
// one cell, its two lines centred in the rows or not.
TEST(PdfTables, LabelOverSpacerRowsStaysOneCell) {
    std::vector<Rule> rules = gridRules({72, 150, 170, 300}, {100, 140});
    rules.push_back({true, 120, 150, 170});
    std::vector<GridTable> tables =
        tablesOf({word("교육부", 80, 105, 110), word("계획", 80, 125, 100),
                  word("■ 인성교육 종합계획", 180, 115, 290)},
                 std::move(rules));
    ASSERT_EQ(tables.size(), 1u);
    EXPECT_EQ(tables[0].rows(), 2u);
    ASSERT_FALSE(tables[0].cells.empty());
    EXPECT_EQ(tables[0].cells[0].rowSpan, 2u);
    EXPECT_EQ(tables[0].cells[0].lines.size(), 2u);
}

// A table of `rows` (cell texts, one line each unless they hold '\n'), one column edge per
// cell, rows 20 points high.
GridTable handTable(const std::vector<std::vector<std::string>>& rows) {
    GridTable table;
    for (std::size_t c = 0; c <= rows[0].size(); ++c)
        table.xs.push_back(72 + 100.0 * static_cast<double>(c));
    for (std::size_t r = 0; r <= rows.size(); ++r)
        table.ys.push_back(60 + 20.0 * static_cast<double>(r));
    for (std::size_t r = 0; r < rows.size(); ++r)
        for (std::size_t c = 0; c < rows[r].size(); ++c) {
            GridCell& cell = table.cells.emplace_back();
            cell.row = static_cast<std::uint32_t>(r);
            cell.col = static_cast<std::uint32_t>(c);
            std::size_t from = 0;
            while (from <= rows[r][c].size() && !rows[r][c].empty()) {
                std::size_t to = rows[r][c].find('\n', from);
                Line& line = cell.lines.emplace_back();
                line.text = rows[r][c].substr(from, to == std::string::npos ? to : to - from);
                if (to == std::string::npos) break;
                from = to + 1;
            }
        }
    table.y1 = table.ys.back();
    return table;
}

// The cell of `table` that starts at `row`, `col`, or null.
const GridCell* cellAt(const GridTable& table, std::uint32_t row, std::uint32_t col) {
    for (const GridCell& cell : table.cells)
        if (cell.row == row && cell.col == col) return &cell;
    return nullptr;
}

// The lines of the cell that starts at `row`, `col` (none where no cell starts).
std::vector<std::string> linesAt(const GridTable& table, std::uint32_t row, std::uint32_t col) {
    std::vector<std::string> lines;
    if (const GridCell* cell = cellAt(table, row, col))
        for (const Line& line : cell->lines)
            lines.push_back(line.text);
    return lines;
}

// The head row that the next page repeats is kept once, as the word processor's model holds
// it; a row of one-line cells after it is a row of its own.
TEST(PdfTables, RepeatedHeadRowIsKeptOnce) {
    GridTable table = handTable({{"연도", "인원"}, {"2020", "5"}});
    appendRows(table, handTable({{"연도", "인원"}, {"2021", "7"}, {"2022", "9"}}));
    EXPECT_EQ(table.rows(), 4u);
    ASSERT_EQ(table.cells.size(), 8u);
    EXPECT_EQ(table.cells[4].row, 2u);
    EXPECT_EQ(table.cells[4].lines[0].text, "2021");
}

// A row broken by the page (several lines before the break, more after it in the same
// column) is one row.
TEST(PdfTables, RowBrokenByThePageIsOneRow) {
    GridTable table = handTable({{"현행", "개정안"}, {"<신설>", "제4조 ①\n사업시행"}});
    appendRows(table, handTable({{"", "② 토지등소유자"}, {"", "③ 그 밖에"}}));
    EXPECT_EQ(table.rows(), 3u);
    const GridCell* amended = nullptr;
    for (const GridCell& cell : table.cells)
        if (cell.row == 1 && cell.col == 1) amended = &cell;
    ASSERT_NE(amended, nullptr);
    ASSERT_EQ(amended->lines.size(), 3u);
    EXPECT_EQ(amended->lines[2].text, "② 토지등소유자");
}

// A row whose one-line label is followed on the next page by another label (`조사`, then
// `결정`) ends at the break, however many lines its other cells hold; a cell broken by the
// page takes the nested tables of its continuation with its lines.
TEST(PdfTables, NextRowsLabelAfterTheBreakStartsARow) {
    GridTable table = handTable({{"구분", "기관"}, {"조사", "□ 중앙행정기관\n☑ 시･도"}});
    appendRows(table, handTable({{"결정", "□ 중앙행정기관\n☑ 시･도"}}));
    EXPECT_EQ(table.rows(), 3u);

    GridTable broken = handTable({{"구분", "내용"}, {"성과지표", "가. 지원 대상자 수\n- 목표치"}});
    GridTable next = handTable({{"", "나. 참여율"}, {"비고", "없음"}});
    for (GridCell& cell : next.cells)
        if (cell.row == 0 && cell.col == 1) cell.tables.push_back(handTable({{"2026년"}, {"80%"}}));
    appendRows(broken, std::move(next));
    EXPECT_EQ(broken.rows(), 3u);
    const GridCell* goal = nullptr;
    for (const GridCell& cell : broken.cells)
        if (cell.row == 1 && cell.col == 1) goal = &cell;
    ASSERT_NE(goal, nullptr);
    EXPECT_EQ(goal->lines.size(), 3u);
    EXPECT_EQ(goal->tables.size(), 1u);
}

// A cell of the first row after the break that holds text and spans the rows below is their
// label: that row starts there, though the last row before the break holds two lines.
TEST(PdfTables, LabelSpanningRowsAfterTheBreakStartsARow) {
    GridTable table = handTable({{"예외기준", "1. 국제조약", "미해당"},
                                 {"", "3. 사회통념상 보편적으로\n통용되는 규범", "미해당"}});
    table.cells[0].rowSpan = 2;
    std::erase_if(table.cells, [](const GridCell& cell) { return cell.row == 1 && cell.col == 0; });
    GridTable next =
        handTable({{"경제규제 여부기준", "4. 국민과 기업의", ""}, {"", "5. 경제활동에", ""}});
    next.cells[0].rowSpan = 2;
    std::erase_if(next.cells, [](const GridCell& cell) { return cell.row == 1 && cell.col == 0; });
    appendRows(table, std::move(next));
    EXPECT_EQ(table.rows(), 4u);
    const GridCell* label = nullptr;
    for (const GridCell& cell : table.cells)
        if (cell.row == 2 && cell.col == 0) label = &cell;
    ASSERT_NE(label, nullptr);
    EXPECT_EQ(label->rowSpan, 2u);
    ASSERT_EQ(label->lines.size(), 1u);
    EXPECT_EQ(label->lines[0].text, "경제규제 여부기준");
}

// A box around a table broken by the page: the box's cell goes on after the break, and the
// two pieces of the table in it are one table.
TEST(PdfTables, TableBrokenByThePageInsideABoxIsOneTable) {
    GridTable box = handTable({{""}});
    box.cells[0].tables.push_back(handTable({{"구분", "장점"}, {"현행유지안", "규제비용 없음"}}));
    GridTable rest = handTable({{""}});
    rest.cells[0].tables.push_back(handTable({{"규제대안", "규제비용 발생"}}));
    appendRows(box, std::move(rest));
    EXPECT_EQ(box.rows(), 1u);
    ASSERT_EQ(box.cells.size(), 1u);
    ASSERT_EQ(box.cells[0].tables.size(), 1u);
    EXPECT_EQ(box.cells[0].tables[0].rows(), 3u);
    EXPECT_EQ(box.cells[0].tables[0].cols(), 2u);
}

// A table that opens with a title row across its columns (`번호 모양 2`) at the top of a page
// does not go on from the one that ends the page before under another title; under the same
// title (a repeated head) it does.
TEST(PdfTables, TableUnderAnotherTitleRowIsAnotherTable) {
    auto titled = [](const std::string& title, const std::string& first) {
        GridTable table = handTable({{title, ""}, {first, "1, 2, 3"}});
        table.cells[0].colSpan = 2;
        std::erase_if(table.cells,
                      [](const GridCell& cell) { return cell.row == 0 && cell.col == 1; });
        return table;
    };
    GridTable first = titled("번호 모양 1", "Digit");
    GridTable second = titled("번호 모양 2", "Ideograph");
    EXPECT_FALSE(alignColumns(first, second));
    GridTable repeated = titled("번호 모양 1", "HangulJamo");
    EXPECT_TRUE(alignColumns(first, repeated));
}

// A box whose one line before the break runs to its right side goes on after the break: one
// row; a line that ends short of the side ended its paragraph there.
TEST(PdfTables, BoxLineRunningToItsSideGoesOnAfterTheBreak) {
    auto box = [](double x1) {
        GridTable table = handTable({{"ㅇ 사업시행자가 될 수 있는 요건을 최소한으로 사업을 시"}});
        Line& line = table.cells[0].lines[0];
        line.x0 = 74;
        line.x1 = x1;
        line.fontSize = 10;
        return table;
    };
    GridTable full = box(171);
    appendRows(full, handTable({{"행하려는 신탁업자와\n부동산투자회사에 대한 규제를"}}));
    EXPECT_EQ(full.rows(), 1u);
    ASSERT_EQ(full.cells[0].lines.size(), 3u);

    GridTable shorter = box(130);
    appendRows(shorter, handTable({{"행하려는 신탁업자와\n부동산투자회사에 대한 규제를"}}));
    EXPECT_EQ(shorter.rows(), 2u);
}

// A row whose label (`전북`) is left empty after the break, left of a cell whose text goes
// on, is the same row, however few lines it held before the break.
TEST(PdfTables, RowWhoseLabelIsLeftEmptyAfterTheBreakGoesOn) {
    GridTable table = handTable({{"구분", "내용"}, {"전북", "■ 전라북도교육청 조례"}});
    appendRows(table, handTable({{"", "제4조(시행계획의 수립)"}, {"전남", "없음"}}));
    EXPECT_EQ(table.rows(), 3u);
    EXPECT_EQ(linesAt(table, 1, 1),
              (std::vector<std::string>{"■ 전라북도교육청 조례", "제4조(시행계획의 수립)"}));
}

// A cell of the broken row that spans rows after the break goes on in the cell that spans
// rows down to the break in its column: its text kept, its rows spanned.
TEST(PdfTables, SpanningCellOfABrokenRowKeepsItsText) {
    GridTable table = handTable({{"구분", "내용", "- 서울"}, {"전북", "■ 조례\n제3조"}});
    table.cells[2].rowSpan = 2;
    GridTable next = handTable({{"", "제4조", "- 부산"}, {"전남", "없음"}});
    next.cells[2].rowSpan = 2;
    appendRows(table, std::move(next));
    EXPECT_EQ(table.rows(), 3u);
    EXPECT_EQ(linesAt(table, 0, 2), (std::vector<std::string>{"- 서울", "- 부산"}));
    ASSERT_NE(cellAt(table, 0, 2), nullptr);
    EXPECT_EQ(cellAt(table, 0, 2)->rowSpan, 3u);
}

// A row of three cells or more each holding text on both sides of the break is a row of its
// own, however many lines they hold (a system list's `SWNM (외부 서버)`, then `수질예측`).
TEST(PdfTables, RowWhoseCellsAllGoOnIsARowOfItsOwn) {
    GridTable table =
        handTable({{"시스템명", "개요", "상태"},
                   {"SWNM\n(외부 서버)", "‧ 다국적언어\n구글맵", "개발중\n(사업대상)"}});
    appendRows(table,
               handTable({{"수질예측\n(외부 서버)", "‧ 수질오염사고", "개발중\n(사업대상)"}}));
    EXPECT_EQ(table.rows(), 3u);
}

// An empty cell after the break in a column that a cell spanning rows down to the break
// covers (a region's label over its two rows) is that cell going on: the row is one row.
TEST(PdfTables, EmptyCellUnderALabelSpanningDownToTheBreakGoesOn) {
    GridTable table = handTable({{"구분", "학년", "지침"},
                                 {"전남", "초등", "｢전라남도 지침"},
                                 {"", "중등", "｢전라남도 학교\n제2조"}});
    table.cells[3].rowSpan = 2;
    table.cells.erase(table.cells.begin() + 6);
    appendRows(table, handTable({{"", "", "제3조"}, {"경북", "연간", "없음"}}));
    EXPECT_EQ(table.rows(), 4u);
    EXPECT_EQ(linesAt(table, 2, 2), (std::vector<std::string>{"｢전라남도 학교", "제2조", "제3조"}));
}

// A one-column box at the foot of a page shares its outer edges with any table as wide: the
// table at the top of the next page does not go on from it. One with an inner edge of the
// other's does, set on the other's edges.
TEST(PdfTables, OneColumnBoxDoesNotGoOnIntoTheNextPagesTable) {
    GridTable box = handTable({{"본 보고서는"}});
    box.xs = {72, 372};
    GridTable table = handTable({{"구분", "2024", "2025"}, {"건수", "1", "2"}});
    EXPECT_FALSE(alignColumns(box, table));
    GridTable part = handTable({{"구분", "내용"}});
    part.xs = {72, 172, 372};
    EXPECT_TRUE(alignColumns(table, part));
    EXPECT_EQ(part.cols(), 3u);
    EXPECT_EQ(part.cells[1].colSpan, 2u);
}

// Two pieces of a table broken by the page, on the same outer edges, each splitting a column
// that the other's rows do not: both are set on the edges of both. A piece on the next page
// with the middle columns only (the cells spanning rows from the page before draw nothing
// there) goes on within the other's edges. A box with one inner edge in common does not.
// (The regulatory analyses' 기본 정보 forms: head rows on one page, 일몰 rows on the next; the
// law tables of edu_curriculum_map.)
TEST(PdfTables, PiecesSplittingDifferentColumnsAreSetOnTheEdgesOfBoth) {
    GridTable head = handTable({{"기본 정보", "1.규제사무명", "신설", "5.입법예고"}});
    head.xs = {58, 106, 199, 323, 549};
    GridTable rest = handTable({{"기타", "12.규제일몰제", "일몰설정 예외기준", "미해당"}});
    rest.xs = {58, 106, 199, 251, 549};
    ASSERT_TRUE(alignColumns(head, rest));
    EXPECT_EQ(head.cols(), 5u);
    EXPECT_EQ(rest.cols(), 5u);
    EXPECT_EQ(head.cells[2].colSpan, 2u);
    EXPECT_EQ(head.cells[3].col, 4u);
    EXPECT_EQ(rest.cells[2].colSpan, 1u);
    EXPECT_EQ(rest.cells[3].colSpan, 2u);

    GridTable table = handTable({{"법령", "■ 학교안전법", "비고", ""}});
    table.xs = {72, 122, 300, 400, 500};
    GridTable next = handTable({{"조례", "서울", "없음", ""}});
    next.xs = {72, 122, 200, 400, 500};
    EXPECT_TRUE(alignColumns(table, next));
    EXPECT_EQ(table.cols(), 5u);
    EXPECT_EQ(next.cols(), 5u);
    EXPECT_EQ(table.cells[1].colSpan, 2u);
    EXPECT_EQ(next.cells[2].col, 2u);
    EXPECT_EQ(next.cells[2].colSpan, 2u);

    GridTable middle = handTable({{"대구", "없음"}});
    middle.xs = {122, 200, 400};
    EXPECT_TRUE(alignColumns(table, middle));
    EXPECT_EQ(middle.cells[0].col, 1u);
    EXPECT_EQ(middle.cells[1].colSpan, 2u);

    GridTable contacts = handTable({{"담당 부서", "과장", "홍길동", "044"}});
    contacts.xs = {72, 122, 250, 350, 500};
    GridTable attached = handTable({{"붙 임", "", "사진"}});
    attached.xs = {72, 122, 130, 500};
    EXPECT_FALSE(alignColumns(contacts, attached));
}

// The parts of a table broken by the page that stand side by side on the next page, with
// the same top and bottom (the column between them, cells spanning rows from the page
// before, draws nothing there), are one table on the edges of both; a box lower down is not.
TEST(PdfTables, PartsSideBySideWithTheSameTopAndBottomAreOneTable) {
    GridTable table = handTable({{"대구", "없음"}, {"인천", "없음"}});
    table.xs = {122, 200, 400};
    table.x0 = 122;
    table.x1 = 400;
    table.y0 = 60;
    GridTable side = handTable({{"시도별 조례"}});
    side.xs = {72, 110};
    side.ys = {60, 100};
    side.x0 = 72;
    side.x1 = 110;
    side.y0 = 60;
    side.y1 = 100;
    GridTable lower = side;
    lower.y1 = 140;
    lower.ys = {60, 140};
    EXPECT_FALSE(joinSideBySide(table, lower));
    ASSERT_TRUE(joinSideBySide(table, side));
    EXPECT_EQ(table.cols(), 4u);
    EXPECT_EQ(table.rows(), 2u);
    EXPECT_EQ(table.x0, 72);
    ASSERT_EQ(table.cells.size(), 5u);
    EXPECT_EQ(table.cells[0].lines[0].text, "시도별 조례");
    EXPECT_EQ(table.cells[0].rowSpan, 2u);
    EXPECT_EQ(table.cells[1].col, 2u);
}

TEST(PdfGlyphs, GlyphNamesSpellCodePoints) {
    EXPECT_EQ(codePointOfGlyphName("uniAC00"), U'가');
    EXPECT_EQ(codePointOfGlyphName("u1F600"), U'\U0001F600');
    EXPECT_EQ(codePointOfGlyphName("uniD800"), 0u);
    EXPECT_EQ(codePointOfGlyphName("bullet"), 0u);
    EXPECT_EQ(codePointOfGlyphName("uniZZZZ"), 0u);
}

// A TrueType program with `head`, `loca` (short offsets) and `glyf`: glyph 1 is four bytes.
std::string tinyTrueType(std::string glyph) {
    auto u16 = [](std::uint32_t v) { return std::string{char(v >> 8), char(v & 0xFF)}; };
    auto u32 = [&](std::uint32_t v) { return u16(v >> 16) + u16(v & 0xFFFF); };
    std::string head(54, '\0');  // indexToLocFormat (offset 50) = 0: short offsets
    std::string loca = u16(0) + u16(0) + u16(static_cast<std::uint32_t>(glyph.size() / 2));
    std::size_t at = 12 + 3 * 16;
    std::string font = u32(0x00010000) + u16(3) + std::string(6, '\0');
    font += "head" + u32(0) + u32(static_cast<std::uint32_t>(at)) + u32(54);
    font += "loca" + u32(0) + u32(static_cast<std::uint32_t>(at + 54)) + u32(6);
    font += "glyf" + u32(0) + u32(static_cast<std::uint32_t>(at + 60)) +
            u32(static_cast<std::uint32_t>(glyph.size()));
    return font + head + loca + glyph;
}

// The same outline in two fonts hashes the same; another outline, a missing glyph or a
// truncated font does not.
TEST(PdfGlyphs, OutlineHashFollowsTheGlyphBytes) {
    std::uint64_t a = trueTypeGlyphHash(tinyTrueType("ABCD"), 1);
    EXPECT_NE(a, 0u);
    EXPECT_EQ(trueTypeGlyphHash(tinyTrueType("ABCD"), 1), a);
    EXPECT_NE(trueTypeGlyphHash(tinyTrueType("ABCE"), 1), a);
    EXPECT_EQ(trueTypeGlyphHash(tinyTrueType("ABCD"), 0), 0u);  // empty glyph
    EXPECT_EQ(trueTypeGlyphHash(tinyTrueType("ABCD"), 7), 0u);
    std::string font = tinyTrueType("ABCD");
    EXPECT_EQ(trueTypeGlyphHash(font.substr(0, font.size() - 2), 1), 0u);
}

}  // namespace
}  // namespace jikji::converters::pdf
