#include <cstddef>
#include <cstdint>
#include <string_view>

#include "converters/hwp5/hwp5_converter.h"
#include "converters/hwp5/hwp5_records.h"

// The HWP 5 converter on arbitrary bytes, and its record layer on the same bytes taken as an
// already inflated section stream.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    static const jikji::converters::hwp5::Hwp5Converter converter;
    converter.convert({bytes, "fuzz.hwp"});
    jikji::converters::hwp5::parseRecords(bytes);
    jikji::converters::hwp5::inflateRaw(bytes.substr(0, 4096), 1 << 20);
    return 0;
}
