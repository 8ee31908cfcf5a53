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

TEST(WebUrl, PercentDecode) {
    EXPECT_EQ(percentDecode("%EB%AC%B8%2C%20a.hwp"), "문, a.hwp");
    EXPECT_EQ(percentDecode("100%"), "100%");
}

}  // namespace
}  // namespace jikji::url
