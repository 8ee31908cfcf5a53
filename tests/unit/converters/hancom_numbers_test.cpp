// Hancom's number shapes, as auto numbers (captions) are written in HWP 5, HWPX and HWPML.
#include <gtest/gtest.h>

#include "converters/common/hancom_fields.h"

namespace jikji::converters {
namespace {

TEST(HancomNumbers, EveryShapeWritesItsSigns) {
    using S = NumberShape;
    EXPECT_EQ(formatNumber(4, S::Digit), "4");
    EXPECT_EQ(formatNumber(4, S::CircledDigit), "④");
    EXPECT_EQ(formatNumber(21, S::CircledDigit), "㉑");
    EXPECT_EQ(formatNumber(50, S::CircledDigit), "㊿");
    EXPECT_EQ(formatNumber(51, S::CircledDigit), "51");
    EXPECT_EQ(formatNumber(1994, S::RomanCapital), "MCMXCIV");
    EXPECT_EQ(formatNumber(14, S::RomanSmall), "xiv");
    EXPECT_EQ(formatNumber(4, S::LatinCapital), "D");
    EXPECT_EQ(formatNumber(26, S::LatinSmall), "z");
    EXPECT_EQ(formatNumber(27, S::LatinSmall), "27");
    EXPECT_EQ(formatNumber(4, S::CircledLatinCapital), "Ⓓ");
    EXPECT_EQ(formatNumber(4, S::CircledLatinSmall), "ⓓ");
    EXPECT_EQ(formatNumber(4, S::HangulSyllable), "라");
    EXPECT_EQ(formatNumber(14, S::HangulSyllable), "하");
    EXPECT_EQ(formatNumber(15, S::HangulSyllable), "15");
    EXPECT_EQ(formatNumber(4, S::CircledHangulSyllable), "㉱");
    EXPECT_EQ(formatNumber(4, S::HangulJamo), "ㄹ");
    EXPECT_EQ(formatNumber(4, S::CircledHangulJamo), "㉣");
    EXPECT_EQ(formatNumber(4, S::HangulPhonetic), "사");
    EXPECT_EQ(formatNumber(2017, S::HangulPhonetic), "이천십칠");
    EXPECT_EQ(formatNumber(110, S::Ideograph), "百十");
    EXPECT_EQ(formatNumber(42, S::Ideograph), "四十二");
    EXPECT_EQ(formatNumber(4, S::CircledIdeograph), "㊃");
    EXPECT_EQ(formatNumber(0, S::CircledDigit), "0");
}

TEST(HancomNumbers, ShapesAreNamedByCodeOrByEitherDialectsName) {
    EXPECT_EQ(numberShapeOf(2u), NumberShape::RomanCapital);
    EXPECT_EQ(numberShapeOf(99u), NumberShape::Digit);
    EXPECT_EQ(numberShapeOf("CIRCLED_HANGUL_SYLLABLE"), NumberShape::CircledHangulSyllable);
    EXPECT_EQ(numberShapeOf("CircledHangulSyllable"), NumberShape::CircledHangulSyllable);
    EXPECT_EQ(numberShapeOf("HANGUL_PHONETIC"), NumberShape::HangulPhonetic);
    EXPECT_EQ(numberShapeOf("unknown"), NumberShape::Digit);
    EXPECT_TRUE(isCaptionNumberType("TABLE"));
    EXPECT_TRUE(isCaptionNumberType("Picture"));
    EXPECT_TRUE(isCaptionNumberType("EQUATION"));
    EXPECT_FALSE(isCaptionNumberType("PAGE"));
    EXPECT_FALSE(isCaptionNumberType("Footnote"));
    EXPECT_FALSE(isCaptionNumberType("TOTAL_PAGE"));
}

}  // namespace
}  // namespace jikji::converters
