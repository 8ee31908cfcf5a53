// Every HWP 3 file of the shared corpus converts with status ok, and its text scores ≥ 0.99
// (../shared/tools/charf1.py) against its Hancom-converted HWP 5 / HWPX twin (PAIRS.tsv), or,
// for the files without a twin, against kordoc's text (skipped when the corpus is absent).
#include <gtest/gtest.h>

#include <filesystem>

#include "converters/registry.h"
#include "tests/support/char_f1.h"
#include "tests/support/fixtures.h"

namespace jikji::converters {
namespace {

Document convertFile(const std::filesystem::path& path) {
    std::string bytes = test::readBytes(path);
    return convertInput(Input{bytes, path.filename().string()});
}

// The twins PAIRS.tsv lists for `hwp3/X.hwp` are named after it.
std::vector<std::filesystem::path> twinsOf(const std::filesystem::path& corpus,
                                           const std::string& stem) {
    std::vector<std::filesystem::path> out;
    for (const std::filesystem::path& candidate :
         {corpus / "hwp" / (stem + "-hwp5.hwp"), corpus / "hwpx" / (stem + "-hwpx.hwpx"),
          corpus / "hwpx" / (stem + "-hwp5.hwpx"), corpus / "hwpx" / (stem + ".hwpx")})
        if (std::filesystem::exists(candidate)) out.push_back(candidate);
    return out;
}

TEST(Hwp3Corpus, EveryFileConvertsOkAndAgreesWithItsTwinOrKordoc) {
    auto corpus = test::corpusDir();
    if (!corpus || !std::filesystem::is_directory(*corpus / "hwp3")) GTEST_SKIP() << "no corpus";
    std::size_t files = 0, twinScores = 0, peerScores = 0;
    for (const auto& entry : std::filesystem::directory_iterator(*corpus / "hwp3")) {
        if (entry.path().extension() != ".hwp") continue;
        ++files;
        Document document = convertFile(entry.path());
        EXPECT_EQ(document.format, "hwp3") << entry.path();
        EXPECT_EQ(document.status, Status::Ok) << entry.path();
        EXPECT_FALSE(document.text.empty()) << entry.path();
        std::string stem = entry.path().stem().string();
        auto twins = twinsOf(*corpus, stem);
        for (const auto& twin : twins) {
            Document reference = convertFile(twin);
            EXPECT_GE(test::charF1(document.text, reference.text), 0.99) << stem << " vs " << twin;
            ++twinScores;
        }
        std::filesystem::path peer =
            *corpus / "peers/kordoc" / (entry.path().filename().string() + ".txt");
        if (twins.empty() && std::filesystem::exists(peer)) {
            EXPECT_GE(test::charF1(document.text, test::readBytes(peer)), 0.99) << stem;
            ++peerScores;
        }
    }
    EXPECT_GE(files, 15u);
    EXPECT_GE(twinScores, 18u);
    EXPECT_GE(peerScores, 5u);
}

}  // namespace
}  // namespace jikji::converters
