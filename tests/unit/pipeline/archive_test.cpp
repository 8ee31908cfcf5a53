#include "pipeline/archive.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace jikji
