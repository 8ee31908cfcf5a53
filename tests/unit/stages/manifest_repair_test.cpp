#include "stages/emit/manifest_repair.h"

#include <gtest/gtest.h>

#include <fstream>

#include "pipeline/sha256.h"
#include "stages/emit/emit.h"
#include "tests/support/fixtures.h"
#include "tests/support/record_support.h"

namespace jikji::stages {
namespace {

namespace fs = std::filesystem;

Record sample(const std::string& url, std::string postedAt) {
    return test::sampleRecord(url, std::move(postedAt));
}

std::vector<std::string> lines(const fs::path& archive) {
    std::vector<std::string> out;
    std::string text = test::readBytes(archive / "records.ndjson");
    std::size_t start = 0;
    for (std::size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1)
        out.push_back(text.substr(start, end - start));
    return out;
}

void writeManifest(const fs::path& archive, const std::vector<std::string>& keep,
                   const std::string& tail = "") {
    std::ofstream out(archive / "records.ndjson", std::ios::trunc | std::ios::binary);
    for (const std::string& line : keep)
        out << line << '\n';
    out << tail;
}

// A run killed between a record's rename and its manifest line: the next run saw the record
// unchanged and never announced it.
TEST(ManifestRepair, RecordWrittenWithoutItsLineIsAnnounced) {
    fs::path archive = test::makeTempDir("repair");
    auto since = fs::file_time_type::clock::now();
    Record first = sample("http://demo.example/1", "2019-10-30");
    Record second = sample("http://demo.example/2", "2019-11-02");
    emitRecord(archive, first, "r1");
    EmitResult written = emitRecord(archive, second, "r1");
    std::vector<std::string> all = lines(archive);
    ASSERT_EQ(all.size(), 2u);
    writeManifest(archive, {all[0]});

    ManifestRepair repair = repairManifest(archive, since, "r2");
    EXPECT_EQ(repair.linesAdded, 1u);
    std::vector<std::string> now = lines(archive);
    ASSERT_EQ(now.size(), 2u);
    EXPECT_NE(now[1].find("\"id\":\"" + second.id + "\""), std::string::npos) << now[1];
    EXPECT_NE(now[1].find("\"action\":\"written\""), std::string::npos);
    EXPECT_NE(now[1].find(sha256Hex(test::readBytes(archive / written.path))), std::string::npos);
    EXPECT_NE(now[1].find("\"run\":\"r2\""), std::string::npos);
    // Repairing again changes nothing: every record has its line.
    EXPECT_EQ(repairManifest(archive, since, "r3").linesAdded, 0u);
    EXPECT_EQ(lines(archive).size(), 2u);
    fs::remove_all(archive);
}

TEST(ManifestRepair, ReplacedRecordWithoutItsLineIsAnnouncedAsReplaced) {
    fs::path archive = test::makeTempDir("repair");
    Record record = sample("http://demo.example/1", "2019-10-30");
    emitRecord(archive, record, "r1");
    std::vector<std::string> before = lines(archive);
    auto since = fs::file_time_type::clock::now();
    record.title = "고친 제목";
    emitRecord(archive, record, "r2");
    writeManifest(archive, before);

    EXPECT_EQ(repairManifest(archive, since, "r3").linesAdded, 1u);
    std::vector<std::string> now = lines(archive);
    ASSERT_EQ(now.size(), 2u);
    EXPECT_NE(now[1].find("\"action\":\"replaced\""), std::string::npos) << now[1];
    fs::remove_all(archive);
}

// A full disk in the middle of an append leaves half a line.
TEST(ManifestRepair, HalfWrittenLastLineIsCutOff) {
    fs::path archive = test::makeTempDir("repair");
    emitRecord(archive, sample("http://demo.example/1", "2019-10-30"), "r1");
    std::vector<std::string> whole = lines(archive);
    writeManifest(archive, whole, "{\"id\":\"abc\",\"sou");

    ManifestRepair repair = repairManifest(archive, std::nullopt, "r2");
    EXPECT_EQ(repair.tornBytes, 16u);
    EXPECT_EQ(lines(archive), whole);
    EXPECT_EQ(test::readBytes(archive / "records.ndjson").back(), '\n');
    fs::remove_all(archive);
}

// A run killed after writing a record under its new month and before removing the old copy.
TEST(ManifestRepair, RecordLeftUnderTwoMonthsKeepsOnlyTheNewerCopy) {
    fs::path archive = test::makeTempDir("repair");
    Record record = sample("http://demo.example/1", "2019-10-30");
    EmitResult old = emitRecord(archive, record, "r1");
    fs::path keep = archive / "kept-old-copy.json";
    fs::copy_file(archive / old.path, keep);
    auto since = fs::file_time_type::clock::now();
    record.postedAt = "2019-11-01";
    EmitResult moved = emitRecord(archive, record, "r2");
    ASSERT_FALSE(fs::exists(archive / old.path));
    fs::copy_file(keep, archive / old.path);
    fs::remove(keep);
    fs::last_write_time(archive / old.path, since - std::chrono::hours(1));
    std::vector<std::string> all = lines(archive);
    writeManifest(archive, {all[0]});

    ManifestRepair repair = repairManifest(archive, since, "r3");
    EXPECT_EQ(repair.staleRemoved, 1u);
    EXPECT_FALSE(fs::exists(archive / old.path));
    EXPECT_TRUE(fs::exists(archive / moved.path));
    EXPECT_EQ(repair.linesAdded, 1u);
    fs::remove_all(archive);
}

}  // namespace
}  // namespace jikji::stages
