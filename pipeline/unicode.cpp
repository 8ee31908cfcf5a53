#include "unicode.h"

#include <cstring>

namespace jikji::unicode {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

}  // namespace

bool isValidUtf8(std::string_view bytes) {
    return firstInvalidUtf8(bytes) == std::string_view::npos;
}

std::size_t firstInvalidUtf8(std::string_view bytes) {
    const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
    std::size_t n = bytes.size();
    std::size_t i = 0;
    while (i < n) {
        // Eight ASCII bytes at a time: most text is mostly ASCII or runs of 3-byte Hangul.
        while (i + 8 <= n) {
            std::uint64_t word;
            std::memcpy(&word, s + i, 8);
            if (word & 0x8080808080808080ull) break;
            i += 8;
        }
        if (i >= n) break;
        unsigned char c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        // The common 3-byte case (U+0800–U+FFFF without surrogates) inline.
        if (isCommonThreeByteSequence(s, i, n)) {
            i += 3;
            continue;
        }
        std::size_t len = utf8SequenceLength(s, i, n);
        if (len == 0) return i;
        i += len;
    }
    return std::string_view::npos;
}

std::size_t appendSanitizedUtf8(std::string_view bytes, std::string& out) {
    const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
    std::size_t n = bytes.size();
    std::size_t replaced = 0;
    std::size_t runStart = 0;
    for (std::size_t i = 0; i < n;) {
        if (s[i] < 0x80) {
            ++i;
            continue;
        }
        std::size_t len = utf8SequenceLength(s, i, n);
        if (len) {
            i += len;
            continue;
        }
        out.append(bytes.substr(runStart, i - runStart));
        out.append(kReplacement);
        ++replaced;
        // Skip the maximal ill-formed prefix: the lead byte and any continuation bytes.
        ++i;
        while (i < n && (s[i] & 0xC0) == 0x80)
            ++i;
        runStart = i;
    }
    out.append(bytes.substr(runStart));
    return replaced;
}

void appendCodePoint(char32_t cp, std::string& out) {
    // One append per code point: converters call this for every character they read.
    char bytes[4];
    std::size_t length = 0;
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        out.append(kReplacement);
        return;
    } else if (cp < 0x80) {
        out += static_cast<char>(cp);
        return;
    } else if (cp < 0x800) {
        bytes[0] = static_cast<char>(0xC0 | (cp >> 6));
        bytes[1] = static_cast<char>(0x80 | (cp & 0x3F));
        length = 2;
    } else if (cp < 0x10000) {
        bytes[0] = static_cast<char>(0xE0 | (cp >> 12));
        bytes[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        bytes[2] = static_cast<char>(0x80 | (cp & 0x3F));
        length = 3;
    } else {
        bytes[0] = static_cast<char>(0xF0 | (cp >> 18));
        bytes[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        bytes[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        bytes[3] = static_cast<char>(0x80 | (cp & 0x3F));
        length = 4;
    }
    out.append(bytes, length);
}

std::size_t appendUtf16(const char16_t* units, std::size_t count, std::string& out) {
    // Written straight into the string, grown once: a unit gives at most three bytes (a
    // surrogate pair, two units, four). HWP text passes through here character by character.
    const std::size_t start = out.size();
    out.resize(start + count * 3);
    char* to = out.data() + start;
    std::size_t bad = 0;
    for (std::size_t i = 0; i < count; ++i) {
        char32_t cp = units[i];
        if (cp < 0x80) {
            *to++ = static_cast<char>(cp);
            continue;
        }
        if (cp >= 0xD800 && cp <= 0xDFFF) {
            if (cp <= 0xDBFF && i + 1 < count && units[i + 1] >= 0xDC00 && units[i + 1] <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (units[i + 1] - 0xDC00);
                ++i;
            } else {
                ++bad;
                cp = 0xFFFD;  // an unpaired surrogate
            }
        }
        if (cp < 0x800) {
            *to++ = static_cast<char>(0xC0 | (cp >> 6));
        } else if (cp < 0x10000) {
            *to++ = static_cast<char>(0xE0 | (cp >> 12));
            *to++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        } else {
            *to++ = static_cast<char>(0xF0 | (cp >> 18));
            *to++ = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            *to++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        }
        *to++ = static_cast<char>(0x80 | (cp & 0x3F));
    }
    out.resize(static_cast<std::size_t>(to - out.data()));
    return bad;
}

std::size_t appendUtf16Le(std::string_view bytes, std::string& out) {
    std::u16string units;
    units.resize(bytes.size() / 2);
    for (std::size_t i = 0; i < units.size(); ++i)
        units[i] = static_cast<char16_t>(static_cast<unsigned char>(bytes[2 * i]) |
                                         (static_cast<unsigned char>(bytes[2 * i + 1]) << 8));
    return appendUtf16(units.data(), units.size(), out) + (bytes.size() % 2);
}

}  // namespace jikji::unicode
