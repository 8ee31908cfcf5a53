#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "converters/hwpml/hwpml_converter.h"

// The HWPML converter on arbitrary bytes, and on the same bytes after an HWPML prologue with an
// internal subset, so that mutations reach the body reader and the entity rules, not only the
// detector.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const jikji::converters::Converter& converter = jikji::converters::hwpml::hwpmlConverter();
    converter.convert({bytes, "fuzz.hml"});
    std::string wrapped =
        "<?xml version=\"1.0\"?><!DOCTYPE HWPML [<!ENTITY nbsp \"&#160;\">]><HWPML "
        "Version=\"2.9\">";
    wrapped.append(bytes);
    converter.convert({wrapped, "fuzz.hml"});
    return 0;
}
