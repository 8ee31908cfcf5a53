#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <set>

#include "pipeline/json_writer.h"
#include "stages/extract/extract.h"
#include "tests/support/fixtures.h"

namespace jikji {
namespace {

Document extract(const std::filesystem::path& file) {
    std::string bytes = test::readBytes(file);
    return stages::extractDocument({bytes, file.filename().string()}, {.isolate = false});
}

Poco::JSON::Object::Ptr pressJson(const Document& document) {
    return documentToJson(document)->getObject("press_release");
}

// The press releases among the corpus files, read by eye; every other file must get no section.
const std::set<std::string>& pressReleases() {
    static const std::set<std::string> files{
        "hwp/WBmaker2__rhwp__20250130-hongbo.hwp",
        "hwp/WBmaker2__rhwp__2025년_2분기_해외직접투자_최종_.hwp",
        "hwp/WBmaker2__rhwp__250813_보도자료_2025년_7월중_가계대출_동향.hwp",
        "hwp/WBmaker2__rhwp__hwp-multi-001.hwp",
        "hwp/WBmaker2__rhwp__hwpx-h-02.hwp",
        "hwpx/WBmaker2__rhwp__156631374_taxi_press.hwpx",
        "hwpx/WBmaker2__rhwp__156637323_unification_lecture.hwpx",
        "hwpx/WBmaker2__rhwp__2025년_2분기_해외직접투자_최종_.hwpx",
        "hwpx/WBmaker2__rhwp__250813_보도자료_2025년_7월중_가계대출_동향.hwpx",
        "hwpx/WBmaker2__rhwp__hwpx-h-02.hwpx",
        "hwpx/WBmaker2__rhwp__hy-001.hwpx",
        "hwpx/hwpxlib__error_20241104_mot.hwpx",
        "hwpx/pyhwpx__m2_corpus_public_official_table.hwpx",
        "hwpx-distribution/octopus__korea-156742140.hwpx",
        "hwpx-distribution/octopus__korea-156742677.hwpx",
    };
    return files;
}

TEST(CorpusPressReleases, OnlyPressReleasesGetTheSection) {
    auto corpus = test::corpusDir();
    if (!corpus) GTEST_SKIP() << "corpus absent";
    std::size_t found = 0;
    for (const char* folder : {"hwp", "hwpx", "hwpx-distribution"}) {
        for (const auto& entry : std::filesystem::directory_iterator(*corpus / folder)) {
            std::string name = std::string(folder) + "/" + entry.path().filename().string();
            bool expected = pressReleases().count(name) > 0;
            Document document = extract(entry.path());
            EXPECT_EQ(document.pressRelease.has_value(), expected) << name;
            found += document.pressRelease.has_value();
        }
    }
    EXPECT_EQ(found, pressReleases().size());
}

// The facts of every press release in the corpus, pinned in a golden file per release under
// fixtures/corpus-goldens/press_release/ (the corpus files themselves stay in ../shared).
// Regenerate with JIKJI_UPDATE_GOLDENS=1 and review the diff.
TEST(CorpusPressReleases, EveryReleaseMatchesItsGolden) {
    auto corpus = test::corpusDir();
    if (!corpus) GTEST_SKIP() << "corpus absent";
    std::filesystem::path goldens = test::sourceDir() / "fixtures/corpus-goldens/press_release";
    bool update = std::getenv("JIKJI_UPDATE_GOLDENS") != nullptr;
    for (const std::string& name : pressReleases()) {
        auto press = pressJson(extract(*corpus / name));
        ASSERT_TRUE(press) << name;
        std::string json = toJsonString(press);
        std::filesystem::path golden =
            goldens / (std::filesystem::path(name).filename().string() + ".json");
        if (update) {
            std::filesystem::create_directories(goldens);
            std::ofstream(golden, std::ios::binary) << json;
        }
        ASSERT_TRUE(std::filesystem::exists(golden)) << golden;
        EXPECT_EQ(json, test::readBytes(golden)) << name;
    }
}

// The same release saved as HWP and as HWPX gives the same fields, to the letter.
TEST(CorpusPressReleases, HwpAndHwpxTwinsGiveTheSameFields) {
    auto corpus = test::corpusDir();
    if (!corpus) GTEST_SKIP() << "corpus absent";
    for (const char* stem : {"WBmaker2__rhwp__250813_보도자료_2025년_7월중_가계대출_동향",
                             "WBmaker2__rhwp__2025년_2분기_해외직접투자_최종_"}) {
        auto hwp = pressJson(extract(*corpus / "hwp" / (std::string(stem) + ".hwp")));
        auto hwpx = pressJson(extract(*corpus / "hwpx" / (std::string(stem) + ".hwpx")));
        ASSERT_TRUE(hwp && hwpx) << stem;
        EXPECT_EQ(toJsonString(hwp), toJsonString(hwpx)) << stem;
    }
}

TEST(CorpusPressReleases, FieldsMatchWhatAPersonReads) {
    auto corpus = test::corpusDir();
    if (!corpus) GTEST_SKIP() << "corpus absent";
    auto fsc =
        extract(*corpus / "hwpx/WBmaker2__rhwp__250813_보도자료_2025년_7월중_가계대출_동향.hwpx")
            .pressRelease;
    ASSERT_TRUE(fsc);
    EXPECT_EQ(fsc->embargoAt, "2025-08-13T15:00:00+09:00");
    EXPECT_EQ(fsc->releasedAt, "2025-08-13T09:00:00+09:00");
    EXPECT_EQ(fsc->title, "7월중 가계대출 동향(잠정) 및 「가계부채 점검회의」 개최");

    auto mcst = extract(*corpus / "hwpx/hwpxlib__error_20241104_mot.hwpx").pressRelease;
    ASSERT_TRUE(mcst);
    EXPECT_EQ(mcst->issuer, "문화체육관광부");
    EXPECT_EQ(mcst->embargoAt, "2024-01-02T08:00:00+09:00");
    EXPECT_EQ(mcst->title, "2024 파리 올림픽·패럴림픽 준비하는 우리 선수단 격려한다");
    ASSERT_EQ(mcst->contacts.size(), 4u);
    EXPECT_EQ(mcst->contacts[0].department, "체육국");
    EXPECT_EQ(mcst->contacts[0].role, "책임자");
    EXPECT_EQ(mcst->contacts[0].jobTitle, "과장");
    EXPECT_EQ(mcst->contacts[0].name, "정태경");
    EXPECT_EQ(mcst->contacts[0].phone, "044-203-3111");
    EXPECT_EQ(mcst->contacts[3].name, "이기태");

    auto taxi = extract(*corpus / "hwpx/WBmaker2__rhwp__156631374_taxi_press.hwpx").pressRelease;
    ASSERT_TRUE(taxi);
    EXPECT_EQ(taxi->kind, "보도설명자료");
    EXPECT_EQ(taxi->edition, "즉시");
    EXPECT_EQ(taxi->releasedAt, "2024-05-20");

    auto mois = extract(*corpus / "hwpx/pyhwpx__m2_corpus_public_official_table.hwpx").pressRelease;
    ASSERT_TRUE(mois);
    EXPECT_EQ(mois->embargoAt, "2025-12-02T16:00:00+09:00");
    EXPECT_EQ(mois->edition, "조간");
    EXPECT_EQ(mois->title, "‘국민주권시대, AI와 함께 열다’");

    // A distribution (배포용) release from korea.kr, decrypted first.
    auto kostat = extract(*corpus / "hwpx-distribution/octopus__korea-156742677.hwpx").pressRelease;
    ASSERT_TRUE(kostat);
    EXPECT_EQ(kostat->title, "2026년 1월 소비자물가동향");
    EXPECT_EQ(kostat->embargoAt, "2026-02-03T08:00:00+09:00");
    EXPECT_EQ(kostat->releasedAt, "2026-02-03T07:30:00+09:00");
}

}  // namespace
}  // namespace jikji
