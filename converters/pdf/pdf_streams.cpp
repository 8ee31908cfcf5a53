#include "converters/pdf/pdf_streams.h"

#include <zlib.h>

#include <array>
#include <string>

#include "pipeline/errors.h"

namespace jikji::converters::pdf {

namespace {

// How far back from `stream` a stream's dictionary is looked for.
constexpr std::size_t kDictionaryWindow = 4096;

std::uint64_t inflateCounting(std::string_view data, std::uint64_t budget) {
    z_stream zs{};
    if (inflateInit(&zs) != Z_OK) return 0;
    std::array<unsigned char, 64 * 1024> scratch;
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(std::min<std::size_t>(data.size(), 1u << 30));
    std::uint64_t produced = 0;
    for (;;) {
        zs.next_out = scratch.data();
        zs.avail_out = static_cast<uInt>(scratch.size());
        int result = inflate(&zs, Z_NO_FLUSH);
        produced += scratch.size() - zs.avail_out;
        if (produced > budget) break;
        if (result != Z_OK) break;
        if (zs.avail_out != 0 && zs.avail_in == 0) break;
    }
    inflateEnd(&zs);
    return produced;
}

}  // namespace

std::uint64_t inflatedStreamBytes(std::string_view pdf, std::uint64_t limit) {
    std::uint64_t total = 0;
    std::size_t at = 0;
    while ((at = pdf.find("stream", at)) != std::string_view::npos) {
        std::size_t keyword = at;
        at += 6;
        if (keyword >= 3 && pdf.substr(keyword - 3, 3) == "end") continue;
        std::size_t data = at;
        if (data < pdf.size() && pdf[data] == '\r') ++data;
        if (data >= pdf.size() || pdf[data] != '\n') continue;
        ++data;
        std::size_t from = keyword > kDictionaryWindow ? keyword - kDictionaryWindow : 0;
        std::string_view before = pdf.substr(from, keyword - from);
        std::size_t open = before.rfind("obj");
        std::string_view dictionary = open == std::string_view::npos ? before : before.substr(open);
        if (dictionary.find("/FlateDecode") == std::string_view::npos) continue;
        if (dictionary.find("/Image") != std::string_view::npos) continue;
        total += inflateCounting(pdf.substr(data), limit - total);
        if (total > limit)
            throw LimitError("PDF streams inflate to more than " + std::to_string(limit) +
                             " bytes");
        at = data;
    }
    return total;
}

}  // namespace jikji::converters::pdf
