// The entry point of the jikji-pdf module (see pdf_module_loader.cpp).
#include "converters/pdf/pdf_text.h"

extern "C" jikji::Status jikjiConvertPdf(const jikji::converters::Input& input,
                                         jikji::DocumentSink& sink) {
    return jikji::converters::pdf::convertPdf(input, sink);
}
