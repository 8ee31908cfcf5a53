#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

/// The lowest layer of text handling that the core itself needs: UTF-8 validity and UTF-16
/// to UTF-8. Charset decoding and normalisation build on it in stages/normalize.
namespace jikji::unicode {

/// Length of the well-formed UTF-8 sequence that starts at `s[i]` (of `n` bytes), or 0 when it
/// is ill-formed (Unicode table 3-7). Inline for the scanners that validate as they go.
inline std::size_t utf8SequenceLength(const unsigned char* s, std::size_t i, std::size_t n) {
    unsigned char c = s[i];
    if (c < 0x80) return 1;
    auto cont = [&](std::size_t k, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
        return i + k < n && s[i + k] >= lo && s[i + k] <= hi;
    };
    if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
    if (c == 0xE0) return cont(1, 0xA0) && cont(2) ? 3 : 0;
    if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) return cont(1) && cont(2) ? 3 : 0;
    if (c == 0xED) return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0;
    if (c == 0xF0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
    if (c >= 0xF1 && c <= 0xF3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
    if (c == 0xF4) return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;
    return 0;
}

/// True when `s[i]` starts a three-byte sequence with lead E1–EC and two continuation bytes:
/// most Hangul and CJK text, which scanners take in one step before utf8SequenceLength.
inline bool isCommonThreeByteSequence(const unsigned char* s, std::size_t i, std::size_t n) {
    return s[i] >= 0xE1 && s[i] <= 0xEC && i + 2 < n && (s[i + 1] & 0xC0) == 0x80 &&
           (s[i + 2] & 0xC0) == 0x80;
}

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
