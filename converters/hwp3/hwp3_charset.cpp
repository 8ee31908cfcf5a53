#include "converters/hwp3/hwp3_charset.h"

#include <array>

#include "converters/hwp3/ks_x_1001_table.h"
#include "pipeline/unicode.h"

namespace jikji::converters::hwp3 {

namespace {

constexpr char16_t kReplacement = 0xFFFD;

// The 5-bit jamo indices of a Johab code [KS C 5601-1992 annex 3]. Index 1 is the fill code
// (no letter) for initials and finals, 2 for medials. Old letters sit in the slots modern
// Johab leaves empty, as Hancom's converter for LibreOffice maps them (hwpfilter/source/
// hcode.cxx, `choseong_to_unicode`, `joongseong_to_unicode`, `jongseong_to_unicode`); the test
// Hwp3Charset.JamoTablesAgreeWithUnicodeOrder checks the modern slots against Unicode's order.
constexpr std::array<char16_t, 32> kInitials{
    0x111E, 0,      0x1100, 0x1101, 0x1102, 0x1103, 0x1104, 0x1105, 0x1106, 0x1107, 0x1108,
    0x1109, 0x110A, 0x110B, 0x110C, 0x110D, 0x110E, 0x110F, 0x1110, 0x1111, 0x1112, 0x1120,
    0x1121, 0x1127, 0x112B, 0x112D, 0x112F, 0x1132, 0x1136, 0x1140, 0x114C, 0x1158};
constexpr std::array<char16_t, 32> kMedials{
    0,      0,      0,      0x1161, 0x1162, 0x1163, 0x1164, 0x1165, 0,      0,      0x1166,
    0x1167, 0x1168, 0x1169, 0x116A, 0x116B, 0,      0x1188, 0x116C, 0x116D, 0x116E, 0x116F,
    0x1170, 0x1171, 0x1191, 0x1194, 0x1172, 0x1173, 0x1174, 0x1175, 0x119E, 0x11A1};
constexpr std::array<char16_t, 32> kFinals{
    0x11D9, 0,      0x11A8, 0x11A9, 0x11AA, 0x11AB, 0x11AC, 0x11AD, 0x11AE, 0x11AF, 0x11B0,
    0x11B1, 0x11B2, 0x11B3, 0x11B4, 0x11B5, 0x11B6, 0x11B7, 0x11E6, 0x11B8, 0x11B9, 0x11BA,
    0x11BB, 0x11BC, 0x11BD, 0x11BE, 0x11BF, 0x11C0, 0x11C1, 0x11C2, 0x11EB, 0x11F0};

// Modern indices (0-based, Unicode order) of the Johab slots; -1 for fill codes and old letters.
int modernInitial(unsigned slot) {
    return slot >= 2 && slot <= 20 ? static_cast<int>(slot) - 2 : -1;
}
int modernMedial(unsigned slot) {
    if (slot >= 3 && slot <= 7) return static_cast<int>(slot) - 3;
    if (slot >= 10 && slot <= 15) return static_cast<int>(slot) - 5;
    if (slot >= 18 && slot <= 23) return static_cast<int>(slot) - 7;
    if (slot >= 26 && slot <= 29) return static_cast<int>(slot) - 9;
    return -1;
}
// 0 for "no final", 1-27 for the modern finals.
int modernFinal(unsigned slot) {
    if (slot == 1) return 0;
    if (slot >= 2 && slot <= 17) return static_cast<int>(slot) - 1;
    if (slot >= 19 && slot <= 29) return static_cast<int>(slot) - 2;
    return -1;
}

// Hangul Compatibility Jamo for a letter standing alone (how Johab writes ㄱ or ㅏ by itself):
// the modern initials and finals in Unicode order of U+3131-U+314E, the medials U+314F + index.
constexpr std::array<char16_t, 19> kCompatibilityInitials{
    0x3131, 0x3132, 0x3134, 0x3137, 0x3138, 0x3139, 0x3141, 0x3142, 0x3143, 0x3145,
    0x3146, 0x3147, 0x3148, 0x3149, 0x314A, 0x314B, 0x314C, 0x314D, 0x314E};
constexpr std::array<char16_t, 28> kCompatibilityFinals{
    0,      0x3131, 0x3132, 0x3133, 0x3134, 0x3135, 0x3136, 0x3137, 0x3139, 0x313A,
    0x313B, 0x313C, 0x313D, 0x313E, 0x313F, 0x3140, 0x3141, 0x3142, 0x3144, 0x3145,
    0x3146, 0x3147, 0x3148, 0x314A, 0x314B, 0x314C, 0x314D, 0x314E};

bool appendHangul(std::uint16_t code, std::u16string& out) {
    unsigned initial = (code >> 10) & 0x1F;
    unsigned medial = (code >> 5) & 0x1F;
    unsigned final = code & 0x1F;
    int l = modernInitial(initial), v = modernMedial(medial), t = modernFinal(final);
    if (l >= 0 && v >= 0 && t >= 0) {
        out.push_back(static_cast<char16_t>(0xAC00 + (l * 21 + v) * 28 + t));
        return true;
    }
    // Medials 0 and 1 are Hancom's own jamo codes, outside Johab; not mapped.
    if (medial < 2) {
        out.push_back(kReplacement);
        return false;
    }
    if (initial == 1 && final == 1 && v >= 0) {
        out.push_back(static_cast<char16_t>(0x314F + v));
        return true;
    }
    if (medial == 2 && final == 1 && l >= 0) {
        out.push_back(kCompatibilityInitials[l]);
        return true;
    }
    if (initial == 1 && medial == 2 && t > 0) {
        out.push_back(kCompatibilityFinals[t]);
        return true;
    }
    // Old Hangul: the letters present as a conjoining sequence, no fillers for absent ones (as
    // Hancom writes a lone old medial such as U+119E when converting to HWP 5).
    char16_t first = initial == 1 ? 0 : kInitials[initial];
    char16_t middle = medial == 2 ? 0 : kMedials[medial];
    char16_t last = final == 1 ? 0 : kFinals[final];
    if ((initial != 1 && first == 0) || (medial != 2 && middle == 0) || (final != 1 && last == 0)) {
        out.push_back(kReplacement);
        return false;
    }
    for (char16_t letter : {first, middle, last})
        if (letter) out.push_back(letter);
    return true;
}

bool appendKs(unsigned row, unsigned cell, std::u16string& out) {
    char16_t value = 0;
    if (cell >= 0xA1 && cell <= 0xFE) {
        if (row >= 0xA1 && row <= 0xAC)
            value = ks::kSymbolRows[(row - 0xA1) * 94 + (cell - 0xA1)];
        else if (row >= 0xCA && row <= 0xFD)
            value = ks::kHanjaRows[(row - 0xCA) * 94 + (cell - 0xA1)];
    }
    out.push_back(value ? value : kReplacement);
    return value != 0;
}

// Box-drawing pieces 0x3013-0x305F: 7 line styles of 11 pieces each, in the order of the
// directions they join [hcode.cxx `LineCharDir`]; given here in the light style.
constexpr std::array<char16_t, 11> kLinePieces{0x250C, 0x252C, 0x2510, 0x251C, 0x253C, 0x2524,
                                               0x2514, 0x2534, 0x2518, 0x2500, 0x2502};
constexpr std::uint16_t kLineBase = 0x3013;

// Bullets 0x2F00-0x2F6F: seven shapes of 16 codes each (the low nibble below 9), the KS X 1001
// symbol of each shape, filled from the sixth code on [hcode.cxx `hcharconv`, bullet branch].
constexpr std::array<std::uint16_t, 7> kBulletSymbols{0xA1E0, 0xA1DB, 0xA1DE, 0xA1E2,
                                                      0xA1E4, 0xA2B7, 0xA2B9};

// Codes outside the KS X 1001 blocks that hcode.cxx leaves as a white square, each matched to
// what Hancom's own converter writes for it in the HWP 5 / HWPX twins of the corpus files
// (PAIRS.tsv), by position and by equal counts: SO-SUEOP (0x2014, 0x2024, 0x21B3, 0x2223,
// 0x3062-0x3068, 0x309B/D, 0x30BB/D), hwp3-sample (0x2022), hwp3-sample11 (0x2219, 0x2C21-
// 0x2C42, 0x2E00-0x2E12, 0x37ED), hwp3-sample10 (0x37ED), hwp3-sample16 (0x3366). Where Hancom
// writes a character of its own Private Use Area, that character is kept, so that the same
// document gives the same text whichever format it comes in. 0x3062/0x3063/0x3067/0x3068 and
// 0x309B/0x309D are also the quotes and corner brackets hcode.cxx gives them. 0x205A has no
// twin: it is the white circle rhwp measured in Hangul 2022's rendering (kordoc's table cites
// rhwp #5860), and it stands for a withheld name (○○ 법원) in issue1892_hwp3_tab_roundtrip.
struct Observed {
    std::uint16_t first;
    std::uint16_t last;
    char32_t target;  // of `first`; the rest of the range follows in order
};
constexpr std::array<Observed, 23> kObserved{{
    {0x2014, 0x2014, 0x2014},   // — em dash
    {0x2022, 0x2022, 0x2022},   // • bullet
    {0x2024, 0x2024, 0x30FB},   // ・ katakana middle dot
    {0x21B3, 0x21B3, 0x21B3},   // ↳
    {0x205A, 0x205A, 0x25CB},   // ○ as a name placeholder (issue1892_hwp3_tab_roundtrip)
    {0x2219, 0x2219, 0x2219},   // ∙ bullet operator
    {0x2223, 0x2223, 0x2223},   // ∣ divides
    {0x2C21, 0x2C26, 0x24D0},   // ⓐ-ⓕ
    {0x2C40, 0x2C42, 0x3260},   // ㉠-㉢
    {0x2E00, 0x2E00, 0xF0288},  // Hancom PUA
    {0x2E01, 0x2E07, 0x2460},   // ①-⑦
    {0x2E0A, 0x2E12, 0xF0289},  // Hancom PUA
    {0x3062, 0x3062, 0x201C},   // “
    {0x3063, 0x3063, 0x201D},   // ”
    {0x3066, 0x3066, 0x2027},   // ‧ hyphenation point
    {0x3067, 0x3067, 0x2018},   // ‘
    {0x3068, 0x3068, 0x2019},   // ’
    {0x309B, 0x309B, 0xFF62},   // ｢
    {0x309D, 0x309D, 0xFF63},   // ｣
    {0x30BB, 0x30BB, 0xF0854},  // Hancom PUA
    {0x30BD, 0x30BD, 0xF0855},  // Hancom PUA
    {0x3366, 0x3366, 0xF03C5},  // Hancom PUA (a bullet)
    {0x37ED, 0x37ED, 0x2550},   // ═ double horizontal line
}};

void appendCodePoint(char32_t value, std::u16string& out) {
    if (value < 0x10000) {
        out.push_back(static_cast<char16_t>(value));
        return;
    }
    value -= 0x10000;
    out.push_back(static_cast<char16_t>(0xD800 + (value >> 10)));
    out.push_back(static_cast<char16_t>(0xDC00 + (value & 0x3FF)));
}

// 0x37C0-0x37C5 spell the maker's name, 한글과컴퓨터 [hcode.cxx].
constexpr std::u16string_view kHancom = u"한글과컴퓨터";

}  // namespace

bool appendHchar(std::uint16_t code, std::u16string& out) {
    if (code < 0x80) {
        out.push_back(static_cast<char16_t>(code));
        return true;
    }
    if (code & 0x8000) return appendHangul(code, out);
    if ((code & 0x4000) == 0x4000) {
        unsigned index = code - 0x4000;
        if (index >= 4888) {
            out.push_back(kReplacement);
            return false;
        }
        return appendKs(0xCA + index / 94, 0xA1 + index % 94, out);
    }
    // Double and single quotation marks as Hancom's own conversion to HWP 5 writes them.
    switch (code) {
        case 0x81:
            out.push_back(u'\u201C');
            return true;
        case 0x82:
            out.push_back(u'\u201D');
            return true;
        case 0x83:
            out.push_back(u'\u2018');
            return true;
        case 0x84:
            out.push_back(u'\u2019');
            return true;
        default:
            break;
    }
    for (const Observed& observed : kObserved) {
        if (code >= observed.first && code <= observed.last) {
            appendCodePoint(observed.target + (code - observed.first), out);
            return true;
        }
    }
    if (code >= 0xA0 && code <= 0xFF) {
        out.push_back(static_cast<char16_t>(code));
        return true;
    }
    if (code >= kLineBase && code < kLineBase + 77) {
        out.push_back(kLinePieces[(code - kLineBase) % 11]);
        return true;
    }
    if (code >= 0x2F00 && code <= 0x2F6F && (code & 0x0F) < 9) {
        std::uint16_t ks = kBulletSymbols[(code - 0x2F00) >> 4] + ((code & 0x0F) < 6 ? 0 : 1);
        return appendKs(ks >> 8, ks & 0xFF, out);
    }
    if (code >= 0x1F00 && code < 0x1FC0) {
        unsigned cell = code & 0xFF;
        unsigned row = 0xAA;
        if (cell >= 0x60) {
            ++row;
            cell -= 0x60;
        }
        return appendKs(row, cell + 0xA0, out);
    }
    if (code >= 0x37C0 && code < 0x37C0 + kHancom.size()) {
        out.push_back(kHancom[code - 0x37C0]);
        return true;
    }
    if (code >= 0x3400 && code < 0x37C0) {
        unsigned offset = code - 0x3400;
        unsigned row = offset / 0x60 + 0xA1;
        if (row == 0xAA) row = 0xAC;  // the tenth block is KS row 12 (Cyrillic)
        return appendKs(row, offset % 0x60 + 0xA0, out);
    }
    out.push_back(kReplacement);
    return false;
}

std::string hcharString(std::string_view bytes) {
    std::u16string units;
    for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) {
        auto code = static_cast<std::uint16_t>(static_cast<unsigned char>(bytes[i]) |
                                               (static_cast<unsigned char>(bytes[i + 1]) << 8));
        if (code == 0) break;
        if (code < 32) continue;
        appendHchar(code, units);
    }
    std::string out;
    unicode::appendUtf16(units.data(), units.size(), out);
    return out;
}

std::string kcharString(std::string_view bytes) {
    std::u16string units;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        auto byte = static_cast<unsigned char>(bytes[i]);
        if (byte == 0) break;
        if (byte < 0x80) {
            if (byte >= 32) units.push_back(byte);
            continue;
        }
        if (i + 1 >= bytes.size()) break;
        appendHchar(
            static_cast<std::uint16_t>((byte << 8) | static_cast<unsigned char>(bytes[++i])),
            units);
    }
    std::string out;
    unicode::appendUtf16(units.data(), units.size(), out);
    return out;
}

}  // namespace jikji::converters::hwp3
