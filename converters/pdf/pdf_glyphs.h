#pragma once

#include <cstddef>
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

}  // namespace jikji::converters::pdf
