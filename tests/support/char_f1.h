#pragma once

#include <string_view>

namespace jikji::test {

/// The corpus score of `../shared/tools/charf1.py`: a multiset F1 over letters and digits
/// (Hangul and Hanja included), blind to order, spacing and punctuation. 1.0 when both are
/// empty.
double charF1(std::string_view candidate, std::string_view reference);

}  // namespace jikji::test
