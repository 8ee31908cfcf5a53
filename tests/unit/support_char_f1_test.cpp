#include "tests/support/char_f1.h"

#include <gtest/gtest.h>

namespace jikji::test {
namespace {

TEST(CharF1, BlindToOrderSpacingAndPunctuation) {
    EXPECT_DOUBLE_EQ(charF1("가나 다, 1", "1다나가!"), 1.0);
    EXPECT_DOUBLE_EQ(charF1("", " .,"), 1.0);
    EXPECT_DOUBLE_EQ(charF1("가", ""), 0.0);
}

TEST(CharF1, CountsMissingAndExtraCharacters) {
    // One of two reference characters found, nothing extra: P = 1, R = 0.5.
    EXPECT_NEAR(charF1("가", "가나"), 2 * 1 * 0.5 / 1.5, 1e-12);
    // Hanja count as letters.
    EXPECT_NEAR(charF1("全州市", "全州"), 2 * (2.0 / 3) * 1 / (2.0 / 3 + 1), 1e-12);
}

}  // namespace
}  // namespace jikji::test
