#include "pipeline/archive.h"

#include <gtest/gtest.h>

#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <stdexcept>

#include "pipeline/atomic_file.h"
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

std::size_t filesIn(const std::filesystem::path& dir) {
    std::size_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        (void)entry;
        ++files;
    }
    return files;
}

// Both ways of writing: a named temporary renamed (Synced) and an unnamed file linked (Unsynced).
constexpr Durability kBothDurabilities[] = {Durability::Synced, Durability::Unsynced};

TEST(AtomicFile, StreamedWriteHoldsEveryByteAcrossItsBuffer) {
    auto dir = test::makeTempDir("atomic");
    std::string expected;
    for (int i = 0; i < 30000; ++i)
        expected += std::to_string(i) + (i % 7 ? "," : "\n");
    std::string big(200 * 1024, 'x');
    expected += big;
    for (Durability durability : kBothDurabilities) {
        const auto path = dir / (durability == Durability::Synced ? "synced.txt" : "unsynced.txt");
        writeFileAtomically(
            path,
            [&](std::ostream& out) {
                for (int i = 0; i < 30000; ++i)
                    out << i << (i % 7 ? ',' : '\n');
                out.write(big.data(), static_cast<std::streamsize>(big.size()));
            },
            {}, durability);
        EXPECT_EQ(readFile(path, 1 << 24), expected);
    }
    EXPECT_EQ(filesIn(dir), 2u);
    std::filesystem::remove_all(dir);
}

TEST(AtomicFile, WriterThatThrowsLeavesNoFileAndNoTemporary) {
    auto dir = test::makeTempDir("atomic-throw");
    writeFileAtomically(dir / "keep.txt", std::string_view("old"));
    for (Durability durability : kBothDurabilities) {
        EXPECT_THROW(writeFileAtomically(
                         dir / "keep.txt",
                         [](std::ostream& out) {
                             out << std::string(100000, 'y');
                             throw std::runtime_error("writer failed");
                         },
                         {}, durability),
                     std::runtime_error);
        EXPECT_EQ(readFile(dir / "keep.txt", 100), "old");
        EXPECT_EQ(filesIn(dir), 1u);
    }
    std::filesystem::remove_all(dir);
}

// `convert --out` into a folder that holds last run's outputs: a link cannot replace a file, so
// the new bytes must still take the old name whole, and leave no temporary beside it.
TEST(AtomicFile, UnsyncedOutputReplacesLastRunsFile) {
    auto dir = test::makeTempDir("atomic-replace");
    writeFileAtomically(dir / "doc.txt", std::string_view("last run, longer than the new text"));
    writeFileAtomically(
        dir / "doc.txt", [](std::ostream& out) { out << "this run"; }, {}, Durability::Unsynced);
    EXPECT_EQ(readFile(dir / "doc.txt", 100), "this run");
    EXPECT_EQ(filesIn(dir), 1u);
    std::filesystem::remove_all(dir);
}

// Where /proc is not mounted (some chroots and containers) the unnamed file cannot be linked:
// its bytes must reach the name through a copy. The child hides /proc in a mount namespace of
// its own, which needs privileges; without them the test is skipped.
TEST(AtomicFile, UnsyncedOutputIsWrittenWithoutProcToLinkThrough) {
    auto dir = test::makeTempDir("atomic-noproc");
    writeFileAtomically(dir / "old.txt", std::string_view("old bytes"));
    const std::string text(300 * 1024, 'z');
    pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        if (::unshare(CLONE_NEWNS) != 0 ||
            ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
            ::mount("none", "/proc", "tmpfs", 0, nullptr) != 0)
            ::_exit(77);
        if (::access("/proc/self/fd", F_OK) == 0) ::_exit(78);
        try {
            for (const char* name : {"new.txt", "old.txt"})
                writeFileAtomically(
                    dir / name, [&](std::ostream& out) { out << text; }, {}, Durability::Unsynced);
        } catch (...) {
            ::_exit(1);
        }
        ::_exit(0);
    }
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFEXITED(status));
    if (WEXITSTATUS(status) == 77) GTEST_SKIP() << "no privilege to hide /proc";
    ASSERT_EQ(WEXITSTATUS(status), 0);
    EXPECT_EQ(readFile(dir / "new.txt", 1 << 20), text);
    EXPECT_EQ(readFile(dir / "old.txt", 1 << 20), text);
    EXPECT_EQ(filesIn(dir), 2u);
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

}  // namespace
}  // namespace jikji
