#include "pipeline/config.h"

#include <gtest/gtest.h>

#include <fstream>

#include "tests/support/fixtures.h"

namespace jikji {
namespace {

const char* const kMinimal = R"J({
  // comments are allowed
  "archive": "./archive", /* and block comments */
  "sources": [ { "name": "board", "start_urls": ["http://example.go.kr/list.do"],
                 "list": { "item_links": "//ul/li/a" }, "item": {} } ] })J";

std::string errorOf(const std::string& text) {
    try {
        parseConfig(text, "c.json");
    } catch (const ConfigError& error) {
        return error.what();
    }
    return "no error";
}

TEST(Config, MinimalConfigGetsDefaults) {
    Config config = parseConfig(kMinimal, "c.json");
    ASSERT_EQ(config.sources.size(), 1u);
    const Source& source = config.sources[0];
    EXPECT_EQ(config.archive, "./archive");
    EXPECT_EQ(config.sqlitePath(), "./archive/jikji.db");
    EXPECT_EQ(source.allowedHosts, std::vector<std::string>{"example.go.kr"});
    EXPECT_EQ(source.politeness.delayMs, 500u);
    EXPECT_EQ(source.politeness.concurrency, 2u);
    EXPECT_TRUE(source.politeness.obeyRobots);
    EXPECT_EQ(source.list.maxPages, 50u);
    EXPECT_EQ(source.startUrls[0].method, "GET");
}

TEST(Config, ReadsTheDemoConfig) {
    // The template holds ${PORT}; scripts/demo and the tests put the portal's port there.
    std::string text = test::readBytes(test::sourceDir() / "fixtures" / "portal" / "demo.json");
    for (std::size_t at; (at = text.find("${PORT}")) != std::string::npos;)
        text.replace(at, 7, "8080");
    Config config = parseConfig(text, "demo.json");
    ASSERT_EQ(config.sources.size(), 3u);
    EXPECT_EQ(config.sources[0].name, "demo-board");
    EXPECT_EQ(config.sources[0].item.fields.at("title"),
              "//div[@id='article']//h2[@class='subject']");
    EXPECT_EQ(config.sources[0].item.exclude.size(), 3u);
    EXPECT_EQ(config.sources[1].list.itemLinks.select, "//ul[@class='board']/li/a/@href");
    EXPECT_FALSE(config.sources[1].list.itemLinks.linkTemplate);
    // The eGovFrame board: link templates, a session and a Referer.
    const Source& egov = config.sources[2];
    EXPECT_EQ(egov.name, "demo-egov");
    EXPECT_TRUE(egov.cookies);
    EXPECT_TRUE(egov.sendReferer);
    ASSERT_TRUE(egov.list.itemLinks.linkTemplate);
    EXPECT_EQ(egov.list.itemLinks.linkTemplate->method(), "POST");
    EXPECT_EQ(egov.list.itemLinks.linkTemplate->body(), "nttId={1}");
    ASSERT_TRUE(egov.list.nextPage.linkTemplate);
    ASSERT_TRUE(egov.item.attachments.linkTemplate);
    EXPECT_EQ(egov.item.attachments.linkTemplate->url(),
              "/cmm/fms/FileDown.do?atchFileId={1}&fileSn={2}");
}

TEST(Config, PostStartUrlAndCaFile) {
    Config config = parseConfig(R"J({"archive": "a", "sources": [{"name": "p",
        "start_urls": [{"url": "https://x.kr/list.do", "method": "post", "body": "page=1"}],
        "ca_file": "/etc/extra.pem", "list": {"item_links": "//a", "method": "POST"},
        "item": {"method": "POST"}}]})J");
    EXPECT_EQ(config.sources[0].startUrls[0].method, "POST");
    EXPECT_EQ(config.sources[0].startUrls[0].body, "page=1");
    EXPECT_EQ(config.sources[0].http.caFile, "/etc/extra.pem");
    EXPECT_EQ(config.sources[0].item.method, "POST");
}

