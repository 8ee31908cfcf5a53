#include "pipeline/archive.h"

#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <memory>

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

TEST(ArchiveLock, SecondLockFailsUntilTheFirstIsReleased) {
    auto dir = test::makeTempDir("lock");
    {
        ArchiveLock first(dir);
        EXPECT_THROW(ArchiveLock second(dir), LockHeldError);
    }
    EXPECT_NO_THROW(ArchiveLock again(dir));
    std::filesystem::remove_all(dir);
}

TEST(ArchiveLock, ARunThatDiesLeavesItsStartForTheNextRun) {
    auto dir = test::makeTempDir("lock");
    {
        ArchiveLock first(dir);
        EXPECT_FALSE(first.uncleanSince());
        first.markClean();
    }
    auto before = std::filesystem::file_time_type::clock::now();
    { ArchiveLock dies(dir); }  // released without markClean: killed, or stopped by the disk
    std::optional<std::filesystem::file_time_type> since;
    {
        ArchiveLock next(dir);
        since = next.uncleanSince();
        ASSERT_TRUE(since);
        EXPECT_GE(*since, before - std::chrono::seconds(1));
    }
    // The unclean stretch starts with the first run that did not end cleanly.
    ArchiveLock third(dir);
    ASSERT_TRUE(third.uncleanSince());
    EXPECT_EQ(*third.uncleanSince(), *since);
    third.markClean();
    std::filesystem::remove_all(dir);
}

// An isolated converter forked while the run held the lock kept it after the run was killed,
// and the next run found the archive locked.
TEST(ArchiveLock, ForkedChildDoesNotKeepTheLock) {
    auto dir = test::makeTempDir("lock");
    auto lock = std::make_unique<ArchiveLock>(dir);
    int ready[2];
    ASSERT_EQ(::pipe(ready), 0);
    pid_t child = ::fork();
    if (child == 0) {
        // fork() has run its handlers by the time it returns here.
        (void)!::write(ready[1], "r", 1);
        ::sleep(5);
        ::_exit(0);
    }
    char byte = 0;
    ASSERT_EQ(::read(ready[0], &byte, 1), 1);
    ::close(ready[0]);
    ::close(ready[1]);
    lock.reset();
    EXPECT_NO_THROW(ArchiveLock again(dir));
    ::kill(child, SIGKILL);
    ::waitpid(child, nullptr, 0);
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
