#include "pipeline/archive.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <stdexcept>

#include "pipeline/atomic_file.h"
#include "pipeline/sqlite_state_store.h"
#include "tests/support/fixtures.h"

namespace jikji {
namespace {

TEST(CaptureStore, PutIsContentAddressedAndKeepsTheFirstSidecar) {
    auto dir = test::makeTempDir("captures");
    CaptureStore store(dir);
    CaptureInfo info;
    info.url = "http://p.kr/a";
    info.status = 200;
    info.headers = {{"Content-Type", "text/html"},
                    {"Content-Disposition", "attachment; filename=\"\xC0\xFC\xC1\xD6.hwp\""}};
    std::string digest = store.put("hello", info);
    EXPECT_EQ(digest, "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
    EXPECT_TRUE(std::filesystem::exists(dir / "captures/sha256/2c" / digest));
    EXPECT_EQ(store.get(digest), "hello");
    info.url = "http://p.kr/b";
    EXPECT_EQ(store.put("hello", info), digest);
    CaptureInfo side = store.sidecar(digest);
    EXPECT_EQ(side.url, "http://p.kr/a");
    ASSERT_EQ(side.headers.size(), 2u);
    // A raw CP949 header value is kept readable (decoded) in the sidecar.
    EXPECT_EQ(side.headers[1].second, "attachment; filename=\"전주.hwp\"");
    std::string sidecarText = test::readBytes(store.sidecarPath(digest));
    EXPECT_NE(sidecarText.find("\"raw_hex\""), std::string::npos);
    std::filesystem::remove_all(dir);
}

TEST(AtomicFile, StreamedWriteHoldsEveryByteAcrossItsBuffer) {
    auto dir = test::makeTempDir("atomic");
    std::string expected;
    for (int i = 0; i < 30000; ++i)
        expected += std::to_string(i) + (i % 7 ? "," : "\n");
    std::string big(200 * 1024, 'x');
    expected += big;
    writeFileAtomically(dir / "out.txt", [&](std::ostream& out) {
        for (int i = 0; i < 30000; ++i)
            out << i << (i % 7 ? ',' : '\n');
        out.write(big.data(), static_cast<std::streamsize>(big.size()));
    });
    EXPECT_EQ(readFile(dir / "out.txt", 1 << 24), expected);
    std::filesystem::remove_all(dir);
}

TEST(AtomicFile, WriterThatThrowsLeavesNoFileAndNoTemporary) {
    auto dir = test::makeTempDir("atomic-throw");
    writeFileAtomically(dir / "keep.txt", std::string_view("old"));
    EXPECT_THROW(writeFileAtomically(dir / "keep.txt",
                                     [](std::ostream& out) {
                                         out << std::string(100000, 'y');
                                         throw std::runtime_error("writer failed");
                                     }),
                 std::runtime_error);
    EXPECT_EQ(readFile(dir / "keep.txt", 100), "old");
    std::size_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        (void)entry;
        ++files;
    }
    EXPECT_EQ(files, 1u);
    std::filesystem::remove_all(dir);
}

TEST(ArchiveLock, SecondLockFailsUntilTheFirstIsReleased) {
    auto dir = test::makeTempDir("lock");
    {
        ArchiveLock first(dir);
        EXPECT_THROW(ArchiveLock second(dir), LockHeldError);
    }
    EXPECT_NO_THROW(ArchiveLock again(dir));
    std::filesystem::remove_all(dir);
}

UrlSpec item(const std::string& url) {
    UrlSpec spec;
    spec.source = "s";
    spec.kind = UrlKind::Item;
    spec.url = url;
    return spec;
}

TEST(SqliteStateStore, PassesResumeAndKnownUrls) {
    auto dir = test::makeTempDir("state");
    {
        SqliteStateStore store(dir / "jikji.db");
        PassInfo first = store.beginPass();
        EXPECT_EQ(first.pass, 1);
        EXPECT_FALSE(first.resumed);
        EXPECT_FALSE(store.schedule(item("http://p.kr/1"), 1));
        EXPECT_FALSE(store.schedule(item("http://p.kr/1"), 1));
        auto leased = store.lease("s", "run", 60);
        ASSERT_TRUE(leased);
        EXPECT_FALSE(store.lease("s", "run", 60));
    }
    {
        // A run died holding a lease: the pass resumes and the URL is pending again.
        SqliteStateStore store(dir / "jikji.db");
        PassInfo again = store.beginPass();
        EXPECT_EQ(again.pass, 1);
        EXPECT_TRUE(again.resumed);
        auto leased = store.lease("s", "run2", 60);
        ASSERT_TRUE(leased);
        FetchOutcome outcome;
        outcome.httpStatus = 200;
        outcome.digest = std::string(64, 'a');
        outcome.etag = "\"e1\"";
        store.recordFetched(leased->id, outcome);
        store.completeDiscovery(leased->id, {}, 1);
        EXPECT_FALSE(store.hasWork("s"));
        store.finishPass(1);
        EXPECT_EQ(store.itemsToExtract("s", 10).size(), 1u);
        store.markExtracted(leased->id);
        EXPECT_TRUE(store.itemsToExtract("s", 10).empty());

        PassInfo second = store.beginPass();
        EXPECT_EQ(second.pass, 2);
        EXPECT_FALSE(second.resumed);
        EXPECT_TRUE(store.isKnown(item("http://p.kr/1"), 2));
        EXPECT_FALSE(store.isKnown(item("http://p.kr/2"), 2));
        EXPECT_TRUE(store.schedule(item("http://p.kr/1"), 2));
        auto due = store.lease("s", "run3", 60);
        ASSERT_TRUE(due);
        EXPECT_EQ(due->etag, "\"e1\"");
        EXPECT_EQ(due->digest, std::string(64, 'a'));
        // 304: the capture stays, nothing changed, nothing to extract again.
        FetchOutcome notModified;
        notModified.httpStatus = 304;
        store.recordFetched(due->id, notModified);
        auto row = store.find(due->id);
        EXPECT_EQ(row->digest, std::string(64, 'a'));
        EXPECT_FALSE(row->changed);
        EXPECT_TRUE(row->extracted);
    }
    std::filesystem::remove_all(dir);
}

TEST(SqliteStateStore, FailedUrlsAreRetriedInTheNextPass) {
    auto dir = test::makeTempDir("state");
    SqliteStateStore store(dir / "jikji.db");
    store.beginPass();
    store.schedule(item("http://p.kr/x"), 1);
    auto leased = store.lease("s", "run", 60);
    store.recordFailure(leased->id, "HTTP 500", 4, 500);
    EXPECT_EQ(store.failures(1).size(), 1u);
    EXPECT_EQ(store.failures(1)[0].lastError, "HTTP 500");
    store.finishPass(1);
    store.beginPass();
    auto retried = store.lease("s", "run", 60);
    ASSERT_TRUE(retried);
    EXPECT_EQ(retried->attempts, 4u);
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace jikji
