#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace jikji::converters::pdf {

/// Turns a word's UTF-16 text (as poppler gives it) into UTF-8, mapping the private-use code points
/// of Hancom's symbol fonts whose meaning is known and counting those left unmapped.
class GlyphRecovery {
  public:
    std::string recover(std::u16string_view text, const std::string& font);

    std::size_t total() const { return m_total; }
    std::size_t unmapped() const { return m_unmapped; }
    std::size_t recovered() const { return m_recovered; }

  private:
    std::size_t m_total = 0;
    std::size_t m_unmapped = 0;
    std::size_t m_recovered = 0;
};

}  // namespace jikji::converters::pdf
