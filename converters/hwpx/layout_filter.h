#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace jikji::converters::hwpx {

/// Removes every element with one local name (any prefix, e.g. `<hp:linesegarray …>…
/// </hp:linesegarray>`) from a stream of XML bytes before it reaches the parser; the element
/// must not nest in itself. Used for parts that carry no text but cost parse time: the
/// line-segment array (Hancom's layout cache, a third of a section's bytes and about half of
/// its parse time) and the `switch` alternatives of paragraph properties. Everything else passes
/// through unchanged, in order. A start tag that cannot be recognised within
/// limits::kMaxFilterLookahead bytes is passed through as is.
class LayoutFilter {
  public:
    LayoutFilter(std::string_view localName, std::function<void(std::string_view)> out);

    void feed(std::string_view bytes);
    /// Passes on whatever is held back (a truncated element is dropped, as the parser would
    /// reject it anyway).
    void finish();

    /// Bytes removed so far.
    std::size_t dropped() const { return m_dropped; }

  private:
    std::size_t process(std::string_view data, bool final);
    void emit(std::string_view bytes);
    void flush();

    std::string m_name;
    std::function<void(std::string_view)> m_out;
    std::string m_carry;
    std::string m_pending;
    std::string m_closeTag;
    bool m_inside = false;
    std::size_t m_dropped = 0;
};

}  // namespace jikji::converters::hwpx
