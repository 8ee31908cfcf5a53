#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace jikji::converters::pdf {

/// Turns a word's text (as poppler gives it) into UTF-8 and counts the glyphs that
/// reached Unicode only as private-use code points: a font without a usable ToUnicode map
/// (Hancom's Type 3 symbol fonts give U+F000 for every glyph, its equation font U+E0xx).
class GlyphCounter {
  public:
    std::string toUtf8(std::u16string_view text);
    /// The same for text already in code points (poppler's own word list).
    std::string toUtf8(std::u32string_view text);

    std::size_t total() const { return m_total; }
    std::size_t privateUse() const { return m_privateUse; }

  private:
    std::size_t m_total = 0;
    std::size_t m_privateUse = 0;
};

/// The FNV-1a hash of the outline of glyph `gid` (its `glyf` bytes) in the TrueType font
/// program `font`; 0 when the font has no `glyf` table, no such glyph, or is malformed.
std::uint64_t trueTypeGlyphHash(std::string_view font, std::uint32_t gid);

/// The code point that an HWP document holds for a glyph of Hancom's fonts whose PDF export
/// lost it (its ToUnicode map says U+F000, the embedded subset has no cmap): outlines known
/// from the HWP twins of the corpus, by hash. 0 when the outline is not known.
char32_t hancomGlyphByOutline(std::uint64_t outlineHash);

/// The code point that a glyph name spells (`uniAC00`, `u1F600`), or 0.
char32_t codePointOfGlyphName(std::string_view name);

}  // namespace jikji::converters::pdf
