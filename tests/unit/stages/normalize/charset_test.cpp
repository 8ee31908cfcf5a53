#include "stages/normalize/charset.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "tests/support/fixtures.h"

namespace jikji::normalize {
namespace {

std::string fixture(const std::string& name) {
    return test::readBytes(test::sourceDir() / "fixtures" / "encoding" / name);
}

bool hasWarning(const std::vector<Warning>& warnings, std::string_view code) {
    return std::any_of(warnings.begin(), warnings.end(),
                       [&](const Warning& w) { return w.code == code; });
}

constexpr std::string_view kPress =
    "전주시, 2025년 하반기 청년 일자리 지원사업 공고\n문의: 일자리정책과 (063-281-2114)\n";
constexpr std::string_view kUhc = "똠방각하 뷁 햏자 쀍\n";

TEST(CharsetLabels, EveryKoreanLabelUsesTheWindows949Converter) {
    for (std::string_view label :
         {"euc-kr", "EUC-KR", "cp949", "ks_c_5601-1987", "windows-949", "x-windows-949", "korean",
          "ksc5601", "csEUCKR", "ksc_5601", "iso-ir-149", "ks_c_5601-1989", "csKSC56011987",
          " Euc-Kr ", "uhc", "ms949"})
        EXPECT_EQ(canonicalCharset(label), "windows-949") << label;
    EXPECT_EQ(canonicalCharset("utf8"), "UTF-8");
    EXPECT_EQ(canonicalCharset("UTF-8"), "UTF-8");
    EXPECT_EQ(canonicalCharset("iso-8859-1"), "windows-1252");
    EXPECT_EQ(canonicalCharset("utf-16"), "UTF-16LE");
    EXPECT_TRUE(canonicalCharset("shift_jis").has_value());
    EXPECT_FALSE(canonicalCharset("no-such-charset").has_value());
    EXPECT_FALSE(canonicalCharset("").has_value());
}

// ICU's EUC-KR converter turns 8C 63 into U+008C 'c'; the label must not reach it.
TEST(CharsetDecode, UhcOnlySyllablesDecodeUnderTheEucKrLabel) {
    DecodedText decoded = decodeToUtf8(fixture("uhc-syllables.cp949.txt"), "euc-kr");
    EXPECT_EQ(decoded.text, kUhc);
    EXPECT_EQ(decoded.text, fixture("uhc-syllables.utf8.txt"));
    EXPECT_EQ(decoded.replacements, 0u);
    EXPECT_EQ(decodeToUtf8("\x8C\x63", "EUC-KR").text, "똠");
}

TEST(CharsetDecode, EucKrAndUtf8PairsGiveTheSameText) {
    EXPECT_EQ(decodeToUtf8(fixture("press-release.euc-kr.txt"), "euc-kr").text, kPress);
    EXPECT_EQ(decodeToUtf8(fixture("press-release.utf8.txt"), "utf-8").text, kPress);
    EXPECT_EQ(decodePage(fixture("press-release.euc-kr.txt")).text, kPress);
    EXPECT_EQ(decodePage(fixture("press-release.utf8.txt")).text, kPress);
}

TEST(CharsetDecode, TruncatedCp949IsReplacedOnceAndReported) {
    DecodedText decoded = decodePage(fixture("truncated.cp949.txt"));
    EXPECT_EQ(decoded.charset, "windows-949");
    EXPECT_EQ(decoded.text, "보도자\xEF\xBF\xBD");
    EXPECT_EQ(decoded.replacements, 1u);
    ASSERT_TRUE(hasWarning(decoded.warnings, "charset_invalid_bytes"));
}

TEST(CharsetDecode, TruncatedUtf8IsReplacedOnceAndReported) {
    DecodedText decoded = decodePage(fixture("truncated.utf8.txt"));
    EXPECT_EQ(decoded.charset, "UTF-8");
    EXPECT_EQ(decoded.text, "보도자\xEF\xBF\xBD");
    EXPECT_EQ(decoded.replacements, 1u);
    EXPECT_TRUE(hasWarning(decoded.warnings, "charset_invalid_bytes"));
}

TEST(CharsetDecode, BadPairInTheMiddleIsSubstitutedExplicitly) {
    DecodedText decoded = decodeToUtf8(fixture("invalid-middle.cp949.txt"), "cp949");
    EXPECT_EQ(decoded.text, "가\xEF\xBF\xBD나");
    EXPECT_EQ(decoded.replacements, 1u);
    ASSERT_EQ(decoded.warnings.size(), 1u);
    EXPECT_EQ(decoded.warnings[0].code, "charset_invalid_bytes");
    EXPECT_EQ(decoded.warnings[0].where, "byte 2");
}

TEST(CharsetDecode, UnknownLabelDecodesAsUtf8WithAWarning) {
    DecodedText decoded = decodeToUtf8("abc", "x-martian");
    EXPECT_EQ(decoded.text, "abc");
    EXPECT_TRUE(hasWarning(decoded.warnings, "charset_unknown_label"));
}

TEST(CharsetResolve, ByteOrderMarksWinAndAreDropped) {
    for (const char* name : {"bom.utf8.txt", "bom.utf16le.txt", "bom.utf16be.txt"}) {
        std::string bytes = fixture(name);
        CharsetDecision decision = resolveCharset(bytes, "text/plain; charset=euc-kr");
        EXPECT_EQ(decision.source, CharsetSource::Bom) << name;
        DecodedText decoded = decodePage(bytes, "text/plain; charset=euc-kr");
        EXPECT_EQ(decoded.text, "한글 BOM 시험") << name;
        EXPECT_EQ(decoded.replacements, 0u) << name;
    }
    EXPECT_EQ(resolveCharset(fixture("bom.utf16le.txt")).charset, "UTF-16LE");
    EXPECT_EQ(resolveCharset(fixture("bom.utf16be.txt")).charset, "UTF-16BE");
    CharsetDecision forced = resolveCharset(fixture("bom.utf8.txt"), {}, "euc-kr");
    EXPECT_EQ(forced.charset, "UTF-8");
    EXPECT_TRUE(hasWarning(forced.warnings, "charset_forced_ignored"));
}

TEST(CharsetResolve, HeaderThatDecodesCleanlyWins) {
    CharsetDecision decision =
        resolveCharset(fixture("page-meta-euckr.cp949.html"), "text/html; charset=EUC-KR");
    EXPECT_EQ(decision.source, CharsetSource::Header);
    EXPECT_EQ(decision.charset, "windows-949");
    EXPECT_EQ(decision.headerLabel, "euc-kr");
    EXPECT_EQ(decision.metaLabel, "euc-kr");
    EXPECT_TRUE(decision.warnings.empty());
}

TEST(CharsetResolve, MetaWinsOverAUtf8HeaderThatDoesNotDecode) {
    std::string bytes = fixture("page-meta-euckr.cp949.html");
    CharsetDecision decision = resolveCharset(bytes, "text/html;charset=UTF-8");
    EXPECT_EQ(decision.source, CharsetSource::Meta);
    EXPECT_EQ(decision.charset, "windows-949");
    EXPECT_TRUE(hasWarning(decision.warnings, "charset_conflict"));
    DecodedText decoded = decodePage(bytes, "text/html;charset=UTF-8");
    EXPECT_NE(decoded.text.find("<title>똠방각하 공지</title>"), std::string::npos);
    EXPECT_NE(decoded.text.find("<p>보도자료 첨부파일</p>"), std::string::npos);
    EXPECT_EQ(decoded.replacements, 0u);
}

// A server's default ISO-8859-1 decodes anything; the page's own euc-kr is the better fit.
TEST(CharsetResolve, MetaWinsOverADefaultLatin1Header) {
    CharsetDecision decision =
        resolveCharset(fixture("page-meta-euckr.cp949.html"), "text/html; charset=ISO-8859-1");
    EXPECT_EQ(decision.source, CharsetSource::Meta);
    EXPECT_EQ(decision.charset, "windows-949");
    EXPECT_TRUE(hasWarning(decision.warnings, "charset_conflict"));
}

TEST(CharsetResolve, MetaAloneDecides) {
    CharsetDecision decision = resolveCharset(fixture("page-meta-euckr.cp949.html"));
    EXPECT_EQ(decision.source, CharsetSource::Meta);
    EXPECT_EQ(decision.charset, "windows-949");
}

TEST(CharsetResolve, HttpEquivAfterACommentedDecoyIsFound) {
    std::string bytes = fixture("page-http-equiv.cp949.html");
    EXPECT_EQ(prescanMetaCharset(bytes), "ks_c_5601-1987");
    CharsetDecision decision = resolveCharset(bytes);
    EXPECT_EQ(decision.source, CharsetSource::Meta);
    EXPECT_NE(decodePage(bytes).text.find("<title>햏자 안내</title>"), std::string::npos);
}

TEST(CharsetResolve, LyingMetaLosesToTrialDecoding) {
    std::string bytes = fixture("page-meta-utf8-but-cp949.html");
    CharsetDecision decision = resolveCharset(bytes);
    EXPECT_EQ(decision.source, CharsetSource::Cp949Trial);
    EXPECT_EQ(decision.charset, "windows-949");
    EXPECT_TRUE(hasWarning(decision.warnings, "charset_declared_wrong"));
    EXPECT_NE(decodePage(bytes).text.find("<title>뷁 공지사항</title>"), std::string::npos);
}

TEST(CharsetResolve, UndeclaredPagesAreDecidedByTrialUtf8First) {
    CharsetDecision utf8 = resolveCharset(fixture("page-undeclared.utf8.html"));
    EXPECT_EQ(utf8.source, CharsetSource::Utf8Trial);
    CharsetDecision cp949 = resolveCharset(fixture("page-undeclared.cp949.html"));
    EXPECT_EQ(cp949.source, CharsetSource::Cp949Trial);
    EXPECT_EQ(decodePage(fixture("page-undeclared.cp949.html")).text,
              decodePage(fixture("page-undeclared.utf8.html")).text);
    EXPECT_EQ(resolveCharset("plain ascii").source, CharsetSource::Utf8Trial);
}

TEST(CharsetResolve, ForcedCharsetBeatsHeaderAndMeta) {
    CharsetDecision decision = resolveCharset(fixture("page-meta-utf8-but-cp949.html"),
                                              "text/html; charset=utf-8", "x-windows-949");
    EXPECT_EQ(decision.source, CharsetSource::Forced);
    EXPECT_EQ(decision.charset, "windows-949");
}

TEST(CharsetResolve, DetectorIsTheLastResortAndSaysSo) {
    std::string bytes = fixture("detector.windows-1251.txt");
    CharsetDecision decision = resolveCharset(bytes);
    EXPECT_EQ(decision.source, CharsetSource::Detector);
    EXPECT_EQ(decision.charset, "windows-1251");
    EXPECT_TRUE(hasWarning(decision.warnings, "charset_detector"));
    EXPECT_TRUE(decodePage(bytes).text.starts_with("Постановление правительства"));
}

TEST(CharsetResolve, ContentTypeParameterParsing) {
    EXPECT_EQ(charsetFromContentType("text/html; charset=\"EUC-KR\""), "euc-kr");
    EXPECT_EQ(charsetFromContentType("text/html;charset=ks_c_5601-1987;foo=bar"), "ks_c_5601-1987");
    EXPECT_EQ(charsetFromContentType("text/html"), "");
    EXPECT_EQ(charsetFromContentType("text/html; charset="), "");
}

}  // namespace
}  // namespace jikji::normalize
