#pragma once

#include <TextOutputDev.h>

#include <cstddef>
#include <vector>

#include "converters/pdf/pdf_layout.h"

namespace jikji::converters::pdf {

/// poppler's text device, which also keeps the ruling lines that a page draws (stroked
/// horizontal and vertical segments, thin filled rectangles) in the words' coordinates:
/// poppler-cpp hands out the words but none of the drawing that tables are made of.
class PageDevice final : public TextOutputDev {
  public:
    PageDevice();

    void stroke(GfxState* state) override;
    void fill(GfxState* state) override;
    void eoFill(GfxState* state) override;

    /// The rules drawn since the device was made, at most `kMaxPdfRulesPerPage`.
    std::vector<Rule>& rules() { return m_rules; }
    /// Whether rules beyond the limit were dropped.
    bool rulesDropped() const { return m_dropped; }

  private:
    void addRule(bool horizontal, double at, double from, double to);
    void collect(GfxState* state, bool filled);

    std::vector<Rule> m_rules;
    bool m_dropped = false;
};

}  // namespace jikji::converters::pdf
