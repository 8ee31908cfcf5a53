// Hancom's hchar code to Unicode, checked on every code point of every block it maps: the KS X
// 1001 table against ICU's converter, Johab syllables and jamo against Unicode's own order and
// decompositions.
#include <gtest/gtest.h>
#include <unicode/normalizer2.h>
#include <unicode/ucnv.h>
#include <unicode/unistr.h>

#include <memory>
#include <string>

#include "converters/hwp3/hwp3_charset.h"
#include "converters/hwp3/ks_x_1001_table.h"

namespace jikji::converters::hwp3 {
namespace {

std::u16string convert(std::uint16_t code) {
    std::u16string out;
    appendHchar(code, out);
    return out;
}

// ICU's decoding of one KS X 1001 (EUC-KR) byte pair; empty when it has no mapping.
std::u16string icuKs(unsigned row, unsigned cell) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UConverter, void (*)(UConverter*)> converter(ucnv_open("windows-949", &status),
                                                                 ucnv_close);
    EXPECT_TRUE(U_SUCCESS(status));
    ucnv_setToUCallBack(converter.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr,
                        &status);
    char bytes[2] = {static_cast<char>(row), static_cast<char>(cell)};
    UChar out[4];
    status = U_ZERO_ERROR;
    int32_t length = ucnv_toUChars(converter.get(), out, 4, bytes, 2, &status);
    if (U_FAILURE(status) || length != 1) return {};
    return std::u16string(1, static_cast<char16_t>(out[0]));
}

std::u16string nfkd(const std::u16string& text) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* normalizer = icu::Normalizer2::getNFKDInstance(status);
    icu::UnicodeString result =
        normalizer->normalize(icu::UnicodeString(reinterpret_cast<const UChar*>(text.data()),
                                                 static_cast<int32_t>(text.size())),
                              status);
    return std::u16string(reinterpret_cast<const char16_t*>(result.getBuffer()),
                          static_cast<std::size_t>(result.length()));
}

TEST(Hwp3Charset, KsTableAgreesWithIcuOnEveryCodePoint) {
    std::size_t assigned = 0;
    for (unsigned row = 0xA1; row <= 0xAC; ++row) {
        for (unsigned cell = 0xA1; cell <= 0xFE; ++cell) {
            char16_t value = ks::kSymbolRows[(row - 0xA1) * 94 + (cell - 0xA1)];
            std::u16string expected = icuKs(row, cell);
            if (value == 0) {
                EXPECT_TRUE(expected.empty()) << std::hex << row << cell;
            } else {
                EXPECT_EQ(std::u16string(1, value), expected) << std::hex << row << cell;
                ++assigned;
            }
        }
    }
    for (unsigned row = 0xCA; row <= 0xFD; ++row) {
        for (unsigned cell = 0xA1; cell <= 0xFE; ++cell) {
            char16_t value = ks::kHanjaRows[(row - 0xCA) * 94 + (cell - 0xA1)];
            EXPECT_EQ(std::u16string(1, value), icuKs(row, cell)) << std::hex << row << cell;
            ++assigned;
        }
    }
    EXPECT_EQ(assigned, 988u + 4888u);
}

TEST(Hwp3Charset, EveryHanjaCodeIsItsKsHanja) {
    for (unsigned index = 0; index < 4888; ++index)
        EXPECT_EQ(convert(static_cast<std::uint16_t>(0x4000 + index)),
                  icuKs(0xCA + index / 94, 0xA1 + index % 94))
            << index;
    std::u16string out;
    EXPECT_FALSE(appendHchar(0x4000 + 4888, out)) << "extension Hanja have no mapping";
    EXPECT_EQ(out, u"\uFFFD");
}

TEST(Hwp3Charset, EverySymbolCodeIsItsKsSymbol) {
    for (unsigned code = 0x3400; code < 0x37C0; ++code) {
        unsigned offset = code - 0x3400;
        unsigned row = offset / 0x60 + 0xA1;
        if (row == 0xAA) row = 0xAC;
        unsigned cell = offset % 0x60 + 0xA0;
        std::u16string expected = cell >= 0xA1 && cell <= 0xFE ? icuKs(row, cell) : u"";
        if (expected.empty()) expected = u"\uFFFD";
        EXPECT_EQ(convert(static_cast<std::uint16_t>(code)), expected) << std::hex << code;
    }
    EXPECT_EQ(convert(0x3401), u"\u3000");  // KS A1A1, the ideographic space
    EXPECT_EQ(convert(0x1F01), u"\u3041");  // KS AAA1, hiragana small a
    EXPECT_EQ(convert(0x37C0), u"한");      // the maker's name
}

TEST(Hwp3Charset, EveryModernSyllableIsComputedFromItsJamoIndices) {
    const unsigned initials[] = {2,  3,  4,  5,  6,  7,  8,  9,  10, 11,
                                 12, 13, 14, 15, 16, 17, 18, 19, 20};
    const unsigned medials[] = {3,  4,  5,  6,  7,  10, 11, 12, 13, 14, 15,
                                18, 19, 20, 21, 22, 23, 26, 27, 28, 29};
    const unsigned finals[] = {1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14,
                               15, 16, 17, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29};
    char16_t expected = 0xAC00;
    for (unsigned l : initials)
        for (unsigned v : medials)
            for (unsigned t : finals) {
                auto code = static_cast<std::uint16_t>(0x8000 | (l << 10) | (v << 5) | t);
                EXPECT_EQ(convert(code), std::u16string(1, expected)) << std::hex << code;
                ++expected;
            }
    EXPECT_EQ(expected, 0xD7A4);
    EXPECT_EQ(convert(0x8861), u"가");  // the Johab example of [SPEC3] peers
    EXPECT_EQ(convert(0xD065), u"한");
    // Hancom's logo spelling ᄒᆞᆫ (arae-a), kept as old Hangul as Hancom's HWP 5 output keeps it.
    EXPECT_EQ(convert(0xD3C5), u"\u1112\u119E\u11AB");
}

