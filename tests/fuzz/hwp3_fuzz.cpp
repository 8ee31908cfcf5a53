#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "converters/hwp3/hwp3_charset.h"
#include "converters/hwp3/hwp3_converter.h"

// The HWP 3 converter on arbitrary bytes, the same bytes behind a valid signature and header as
// an uncompressed body (so that the paragraph walker sees them without inflate in the way), and
// the character mapping on them taken as hchars.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    static const jikji::converters::hwp3::Hwp3Converter converter;
    converter.convert({bytes, "fuzz.hwp"});
    std::string framed("HWP Document File V3.00 \x1A\x01\x02\x03\x04\x05", 30);
    framed.append(128 + 1008, '\0');
    framed.append(bytes);
    converter.convert({framed, "fuzz-body.hwp"});
    std::u16string out;
    for (std::size_t i = 0; i + 1 < size; i += 2)
        jikji::converters::hwp3::appendHchar(
            static_cast<std::uint16_t>(data[i] | (data[i + 1] << 8)), out);
    return 0;
}
