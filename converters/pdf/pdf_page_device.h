#pragma once

#include <TextOutputDev.h>

#include <array>
#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "converters/pdf/pdf_layout.h"

namespace jikji::converters::pdf {

/// The embedded fonts of one document that private-use glyphs were looked up in, read once,
/// and what was found.
struct GlyphRecovery {
    /// Font object (number, generation) → its TrueType program (empty when it has none).
    std::map<std::pair<int, int>, std::string> programs;
    /// (font, glyph id) → the recovered code point, 0 when none.
    std::map<std::tuple<int, int, unsigned>, char32_t> glyphs;
    std::size_t recovered = 0;
};

/// poppler's text device, which also keeps the ruling lines that a page draws (stroked
/// horizontal and vertical segments, thin filled rectangles) in the words' coordinates:
/// poppler-cpp hands out the words but none of the drawing that tables are made of. Glyphs
/// that reach Unicode only as private-use code points are recovered where the font says what
/// they are (a `uniXXXX` glyph name, or a Hancom outline whose code point is known).
class PageDevice final : public TextOutputDev {
  public:
    explicit PageDevice(GlyphRecovery& recovery);

    void stroke(GfxState* state) override;
    void fill(GfxState* state) override;
    void eoFill(GfxState* state) override;
    void clip(GfxState* state) override;
    void eoClip(GfxState* state) override;
    void drawChar(GfxState* state, double x, double y, double dx, double dy, double originX,
                  double originY, CharCode code, int bytes, const Unicode* u, int length) override;

    /// The rules drawn since the device was made, at most `kMaxPdfRulesPerPage`.
    std::vector<Rule>& rules() { return m_rules; }
    /// The rectangles that the page clipped its drawing to (not the page itself), each once,
    /// at most a quarter of `kMaxPdfRulesPerPage` (each may make four rules).
    std::vector<Box>& clips() { return m_clips; }
    /// Whether rules beyond the limit were dropped.
    bool rulesDropped() const { return m_dropped; }

    void startPage(int page, GfxState* state, XRef* xref) override;

  private:
    char32_t recover(GfxState* state, CharCode code);

    GlyphRecovery& m_recovery;
    XRef* m_xref = nullptr;
    void addRule(bool horizontal, double at, double from, double to);
    void collect(GfxState* state, bool filled);
    void collectClip(GfxState* state);

    std::vector<Rule> m_rules;
    std::vector<Box> m_clips;
    std::set<std::array<long, 4>> m_clipKeys;
    bool m_dropped = false;
};

}  // namespace jikji::converters::pdf
