#include "stages/emit/emit.h"

#include <gtest/gtest.h>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <fstream>
#include <thread>

#include "pipeline/errors.h"
#include "pipeline/sha256.h"
#include "tests/support/fixtures.h"
#include "tests/support/record_support.h"

namespace jikji::stages {
namespace {

Record sample(std::string postedAt) {
    return test::sampleRecord("http://demo.example/item/1.html", std::move(postedAt));
}

std::vector<std::string> manifestLines(const std::filesystem::path& archive) {
    std::vector<std::string> lines;
    if (!std::filesystem::exists(archive / "records.ndjson")) return lines;
    std::string text = test::readBytes(archive / "records.ndjson");
    std::size_t start = 0;
    for (std::size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1)
        lines.push_back(text.substr(start, end - start));
    return lines;
}

TEST(Emit, PathFollowsSourceAndMonth) {
    EXPECT_EQ(recordPath(sample("2019-10-30T14:42:00+09:00")),
              std::filesystem::path("records/demo/2019/10") / (sample("").id + ".json"));
    EXPECT_EQ(recordPath(sample("2019-10-21")).parent_path(), "records/demo/2019/10");
    Record published = sample("");
    published.publishedAt = "2018-01-02";
    EXPECT_EQ(recordPath(published).parent_path(), "records/demo/2018/01");
    EXPECT_EQ(recordPath(sample("")).parent_path(), "records/demo/undated");
    // A source name is never a path: separators and dot-dot become harmless.
    Record hostile = sample("");
    hostile.source.name = "../../etc";
    EXPECT_EQ(recordPath(hostile).parent_path(), "records/.._.._etc/undated");
    hostile.source.name = "..";
    EXPECT_EQ(recordPath(hostile).parent_path(), "records/_../undated");
}

TEST(Emit, WrittenThenUnchangedThenReplaced) {
    auto archive = test::makeTempDir("emit");
    Record record = sample("2019-10-30T14:42:00+09:00");
    EXPECT_EQ(emitRecord(archive, record, "r1").outcome, EmitOutcome::Written);
    EXPECT_EQ(emitRecord(archive, record, "r2").outcome, EmitOutcome::Unchanged);
    record.title = "바뀐 제목";
    auto replaced = emitRecord(archive, record, "r3");
    EXPECT_EQ(replaced.outcome, EmitOutcome::Replaced);
    EXPECT_EQ(test::readBytes(archive / replaced.path), recordJson(record));

    auto lines = manifestLines(archive);
    ASSERT_EQ(lines.size(), 2u);
    Poco::JSON::Parser parser;
    auto line = parser.parse(lines[1]).extract<Poco::JSON::Object::Ptr>();
    EXPECT_EQ(line->getValue<std::string>("id"), record.id);
    EXPECT_EQ(line->getValue<std::string>("action"), "replaced");
    EXPECT_EQ(line->getValue<std::string>("path"), replaced.path.generic_string());
    EXPECT_EQ(line->getValue<std::string>("sha256"), sha256Hex(recordJson(record)));
    EXPECT_EQ(line->getValue<std::string>("run"), "r3");
    // No temporary files are left beside the record.
    std::size_t files = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(archive / "records"))
        files += entry.is_regular_file();
    EXPECT_EQ(files, 1u);
    std::filesystem::remove_all(archive);
}

TEST(Emit, ARecordWhoseDateChangedMovesToItsNewMonth) {
    auto archive = test::makeTempDir("emit-move");
    Record record = sample("");
    auto first = emitRecord(archive, record);
    EXPECT_EQ(first.path.parent_path(), "records/demo/undated");
    record.postedAt = "2019-10-30T14:42:00+09:00";
    auto moved = emitRecord(archive, record);
    EXPECT_EQ(moved.outcome, EmitOutcome::Replaced);
    EXPECT_FALSE(std::filesystem::exists(archive / first.path));
    EXPECT_TRUE(std::filesystem::exists(archive / moved.path));
    record.postedAt = "2019-11-01";
    auto again = emitRecord(archive, record);
    EXPECT_EQ(again.outcome, EmitOutcome::Replaced);
    EXPECT_FALSE(std::filesystem::exists(archive / moved.path));

    std::string output;
    EXPECT_EQ(test::validateRecords({archive / "records"}, output), 0) << output;
    std::filesystem::remove_all(archive);
}

TEST(Emit, UnwritableArchiveThrows) {
    auto archive = test::makeTempDir("emit-unwritable");
    std::filesystem::path file = archive / "not-a-folder";
    {
        std::FILE* handle = std::fopen(file.c_str(), "w");
        ASSERT_NE(handle, nullptr);
        std::fclose(handle);
    }
    EXPECT_THROW(emitRecord(file, sample("")), std::exception);
    Record anonymous = sample("");
    anonymous.id.clear();
    EXPECT_THROW(emitRecord(archive, anonymous), UsageError);
    EXPECT_FALSE(std::filesystem::exists(archive / "records"));
    std::filesystem::remove_all(archive);
}

// Records emitted in batches by several threads appear whole after flush(), each with one
// manifest line that names its bytes; nothing is left in ARCHIVE/tmp, and a second pass over the
// same records writes nothing.
TEST(RecordWriter, BatchesFromSeveralThreadsLandWholeWithTheirManifestLines) {
    auto archive = test::makeTempDir("emit-batch");
    std::vector<Record> records;
    for (int i = 0; i < 23; ++i) {
        Record record = sample(i % 2 ? "2019-10-30" : "2020-01-02");
        record.source.url = "http://demo.example/item/" + std::to_string(i) + ".html";
        record.id = recordId(record.source.name, record.source.url);
        record.title = "제목 " + std::to_string(i);
        records.push_back(record);
    }
    for (int pass = 0; pass < 2; ++pass) {
        RecordWriter writer(archive, "run-" + std::to_string(pass), 4);
        std::vector<EmitOutcome> outcomes(records.size());
        std::vector<std::thread> threads;
        for (int t = 0; t < 2; ++t)
            threads.emplace_back([&, t] {
                for (std::size_t i = t; i < records.size(); i += 2)
                    outcomes[i] = writer.emit(records[i]).outcome;
            });
        for (auto& thread : threads)
            thread.join();
        writer.flush();
        for (EmitOutcome outcome : outcomes)
            EXPECT_EQ(outcome, pass == 0 ? EmitOutcome::Written : EmitOutcome::Unchanged);
    }
    std::vector<std::string> lines = manifestLines(archive);
    ASSERT_EQ(lines.size(), records.size());
    for (const std::string& line : lines) {
        Poco::JSON::Parser parser;
        auto object = parser.parse(line).extract<Poco::JSON::Object::Ptr>();
        std::string bytes = test::readBytes(archive / object->getValue<std::string>("path"));
        EXPECT_EQ(object->getValue<std::string>("sha256"), sha256Hex(bytes));
        EXPECT_EQ(object->getValue<std::string>("run"), "run-0");
    }
    EXPECT_TRUE(std::filesystem::is_empty(archive / "tmp"));
}

// A run killed in the middle of appending to the manifest left half a line: the next append
// cuts it off instead of gluing a whole line to it.
TEST(Emit, PartialManifestLineOfAKilledRunIsCutOff) {
    auto archive = test::makeTempDir("emit-torn");
    emitRecord(archive, sample("2019-10-30"), "r1");
    std::string whole = test::readBytes(archive / "records.ndjson");
    std::ofstream(archive / "records.ndjson", std::ios::app) << "{\"id\":\"cut";
    Record changed = sample("2019-10-30");
    changed.title = "다른 제목";
    emitRecord(archive, changed, "r2");
    std::vector<std::string> lines = manifestLines(archive);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0] + "\n", whole);
    EXPECT_NE(lines[1].find("\"run\":\"r2\""), std::string::npos) << lines[1];
}

}  // namespace
}  // namespace jikji::stages
