#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

/// The lowest layer of text handling that the core itself needs: UTF-8 validity and UTF-16
/// to UTF-8. Charset decoding and normalisation build on it in stages/normalize.
namespace jikji::unicode {

/// True when `bytes` is well-formed UTF-8 (RFC 3629: no overlongs, surrogates or values above
/// U+10FFFF).
bool isValidUtf8(std::string_view bytes);

/// Byte offset of the first ill-formed UTF-8 sequence of `bytes`, or `std::string_view::npos`
/// when it is well-formed.
std::size_t firstInvalidUtf8(std::string_view bytes);

/// Appends `bytes` to `out`, replacing every ill-formed sequence with U+FFFD. Returns the
/// number of replacements.
std::size_t appendSanitizedUtf8(std::string_view bytes, std::string& out);

/// Appends one code point as UTF-8; invalid code points become U+FFFD.
void appendCodePoint(char32_t codePoint, std::string& out);

/// Appends UTF-16 code units as UTF-8; unpaired surrogates become U+FFFD and are counted in
/// the return value.
std::size_t appendUtf16(const char16_t* units, std::size_t count, std::string& out);

/// Decodes little-endian UTF-16 bytes (an odd trailing byte is dropped and counted).
std::size_t appendUtf16Le(std::string_view bytes, std::string& out);

}  // namespace jikji::unicode
