#include "stages/normalize/normalize_text.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "tests/support/fixtures.h"

namespace jikji::normalize {
namespace {

std::string fixture(const std::string& name) {
    return test::readBytes(test::sourceDir() / "fixtures" / "encoding" / name);
}

TEST(NormalizeText, NfdHangulBecomesNfc) {
    std::string nfd = fixture("nfd.utf8.txt");
    ASSERT_NE(nfd, "한글 문서");
    NormalizeResult result = normalizeText(nfd);
    EXPECT_EQ(result.text, "한글 문서");
    EXPECT_EQ(result.counts.nfcChanged, 2u);                 // two words, two stretches
    EXPECT_EQ(normalizeText("e\xCC\x81").text, "\xC3\xA9");  // e + U+0301 → é
}

TEST(NormalizeText, PlainKoreanPassesUnchanged) {
    std::string text = fixture("press-release.utf8.txt");
    NormalizeResult result = normalizeText(text);
    EXPECT_EQ(result.text, text);
    EXPECT_FALSE(result.counts.any());
}

TEST(NormalizeText, ControlsAndZeroWidthAreRemovedAndCounted) {
    NormalizeResult result = normalizeText("가\x01나\u200B다\uFEFF라\u00AD마\x7F\xC2\x80");
    EXPECT_EQ(result.text, "가나다라마");
    EXPECT_EQ(result.counts.controlsRemoved, 3u);
    EXPECT_EQ(result.counts.zeroWidthRemoved, 3u);
}

TEST(NormalizeText, TabsAndLineBreaksCarryStructure) {
    NormalizeResult result = normalizeText("a\tb\r\nc\rd\u2028e");
    EXPECT_EQ(result.text, "a\tb\nc\nd\ne");
    EXPECT_EQ(result.counts.lineBreaksUnified, 3u);
    NormalizeResult line = normalizeText("a\tb\nc", {.multiline = false});
    EXPECT_EQ(line.text, "a b c");
}

TEST(NormalizeText, UnicodeSpacesCollapseAndLinesAreTrimmed) {
    NormalizeResult result = normalizeText("  용\u00A0\u00A0역\u3000 명 :  \n\u2003 둘째 줄  ");
    EXPECT_EQ(result.text, "용 역 명 :\n둘째 줄");
    EXPECT_EQ(result.counts.spacesReplaced, 4u);
    EXPECT_EQ(result.counts.spacesCollapsed, 10u);
}

TEST(NormalizeText, KnownPuaSymbolsAreMappedOthersKeptAndCounted) {
    NormalizeResult result = normalizeText(
        "\uF06C 1\n\uF09F 2\n\uF076 3\n\uF0A7 4\n\uF53A글\n\U000F02B1 대국민\n\uF0FE\uF0F2");
    EXPECT_EQ(result.text, "● 1\n• 2\n❖ 3\n▪ 4\n한글\n\U000F02B1 대국민\n☑⇩");
    EXPECT_EQ(result.counts.puaMapped, 7u);
    EXPECT_EQ(result.counts.puaKept, 1u);
}

// hwplib's text of pyhwp's lists.hwp holds the Wingdings bullets as Hancom stores them.
TEST(NormalizeText, CorpusBulletsFromSymbolFontsBecomeUnicode) {
    auto corpus = test::corpusDir();
    if (!corpus) GTEST_SKIP() << "no corpus";
    auto path = *corpus / "peers" / "hwplib" / "pyhwp__lists.hwp.txt";
    if (!std::filesystem::exists(path)) GTEST_SKIP() << "no " << path;
    NormalizeResult result = normalizeText(test::readBytes(path));
    std::string_view expected = "\n\n글머리표\n● 1\n● 2\n● 3\n\n글머리표 두 번째\n• 1\n• 2\n• 3\n";
    EXPECT_EQ(result.text.substr(0, expected.size()), expected);
    EXPECT_EQ(result.counts.puaMapped, 6u);
    EXPECT_EQ(result.counts.puaKept, 0u);
}

// NFC would turn U+F900 into U+8C48 and compose the modern part of an old-Hangul block.
TEST(NormalizeText, HanjaCompatibilityIdeographsAndOldHangulAreLeftAlone) {
    std::string hanja = "\uF900\uF901 \uFA0B 漢字";
    EXPECT_EQ(normalizeText(hanja).text, hanja);
    std::string oldHangul = "\u1112\u119E\u11AB \u1100\u1161\u11EB";  // ᄒᆞᆫ, ᄀ ᅡ ᇫ
    EXPECT_EQ(normalizeText(oldHangul).text, oldHangul);
    EXPECT_EQ(normalizeText(oldHangul).counts.nfcChanged, 0u);
    std::string compatibilityJamo = "ㄱㄴㅏ ㆍ";
    EXPECT_EQ(normalizeText(compatibilityJamo).text, compatibilityJamo);
    // Modern conjoining jamo do compose.
    EXPECT_EQ(normalizeText("\u1112\u1161\u11AB").text, "한");
}

TEST(NormalizeText, IllFormedUtf8IsReplacedAndCounted) {
    NormalizeResult result = normalizeText("가\xFF나");
    EXPECT_EQ(result.text, "가\uFFFD나");
    EXPECT_EQ(result.counts.invalidUtf8, 1u);
}

TEST(Mojibake, Cp1252AndLatin1ReadingsAreRepairedExactly) {
    for (const char* name : {"mojibake.cp1252.txt", "mojibake.latin1.txt"}) {
        NormalizeResult result = normalizeText(fixture(name));
        EXPECT_EQ(result.text, "금융위원회 보도자료") << name;
        EXPECT_EQ(result.counts.mojibakeRepaired, 1u) << name;
    }
    EXPECT_EQ(repairMojibake("ê¸ˆìœµ"), "금융");
}

TEST(Mojibake, RepairSurvivesIllFormedBytesAroundIt) {
    NormalizeResult result = normalizeText("\xFFê¸ˆìœµ\xC3");
    EXPECT_EQ(result.text, "\uFFFD금융\uFFFD");
    EXPECT_EQ(result.counts.invalidUtf8, 2u);
    EXPECT_EQ(result.counts.mojibakeRepaired, 1u);
}

// Found by charset_fuzz: a run walked back from an ill-formed C3 lead and never got past it.
TEST(Mojibake, IllFormedLeadAfterARunDoesNotHang) {
    NormalizeResult result = normalizeText("\xC3\xAB\xB3\xC2\xC3\xC2\xC2\x8F");
    EXPECT_EQ(result.text, "\u00EB\uFFFD\uFFFD\uFFFD\uFFFD");
}

TEST(Mojibake, DoubleEncodedTextIsUnwrapped) {
    // 금 → ê¸ˆ → ÃªÂ¸Ë† (UTF-8 read as CP1252 twice).
    NormalizeResult result = normalizeText("ÃªÂ¸Ë†");
    EXPECT_EQ(result.text, "금");
    EXPECT_EQ(result.counts.mojibakeRepaired, 2u);
}

// Found by charset_fuzz: a C1 control inside a run blocked the repair, and the second
// normalisation (after the control was removed) repaired it.
TEST(Mojibake, RunJoinedByRemovingAControlIsRepairedInTheSamePass) {
    NormalizeResult once = normalizeText("\u00DA\u201C\u0081");
    EXPECT_EQ(once.text, "\u0693");
    EXPECT_EQ(normalizeText(once.text).text, once.text);
}

// Found by charset_fuzz: the same with a no-break space that became a plain space.
TEST(Mojibake, RunJoinedByReplacingANoBreakSpaceIsRepairedInTheSamePass) {
    NormalizeResult once = normalizeText("\u00DF\u00B0\u00A0x");
    EXPECT_EQ(once.text, "\u07F0 x");
    EXPECT_EQ(normalizeText(once.text).text, once.text);
}

// Found by charset_fuzz: NFC composed O + U+0300 into Ò, the lead of a run that only the second
// normalisation repaired.
TEST(Mojibake, RunCompletedByCompositionIsRepairedInTheSamePass) {
    NormalizeResult once = normalizeText("O\u0300\u00B6");
    EXPECT_EQ(once.text, "\u04B6");
    EXPECT_EQ(once.counts.mojibakeRepaired, 1u);
    EXPECT_EQ(normalizeText(once.text).text, once.text);
}

TEST(Mojibake, LossyMojibakeIsFlaggedNotTouched) {
    std::string lossy = fixture("mojibake-lossy.cp1252.txt");
    NormalizeResult result = normalizeText(lossy);
    EXPECT_EQ(result.text, lossy);
    EXPECT_EQ(result.counts.mojibakeRepaired, 0u);
    EXPECT_EQ(result.counts.mojibakeSuspected, 1u);
}

TEST(Mojibake, OrdinaryLatinAndKoreanTextIsNotTouched) {
    for (std::string_view text : {"café résumé naïve", "참여·소통 ×2 ±3°C", "Ø 10 mm, ½"}) {
        NormalizeResult result = normalizeText(text);
        EXPECT_EQ(result.text, text);
        EXPECT_EQ(result.counts.mojibakeRepaired + result.counts.mojibakeSuspected, 0u) << text;
    }
}

TEST(NormalizeText, WarningsNameEveryLossyStepWithItsCount) {
    NormalizeResult result = normalizeText("a\x01 \u00A0b\uE000");
    std::vector<Warning> warnings = warningsFor(result.counts, "text");
    std::vector<std::string> codes;
    for (const Warning& warning : warnings)
        codes.push_back(warning.code + ":" + warning.message.substr(0, warning.message.find(' ')));
    EXPECT_EQ(codes, (std::vector<std::string>{"text_controls_removed:1", "text_spaces_replaced:1",
                                               "text_spaces_collapsed:1", "text_pua_kept:1"}));
}

}  // namespace
}  // namespace jikji::normalize
