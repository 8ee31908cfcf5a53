#pragma once

#include "converters/converter.h"

namespace jikji::converters::hwpml {

/// HWPML (.hml, Hancom's XML format of the Hangul 2002–2010 era; law.go.kr serves it renamed
/// `.hwp`): text and structure of every section and the document summary, read in one
/// streaming pass. Internal DTD entities of plain text (`&nbsp;`) are expanded; external
/// entities are refused; embedded binaries are never decoded; scripts are never run.
class HwpmlConverter final : public Converter {
  public:
    std::string_view name() const override { return "hwpml"; }
    std::string_view version() const override { return "0.1.0"; }
    int probe(const Input& input) const noexcept override;

  protected:
    Status doConvert(const Input& input, DocumentSink& sink) const override;
};

/// The one instance the registry lists.
const Converter& hwpmlConverter();

}  // namespace jikji::converters::hwpml
