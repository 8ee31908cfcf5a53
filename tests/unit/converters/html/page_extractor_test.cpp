#include "converters/html/page_extractor.h"

#include <gtest/gtest.h>

#include "pipeline/limits.h"

namespace jikji::converters::html {
namespace {

constexpr std::string_view kUrl = "http://demo.example/board/item/7.html";

std::string page(std::string_view body) {
    return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>t</title></head><body>" +
           std::string(body) + "</body></html>";
}

bool hasWarning(const ExtractedPage& extracted, std::string_view code) {
    for (const Warning& warning : extracted.warnings)
        if (warning.code == code) return true;
    return false;
}

TEST(PageExtractor, FieldValuesAreNormalisedText) {
    ItemRules rules;
    rules.fields["title"] = "//h2";
    rules.fields["tags"] = "//li";
    rules.fields["heading"] = "string(//title)";
    rules.fields["lang"] = "//p/@lang";
    auto extracted =
        extractPage(page("<h2>  문화재생·복지&nbsp;&nbsp;탄소산업,\n 전주를 <b>배워라!</b> </h2>"
                         "<p lang=' ko '>x</p><ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>"),
                    kUrl, rules);
    EXPECT_EQ(extracted.status, Status::Ok);
    EXPECT_EQ(extracted.fields["title"],
              std::vector<std::string>{"문화재생·복지 탄소산업, 전주를 배워라!"});
    // A selected node nested in another selected node is its own value, not part of its parent's.
    EXPECT_EQ(extracted.fields["tags"], (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_EQ(extracted.fields["heading"], std::vector<std::string>{"t"});
    EXPECT_EQ(extracted.fields["lang"], std::vector<std::string>{"ko"});
}

TEST(PageExtractor, BlockElementsAndBreaksMakeLinesOfAField) {
    ItemRules rules;
    rules.fields["summary"] = "//div";
    auto extracted =
        extractPage(page("<div><p>첫 줄</p>둘째<br>셋째 <span>줄</span><script>x()</script></div>"),
                    kUrl, rules);
    EXPECT_EQ(extracted.fields["summary"], std::vector<std::string>{"첫 줄\n둘째\n셋째 줄"});
}

TEST(PageExtractor, ExcludeRulesRemoveNodesBeforeAnythingIsRead) {
    ItemRules rules;
    rules.fields["all"] = "//div[@id='a']";
    rules.exclude = {"//div[@class='share']", "//div[@id='a']//span", "//span"};
    auto extracted = extractPage(page("<div id='a'>본문<span>숨김<span>안쪽</span></span><div "
                                      "class='share'>공유</div></div>"),
                                 kUrl, rules);
    EXPECT_EQ(extracted.fields["all"], std::vector<std::string>{"본문"});
}

TEST(PageExtractor, BodyBecomesBlocksWithBulletLevels) {
    ItemRules rules;
    rules.body = "//div[@class='content']";
    auto extracted = extractPage(page("<div class='content'>"
                                      "<h3>제목</h3>"
                                      "<p>□ 개요</p><p>○ 첫째</p><p>- 세부</p><p>▲ 항목</p>"
                                      "<p>&nbsp;</p><p>보통 문단 -5도</p>"
                                      "<ul><li>하나<ul><li>둘</li></ul></li></ul>"
                                      "줄1<br>줄2"
                                      "</div>"),
                                 kUrl, rules);
    const auto& blocks = extracted.body.blocks;
    ASSERT_EQ(blocks.size(), 10u);
    EXPECT_EQ(blocks[0].kind, BlockKind::Heading);
    EXPECT_EQ(blocks[0].level, 3);
    EXPECT_EQ(blocks[1].kind, BlockKind::ListItem);
    EXPECT_EQ(blocks[1].level, 0);
    EXPECT_EQ(blocks[1].inlineText(), "□ 개요");
    EXPECT_EQ(blocks[2].level, 1);
    EXPECT_EQ(blocks[3].level, 2);
    EXPECT_EQ(blocks[4].level, 3);
    EXPECT_EQ(blocks[5].kind, BlockKind::Paragraph);
    EXPECT_EQ(blocks[5].inlineText(), "보통 문단 -5도");
    EXPECT_EQ(blocks[6].kind, BlockKind::ListItem);
    EXPECT_EQ(blocks[6].level, 0);
    EXPECT_EQ(blocks[7].inlineText(), "둘");
    EXPECT_EQ(blocks[7].level, 1);
    EXPECT_EQ(blocks[8].inlineText(), "줄1");
    EXPECT_EQ(blocks[9].inlineText(), "줄2");
    EXPECT_EQ(extracted.body.format, "html");
    EXPECT_EQ(extracted.body.status, Status::Ok);
}

TEST(PageExtractor, TablesKeepTheirSpans) {
    ItemRules rules;
    rules.body = "//table";
    auto extracted = extractPage(page("<table><caption>표 1</caption>"
                                      "<tr><th rowspan='2'>구분</th><th colspan='2'>2019</th></tr>"
                                      "<tr><td>상반기</td><td>하반기</td></tr>"
                                      "<tbody><tr><td>방문</td><td>84</td><td>92</td></tr></tbody>"
                                      "</table>"),
                                 kUrl, rules);
    const auto& blocks = extracted.body.blocks;
    ASSERT_EQ(blocks.size(), 1u);
    const Block& table = blocks[0];
    ASSERT_EQ(table.kind, BlockKind::Table);
    ASSERT_EQ(table.rows.size(), 3u);
    EXPECT_EQ(table.rows[0].cells[0].rowSpan, 2u);
    EXPECT_EQ(table.rows[0].cells[1].colSpan, 2u);
    EXPECT_EQ(table.rows[1].cells[0].col, 1u);
    EXPECT_EQ(table.rows[1].cells[1].col, 2u);
    EXPECT_EQ(table.rows[2].cells[2].blocks[0].inlineText(), "92");
    ASSERT_EQ(table.caption.size(), 1u);
    EXPECT_EQ(table.caption[0].inlineText(), "표 1");
    EXPECT_EQ(extracted.body.text, "구분\t2019\n상반기\t하반기\n방문\t84\t92\n표 1\n");
}

TEST(PageExtractor, BuiltInBoilerplateRemoval) {
    ItemRules rules;
    rules.body = "//div[@id='article']";
    auto extracted =
        extractPage(page("<div id='article'><div>추천 : 0</div><p>본문입니다.</p>"
                         "<p>[로그인]</p><p>로그인 후 구독 가능</p>"
                         "<p><a href='#'>페이스북 공유하기</a> 트위터 공유하기</p>"
                         "<nav>메뉴</nav><form><input value='검색'><p>폼 안 본문</p></form>"
                         "<p>목록</p><p>조회수 : 12</p>"
                         "<div class='sns btn'>카카오</div><div id='footer'>주소</div>"
                         "<footer>저작권</footer><ul role='navigation'><li>홈</li></ul>"
                         "<section><footer>기사 끝</footer></section>"
                         "<div class='content_header'>머리 본문</div></div>"),
                    kUrl, rules);
    EXPECT_EQ(extracted.body.text, "본문입니다.\n폼 안 본문\n기사 끝\n머리 본문\n");
    // A rule that selects a chrome-looking element on purpose gets its text.
    rules.body = "//div[@id='footer']";
    extracted = extractPage(page("<div id='footer'>전주시 노송광장로 10</div>"), kUrl, rules);
    EXPECT_EQ(extracted.body.text, "전주시 노송광장로 10\n");
}

TEST(PageExtractor, LinksInTheBodyAreAbsolute) {
    ItemRules rules;
    rules.body = "//p";
    auto extracted = extractPage(page("<p>자세한 내용은 <a href='../more.html'>여기</a>를 보세요 "
                                      "<img src='/img/a.png' alt='그림'></p>"),
                                 kUrl, rules);
    const auto& blocks = extracted.body.blocks;
    ASSERT_EQ(blocks.size(), 2u);
    ASSERT_EQ(blocks[0].spans.size(), 3u);
    EXPECT_EQ(blocks[0].spans[0].text, "자세한 내용은 ");
    EXPECT_EQ(blocks[0].spans[1].text, "여기");
    EXPECT_EQ(blocks[0].spans[1].href, "http://demo.example/board/more.html");
    EXPECT_EQ(blocks[0].spans[2].text, "를 보세요");
    EXPECT_EQ(blocks[1].kind, BlockKind::Image);
    EXPECT_EQ(blocks[1].target, "http://demo.example/img/a.png");
}

TEST(PageExtractor, AttachmentLinksByElementOrByHrefAttribute) {
    std::string html = page(
        "<div class='files'><ul>"
        "<li><a href='/files/7/%EB%B3%B4%EB%8F%84.hwp'>보도.hwp</a>(105.0KB)</li>"
        "<li><a href='javascript:down(1)'>안됨.hwp</a></li>"
        "<li><a href='files/b.pdf'>붙임 2.pdf (1.5 MB)</a></li>"
        "<li><a href='/files/7/c.hwpx'><img src='/i.gif'></a> <span>(12KB)</span></li>"
        "</ul></div>");
    for (std::string rule : {"//div[@class='files']//a", "//div[@class='files']//a/@href"}) {
        ItemRules rules;
        rules.attachments = rule;
        auto extracted = extractPage(html, kUrl, rules);
        ASSERT_EQ(extracted.attachments.size(), 3u) << rule;
        EXPECT_EQ(extracted.attachments[0].url,
                  "http://demo.example/files/7/%EB%B3%B4%EB%8F%84.hwp");
        EXPECT_EQ(extracted.attachments[0].text, "보도.hwp");
        EXPECT_EQ(extracted.attachments[0].declaredSize, "105.0KB");
        EXPECT_EQ(extracted.attachments[1].url, "http://demo.example/board/item/files/b.pdf");
        EXPECT_EQ(extracted.attachments[1].text, "붙임 2.pdf");
        EXPECT_EQ(extracted.attachments[1].declaredSize, "1.5 MB");
        // A link without text is named after the file in its URL.
        EXPECT_EQ(extracted.attachments[2].text, "c.hwpx");
        EXPECT_EQ(extracted.attachments[2].declaredSize, "12KB");
        EXPECT_TRUE(hasWarning(extracted, "unfollowable_link"));
    }
}

TEST(PageExtractor, BaseElementChangesWhereRelativeLinksPoint) {
    ItemRules rules;
    rules.related = "//a";
    std::string html =
        "<html><head><base href='/portal/'></head><body><a href='item/2.html'>둘</a>"
        "<a href='item/2.html'>둘 again</a></body></html>";
    auto extracted = extractPage(html, kUrl, rules);
    EXPECT_EQ(extracted.baseUrl, "http://demo.example/portal/");
    ASSERT_EQ(extracted.related.size(), 1u);
    EXPECT_EQ(extracted.related[0].url, "http://demo.example/portal/item/2.html");
    EXPECT_EQ(extracted.related[0].text, "둘");
}

// The page arrives decoded; a charset declaration left in it must not make libxml2 re-decode it.
TEST(PageExtractor, DeclaredCharsetOfADecodedPageIsIgnored) {
    ItemRules rules;
    rules.fields["title"] = "//h2";
    std::string html =
        "<html><head><meta http-equiv='Content-Type' content='text/html; "
        "charset=euc-kr'></head><body><h2>전주시 소식</h2></body></html>";
    auto extracted = extractPage(html, kUrl, rules);
    EXPECT_EQ(extracted.fields["title"], std::vector<std::string>{"전주시 소식"});
}

TEST(PageExtractor, BadRulesAndMissingPartsAreWarningsNotFailures) {
    ItemRules rules;
    rules.fields["title"] = "//h2[";
    rules.fields["date"] = "//span[@class='date']";
    rules.body = "//div[@class='content']";
    auto extracted = extractPage(page("<h2>제목</h2>"), kUrl, rules);
    EXPECT_EQ(extracted.status, Status::Partial);
    EXPECT_TRUE(hasWarning(extracted, "bad_rule"));
    EXPECT_TRUE(hasWarning(extracted, "field_not_found"));
    EXPECT_TRUE(hasWarning(extracted, "body_not_found"));
    EXPECT_EQ(extracted.body.status, Status::Partial);
}

TEST(PageExtractor, RulesAreCheckedBeforeAnyPageIsRead) {
    EXPECT_EQ(xpathError("//div[@id='article']/div[@class='files']//a/@href"), std::nullopt);
    EXPECT_EQ(xpathError("string(//title)"), std::nullopt);
    EXPECT_TRUE(xpathError("//div[@id='article'"));
    EXPECT_TRUE(xpathError(""));
    ItemRules rules;
    rules.fields["title"] = "//h2";
    rules.fields["date"] = "//span[";
    rules.exclude = {"//div[@id='top']", "///"};
    auto errors = checkRules(rules);
    ASSERT_EQ(errors.size(), 2u);
    EXPECT_TRUE(errors[0].starts_with("date: ")) << errors[0];
    EXPECT_TRUE(errors[1].starts_with("exclude: ")) << errors[1];
}

TEST(PageExtractor, HostilePages) {
    ItemRules rules;
    rules.fields["title"] = "//h2";
    rules.body = "//body";
    // Deep nesting, an unclosed mess, NUL bytes, invalid UTF-8: no crash, text still read.
    std::string deep;
    for (int i = 0; i < 5000; ++i)
        deep += "<div>";
    deep += "깊다";
    auto extracted = extractPage(page("<h2>제목</h2>" + deep), kUrl, rules);
    EXPECT_EQ(extracted.fields["title"], std::vector<std::string>{"제목"});
    extracted =
        extractPage(std::string("<h2>a\0b\xFF\xFE</h2><table><td><tr><p>", 30), kUrl, rules);
    EXPECT_NE(extracted.status, Status::Corrupt);
    extracted = extractPage("", kUrl, rules);
    EXPECT_EQ(extracted.status, Status::Corrupt);
    std::string huge(limits::kMaxPageBytes + 1, ' ');
    extracted = extractPage(huge, kUrl, rules);
    EXPECT_EQ(extracted.status, Status::LimitExceeded);
    // A table whose spans claim millions of slots is cut, not allocated.
    extracted = extractPage(page("<table><tr><td colspan='1000' rowspan='65534'>x</td></tr>" +
                                 std::string(2000, ' ') + "</table>"),
                            kUrl, rules);
    EXPECT_NE(extracted.status, Status::Corrupt);
}

TEST(PageExtractor, SiteChromeLines) {
    EXPECT_TRUE(isSiteChrome("추천 : 0"));
    EXPECT_TRUE(isSiteChrome("구독자수 : 0"));
    EXPECT_TRUE(isSiteChrome("[로그인]"));
    EXPECT_TRUE(isSiteChrome("페이스북 공유하기 트위터 공유하기"));
    EXPECT_FALSE(isSiteChrome("○ 추천 : 시민 100명이 추천한 정책"));
    EXPECT_FALSE(
        isSiteChrome("로그인 기록을 확인하는 방법을 안내했다 이는 시민들이 많이 찾는 정보로 "
                     "전주시 관계자는 앞으로도 안내를 늘리겠다고 말했다"));
}

}  // namespace
}  // namespace jikji::converters::html