TEST(Hwp3Charset, LoneJamoAreCompatibilityJamoThatDecomposeToTheirLetter) {
    // Initials with fill medial and final: U+1100 + index after decomposition.
    for (unsigned l = 2; l <= 20; ++l) {
        std::u16string jamo =
            convert(static_cast<std::uint16_t>(0x8000 | (l << 10) | (2 << 5) | 1));
        ASSERT_EQ(jamo.size(), 1u);
        EXPECT_GE(jamo[0], 0x3131);
        EXPECT_EQ(nfkd(jamo), std::u16string(1, static_cast<char16_t>(0x1100 + l - 2))) << l;
    }
    // Medials alone: U+1161 + index.
    const unsigned medials[] = {3,  4,  5,  6,  7,  10, 11, 12, 13, 14, 15,
                                18, 19, 20, 21, 22, 23, 26, 27, 28, 29};
    char16_t vowel = 0x1161;
    for (unsigned v : medials) {
        std::u16string jamo =
            convert(static_cast<std::uint16_t>(0x8000 | (1 << 10) | (v << 5) | 1));
        EXPECT_EQ(nfkd(jamo), std::u16string(1, vowel++)) << v;
    }
    // Finals alone: compatibility jamo whose decomposition is the initial or final letter of
    // the same sound; check against a syllable with that final instead.
    const unsigned finals[] = {2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15,
                               16, 17, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29};
    for (unsigned t : finals) {
        std::u16string jamo =
            convert(static_cast<std::uint16_t>(0x8000 | (1 << 10) | (2 << 5) | t));
        ASSERT_EQ(jamo.size(), 1u) << t;
        EXPECT_TRUE(jamo[0] >= 0x3131 && jamo[0] <= 0x314E) << t;
    }
    EXPECT_EQ(convert(0x8841), u"ㄱ");
    EXPECT_EQ(convert(0x8444), u"ㄳ");
    EXPECT_EQ(convert(0x8461), u"ㅏ");
}

TEST(Hwp3Charset, OldHangulBecomesAConjoiningJamoSequence) {
    // ᄒᆞᆫ: initial ㅎ (20), medial arae-a (30), final ㄴ (5).
    EXPECT_EQ(convert(0x8000 | (20 << 10) | (30 << 5) | 5), u"\u1112\u119E\u11AB");
    // Every slot of each index table gives a conjoining jamo of its kind or no mapping.
    for (unsigned l = 0; l < 32; ++l) {
        if (l == 1) continue;
        std::u16string out =
            convert(static_cast<std::uint16_t>(0x8000 | (l << 10) | (30 << 5) | 1));
        if (out == u"\uFFFD") continue;
        ASSERT_EQ(out.size(), 2u) << l;
        EXPECT_TRUE(out[0] >= 0x1100 && out[0] <= 0x115E) << l;
    }
    for (unsigned v = 3; v < 32; ++v) {
        std::u16string out =
            convert(static_cast<std::uint16_t>(0x8000 | (21 << 10) | (v << 5) | 1));
        if (out == u"\uFFFD") continue;
        EXPECT_TRUE(out.back() >= 0x1160 && out.back() <= 0x11A7) << v;
    }
    for (unsigned t = 0; t < 32; ++t) {
        if (t == 1) continue;
        std::u16string out =
            convert(static_cast<std::uint16_t>(0x8000 | (21 << 10) | (30 << 5) | t));
        if (out == u"\uFFFD") continue;
        EXPECT_TRUE(out.back() >= 0x11A8 && out.back() <= 0x11FF) << t;
    }
}

TEST(Hwp3Charset, HancomCodesMatchTheirTwinsCharacters) {
    EXPECT_EQ(convert(0x2E01), u"①");
    EXPECT_EQ(convert(0x2E07), u"⑦");
    EXPECT_EQ(convert(0x2C21), u"ⓐ");
    EXPECT_EQ(convert(0x3062), u"“");
    EXPECT_EQ(convert(0x3068), u"’");
    EXPECT_EQ(convert(0x37ED), u"═");
    EXPECT_EQ(convert(0x3366), u"\U000F03C5");
    EXPECT_EQ(convert(0x3013), u"┌");
    EXPECT_EQ(convert(0x301C), u"─");
    EXPECT_EQ(convert(0x0081), u"“");
    EXPECT_EQ(convert('A'), u"A");
}

TEST(Hwp3Charset, KcharStringsReadJohabBytePairs) {
    EXPECT_EQ(kcharString(std::string("a\x88\x61.bmp\0junk", 12)), "a가.bmp");
    EXPECT_EQ(hcharString(std::string("\x61\x88\x41\x00\x00\x00", 6)), "가A");
}

}  // namespace
}  // namespace jikji::converters::hwp3
