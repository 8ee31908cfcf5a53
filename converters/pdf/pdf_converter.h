#pragma once

#include "converters/converter.h"

namespace jikji::converters::pdf {

/// PDF through poppler (Debian's libpoppler-cpp): the text layer of every page in reading
/// order as paragraphs, headings and list items, running heads as headers and footers, the
/// page of every block, document information as metadata. Pages without a text layer make
/// the document `partial`; a password for opening makes it `encrypted`.
class PdfConverter final : public Converter {
  public:
    std::string_view name() const override { return "pdf"; }
    std::string_view version() const override { return "0.1.0"; }
    int probe(const Input& input) const noexcept override;

  protected:
    Status doConvert(const Input& input, DocumentSink& sink) const override;
};

}  // namespace jikji::converters::pdf
