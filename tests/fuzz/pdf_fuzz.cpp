#include <cstddef>
#include <cstdint>
#include <string_view>

#include "converters/pdf/pdf_converter.h"
#include "converters/pdf/pdf_streams.h"
#include "pipeline/errors.h"

// The PDF converter (poppler behind it) on arbitrary bytes, and the inflate scan that guards
// it on the same bytes with a small limit.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    static const jikji::converters::pdf::PdfConverter converter;
    converter.convert({bytes, "fuzz.pdf"});
    try {
        jikji::converters::pdf::inflatedStreamBytes(bytes, 1 << 20);
    } catch (const jikji::LimitError&) {
    }
    return 0;
}
