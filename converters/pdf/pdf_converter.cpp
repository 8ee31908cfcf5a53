#include "converters/pdf/pdf_converter.h"

#include "converters/pdf/pdf_text.h"

namespace jikji::converters::pdf {

int PdfConverter::probe(const Input& input) const noexcept {
    return input.bytes.substr(0, 1024).find("%PDF-") != std::string_view::npos ? 100 : 0;
}

Status PdfConverter::doConvert(const Input& input, DocumentSink& sink) const {
    return convertPdf(input, sink);
}

}  // namespace jikji::converters::pdf
