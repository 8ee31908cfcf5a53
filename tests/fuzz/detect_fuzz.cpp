#include <cstddef>
#include <cstdint>
#include <string_view>

#include "converters/detect/detect.h"
#include "converters/registry.h"

// Detection and the whole conversion path (no isolation) on arbitrary bytes.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    jikji::converters::detect(bytes);
    jikji::converters::convertInput({bytes, "fuzz"});
    return 0;
}
