// Boards that link through JavaScript (issue #22): link templates, the session cookie jar and
// error pages in place of downloads.
#include <gtest/gtest.h>

#include <Poco/URI.h>

#include "converters/html/page_extractor.h"
#include "pipeline/config.h"
#include "stages/discover/links.h"
#include "stages/fetch/cookie_jar.h"
#include "stages/fetch/error_page.h"
#include "tests/support/fixtures.h"

namespace jikji {
namespace {

const char* kDownFile = R"(fn_egov_downFile\(\s*['"]([^'"]+)['"]\s*,\s*['"]([^'"]+)['"]\s*\))";
const char* kInqire = R"(fn_egov_inqire_notice\(\s*['"](\d+)['"]\s*\))";

std::string egovPage(const std::string& name) {
    return test::readBytes(test::sourceDir() / "fixtures/portal/site/egov" / name);
}

// The size the page declares beside a link: the file's own.
std::string declared(const std::string& file) {
    return "[" +
           std::to_string(std::filesystem::file_size(test::sourceDir() /
                                                     "fixtures/portal/site/egov/files" / file)) +
           " byte]";
}

TEST(LinkTemplate, FillsGroupsPercentEncoded) {
    LinkTemplate downFile(kDownFile, "/cmm/fms/FileDown.do?atchFileId={1}&fileSn={2}", "", "");
    auto made = downFile.apply("javascript:fn_egov_downFile('FILE_1 a/b','0');");
    ASSERT_TRUE(made);
    EXPECT_EQ(made->url, "/cmm/fms/FileDown.do?atchFileId=FILE_1%20a%2Fb&fileSn=0");
    EXPECT_EQ(made->method, "");
    EXPECT_FALSE(downFile.apply("#none"));
    EXPECT_FALSE(downFile.apply("fn_egov_downFile('only one')"));

    LinkTemplate view(kInqire, "/view.do", "POST", "nttId={1}&x={{1}}");
    auto post = view.apply(R"(fn_egov_inqire_notice( "50388" ); return false;)");
    ASSERT_TRUE(post);
    EXPECT_EQ(post->method, "POST");
    // `{{1}}`: only the inner `{1}` is a group; the outer braces are text.
    EXPECT_EQ(post->body, "nttId=50388&x={50388}");
    EXPECT_EQ(percentEncodeComponent("한 글"), "%ED%95%9C%20%EA%B8%80");
}

TEST(LinkTemplate, BadPatternOrMissingGroupIsAnErrorNamingTheKey) {
    try {
        LinkTemplate bad("fn_egov_downFile\\(([^)]", "/x?{1}", "", "");
        FAIL() << "compiled a broken regex";
    } catch (const LinkTemplateError& error) {
        EXPECT_EQ(error.key(), "pattern");
    }
    try {
        LinkTemplate bad("f\\('(\\w+)','(\\w+)'\\)", "/x?a={1}&b={2}&c={3}", "", "");
        FAIL() << "accepted {3} with two groups";
    } catch (const LinkTemplateError& error) {
        EXPECT_EQ(error.key(), "url");
        EXPECT_NE(std::string(error.what()).find("{3}"), std::string::npos) << error.what();
        EXPECT_NE(std::string(error.what()).find("2 groups"), std::string::npos) << error.what();
    }
    EXPECT_THROW(LinkTemplate("f\\((\\w+)\\)", "/x", "GET", "id={1}"), LinkTemplateError);
    EXPECT_THROW(LinkTemplate("f\\((\\w+)\\)", "/x", "POST", "id={2}"), LinkTemplateError);
}

// Every spelling of the eGov calls in the demo portal's pages: href and onclick, both quote
// styles, entities, spaces after commas and inside the parentheses.
TEST(HtmlPage, TemplatesReachItemsAndAttachmentsOnlyLinkedThroughJavaScript) {
    auto items = std::make_shared<const LinkTemplate>(kInqire, "/egov/selectNoticeView.do", "POST",
                                                      "nttId={1}");
    LinkRule itemRule(
        "//table[@class='board_list']//a/@href | "
        "//table[@class='board_list']//a/@onclick",
        items);
    std::vector<std::string> bodies;
    for (const char* name : {"list-1.html", "list-2.html"}) {
        discover::HtmlPage list(egovPage(name), "http://p.kr/egov/selectNoticeList.do");
        // A plain rule finds nothing a crawler can follow on such a board.
        EXPECT_TRUE(list.links("//table[@class='board_list']//a").empty());
        discover::RuleMatch match;
        for (const discover::Link& link : list.links(itemRule, &match)) {
            EXPECT_EQ(link.url, "http://p.kr/egov/selectNoticeView.do");
            EXPECT_EQ(link.method, "POST");
            EXPECT_FALSE(link.text.empty());
            bodies.push_back(link.body);
        }
        EXPECT_EQ(match.selected, 3u);  // two items: one href alone, one href and onclick
    }
    EXPECT_EQ(bodies, (std::vector<std::string>{"nttId=50387", "nttId=50388", "nttId=50389",
                                                "nttId=50390"}));

    LinkRule fileRule("//td[@class='files']/a/@href | //td[@class='files']/a/@onclick",
                      std::make_shared<const LinkTemplate>(
                          kDownFile, "/cmm/fms/FileDown.do?atchFileId={1}&fileSn={2}", "", ""));
    std::vector<std::string> files;
    for (const char* name :
         {"view-50387.html", "view-50388.html", "view-50389.html", "view-50390.html"})
        for (const discover::Link& link :
             discover::HtmlPage(egovPage(name), "http://p.kr/egov/selectNoticeView.do")
                 .links(fileRule))
            files.push_back(link.url.substr(link.url.find('?') + 1) + " " + link.text);
    EXPECT_EQ(files, (std::vector<std::string>{
                         "atchFileId=FILE_000000000012854&fileSn=0 공고문.hwpx " +
                             declared("FILE_000000000012854/0/공고문.hwpx"),
                         "atchFileId=FILE_000000000012855&fileSn=0 서식.hwp",
                         "atchFileId=FILE_000000000012856&fileSn=0 신청서.hwpx " +
                             declared("FILE_000000000012856/0/신청서.hwpx"),
                         "atchFileId=FILE_000000000012856&fileSn=1 안내문.hwpx",
                         "atchFileId=FILE_000000000012857&fileSn=0 모집 공고.hwp",
                         "atchFileId=FILE_000000000012858&fileSn=0 시행 안내.hwpx " +
                             declared("FILE_000000000012858/0/시행 안내.hwpx"),
                     }));
}

// The record's attachments come from the page extractor: the same template, the same URLs as
// the crawl scheduled, and the size declared beside the link.
TEST(PageExtractor, AttachmentTemplateGivesTheCrawledUrlsAndSizes) {
    converters::html::ItemRules rules;
    rules.attachments =
        LinkRule("//td[@class='files']/a/@href | //td[@class='files']/a/@onclick",
                 std::make_shared<const LinkTemplate>(
                     kDownFile, "/cmm/fms/FileDown.do?atchFileId={1}&fileSn={2}", "", ""));
    auto page = converters::html::extractPage(egovPage("view-50387.html"),
                                              "http://p.kr/egov/selectNoticeView.do", rules);
    ASSERT_EQ(page.attachments.size(), 2u);
    EXPECT_EQ(page.attachments[0].url,
              "http://p.kr/cmm/fms/FileDown.do?atchFileId=FILE_000000000012854&fileSn=0");
    EXPECT_EQ(page.attachments[0].text, "공고문.hwpx");
    EXPECT_EQ("[" + page.attachments[0].declaredSize + "]",
              declared("FILE_000000000012854/0/공고문.hwpx"));
    EXPECT_EQ(page.attachments[1].text, "서식.hwp");
}

TEST(HtmlPage, TemplateThatMatchesNothingIsCountedForTheWarning) {
    discover::HtmlPage list(egovPage("list-1.html"), "http://p.kr/egov/selectNoticeList.do");
    LinkRule renamed("//table[@class='board_list']//a/@href",
                     std::make_shared<const LinkTemplate>("fn_egov_select_notice\\('(\\d+)'\\)",
                                                          "/view.do?id={1}", "", ""));
    discover::RuleMatch match;
    EXPECT_TRUE(list.links(renamed, &match).empty());
    EXPECT_EQ(match.selected, 2u);
    EXPECT_EQ(match.matched, 0u);
}

Config configWith(const std::string& rule) {
    return parseConfig(R"({"archive": "/tmp/a", "sources": [{"name": "egov-board",
        "start_urls": ["http://p.kr/list.do"], "list": {"item_links": "//a"},
        "item": {"attachments": )" +
                           rule + "}}]}",
                       "boards.json");
}

TEST(Config, InvalidLinkTemplateIsAConfigErrorNamingFileSourceAndKey) {
    auto message = [](const std::string& rule) {
        try {
            configWith(rule);
        } catch (const ConfigError& error) {
            return std::string(error.what());
        }
        return std::string("no error");
    };
    std::string badRegex = message(
        R"J({"select": "//a/@href", "pattern": "fn_egov_downFile\\(([^)]", "url": "/d?{1}"})J");
    EXPECT_NE(badRegex.find("boards.json"), std::string::npos) << badRegex;
    EXPECT_NE(badRegex.find("egov-board"), std::string::npos) << badRegex;
    EXPECT_NE(badRegex.find("source \"egov-board\".item.attachments.pattern"), std::string::npos)
        << badRegex;
    std::string missingGroup = message(
        R"J({"select": "//a/@href", "pattern": "f\\('(\\w+)','(\\w+)'\\)", "url": "/d?{3}"})J");
    EXPECT_NE(missingGroup.find("boards.json"), std::string::npos) << missingGroup;
    EXPECT_NE(missingGroup.find("egov-board"), std::string::npos) << missingGroup;
    EXPECT_NE(missingGroup.find("item.attachments.url"), std::string::npos) << missingGroup;
    EXPECT_NE(missingGroup.find("{3}"), std::string::npos) << missingGroup;
    std::string badBody = message(
        R"J({"select": "//a/@href", "pattern": "f\\((\\w+)\\)", "url": "/d", "body": "id={1}"})J");
    EXPECT_NE(badBody.find("item.attachments.body"), std::string::npos) << badBody;
    EXPECT_NE(message(R"J({"select": "//a[", "pattern": "f", "url": "/d"})J").find("select"),
              std::string::npos);
    EXPECT_NE(message(R"J({"pattern": "f", "url": "/d"})J").find("missing \"select\""),
              std::string::npos);
    EXPECT_NE(message(R"J({"select": "//a", "pattern": "f", "url": "/d", "target": "_blank"})J")
                  .find("unknown key \"target\""),
              std::string::npos);

    Config good = configWith(R"J({"select": "//a/@onclick", "pattern": "f\\('(\\w+)'\\)",
        "url": "/d?id={1}"})J");
    ASSERT_TRUE(good.sources[0].item.attachments.linkTemplate);
    EXPECT_EQ(good.sources[0].item.attachments.select, "//a/@onclick");
    EXPECT_FALSE(good.sources[0].cookies);
    EXPECT_FALSE(good.sources[0].sendReferer);
}

TEST(CookieJar, HostOnlyDomainPathAndExpiry) {
    fetch::CookieJar jar;
    auto now = fetch::CookieJar::Clock::now();
    jar.store(Poco::URI("http://www.p.go.kr/egov/list.do"),
              {"JSESSIONID=abc; Path=/; HttpOnly", "scoped=1", "wide=2; Domain=.p.go.kr; Path=/",
               "evil=3; Domain=other.kr", "gone=4; Max-Age=0",
               "old=5; Expires=Wed, 21 Oct 2015 07:28:00 GMT", "s=6; Secure; Path=/"},
              now);
    EXPECT_EQ(jar.size(), 4u);
    // Longer paths first; `scoped` has the default path /egov.
    EXPECT_EQ(jar.header(Poco::URI("http://www.p.go.kr/egov/view.do"), now),
              "scoped=1; JSESSIONID=abc; wide=2");
    EXPECT_EQ(jar.header(Poco::URI("http://www.p.go.kr/cmm/fms/FileDown.do"), now),
              "JSESSIONID=abc; wide=2");
    EXPECT_EQ(jar.header(Poco::URI("https://www.p.go.kr/egovx"), now),
              "JSESSIONID=abc; wide=2; s=6");
    // Host-only cookies stay with their host; a Domain cookie goes to its subdomains only.
    EXPECT_EQ(jar.header(Poco::URI("http://files.p.go.kr/egov/a"), now), "wide=2");
    EXPECT_EQ(jar.header(Poco::URI("http://p.go.kr.evil.kr/"), now), "");
    EXPECT_EQ(jar.header(Poco::URI("http://other.kr/"), now), "");
    // Max-Age wins over Expires, and time passes.
    jar.store(Poco::URI("http://www.p.go.kr/"),
              {"JSESSIONID=abc; Max-Age=60; Expires=Wed, 21 Oct 2015 07:28:00 GMT"}, now);
    EXPECT_NE(jar.header(Poco::URI("http://www.p.go.kr/"), now).find("JSESSIONID"),
              std::string::npos);
    EXPECT_EQ(jar.header(Poco::URI("http://www.p.go.kr/"), now + std::chrono::seconds(61))
                  .find("JSESSIONID"),
              std::string::npos);
    // A server removes its cookie with Max-Age=0.
    jar.store(Poco::URI("http://www.p.go.kr/"), {"wide=; Domain=p.go.kr; Path=/; Max-Age=0"}, now);
    EXPECT_EQ(jar.header(Poco::URI("http://files.p.go.kr/egov/a"), now), "");
}

TEST(CookieJar, LoopbackNameAndAddressAreDifferentHosts) {
    fetch::CookieJar jar;
    jar.store(Poco::URI("http://127.0.0.1:8080/egov/list.do"), {"JSESSIONID=s1; Path=/"});
    EXPECT_EQ(jar.header(Poco::URI("http://127.0.0.1:9090/x")), "JSESSIONID=s1");
    EXPECT_EQ(jar.header(Poco::URI("http://localhost:8080/x")), "");
    // An IP address takes no Domain cookies of another host.
    jar.store(Poco::URI("http://127.0.0.1/"), {"d=1; Domain=0.0.1"});
    EXPECT_EQ(jar.size(), 1u);
}

TEST(ErrorPage, HtmlDetectedByContentWhateverTheLinkSays) {
    EXPECT_TRUE(fetch::looksLikeHtmlPage("\xEF\xBB\xBF\r\n  <!DOCTYPE html>\n<html>"));
    EXPECT_TRUE(fetch::looksLikeHtmlPage("<HTML lang=\"ko\"><body>잘못된 접근입니다</body>"));
    EXPECT_TRUE(fetch::looksLikeHtmlPage("<?xml version=\"1.0\"?>\n<!-- x --><html>"));
    EXPECT_TRUE(
        fetch::looksLikeHtmlPage("<script>alert('잘못된 접근입니다.');history.back();</script>"));
    EXPECT_TRUE(fetch::looksLikeHtmlPage(egovPage("error.html")));
    EXPECT_FALSE(fetch::looksLikeHtmlPage(std::string("PK\x03\x04", 4) + "<html>"));
    EXPECT_FALSE(fetch::looksLikeHtmlPage("\xD0\xCF\x11\xE0<html>"));
    EXPECT_FALSE(fetch::looksLikeHtmlPage("<htmlx>"));
    EXPECT_FALSE(fetch::looksLikeHtmlPage("%PDF-1.7 <html>"));
    EXPECT_FALSE(fetch::looksLikeHtmlPage(""));
    EXPECT_TRUE(fetch::promisesFile("http://p.kr/cmm/fms/FileDown.do?atchFileId=F", "공고문.hwpx"));
    EXPECT_FALSE(fetch::promisesFile("http://p.kr/files/a.HTML?x=1", "안내"));
    EXPECT_FALSE(fetch::promisesFile("http://p.kr/down.do?id=1", "안내문.htm "));
    std::string text = fetch::errorPageText(egovPage("error.html"), "application/octet-stream");
    EXPECT_NE(text.find("잘못된 접근입니다."), std::string::npos) << text;
    EXPECT_EQ(text.find("  "), std::string::npos);
    EXPECT_EQ(fetch::errorPageText("<script>alert('잘못된 접근입니다.')</script>", ""),
              "alert('잘못된 접근입니다.')");
}

}  // namespace
}  // namespace jikji
