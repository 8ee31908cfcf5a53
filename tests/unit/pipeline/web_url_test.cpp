#include "pipeline/web_url.h"

#include <gtest/gtest.h>

namespace jikji::url {
namespace {

TEST(WebUrl, CanonicalForm) {
    EXPECT_EQ(canonicalUrl("HTTP://Demo.Example:80/a/./b/../c?x=1#top"),
              "http://demo.example/a/c?x=1");
    EXPECT_EQ(canonicalUrl("https://demo.example:443"), "https://demo.example/");
    EXPECT_EQ(canonicalUrl("http://demo.example:8080/%7euser/%e2%80%a2"),
              "http://demo.example:8080/~user/%E2%80%A2");
    EXPECT_EQ(canonicalUrl("http://demo.example/파일 1.hwp"),
              "http://demo.example/%ED%8C%8C%EC%9D%BC%201.hwp");
    EXPECT_EQ(canonicalUrl("/relative/path"), std::nullopt);
    EXPECT_EQ(canonicalUrl("mailto:a@b.example"), std::nullopt);
}

TEST(WebUrl, ResolvesLikeABrowser) {
    const std::string base = "http://demo.example/board/item/1001.html?page=2";
    EXPECT_EQ(resolveUrl(base, "/files/1001/a.hwp"), "http://demo.example/files/1001/a.hwp");
    EXPECT_EQ(resolveUrl(base, "1002.html"), "http://demo.example/board/item/1002.html");
    EXPECT_EQ(resolveUrl(base, "../list.html"), "http://demo.example/board/list.html");
    EXPECT_EQ(resolveUrl(base, "?page=3"), "http://demo.example/board/item/1001.html?page=3");
    EXPECT_EQ(resolveUrl(base, "//cdn.example/x.png"), "http://cdn.example/x.png");
    EXPECT_EQ(resolveUrl(base, " https://other.example/y \n"), "https://other.example/y");
    EXPECT_EQ(resolveUrl(base, "javascript:download('a.hwp')"), std::nullopt);
    EXPECT_EQ(resolveUrl(base, "#top"), std::nullopt);
    EXPECT_EQ(resolveUrl(base, ""), std::nullopt);
}

TEST(WebUrl, ResolveRelativeAbsoluteAndDropped) {
    const std::string page = "http://portal.kr/board/list.do?page=2";
    EXPECT_EQ(resolveUrl(page, "view.do?id=3#top"), "http://portal.kr/board/view.do?id=3");
    EXPECT_EQ(resolveUrl(page, "../item/1.html"), "http://portal.kr/item/1.html");
    EXPECT_EQ(resolveUrl(page, "/files/a.hwp"), "http://portal.kr/files/a.hwp");
    EXPECT_EQ(resolveUrl(page, "//other.kr/x"), "http://other.kr/x");
    EXPECT_EQ(resolveUrl(page, "?page=3"), "http://portal.kr/board/list.do?page=3");
    EXPECT_EQ(resolveUrl(page, "  https://s.kr  "), "https://s.kr/");
    EXPECT_EQ(resolveUrl(page, "javascript:go(3)"), std::nullopt);
    EXPECT_EQ(resolveUrl(page, "mailto:a@b.kr"), std::nullopt);
    EXPECT_EQ(resolveUrl(page, "#top"), std::nullopt);
    EXPECT_EQ(resolveUrl(page, ""), std::nullopt);
}

TEST(WebUrl, ResolvePercentEncodedKoreanFileNameStaysOneUrl) {
    auto url = resolveUrl("http://p.kr/item/1001.html", "/files/1001/%EC%A0%84%EC%A3%BC%20a.hwp");
    ASSERT_TRUE(url);
    EXPECT_EQ(*url, "http://p.kr/files/1001/%EC%A0%84%EC%A3%BC%20a.hwp");
}

// eGovFrame boards put paging and search state in item links; the same item must be one URL.
TEST(WebUrl, QueryParametersAreSortedByNameKeepingRepeatsInOrder) {
    EXPECT_EQ(canonicalUrl("http://p.kr/view.do?pageIndex=2&idx=1"),
              canonicalUrl("http://p.kr/view.do?idx=1&pageIndex=2"));
    EXPECT_EQ(canonicalUrl("http://p.kr/view.do?b=2&a=1&b=1&&a=0"),
              "http://p.kr/view.do?a=1&a=0&b=2&b=1");
    EXPECT_EQ(canonicalUrl("http://p.kr/view.do?"), "http://p.kr/view.do");
    EXPECT_EQ(canonicalUrl("http://P.kr:0080/a?%7ex=%41"), "http://p.kr/a?~x=A");
    EXPECT_EQ(canonicalUrl("http://p.kr:/a"), "http://p.kr/a");
    // A canonical URL is its own canonical form.
    for (const char* url : {"http://p.kr/view.do?b=%2F&a=%EA%B0%80", "https://p.kr:8443/x?z&y=1"}) {
        std::string once = *canonicalUrl(url);
        EXPECT_EQ(canonicalUrl(once), once) << url;
    }
}

TEST(WebUrl, QueryRuleDropsOrKeepsNamedParameters) {
    QueryRule drop{.drop = {"pageIndex", "searchWrd"}};
    EXPECT_EQ(canonicalUrl("http://p.kr/view.do?searchWrd=%EA%B0%80&nttId=7&pageIndex=3", drop),
              "http://p.kr/view.do?nttId=7");
    QueryRule keep{.keep = {"nttId", "bbsId"}};
    EXPECT_EQ(canonicalUrl("http://p.kr/view.do?menuNo=9&nttId=7&bbsId=B1&pageIndex=3", keep),
              "http://p.kr/view.do?bbsId=B1&nttId=7");
    EXPECT_EQ(canonicalUrl("http://p.kr/view.do?menuNo=9", keep), "http://p.kr/view.do");
    // Names compare after escapes are normalised, exactly (parameter names are case-sensitive).
    EXPECT_EQ(canonicalUrl("http://p.kr/v?page%49ndex=1&PageIndex=2", drop),
              "http://p.kr/v?PageIndex=2");
}

// ARCHIVE/sources.json is shared; a state store password must not land there.
TEST(WebUrl, PasswordsAreRemovedFromConfigText) {
    EXPECT_EQ(withoutPasswords(R"({"state": "postgresql://jikji:s3cr%40t@db.kr:5432/jikji"})"),
              R"({"state": "postgresql://jikji@db.kr:5432/jikji"})");
    EXPECT_EQ(withoutPasswords(R"("postgresql://db.kr/j?user=a&password=hunter2&sslmode=require")"),
              R"("postgresql://db.kr/j?user=a&password=&sslmode=require")");
    EXPECT_EQ(withoutPasswords("host=db password=x dbname=j"), "host=db password= dbname=j");
    const char* unchanged = R"({"start_urls": ["http://a.kr/x?q=1@2", "https://u@b.kr/"]})";
    EXPECT_EQ(withoutPasswords(unchanged), unchanged);
    EXPECT_EQ(withoutPasswords("http://u:p@a.kr/ http://v:q@b.kr"), "http://u@a.kr/ http://v@b.kr");
}

TEST(WebUrl, PercentDecode) {
    EXPECT_EQ(percentDecode("%EB%AC%B8%2C%20a.hwp"), "문, a.hwp");
    EXPECT_EQ(percentDecode("100%"), "100%");
}

}  // namespace
}  // namespace jikji::url
