// Every authored document under fixtures/documents/ that has a golden `X.json` beside it must
// convert to exactly that output (regenerate with scripts/update-goldens, review the diff).
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/support/fixtures.h"

namespace jikji::test {
namespace {

TEST(Goldens, EveryDocumentMatchesItsGolden) {
    std::filesystem::path root = sourceDir() / "fixtures/documents";
    std::filesystem::path out = makeTempDir("goldens");
    std::size_t compared = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
        if (!entry.is_regular_file() || entry.path().extension() == ".json") continue;
        std::filesystem::path golden = entry.path().string() + ".json";
        if (!std::filesystem::exists(golden)) continue;
        CommandResult result = runJikji({"convert", "--out", out.string(), entry.path().string()});
        EXPECT_LE(result.exitCode, 1) << entry.path() << ": " << result.err;
        std::filesystem::path produced = out / (entry.path().filename().string() + ".json");
        EXPECT_EQ(readBytes(produced), readBytes(golden))
            << entry.path() << " differs from its golden (scripts/update-goldens)";
        ++compared;
    }
    std::filesystem::remove_all(out);
    EXPECT_GE(compared, 17u);
}

// The Markdown goldens (`X.md` beside a fixture): footnotes, an equation, merged cells.
TEST(Goldens, MarkdownMatchesItsGolden) {
    std::filesystem::path root = sourceDir() / "fixtures/documents";
    std::filesystem::path out = makeTempDir("markdown-goldens");
    std::size_t compared = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
        std::filesystem::path golden = entry.path().string() + ".md";
        if (!entry.is_regular_file() || !std::filesystem::exists(golden)) continue;
        CommandResult result = runJikji(
            {"convert", "--format", "markdown", "--out", out.string(), entry.path().string()});
        EXPECT_LE(result.exitCode, 1) << entry.path() << ": " << result.err;
        EXPECT_EQ(readBytes(out / (entry.path().filename().string() + ".md")), readBytes(golden))
            << entry.path() << " differs from its Markdown golden (scripts/update-goldens)";
        ++compared;
    }
    std::filesystem::remove_all(out);
    EXPECT_GE(compared, 3u);
}

}  // namespace
}  // namespace jikji::test
