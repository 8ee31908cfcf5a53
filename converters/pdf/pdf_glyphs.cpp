#include "converters/pdf/pdf_glyphs.h"

#include <algorithm>
#include <array>
#include <utility>

#include "pipeline/unicode.h"

namespace jikji::converters::pdf {

namespace {

bool isPrivateUse(char32_t c) {
    return (c >= 0xE000 && c <= 0xF8FF) || c >= 0xF0000;
}

}  // namespace

std::string GlyphCounter::toUtf8(std::u16string_view text) {
    std::string out;
    out.reserve(text.size() * 3);
    for (std::size_t i = 0; i < text.size(); ++i) {
        char32_t c = text[i];
        if (c >= 0xD800 && c <= 0xDBFF && i + 1 < text.size() && text[i + 1] >= 0xDC00 &&
            text[i + 1] <= 0xDFFF) {
            c = 0x10000 + ((c - 0xD800) << 10) + (text[i + 1] - 0xDC00);
            ++i;
        } else if (c >= 0xD800 && c <= 0xDFFF) {
            c = 0xFFFD;
        }
        ++m_total;
        if (isPrivateUse(c)) ++m_privateUse;
        unicode::appendCodePoint(c, out);
    }
    return out;
}

std::string GlyphCounter::toUtf8(std::u32string_view text) {
    std::string out;
    out.reserve(text.size() * 3);
    for (char32_t c : text) {
        if ((c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF) c = 0xFFFD;
        ++m_total;
        if (isPrivateUse(c)) ++m_privateUse;
        unicode::appendCodePoint(c, out);
    }
    return out;
}

namespace {

// Big-endian reads that fail (false) instead of reading past the font's end.
bool readU16(std::string_view data, std::size_t at, std::uint32_t& value) {
    if (at + 2 > data.size() || at + 2 < at) return false;
    value = (static_cast<std::uint32_t>(static_cast<unsigned char>(data[at])) << 8) |
            static_cast<unsigned char>(data[at + 1]);
    return true;
}

bool readU32(std::string_view data, std::size_t at, std::uint32_t& value) {
    std::uint32_t high = 0, low = 0;
    if (!readU16(data, at, high) || !readU16(data, at + 2, low)) return false;
    value = (high << 16) | low;
    return true;
}

// Hashes of glyph outlines of Hancom's fonts (Haansoft Batang, HCR Batang) → the code point the
// HWP twin holds at that place (the corpus's pua-test, hwp3-sample16, 1342000_edu_curriculum_map
// 국립국어원 업무계획 and 복학원서 pairs). The HWP's own code points are kept (plane 15 for
// Hancom's symbols), so that `stages/normalize` maps them as it does for the HWP.
// Eleven of Haansoft Batang (placed by the twins' text around them: 복학원서's cut line is 100
// of one glyph around one of another, as the HWP's 100 U+F081C around a U+F012B, which also
// stands at its `(Signature)`; edu_curriculum_map's `(이하「도지사」라` pair is U+F0852/3) and
// ten of HCR Batang (pua-test names each glyph's code point on its line).
constexpr std::array<std::pair<std::uint64_t, char32_t>, 21> kHancomOutlines{{
    {0x01059ecdfdb8c976ull, 0xF02B3}, {0x06dccf242d01f9baull, 0xF02B6},
    {0x154f00284ef490f2ull, 0xF02B8}, {0x17c2c9136a50ea95ull, 0xF0124},
    {0x217cc167b187de14ull, 0xF02B1}, {0x38a305bf2cad1a47ull, 0xF02B5},
    {0x38acc6df02a30d2dull, 0xF02B2}, {0x42cbb7a0b5423798ull, 0xF012B},
    {0x4c71c730f3910839ull, 0xF0855}, {0x533652a5165d0b85ull, 0xF081C},
    {0x5daf32059f7474d2ull, 0xF02B4}, {0x9279fbf0a29490a6ull, 0xF02B7},
    {0x9f4fd7273845ee06ull, 0xF0854}, {0xa763c6e7ea6344e9ull, 0xF0852},
    {0xb6906eadc2ba8061ull, 0xF02EF}, {0xbfbaaede6f268d67ull, 0xF02B9},
    {0xe341a4c2511644dcull, 0xF02B1}, {0xe64e73d041128168ull, 0xF02B3},
    {0xeba62cf357d56b14ull, 0xF03C5}, {0xec0cbe9ae9bc3e51ull, 0xF02B2},
    {0xf8db414e64ca1675ull, 0xF0853},
}};

}  // namespace

std::uint64_t trueTypeGlyphHash(std::string_view font, std::uint32_t gid) {
    std::uint32_t tables = 0;
    if (!readU16(font, 4, tables)) return 0;
    std::uint32_t head = 0, loca = 0, locaLength = 0, glyf = 0, glyfLength = 0;
    bool haveHead = false, haveLoca = false, haveGlyf = false;
    for (std::uint32_t i = 0; i < tables; ++i) {
        std::size_t record = 12 + 16 * static_cast<std::size_t>(i);
        if (record + 16 > font.size()) return 0;
        std::string_view tag = font.substr(record, 4);
        std::uint32_t offset = 0, length = 0;
        if (!readU32(font, record + 8, offset) || !readU32(font, record + 12, length)) return 0;
        if (offset > font.size() || length > font.size() - offset) return 0;
        if (tag == "head") {
            head = offset;
            haveHead = length >= 54;
        } else if (tag == "loca") {
            loca = offset;
            locaLength = length;
            haveLoca = true;
        } else if (tag == "glyf") {
            glyf = offset;
            glyfLength = length;
            haveGlyf = true;
        }
    }
    std::uint32_t longOffsets = 0;
    if (!haveHead || !haveLoca || !haveGlyf || !readU16(font, head + 50, longOffsets)) return 0;
    std::uint32_t from = 0, to = 0;
    std::size_t entry = longOffsets ? 4 : 2;
    std::size_t at = static_cast<std::size_t>(gid) * entry;
    if (at + 2 * entry > locaLength) return 0;
    if (longOffsets) {
        if (!readU32(font, loca + at, from) || !readU32(font, loca + at + 4, to)) return 0;
    } else {
        if (!readU16(font, loca + at, from) || !readU16(font, loca + at + 2, to)) return 0;
        from *= 2;
        to *= 2;
    }
    if (from >= to || to > glyfLength) return 0;
    std::uint64_t hash = 0xcbf29ce484222325ull;
    for (char c : font.substr(glyf + from, to - from)) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 0x100000001b3ull;
    }
    return hash;
}

char32_t hancomGlyphByOutline(std::uint64_t outlineHash) {
    for (const auto& [hash, codePoint] : kHancomOutlines)
        if (hash == outlineHash) return codePoint;
    return 0;
}

char32_t codePointOfGlyphName(std::string_view name) {
    std::size_t digits = 0;
    if (name.size() == 7 && name.starts_with("uni"))
        digits = 3;
    else if (name.size() >= 5 && name.size() <= 7 && name.starts_with("u"))
        digits = 1;
    else
        return 0;
    char32_t value = 0;
    for (char c : name.substr(digits)) {
        int nibble = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (nibble < 0) return 0;
        value = value * 16 + static_cast<char32_t>(nibble);
    }
    if (value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return 0;
    return value;
}

}  // namespace jikji::converters::pdf
