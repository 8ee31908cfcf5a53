#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include <Poco/JSON/Parser.h>

#include "pipeline/atomic_file.h"
#include "pipeline/sha256.h"
#include "stages/extract/extract.h"
#include "tests/support/fixtures.h"

namespace jikji {
namespace {

TEST(Cli, HelpAndVersionExitZero) {
    auto help = test::runJikji({"--help"});
    EXPECT_EQ(help.exitCode, 0);
    EXPECT_NE(help.out.find("convert FILE"), std::string::npos);
    auto version = test::runJikji({"--version"});
    EXPECT_EQ(version.exitCode, 0);
    EXPECT_EQ(version.out.rfind("jikji ", 0), 0u);
}

TEST(Cli, UsageErrorsExitTwo) {
    EXPECT_EQ(test::runJikji({}).exitCode, 2);
    EXPECT_EQ(test::runJikji({"frobnicate"}).exitCode, 2);
    EXPECT_EQ(test::runJikji({"convert"}).exitCode, 2);
    EXPECT_EQ(test::runJikji({"convert", "--format", "xml", "a"}).exitCode, 2);
    EXPECT_EQ(test::runJikji({"convert", "a", "b"}).exitCode, 2);
    EXPECT_EQ(test::runJikji({"--log-format", "yaml", "convert", "a"}).exitCode, 2);
}

TEST(Cli, MissingInputIsAFailedItem) {
    auto result = test::runJikji({"convert", "/nonexistent/x.hwp"});
    EXPECT_EQ(result.exitCode, 1);
    EXPECT_NE(result.err.find("/nonexistent/x.hwp"), std::string::npos);
}

TEST(Cli, UnsupportedInputIsAStatusNotAFailure) {
    auto dir = test::makeTempDir("cli");
    writeFileAtomically(dir / "notes.hwp", "plain text renamed to .hwp");
    auto result = test::runJikji({"convert", (dir / "notes.hwp").string()});
    EXPECT_EQ(result.exitCode, 0) << result.err;
    Poco::JSON::Parser parser;
    auto object = parser.parse(result.out).extract<Poco::JSON::Object::Ptr>();
    EXPECT_EQ(object->getValue<std::string>("status"), "unsupported");
    EXPECT_EQ(object->getValue<std::string>("format"), "unknown");
    std::filesystem::remove_all(dir);
}

TEST(Cli, OutDirNamesOutputsAfterInputsWithExtensionKept) {
    auto dir = test::makeTempDir("cli-out");
    // Unrecognised bytes under an .hwp name: unsupported, which is no failure (exit 0).
    writeFileAtomically(dir / "in" / "a.hwp", "no document at all");
    writeFileAtomically(dir / "in" / "b.txt", "text");
    auto result =
        test::runJikji({"convert", "--format", "text", "--out", (dir / "out").string(),
                        (dir / "in" / "a.hwp").string(), (dir / "in" / "b.txt").string()});
    EXPECT_EQ(result.exitCode, 0) << result.err;
    EXPECT_TRUE(std::filesystem::exists(dir / "out" / "a.hwp.txt"));
    EXPECT_TRUE(std::filesystem::exists(dir / "out" / "b.txt.txt"));
    std::filesystem::remove_all(dir);
}

TEST(Cli, MarkdownAndChunksAreNamedAfterTheirInput) {
    auto dir = test::makeTempDir("cli-markdown");
    std::filesystem::path input = test::sourceDir() / "fixtures/documents/hwpx/notes.hwpx";
    for (const char* format : {"markdown", "chunks"}) {
        auto result = test::runJikji(
            {"convert", "--format", format, "--out", (dir / "out").string(), input.string()});
        EXPECT_EQ(result.exitCode, 0) << result.err;
    }
    EXPECT_EQ(test::readBytes(dir / "out" / "notes.hwpx.md"),
              test::readBytes(test::sourceDir() / "fixtures/documents/hwpx/notes.hwpx.md"));
    // One chunk; it carries the file's provenance as convert's JSON does.
    std::string chunks = test::readBytes(dir / "out" / "notes.hwpx.chunks.ndjson");
    ASSERT_EQ(std::count(chunks.begin(), chunks.end(), '\n'), 1);
    Poco::JSON::Parser parser;
    auto chunk = parser.parse(chunks).extract<Poco::JSON::Object::Ptr>();
    EXPECT_EQ(chunk->getObject("provenance")->getValue<std::string>("sha256"),
              sha256Hex(test::readBytes(input)));
    EXPECT_EQ(chunk->getArray("block_ids")->size(), 4u);
    EXPECT_EQ(test::runJikji({"convert", "--chunk-chars", "0", input.string()}).exitCode, 2);
    std::filesystem::remove_all(dir);
}

TEST(Cli, SchemaCommandPrintsThePublishedSchemas) {
    for (const char* name : {"document", "record"}) {
        auto result = test::runJikji({"schema", name});
        EXPECT_EQ(result.exitCode, 0) << result.err;
        Poco::JSON::Parser parser;
        auto schema = parser.parse(result.out).extract<Poco::JSON::Object::Ptr>();
        EXPECT_EQ(schema->getValue<std::string>("$id"),
                  std::string("urn:jikji:schema:") + name + ":1");
    }
    EXPECT_EQ(test::runJikji({"schema", "nothing"}).exitCode, 2);
    EXPECT_EQ(test::runJikji({"schema"}).exitCode, 2);
}

TEST(Cli, JsonLogsAreOneObjectPerLine) {
    auto result = test::runJikji({"--log-format", "json", "convert", "/nonexistent/y.hwpx"});
    EXPECT_EQ(result.exitCode, 1);
    ASSERT_FALSE(result.err.empty());
    std::string line = result.err.substr(0, result.err.find('\n'));
    Poco::JSON::Parser parser;
    auto object = parser.parse(line).extract<Poco::JSON::Object::Ptr>();
    EXPECT_EQ(object->getValue<std::string>("level"), "error");
    EXPECT_NE(object->getValue<std::string>("msg").find("y.hwpx"), std::string::npos);
    // RFC 3339 in UTC, and nothing after it (it used to end in a literal newline).
    EXPECT_TRUE(std::regex_match(object->getValue<std::string>("time"),
                                 std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")))
        << object->getValue<std::string>("time");
}

// One vocabulary of level names; anything else is a usage error, not silence.
TEST(Cli, UnknownLogLevelExitsTwo) {
    auto result = test::runJikji({"--log-level", "nonsense", "convert", "/nonexistent/z.hwp"});
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_NE(result.err.find("nonsense"), std::string::npos);
    EXPECT_EQ(test::runJikji({"--log-level", "warning", "convert", "/nonexistent/z.hwp"}).exitCode,
              1);
    EXPECT_EQ(test::runJikji({"--log-level", "warn", "convert", "/nonexistent/z.hwp"}).exitCode, 1);
}

// Global options may follow the command.
TEST(Cli, GlobalOptionsAfterTheCommand) {
    auto result = test::runJikji({"convert", "/nonexistent/w.hwp", "--log-format", "json"});
    EXPECT_EQ(result.exitCode, 1);
    Poco::JSON::Parser parser;
    auto object = parser.parse(result.err.substr(0, result.err.find('\n')))
                      .extract<Poco::JSON::Object::Ptr>();
    EXPECT_EQ(object->getValue<std::string>("level"), "error");
}

// `check --page` shows, for each link rule, what its XPath selected and what each link template
// made of it: the way to write the rules of a JavaScript board.
TEST(Cli, CheckPageShowsWhatEachLinkTemplateMade) {
    auto dir = test::makeTempDir("cli-check");
    std::string config = test::readBytes(test::sourceDir() / "fixtures/portal/demo.json");
    for (std::size_t at; (at = config.find("${PORT}")) != std::string::npos;)
        config.replace(at, 7, "8089");
    std::ofstream(dir / "demo.json") << config;
    std::filesystem::path site = test::sourceDir() / "fixtures/portal/site/egov";

    test::CommandResult list =
        test::runJikji({"check", "--config", (dir / "demo.json").string(), "--source", "demo-egov",
                        "--page", (site / "list-1.html").string(), "--url",
                        "http://127.0.0.1:8089/egov/selectNoticeList.do?pageIndex=1"});
    EXPECT_EQ(list.exitCode, 0) << list.err;
    EXPECT_NE(list.err.find("list.item_links: POST http://127.0.0.1:8089/egov/selectNoticeView.do "
                            "body nttId=50387"),
              std::string::npos)
        << list.err;
    EXPECT_NE(list.err.find("list.next_page: GET "
                            "http://127.0.0.1:8089/egov/selectNoticeList.do?pageIndex=2"),
              std::string::npos)
        << list.err;

    test::CommandResult item =
        test::runJikji({"check", "--config", (dir / "demo.json").string(), "--source", "demo-egov",
                        "--page", (site / "view-50387.html").string(), "--url",
                        "http://127.0.0.1:8089/egov/selectNoticeView.do"});
    EXPECT_EQ(item.exitCode, 0) << item.err;
    // Both spellings of the download call, the href and the onclick one.
    for (const char* file : {"FILE_000000000012854", "FILE_000000000012855"})
        EXPECT_NE(item.err.find("item.attachments: GET "
                                "http://127.0.0.1:8089/cmm/fms/FileDown.do?atchFileId=" +
                                std::string(file) + "&fileSn=0"),
                  std::string::npos)
            << item.err;
    EXPECT_NE(item.err.find("the pattern matched 2"), std::string::npos) << item.err;
    std::filesystem::remove_all(dir);
}

// With --log-format json every stderr line of `convert` is a JSON object, its usage errors too
// (they used to be plain text).
TEST(Cli, ConvertUsageErrorsAreJsonLinesWithJsonLogs) {
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"--log-format", "json", "convert", "--format", "pdf", "x"},
          std::vector<std::string>{"--log-format", "json", "convert"},
          std::vector<std::string>{"--log-format", "json", "convert", "a/x.hwp", "b/x.hwp", "--out",
                                   "/nonexistent-dir"}}) {
        test::CommandResult result = test::runJikji(args);
        EXPECT_EQ(result.exitCode, 2) << result.err;
        std::istringstream lines(result.err);
        std::size_t count = 0;
        for (std::string line; std::getline(lines, line); ++count) {
            Poco::JSON::Parser parser;
            auto object = parser.parse(line).extract<Poco::JSON::Object::Ptr>();
            EXPECT_EQ(object->getValue<std::string>("level"), "error") << line;
        }
        EXPECT_EQ(count, 1u) << result.err;
    }
}

// `jikji` converts PDFs through the jikji-pdf module, every other program (this test too) with
// the converter linked in: both must read a PDF alike, failures included (an exception thrown
// in the module is caught by the converter boundary in the binary).
TEST(Cli, PdfThroughTheJikjiModuleMatchesTheLinkedConverter) {
    for (const char* name : {"report.pdf", "password.pdf", "scanned.pdf"}) {
        std::filesystem::path file = test::sourceDir() / "fixtures/documents/pdf" / name;
        std::string bytes = test::readBytes(file);
        Document linked = stages::extractDocument({bytes, name}, {.isolate = false});
        for (const char* isolation : {"--timeout-ms", "--no-isolate"}) {
            std::vector<std::string> args{"convert", "--format", "json", file.string(), isolation};
            if (std::string_view(isolation) == "--timeout-ms") args.push_back("60000");
            auto result = test::runJikji(args);
            ASSERT_LE(result.exitCode, 1) << result.err;
            Poco::JSON::Parser parser;
            auto object = parser.parse(result.out).extract<Poco::JSON::Object::Ptr>();
            EXPECT_EQ(object->getValue<std::string>("status"), toString(linked.status)) << name;
            EXPECT_EQ(object->getValue<std::string>("text"), linked.text) << name;
            EXPECT_EQ(object->getArray("warnings")->size(), linked.warnings.size()) << name;
            EXPECT_EQ(object->getArray("blocks")->size(), linked.blocks.size()) << name;
        }
    }
}

// `jikji` without its jikji-full (copied alone) said so on stderr in plain text even with
// --log-format json: the line goes through the log like every other.
TEST(Cli, MissingFullBinaryIsOneJsonLineAndExitThree) {
    std::filesystem::path dir = test::makeTempDir("jikji-alone");
    std::filesystem::copy_file(test::jikjiBinary(), dir / "jikji");
    std::string command = (dir / "jikji").string() + " --log-format json status --archive " +
                          (dir / "archive").string() + " 2>" + (dir / "err").string();
    int status = std::system(command.c_str());
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 3);
    std::string err = test::readBytes(dir / "err");
    ASSERT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
    Poco::JSON::Parser parser;
    auto object = parser.parse(err).extract<Poco::JSON::Object::Ptr>();
    EXPECT_EQ(object->getValue<std::string>("level"), "error");
    EXPECT_NE(object->getValue<std::string>("msg").find("jikji-full"), std::string::npos) << err;
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace jikji
