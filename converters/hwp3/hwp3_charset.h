#pragma once

#include <cstdint>
#include <string>
#include <string_view>

/// Hancom's internal 2-byte character code (`hchar`) of HWP 3 documents, to Unicode.
namespace jikji::converters::hwp3 {

/// Appends the Unicode text of one `hchar` (a code of 32 or more; the codes below are the body's
/// special characters) to `out` as UTF-16. Hangul (0x8000 and up, 상용조합형 / KS C 5601-1992
/// Johab): modern syllables and jamo computed from their 5-bit indices, old Hangul as a
/// conjoining jamo sequence; Hanja (0x4000 + KS X 1001 Hanja index) and symbols (0x3400 + KS
/// X 1001 rows 1-12, 0x1F00 kana) through the KS X 1001 table; box-drawing pieces and bullets
/// by Hancom's arithmetic. Returns false, appending U+FFFD, for a code with no known mapping
/// (Hancom's extension Hanja, user-defined characters).
bool appendHchar(std::uint16_t code, std::u16string& out);

/// A fixed-size `hchar` array (document summary, field names) as UTF-8, up to its first 0.
std::string hcharString(std::string_view bytes);

/// A `kchar` array (file names, font names): ASCII bytes, and Johab codes as byte pairs (high
/// byte first), up to its first 0; as UTF-8.
std::string kcharString(std::string_view bytes);

}  // namespace jikji::converters::hwp3
