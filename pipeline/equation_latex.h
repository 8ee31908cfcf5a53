#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace jikji {

/// Translates an equation script (the Hancom equation language that HWP, HWPX and HWPML store:
/// `{1} over {2}`, `sqrt {x}`, `x^2`, `alpha`, `sum from {i=1} to n`, `matrix {a & b # c & d}`)
/// into LaTeX math, or nothing when the script uses a construct whose mapping is not known
/// (`pile`, `eqalign`, unbalanced braces, …): the caller then keeps the script verbatim.
std::optional<std::string> equationToLatex(std::string_view script);

}  // namespace jikji