TEST(Config, ErrorsNameTheKey) {
    EXPECT_NE(errorOf("{").find("c.json:1:2: JSON syntax error"), std::string::npos);
    EXPECT_NE(errorOf(R"J({"sources": []})J").find("missing \"archive\""), std::string::npos);
    EXPECT_NE(errorOf(R"J({"archive": "a", "sources": []})J").find("sources: must be a non-empty"),
              std::string::npos);
    EXPECT_NE(errorOf(R"J({"archive": "a", "sorces": []})J")
                  .find("unknown key \"sorces\" (did you mean \"sources\"?)"),
              std::string::npos);
    std::string badXPath = R"J({"archive": "a", "sources": [{"name": "b",
        "start_urls": ["http://x.kr/"], "list": {"item_links": "//ul[@class='board'"},
        "item": {}}]})J";
    EXPECT_NE(errorOf(badXPath).find("c.json: source \"b\".list.item_links"), std::string::npos);
    std::string badUrl = R"J({"archive": "a", "sources": [{"name": "b",
        "start_urls": ["ftp://x.kr/"], "list": {"item_links": "//a"}, "item": {}}]})J";
    EXPECT_NE(errorOf(badUrl).find("not an http or https URL"), std::string::npos);
    std::string badDelay = R"J({"archive": "a", "sources": [{"name": "b",
        "start_urls": ["http://x.kr/"], "politeness": {"delay_ms": -5},
        "list": {"item_links": "//a"}, "item": {}}]})J";
    EXPECT_NE(errorOf(badDelay).find("politeness.delay_ms"), std::string::npos);
    std::string twice = R"J({"archive": "a", "sources": [
        {"name": "b", "start_urls": ["http://x.kr/"], "list": {"item_links": "//a"}, "item": {}},
        {"name": "b", "start_urls": ["http://y.kr/"], "list": {"item_links": "//a"}, "item": {}}]})J";
    EXPECT_NE(errorOf(twice).find("used twice"), std::string::npos);
}

// A JSON syntax error says where it is: `FILE:LINE:COLUMN`, and what was expected there (Poco's
// parser says only `unexpected byte '}'`).
TEST(Config, SyntaxErrorReportsLineAndColumn) {
    std::string error =
        errorOf("// sources\n{\n  \"archive\": \"a\",\n  \"sources\": [1, 2,]\n}\n");
    EXPECT_NE(error.find("c.json:4:20: JSON syntax error: expected a value, found ']'"),
              std::string::npos)
        << error;
    error = errorOf("{\"archive\": \"a\"\n \"state\": \"sqlite:x\"}");
    EXPECT_NE(error.find("c.json:2:2: JSON syntax error: expected ',' or '}'"), std::string::npos)
        << error;
}

TEST(Config, CanonicalRuleIsOneOfDropOrKeep) {
    auto withCanonical = [](const std::string& canonical) {
        return R"J({"archive": "a", "sources": [{"name": "b", "canonical": )J" + canonical +
               R"J(, "start_urls": ["HTTP://X.kr:80/list.do?pageIndex=1&bbsId=B#top"],
               "list": {"item_links": "//a"}, "item": {}}]})J";
    };
    Config config = parseConfig(withCanonical(R"({"drop_query": ["pageIndex"]})"));
    EXPECT_EQ(config.sources[0].canonical.drop, std::vector<std::string>{"pageIndex"});
    // List pages keep their paging parameters; only their spelling is made canonical.
    EXPECT_EQ(config.sources[0].startUrls[0].url, "http://x.kr/list.do?bbsId=B&pageIndex=1");
    EXPECT_EQ(parseConfig(withCanonical(R"({"keep_query": ["nttId"]})")).sources[0].canonical.keep,
              std::vector<std::string>{"nttId"});
    EXPECT_NE(errorOf(withCanonical(R"({"drop_query": ["a"], "keep_query": ["b"]})"))
                  .find("source \"b\".canonical: use \"drop_query\" or \"keep_query\", not both"),
              std::string::npos);
    EXPECT_NE(errorOf(withCanonical(R"({"keep": ["b"]})")).find("unknown key \"keep\""),
              std::string::npos);
    EXPECT_NE(errorOf(withCanonical(R"({"keep_query": []})")).find("must not be empty"),
              std::string::npos);
    EXPECT_NE(errorOf(withCanonical(R"({"drop_query": ["a=b"]})")).find("not a query parameter"),
              std::string::npos);
}

