#pragma once

#include "converters/converter.h"

namespace jikji::converters::pdf {

/// What PdfConverter::convert does, through poppler. Linked in from pdf_text.cpp by every
/// program but `jikji`, whose pdf_module_loader.cpp loads it from the jikji-pdf module instead.
Status convertPdf(const Input& input, DocumentSink& sink);

}  // namespace jikji::converters::pdf
