#pragma once

#include <cstddef>
#include <string_view>

namespace jikji::converters {

/// Inflates raw deflate data in one call (libdeflate) into `out`, which it must fill exactly:
/// false when the data is damaged or comes to any other size than `size`. What follows the end
/// of the deflate stream is ignored (encrypted HWPX parts end in zero padding).
bool inflateExactly(std::string_view deflated, char* out, std::size_t size);

/// Inflates raw deflate data of unknown size in one call (libdeflate) into `out`, trying larger
/// buffers up to `limit` bytes: false when the data is damaged or truncated or inflates to more
/// than `limit` (a streaming inflate then tells which, and keeps what came before the damage).
bool inflateWhole(std::string_view deflated, std::size_t limit, std::string& out);

}  // namespace jikji::converters
