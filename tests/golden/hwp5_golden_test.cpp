#include <gtest/gtest.h>

#include <filesystem>

#include "tests/support/fixtures.h"
#include "tests/support/hwp5_fixtures.h"

namespace jikji {
namespace {

// The committed binary fixtures are exactly what the test writer makes today.
TEST(Hwp5Golden, FixturesAreWhatTheWriterWrites) {
    auto all = test::hwp::documentFixtures();
    for (auto& fixture : test::hwp::hostileFixtures())
        all.push_back(std::move(fixture));
    for (const auto& [path, bytes] : all) {
        std::filesystem::path file = test::sourceDir() / "fixtures" / path;
        ASSERT_TRUE(std::filesystem::exists(file)) << file;
        EXPECT_TRUE(test::readBytes(file) == bytes)
            << file << " differs: run build/tests/write_hwp5_fixtures fixtures";
    }
}

}  // namespace
}  // namespace jikji
