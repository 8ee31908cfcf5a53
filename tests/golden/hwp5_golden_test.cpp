#include <gtest/gtest.h>

#include <filesystem>

#include "converters/registry.h"
#include "pipeline/json_writer.h"
#include "tests/support/fixtures.h"
#include "tests/support/hwp5_fixtures.h"

namespace jikji {
namespace {

// Every authored HWP document converts to the golden JSON beside it (regenerate with
// scripts/update-goldens and review the diff).
TEST(Hwp5Golden, DocumentsMatchTheirGoldens) {
    std::size_t compared = 0;
    for (const char* folder : {"hwp5", "hwp3"}) {
        std::filesystem::path dir = test::sourceDir() / "fixtures" / "documents" / folder;
        for (const auto& entry : std::filesystem::directory_iterator(dir)) {
            if (entry.path().extension() != ".hwp") continue;
            std::string bytes = test::readBytes(entry.path());
            Document document = converters::convertInput(
                converters::Input{bytes, entry.path().filename().string()});
            std::filesystem::path golden = entry.path();
            golden += ".json";
            ASSERT_TRUE(std::filesystem::exists(golden)) << golden;
            EXPECT_EQ(toJsonString(documentToJson(document)), test::readBytes(golden))
                << entry.path();
            ++compared;
        }
    }
    EXPECT_GE(compared, 7u);
}

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
