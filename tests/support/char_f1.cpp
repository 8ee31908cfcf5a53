#include "tests/support/char_f1.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <unordered_map>

namespace jikji::test {

namespace {

std::unordered_map<UChar32, long> bag(std::string_view text, long& total) {
    std::unordered_map<UChar32, long> counts;
    total = 0;
    int32_t i = 0;
    auto length = static_cast<int32_t>(text.size());
    const auto* s = reinterpret_cast<const uint8_t*>(text.data());
    while (i < length) {
        UChar32 c;
        U8_NEXT(s, i, length, c);
        if (c < 0) continue;
        int8_t type = u_charType(c);
        bool numeric =
            type == U_DECIMAL_DIGIT_NUMBER || type == U_LETTER_NUMBER || type == U_OTHER_NUMBER;
        if (u_isalpha(c) || numeric) {
            ++counts[c];
            ++total;
        }
    }
    return counts;
}

}  // namespace

double charF1(std::string_view candidate, std::string_view reference) {
    long na = 0, nb = 0;
    auto a = bag(candidate, na);
    auto b = bag(reference, nb);
    if (na == 0 && nb == 0) return 1.0;
    if (na == 0 || nb == 0) return 0.0;
    long common = 0;
    for (const auto& [c, count] : a) {
        auto it = b.find(c);
        if (it != b.end()) common += std::min(count, it->second);
    }
    if (common == 0) return 0.0;
    double precision = static_cast<double>(common) / static_cast<double>(na);
    double recall = static_cast<double>(common) / static_cast<double>(nb);
    return 2 * precision * recall / (precision + recall);
}

}  // namespace jikji::test
