#pragma once

#include <cstdint>
#include <string_view>

namespace jikji::converters::pdf {

/// Inflates every Flate stream of a PDF (images aside) without keeping the output, and
/// returns the bytes they inflate to together. Throws LimitError as soon as that passes
/// `limit`: poppler inflates lazily and has no limit of its own, so a decompression bomb is
/// caught here before poppler reads it. Streams that do not inflate are left to poppler.
std::uint64_t inflatedStreamBytes(std::string_view pdf, std::uint64_t limit);

}  // namespace jikji::converters::pdf
