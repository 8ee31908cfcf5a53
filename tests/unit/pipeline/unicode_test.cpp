#include "pipeline/unicode.h"

#include <gtest/gtest.h>

#include <iterator>

namespace jikji::unicode {
namespace {

TEST(Unicode, ValidatesUtf8ByTheStandardTable) {
    EXPECT_TRUE(isValidUtf8("한글 abc 𝄞"));
    EXPECT_FALSE(isValidUtf8("\xC0\xAF"));          // overlong '/'
    EXPECT_FALSE(isValidUtf8("\xED\xA0\x80"));      // surrogate
    EXPECT_FALSE(isValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
    EXPECT_FALSE(isValidUtf8("\xEA\xB8"));          // truncated
}

TEST(Unicode, SanitizingReplacesEachBadSequenceOnce) {
    std::string out;
    EXPECT_EQ(appendSanitizedUtf8("a\xEA\xB8"
                                  "b\xFF",
                                  out),
              2u);
    EXPECT_EQ(out,
              "a\xEF\xBF\xBD"
              "b\xEF\xBF\xBD");
}

TEST(Unicode, Utf16LeJoinsSurrogatesAndFlagsLoneOnes) {
    std::string out;
    // 한, U+1D11E as a pair, then a lone high surrogate.
    std::string bytes("\x5C\xD5\x34\xD8\x1E\xDD\x00\xD8", 8);
    EXPECT_EQ(appendUtf16Le(bytes, out), 1u);
    EXPECT_EQ(out, "한𝄞\xEF\xBF\xBD");
}

// appendUtf16 writes into the string directly: every length of UTF-8, after what is there.
TEST(Unicode, Utf16OfEveryLengthAppendsToWhatIsThere) {
    std::string out = "앞";
    const char16_t units[] = {u'A', 0x00E9, 0xD55C, 0xD834, 0xDD1E, 0xDC00, u'z'};
    EXPECT_EQ(appendUtf16(units, std::size(units), out), 1u);
    EXPECT_EQ(out, "앞Aé한𝄞\xEF\xBF\xBDz");
    EXPECT_EQ(appendUtf16(units, 0, out), 0u);
    EXPECT_EQ(out, "앞Aé한𝄞\xEF\xBF\xBDz");
}

}  // namespace
}  // namespace jikji::unicode
