#pragma once

#include <array>

/// The Private Use Area characters whose meaning is known, mapped to Unicode. Kept explicit and
/// small: anything not here is kept as it is and counted.
namespace jikji::normalize {

struct PuaMapping {
    char32_t pua;
    char32_t unicode;
};

/// Windows symbol fonts put their glyphs at U+F020–U+F0FF (the font's byte + 0xF000). Hancom
/// documents use them for bullets and check boxes: U+F06C/U+F09F in pyhwp's `lists.hwp`,
/// U+F06D in government notices, U+F06E in hwpxlib's `ParaHead.hwpx`, U+F09E between words
/// ("사용·양도·대여"). rhwp's `pua-test.hwp` (corpus/hwp) lists the targets Hancom's own PDF
/// export gives: U+F076 ❖, U+F09F •, U+F0A0 ▪, U+F0A7 ▪, U+F0F2 ⇩, U+F0FE ☑ (and leaves
/// U+F53A and the plane-15 U+F02B1… outside its table). Targets follow the Wingdings chart of
/// alanwood.net/demos/wingdings.html (Unicode L2/11-052 agrees); U+F0B7 is the Symbol font's
/// bullet, the one Word and Hancom use for "•" bullets (Wingdings has a clock there).
/// U+F53A is Hancom's "한" logo glyph, written before "글" in the product name "한글"
/// (pyhwp's `sample-5017.hwp`, hwplib's `distribution.hwp`; FORMATS.md §2.8).
inline constexpr std::array kPuaMappings{
    PuaMapping{0xF06C, 0x25CF},  // Wingdings l  → ● black circle
    PuaMapping{0xF06D, 0x274D},  // Wingdings m  → ❍ shadowed white circle
    PuaMapping{0xF06E, 0x25A0},  // Wingdings n  → ■ black square
    PuaMapping{0xF06F, 0x25A1},  // Wingdings o  → □ white square
    PuaMapping{0xF071, 0x2751},  // Wingdings q  → ❑ lower right shadowed white square
    PuaMapping{0xF075, 0x25C6},  // Wingdings u  → ◆ black diamond
    PuaMapping{0xF076, 0x2756},  // Wingdings v  → ❖ black diamond minus white X
    PuaMapping{0xF09E, 0x00B7},  // Wingdings 9E → · middle dot
    PuaMapping{0xF09F, 0x2022},  // Wingdings 9F → • bullet
    PuaMapping{0xF0A0, 0x25AA},  // Wingdings A0 → ▪ black small square
    PuaMapping{0xF0A1, 0x25CB},  // Wingdings A1 → ○ white circle
    PuaMapping{0xF0A7, 0x25AA},  // Wingdings A7 → ▪ black small square
    PuaMapping{0xF0A8, 0x25FB},  // Wingdings A8 → ◻ white medium square
    PuaMapping{0xF0AB, 0x2605},  // Wingdings AB → ★ black star
    PuaMapping{0xF0B7, 0x2022},  // Symbol B7    → • bullet
    PuaMapping{0xF0D8, 0x27A2},  // Wingdings D8 → ➢ three-D top-lighted rightwards arrowhead
    PuaMapping{0xF0E8, 0x2794},  // Wingdings E8 → ➔ heavy wide-headed rightwards arrow
    PuaMapping{0xF0F2, 0x21E9},  // Wingdings F2 → ⇩ downwards white arrow
    PuaMapping{0xF0FC, 0x2713},  // Wingdings FC → ✓ check mark
    PuaMapping{0xF0FE, 0x2611},  // Wingdings FE → ☑ ballot box with check
    PuaMapping{0xF53A, 0xD55C},  // Hancom logo  → 한
};

}  // namespace jikji::normalize
