#include <gtest/gtest.h>

#include <random>

#include "stages/discover/links.h"
#include "stages/fetch/backoff.h"
#include "stages/fetch/page_decoding.h"
#include "stages/fetch/robots.h"

namespace jikji {
namespace {

TEST(HtmlPage, LinksFromElementsOrHrefAttributesAndBase) {
    std::string html = R"H(<html><head><base href="/sub/"></head><body>
        <ul class="b"><li><a href="a.html">첫째</a></li><li><a href="b.html"> 둘째 </a></li>
        <li><a href="a.html">again</a></li><li><a href="javascript:void(0)">x</a></li></ul>
        </body></html>)H";
    discover::HtmlPage page(html, "http://p.kr/list/index.html");
    EXPECT_EQ(page.baseUrl(), "http://p.kr/sub/");
    auto elements = page.links("//ul[@class='b']/li/a");
    ASSERT_EQ(elements.size(), 2u);
    EXPECT_EQ(elements[0].url, "http://p.kr/sub/a.html");
    EXPECT_EQ(elements[0].text, "첫째");
    EXPECT_EQ(elements[1].text, "둘째");
    auto attributes = page.links("//ul[@class='b']/li/a/@href");
    ASSERT_EQ(attributes.size(), 2u);
    EXPECT_EQ(attributes[1].url, "http://p.kr/sub/b.html");
    EXPECT_EQ(attributes[1].text, "둘째");
}

TEST(Robots, GroupsLongestMatchAndWildcards) {
    std::string text =
        "User-agent: *\nDisallow: /private/\nDisallow: /*.pdf$\nAllow: /private/open\n\n"
        "User-agent: jikji\nUser-agent: other\nDisallow: /only-jikji/\nCrawl-delay: 1.5\n";
    auto star = fetch::RobotsRules::parse(text, "somebot/2.0");
    EXPECT_FALSE(star.allowed("/private/x.html"));
    EXPECT_TRUE(star.allowed("/private/open/x.html"));
    EXPECT_FALSE(star.allowed("/a/b.pdf"));
    EXPECT_TRUE(star.allowed("/a/b.pdf?x=1"));
    EXPECT_TRUE(star.allowed("/only-jikji/"));
    EXPECT_TRUE(star.allowed("/robots.txt"));
    auto jikji = fetch::RobotsRules::parse(text, "jikji/0.1 (+https://x)");
    EXPECT_FALSE(jikji.allowed("/only-jikji/a"));
    EXPECT_TRUE(jikji.allowed("/private/x.html"));  // the specific group replaces `*`
    EXPECT_EQ(jikji.crawlDelayMs(), 1500u);
}

TEST(Robots, EmptyDisallowAllowsAndPercentCaseIsIgnored) {
    auto rules = fetch::RobotsRules::parse("User-agent: *\nDisallow:\nDisallow: /%ea%b0\n", "j");
    EXPECT_TRUE(rules.allowed("/anything"));
    EXPECT_FALSE(rules.allowed("/%EA%B0%80"));
    EXPECT_FALSE(fetch::RobotsRules::disallowAll().allowed("/"));
    EXPECT_TRUE(fetch::RobotsRules::allowAll().allowed("/x"));
    EXPECT_TRUE(fetch::robotsPatternMatches("/a*b$", "/a/x/b"));
    EXPECT_FALSE(fetch::robotsPatternMatches("/a*b$", "/a/x/bc"));
}

TEST(Backoff, GrowsCapsAndJitters) {
    std::mt19937_64 random(42);
    for (int i = 0; i < 50; ++i) {
        auto first = fetch::backoffDelay(1, 500, 60000, random).count();
        auto third = fetch::backoffDelay(3, 500, 60000, random).count();
        auto huge = fetch::backoffDelay(30, 500, 60000, random).count();
        EXPECT_GE(first, 250);
        EXPECT_LE(first, 500);
        EXPECT_GE(third, 1000);
        EXPECT_LE(third, 2000);
        EXPECT_GE(huge, 30000);
        EXPECT_LE(huge, 60000);
    }
    EXPECT_EQ(fetch::backoffDelay(0, 500, 60000, random).count(), 0);
}

TEST(Backoff, RetryAfterSecondsOrDate) {
    auto now = std::chrono::system_clock::from_time_t(1572414120);  // 2019-10-30 05:42:00 UTC
    EXPECT_EQ(fetch::parseRetryAfter(" 7 ", now), 7u);
    EXPECT_EQ(fetch::parseRetryAfter("Wed, 30 Oct 2019 05:42:30 GMT", now), 30u);
    EXPECT_EQ(fetch::parseRetryAfter("Wed, 30 Oct 2019 05:00:00 GMT", now), 0u);
    EXPECT_EQ(fetch::parseRetryAfter("soon", now), std::nullopt);
    EXPECT_EQ(fetch::parseRetryAfter("", now), std::nullopt);
}

TEST(PageDecoding, HeaderMetaBomAndFallback) {
    const std::string euc = "<p>\xC0\xFC\xC1\xD6</p>";  // 전주 in EUC-KR
    EXPECT_EQ(fetch::decodePage(euc, "text/html; charset=euc-kr").text, "<p>전주</p>");
    EXPECT_EQ(fetch::decodePage(euc, "text/html; charset=euc-kr").used, "windows-949");
    std::string meta = "<meta charset=\"ks_c_5601-1987\">" + euc;
    EXPECT_EQ(fetch::decodePage(meta, "text/html").declared, "ks_c_5601-1987");
    EXPECT_NE(fetch::decodePage(meta, "text/html").text.find("전주"), std::string::npos);
    EXPECT_EQ(fetch::decodePage(euc, "text/html").used, "windows-949");  // not UTF-8: fallback
    EXPECT_EQ(fetch::decodePage("\xEF\xBB\xBF<p>전주</p>", "text/html; charset=euc-kr").text,
              "<p>전주</p>");
    EXPECT_EQ(fetch::decodePage("<p>전주</p>", "text/html").used, "UTF-8");
    EXPECT_EQ(fetch::decodePage(euc, "text/html; charset=utf-8", "cp949").text, "<p>전주</p>");
    // A CP949 extension syllable (똠, outside EUC-KR) decodes because windows-949 is used.
    EXPECT_EQ(fetch::decodePage("\x8C\x63", "text/html; charset=euc-kr").text, "똠");
}

}  // namespace
}  // namespace jikji