// "klingon-8" used to be accepted and ignored: every page then decoded by guesswork.
TEST(Config, UnknownEncodingLabelExitsTwo) {
    std::filesystem::path dir = test::makeTempDir("config");
    std::ofstream(dir / "c.json") << R"J({"archive": ")J" + (dir / "a").string() +
                                         R"J(", "sources": [{"name": "b", "encoding": "klingon-8",
        "start_urls": ["http://127.0.0.1:9/"], "list": {"item_links": "//a"}, "item": {}}]})J";
    test::CommandResult result = test::runJikji({"ingest", "--config", (dir / "c.json").string()});
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_NE(result.err.find("sources[0].encoding: unknown charset label \"klingon-8\""),
              std::string::npos)
        << result.err;
    EXPECT_FALSE(std::filesystem::exists(dir / "a"));
    std::filesystem::remove_all(dir);
}

TEST(Config, CommentMarkersInsideStringsStay) {
    Config config = parseConfig(R"J({"archive": "a", "user_agent": "bot/1 (+http://x.kr/a)",
        "sources": [{"name": "b", "start_urls": ["http://x.kr/*x*/"],
        "list": {"item_links": "//a"}, "item": {}}]})J");
    EXPECT_EQ(config.userAgent, "bot/1 (+http://x.kr/a)");
    EXPECT_EQ(config.sources[0].startUrls[0].url, "http://x.kr/*x*/");
}

TEST(Config, IngestExitsTwoWithAClearMessage) {
    std::filesystem::path dir = test::makeTempDir("config");
    std::ofstream(dir / "bad.json") << R"J({"archive": "a", "sources": [{"name": "b"}]})J";
    test::CommandResult result =
        test::runJikji({"ingest", "--config", (dir / "bad.json").string()});
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_NE(result.err.find("source \"b\": missing \"start_urls\""), std::string::npos)
        << result.err;
    EXPECT_EQ(test::runJikji({"ingest"}).exitCode, 2);
    EXPECT_EQ(test::runJikji({"ingest", "--config", (dir / "absent.json").string()}).exitCode, 2);
    std::filesystem::remove_all(dir);
}

TEST(Config, TheReadmeExampleParses) {
    std::string readme = test::readBytes(test::sourceDir() / "README.md");
    std::size_t begin = readme.find("```jsonc\n");
    ASSERT_NE(begin, std::string::npos);
    begin += 9;
    std::string text = readme.substr(begin, readme.find("```", begin) - begin);
    Config config = parseConfig(text, "README.md");
    ASSERT_EQ(config.sources.size(), 1u);
    const Source& source = config.sources[0];
    EXPECT_EQ(source.startUrls.size(), 2u);
    EXPECT_EQ(source.startUrls[1].method, "POST");
    EXPECT_EQ(source.allowedHosts[1], "*.jeonju.go.kr");
    EXPECT_EQ(source.http.maxAttempts, 4u);
    EXPECT_EQ(source.list.nextPage.select, "//div[@class='paging']/a[@class='next']/@href");
    EXPECT_EQ(source.item.fields.size(), 3u);
}

TEST(Config, UnusableCaFileExitsTwo) {
    std::filesystem::path dir = test::makeTempDir("config");
    std::ofstream(dir / "c.json") << R"J({"archive": ")J" << (dir / "a").string()
                                  << R"J(", "sources": [{"name": "b",
        "start_urls": ["https://127.0.0.1:9/"], "ca_file": "/nonexistent/ca.pem",
        "list": {"item_links": "//a"}, "item": {}}]})J";
    test::CommandResult result = test::runJikji({"ingest", "--config", (dir / "c.json").string()});
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_NE(result.err.find("ca_file"), std::string::npos) << result.err;
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace jikji
