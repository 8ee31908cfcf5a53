// Every real HWPX of the shared corpus converts without a failure status, and the distribution
// samples give their real text (skipped when the corpus is absent).
#include <gtest/gtest.h>

#include <filesystem>

#include "converters/registry.h"
#include "tests/support/fixtures.h"

namespace jikji::converters {
namespace {

Document convertFile(const std::filesystem::path& path) {
    std::string bytes = test::readBytes(path);
    return convertInput(Input{bytes, path.filename().string()});
}

TEST(HwpxCorpus, EveryDocumentConvertsWithoutFailure) {
    auto corpus = test::corpusDir();
    if (!corpus) GTEST_SKIP() << "no corpus";
    std::size_t count = 0;
    for (const char* folder : {"hwpx", "hwpx-distribution"}) {
        for (const auto& entry : std::filesystem::directory_iterator(*corpus / folder)) {
            if (!entry.is_regular_file()) continue;
            Document document = convertFile(entry.path());
            EXPECT_EQ(document.format, "hwpx") << entry.path();
            EXPECT_FALSE(isFailure(document.status))
                << entry.path() << ": " << toString(document.status);
            ++count;
        }
    }
    EXPECT_GT(count, 150u);
}

TEST(HwpxCorpus, EncryptedAndDecryptedPairGiveTheSameText) {
    auto corpus = test::corpusDir();
    if (!corpus) GTEST_SKIP() << "no corpus";
    Document encrypted = convertFile(*corpus / "hwpx-distribution/octopus__encrypted.hwpx");
    Document decrypted = convertFile(*corpus / "hwpx-distribution/octopus__decrypted.hwpx");
    EXPECT_EQ(encrypted.status, Status::Ok);
    EXPECT_EQ(encrypted.metadata["protection"], "distribution");
    EXPECT_EQ(decrypted.metadata.count("protection"), 0u);
    EXPECT_FALSE(encrypted.text.empty());
    EXPECT_EQ(encrypted.text, decrypted.text);
}

TEST(HwpxCorpus, KoreaKrDistributionDocumentsGiveTheirText) {
    auto corpus = test::corpusDir();
    if (!corpus) GTEST_SKIP() << "no corpus";
    for (const char* name : {"octopus__korea-156742140.hwpx", "octopus__korea-156742677.hwpx"}) {
        Document document = convertFile(*corpus / "hwpx-distribution" / name);
        EXPECT_EQ(document.status, Status::Ok) << name;
        EXPECT_EQ(document.metadata["protection"], "distribution") << name;
        EXPECT_GT(document.text.size(), 1000u) << name;
        // The real text, not the distribution placeholder or mojibake.
        EXPECT_EQ(document.text.find("\xEF\xBF\xBD"), std::string::npos) << name;
    }
}

}  // namespace
}  // namespace jikji::converters
