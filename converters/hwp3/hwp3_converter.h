#pragma once

#include "converters/converter.h"

namespace jikji::converters::hwp3 {

/// HWP 3.x documents (Hangul 3.0 to 97): the signature, document information and summary, and
/// the raw-deflated body with its paragraphs, tables, text boxes, equations, pictures and
/// drawings, notes, headers and footers; Hancom's 2-byte character code to Unicode.
class Hwp3Converter final : public Converter {
  public:
    std::string_view name() const override { return "hwp3"; }
    std::string_view version() const override { return "1.0.0"; }
    int probe(const Input& input) const noexcept override;

  protected:
    Status doConvert(const Input& input, DocumentSink& sink) const override;
};

/// The one instance the registry lists.
const Converter& hwp3Converter();

}  // namespace jikji::converters::hwp3
