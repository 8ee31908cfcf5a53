#pragma once

#include "converters/converter.h"
#include "converters/hwpx/layout_filter.h"

namespace jikji::converters::hwpx {

/// HWPX (OWPML zip package, KS X 6101): text and structure of every section, metadata, and
/// distribution (배포용) documents decrypted with Hancom's fixed key.
class HwpxConverter final : public Converter {
  public:
    std::string_view name() const override { return "hwpx"; }
    std::string_view version() const override { return "0.1.0"; }
    int probe(const Input& input) const noexcept override;

  protected:
    Status doConvert(const Input& input, DocumentSink& sink) const override;
};

/// The one instance the registry lists.
const Converter& hwpxConverter();

/// What the layout filter removes from a section before libxml2 sees it; the converter adds
/// the paragraph heads of the package (`p` keeps paraPrIDRef only for those).
const LayoutFilter::Rules& sectionFilterRules();

}  // namespace jikji::converters::hwpx
