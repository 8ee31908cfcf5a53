// Hancom's number shapes, as auto numbers (captions) are written in HWP 5, HWPX and HWPML.
#include <gtest/gtest.h>

#include "converters/common/hancom_fields.h"
#include "converters/common/paragraph_heads.h"

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
    EXPECT_EQ(formatNumber(15, S::HangulSyllable), "거");
    EXPECT_EQ(formatNumber(21, S::HangulSyllable), "서");
    EXPECT_EQ(formatNumber(29, S::HangulSyllable), "고");
    EXPECT_EQ(formatNumber(84, S::HangulSyllable), "히");
    EXPECT_EQ(formatNumber(85, S::HangulSyllable), "85");
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

// Paragraph heads count per numbering and level: a level counts on from its start number, a
// deeper level starts afresh after it, `^N` is the whole path, and outline paragraphs keep
// counters apart from numbered ones of the same numbering. A path writes each level in its own
// shape.
TEST(ParagraphHeads, LevelsCountAndRestartAsHancomShowsThem) {
    ParagraphHeads heads;
    heads.defineNumbering(1, {{"^1.", NumberShape::Digit, 1},
                              {"^2)", NumberShape::HangulSyllable, 1},
                              {"(^3)", NumberShape::CircledDigit, 1},
                              {"^N", NumberShape::RomanSmall, 3}});
    heads.defineNumbering(2, {{"제^1장", NumberShape::Digit, 5}});
    heads.defineBullet(1, "●");
    heads.defineBullet(2, " \xEF\x81\xAC");  // U+F06C, Wingdings' ● (normalisation maps it)
    using K = HeadKind;
    EXPECT_EQ(heads.next(K::Number, 1, 0), "1.");
    EXPECT_EQ(heads.next(K::Number, 1, 1), "가)");
    EXPECT_EQ(heads.next(K::Number, 1, 1), "나)");
    EXPECT_EQ(heads.next(K::Number, 1, 2), "(①)");
    EXPECT_EQ(heads.next(K::Number, 1, 3), "1.나.①.iii.");
    EXPECT_EQ(heads.next(K::Number, 1, 0), "2.");
    EXPECT_EQ(heads.next(K::Number, 1, 1), "가)");
    EXPECT_EQ(heads.next(K::Outline, 1, 0), "1.");
    EXPECT_EQ(heads.next(K::Number, 2, 0), "제5장");
    EXPECT_EQ(heads.next(K::Number, 2, 0), "제6장");
    EXPECT_EQ(heads.next(K::Bullet, 1, 4), "●");
    EXPECT_EQ(heads.next(K::Bullet, 2, 0), "\xEF\x81\xAC");
    EXPECT_EQ(heads.next(K::Number, 3, 0), "");
    EXPECT_EQ(heads.next(K::Number, 2, 5), "");
    EXPECT_EQ(heads.next(K::None, 1, 0), "");
}

}  // namespace
}  // namespace jikji::converters
