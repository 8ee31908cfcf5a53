#include <gtest/gtest.h>

#include <filesystem>

#include <Poco/JSON/Parser.h>

#include "pipeline/atomic_file.h"
#include "tests/support/fixtures.h"
#include "tests/support/hwpx_writer.h"

namespace jikji {
namespace {

namespace fs = std::filesystem;

std::string hwpxSaying(const std::string& text) {
    test::HwpxSpec spec;
    spec.sections = {test::hwpxParagraph(text)};
    return test::writeHwpx(spec);
}

Poco::JSON::Object::Ptr parseJson(const std::string& json) {
    Poco::JSON::Parser parser;
    return parser.parse(json).extract<Poco::JSON::Object::Ptr>();
}

std::size_t filesIn(const fs::path& dir) {
    std::size_t count = 0;
    for (const auto& entry : fs::recursive_directory_iterator(dir))
        count += entry.is_regular_file();
    return count;
}

// A converter that crashes on one file of a backlog folder costs that file its status and
// nothing else: the other 200 come out converted, in their own files, from two workers.
TEST(ConvertBatch, OneCrashingFileAmong200CostsOnlyItsOwnStatus) {
    fs::path dir = test::makeTempDir("convert-200");
    for (int i = 0; i < 200; ++i)
        writeFileAtomically(dir / "in" / ("doc" + std::to_string(i) + ".hwpx"),
                            hwpxSaying("문서 " + std::to_string(i)));
    writeFileAtomically(dir / "in" / "bad.hwpx", hwpxSaying("나쁜 문서"));
    auto result = test::runJikji({"convert", "--recursive", "--compact", "--jobs", "2", "--out",
                                  (dir / "out").string(), (dir / "in").string()},
                                 {{"JIKJI_TEST_CONVERT_FAULT", "crash:bad.hwpx"}}, "");
    EXPECT_EQ(result.exitCode, 1) << result.err;
    EXPECT_NE(result.err.find("bad.hwpx: corrupt"), std::string::npos) << result.err;
    ASSERT_EQ(filesIn(dir / "out"), 201u);
    for (int i = 0; i < 200; ++i) {
        std::string json =
            test::readBytes(dir / "out" / ("doc" + std::to_string(i) + ".hwpx.json"));
        EXPECT_EQ(json.find('\n'), json.size() - 1) << "--compact writes one line";
        auto document = parseJson(json);
        EXPECT_EQ(document->getValue<std::string>("status"), "ok") << i;
        EXPECT_EQ(document->getValue<std::string>("text"), "문서 " + std::to_string(i) + "\n");
    }
    auto bad = parseJson(test::readBytes(dir / "out" / "bad.hwpx.json"));
    EXPECT_EQ(bad->getValue<std::string>("status"), "corrupt");
    EXPECT_EQ(bad->getValue<std::string>("format"), "hwpx");
    EXPECT_EQ(bad->getArray("warnings")->getObject(0)->getValue<std::string>("code"),
              "converter_crashed");
    fs::remove_all(dir);
}

// A worker that dies on an input (a crash, its memory limit, an exception) while the next input
// waits in its queue: that input goes to a fresh worker and converts, the dead one's input gets
// the status of its death, and its output is written all the same.
TEST(ConvertBatch, EveryWayAWorkerDiesCostsOnlyItsOwnInput) {
    fs::path dir = test::makeTempDir("convert-deaths");
    for (std::string name : {"a", "b", "c"})
        writeFileAtomically(dir / (name + ".hwpx"), hwpxSaying(name));
    struct Death {
        std::string kind, status, code;
    };
    std::vector<Death> deaths = {{"crash", "corrupt", "converter_crashed"},
                                 {"throw", "corrupt", "converter_failed"}};
#if !defined(__SANITIZE_ADDRESS__)
    deaths.push_back({"hog", "limit_exceeded", "memory_limit"});
#endif
    for (const Death& death : deaths) {
        fs::path out = dir / ("out-" + death.kind);
        auto result = test::runJikji(
            {"convert", "--jobs", "1", "--out", out.string(), (dir / "a.hwpx").string(),
             (dir / "b.hwpx").string(), (dir / "c.hwpx").string()},
            {{"JIKJI_TEST_CONVERT_FAULT", death.kind + ":b.hwpx"}}, "");
        EXPECT_EQ(result.exitCode, 1) << death.kind << result.err;
        auto bad = parseJson(test::readBytes(out / "b.hwpx.json"));
        EXPECT_EQ(bad->getValue<std::string>("status"), death.status) << death.kind;
        EXPECT_EQ(bad->getArray("warnings")->getObject(0)->getValue<std::string>("code"),
                  death.code);
        for (std::string name : {"a", "c"})
            EXPECT_EQ(parseJson(test::readBytes(out / (name + ".hwpx.json")))
                          ->getValue<std::string>("text"),
                      name + "\n")
                << death.kind;
    }
    fs::remove_all(dir);
}

// A hang is stopped at --timeout-ms and only that file becomes `limit_exceeded`.
TEST(ConvertBatch, HangingFileIsStoppedAndTheOthersConvert) {
    fs::path dir = test::makeTempDir("convert-hang");
    for (std::string name : {"a", "b", "c"})
        writeFileAtomically(dir / (name + ".hwpx"), hwpxSaying(name));
    auto result = test::runJikji({"convert", "--format", "json", "--jobs", "1", "--timeout-ms",
                                  "300", "--out", (dir / "out").string(), (dir / "a.hwpx").string(),
                                  (dir / "b.hwpx").string(), (dir / "c.hwpx").string()},
                                 {{"JIKJI_TEST_CONVERT_FAULT", "hang:b.hwpx"}}, "");
    EXPECT_EQ(result.exitCode, 1) << result.err;
    EXPECT_EQ(
        parseJson(test::readBytes(dir / "out" / "b.hwpx.json"))->getValue<std::string>("status"),
        "limit_exceeded");
    for (std::string name : {"a", "c"})
        EXPECT_EQ(parseJson(test::readBytes(dir / "out" / (name + ".hwpx.json")))
                      ->getValue<std::string>("text"),
                  name + "\n");
    fs::remove_all(dir);
}

// Workers read the inputs and write the outputs themselves: an input they cannot read is named
// and counted as unreadable while the batch goes on, and an output they cannot write stops the
// batch with exit 3, as it does in-process.
TEST(ConvertBatch, WorkersReportUnreadableInputsAndUnwritableOutputs) {
    fs::path dir = test::makeTempDir("convert-io");
    writeFileAtomically(dir / "in" / "one.hwpx", hwpxSaying("하나"));
    writeFileAtomically(dir / "in" / "two.hwpx", hwpxSaying("둘"));
    for (std::string isolate : {"--jobs", "--no-isolate"}) {
        std::vector<std::string> args = {
            "convert", "--format", "text", "--out", (dir / "out").string(), isolate};
        if (isolate == "--jobs") args.push_back("2");
        std::vector<std::string> missing = args;
        for (std::string name : {"one.hwpx", "gone.hwpx", "two.hwpx"})
            missing.push_back((dir / "in" / name).string());
        auto result = test::runJikji(missing);
        EXPECT_EQ(result.exitCode, 1) << isolate << result.err;
        EXPECT_NE(result.err.find("gone.hwpx"), std::string::npos) << result.err;
        EXPECT_NE(result.err.find("converted 3 files: 2 ok, 1 unreadable"), std::string::npos)
            << result.err;
        EXPECT_EQ(test::readBytes(dir / "out" / "two.hwpx.txt"), "둘\n");

        // A folder where the output file goes cannot be replaced by it.
        fs::remove(dir / "out" / "one.hwpx.txt");
        fs::create_directories(dir / "out" / "one.hwpx.txt");
        std::vector<std::string> blocked = args;
        blocked.push_back((dir / "in" / "one.hwpx").string());
        auto stopped = test::runJikji(blocked);
        EXPECT_EQ(stopped.exitCode, 3) << isolate << stopped.err;
        EXPECT_NE(stopped.err.find("one.hwpx.txt"), std::string::npos) << stopped.err;
        fs::remove_all(dir / "out");
    }
    fs::remove_all(dir);
}

// Converted in the worker pool, every authored document gives the bytes it gives in-process.
TEST(ConvertBatch, PoolOutputEqualsInProcessOutput) {
    fs::path dir = test::makeTempDir("convert-same");
    fs::path documents = test::sourceDir() / "fixtures" / "documents";
    auto pooled = test::runJikji({"convert", "--recursive", "--keep-paths", "--jobs", "2", "--out",
                                  (dir / "pool").string(), documents.string()});
    auto inProcess = test::runJikji({"convert", "--recursive", "--keep-paths", "--no-isolate",
                                     "--out", (dir / "here").string(), documents.string()});
    EXPECT_EQ(pooled.exitCode, inProcess.exitCode);
    EXPECT_EQ(pooled.err, inProcess.err);
    std::size_t compared = 0;
    for (const auto& entry : fs::recursive_directory_iterator(dir / "here")) {
        if (!entry.is_regular_file()) continue;
        fs::path other = dir / "pool" / fs::relative(entry.path(), dir / "here");
        EXPECT_EQ(test::readBytes(entry.path()), test::readBytes(other)) << other;
        ++compared;
    }
    EXPECT_GT(compared, 20u);
    EXPECT_EQ(filesIn(dir / "pool"), compared);
    fs::remove_all(dir);
}

// Two inputs named alike would overwrite each other's output: refused before any conversion.
TEST(ConvertBatch, OutputNameCollisionIsRefusedUnlessPathsAreKept) {
    fs::path dir = test::makeTempDir("convert-collide");
    writeFileAtomically(dir / "a" / "x.hwpx", hwpxSaying("에이"));
    writeFileAtomically(dir / "b" / "x.hwpx", hwpxSaying("비"));
    std::string a = (dir / "a" / "x.hwpx").string(), b = (dir / "b" / "x.hwpx").string();
    auto refused = test::runJikji({"convert", "--out", (dir / "out").string(), a, b});
    EXPECT_EQ(refused.exitCode, 2);
    EXPECT_NE(refused.err.find(a), std::string::npos) << refused.err;
    EXPECT_NE(refused.err.find(b), std::string::npos) << refused.err;
    EXPECT_FALSE(fs::exists(dir / "out"));

    auto kept = test::runJikji(
        {"convert", "--format", "text", "--keep-paths", "--out", (dir / "out").string(), a, b});
    EXPECT_EQ(kept.exitCode, 0) << kept.err;
    fs::path mirrored = dir / "out" / dir.relative_path();
    EXPECT_EQ(test::readBytes(mirrored / "a" / "x.hwpx.txt"), "에이\n");
    EXPECT_EQ(test::readBytes(mirrored / "b" / "x.hwpx.txt"), "비\n");
    fs::remove_all(dir);
}

// `-` reads the paths to convert from stdin; a folder needs --recursive.
TEST(ConvertBatch, PathsFromStdinAndFoldersNeedRecursive) {
    fs::path dir = test::makeTempDir("convert-stdin");
    writeFileAtomically(dir / "in" / "one.hwpx", hwpxSaying("하나"));
    writeFileAtomically(dir / "in" / "two.hwpx", hwpxSaying("둘"));
    auto listed = test::runJikji(
        {"convert", "--format", "text", "--out", (dir / "out").string(), "-"}, {},
        (dir / "in" / "one.hwpx").string() + "\n" + (dir / "in" / "two.hwpx").string() + "\n");
    EXPECT_EQ(listed.exitCode, 0) << listed.err;
    EXPECT_EQ(test::readBytes(dir / "out" / "one.hwpx.txt"), "하나\n");
    EXPECT_EQ(test::readBytes(dir / "out" / "two.hwpx.txt"), "둘\n");
    auto folder =
        test::runJikji({"convert", "--out", (dir / "out").string(), (dir / "in").string()});
    EXPECT_EQ(folder.exitCode, 2);
    EXPECT_NE(folder.err.find("--recursive"), std::string::npos);
    fs::remove_all(dir);
}

// An unsupported file gave an empty text, exit 0 and not a word on stderr: a document that
// yields less than the file is named with its status, and a batch ends with its counts.
TEST(ConvertBatch, DocumentsThatAreNotOkAreNamedAndTheBatchCounted) {
    fs::path dir = test::makeTempDir("convert-named");
    writeFileAtomically(dir / "in" / "one.hwpx", hwpxSaying("하나"));
    writeFileAtomically(dir / "in" / "notes.txt", "plain text, no known format\n");
    auto result = test::runJikji({"convert", "--recursive", "--format", "text", "--out",
                                  (dir / "out").string(), (dir / "in").string()});
    EXPECT_EQ(result.exitCode, 0) << result.err;
    EXPECT_NE(result.err.find("notes.txt: unsupported (unrecognised content"), std::string::npos)
        << result.err;
    EXPECT_EQ(result.err.find("one.hwpx"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("converted 2 files: 1 ok, 1 unsupported"), std::string::npos)
        << result.err;
    fs::remove_all(dir);
}

}  // namespace
}  // namespace jikji
