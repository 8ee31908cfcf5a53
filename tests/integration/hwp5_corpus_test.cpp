#include <gtest/gtest.h>

#include <filesystem>

#include "converters/registry.h"
#include "tests/support/fixtures.h"

namespace jikji {
namespace {

// Every real file of corpus/hwp converts without a crash, with a format and a non-failure
// status where the file is an intact HWP 5 document.
TEST(Hwp5Corpus, EveryFileConverts) {
    auto corpus = test::corpusDir();
    if (!corpus) GTEST_SKIP() << "no corpus";
    std::size_t files = 0;
    std::size_t hwp5 = 0;
    for (const auto& entry : std::filesystem::directory_iterator(*corpus / "hwp")) {
        std::string bytes = test::readBytes(entry.path());
        std::string name = entry.path().filename().string();
        Document document = converters::convertInput(converters::Input{bytes, name});
        ++files;
        EXPECT_FALSE(document.format.empty()) << name;
        if (document.format != "hwp5") continue;
        ++hwp5;
        EXPECT_TRUE(document.status == Status::Ok || document.status == Status::Partial ||
                    document.status == Status::Encrypted)
            << name << ": " << toString(document.status);
        EXPECT_EQ(document.text.find("상위 버전의 배포용 문서"), std::string::npos) << name;
        if (document.metadata.count("protection") &&
            document.metadata.at("protection") == "distribution") {
            EXPECT_GT(document.text.size(), 500u) << name;
        }
    }
    EXPECT_GT(files, 200u);
    EXPECT_GT(hwp5, 200u);
}

// The truncated download (BodyText sectors lie past the cut): PrvText gives its text.
TEST(Hwp5Corpus, TruncatedCompoundFileFallsBackToThePreview) {
    auto corpus = test::corpusDir();
    if (!corpus) GTEST_SKIP() << "no corpus";
    std::filesystem::path file = *corpus / "hwp" / "neolord0__hwplib__000000000000575003.hwp";
    if (!std::filesystem::exists(file)) GTEST_SKIP() << "file absent";
    std::string bytes = test::readBytes(file);
    Document document = converters::convertInput(converters::Input{bytes, "x.hwp"});
    EXPECT_EQ(document.status, Status::Partial);
    EXPECT_GT(document.text.size(), 500u);
    EXPECT_EQ(document.metadata.at("author"), "etax3F");
}

// A real file cut every 256 bytes, as a download stopped short: cut after the directory, it
// gave `ok` with no text (libgsf's unreadable streams were taken for absent ones). A cut file
// is never `ok` unless it still gives the whole text.
TEST(Hwp5Corpus, CutDownloadIsNeverOkWithLessText) {
    auto corpus = test::corpusDir();
    if (!corpus) GTEST_SKIP() << "no corpus";
    std::filesystem::path file = *corpus / "hwp" / "Indosaram__hwpers__styled_document.hwp";
    if (!std::filesystem::exists(file)) GTEST_SKIP() << "file absent";
    std::string bytes = test::readBytes(file);
    Document whole = converters::convertInput(converters::Input{bytes, "whole.hwp"});
    ASSERT_EQ(whole.status, Status::Ok);
    ASSERT_FALSE(whole.text.empty());
    std::size_t damaged = 0;
    for (std::size_t cut = 512; cut < bytes.size(); cut += 256) {
        Document document =
            converters::convertInput(converters::Input{bytes.substr(0, cut), "cut.hwp"});
        if (document.status == Status::Ok)
            EXPECT_EQ(document.text, whole.text) << "cut at " << cut;
        else
            ++damaged;
    }
    EXPECT_GT(damaged, 0u);
}

}  // namespace
}  // namespace jikji
