#include "converters/common/whole_inflate.h"

#include <libdeflate.h>

#include <algorithm>
#include <memory>

namespace jikji::converters {

namespace {

struct DecompressorFree {
    void operator()(libdeflate_decompressor* decompressor) const {
        libdeflate_free_decompressor(decompressor);
    }
};

libdeflate_decompressor* threadDecompressor() {
    // One per thread, kept: the converters of one process may run on several threads.
    thread_local std::unique_ptr<libdeflate_decompressor, DecompressorFree> decompressor(
        libdeflate_alloc_decompressor());
    return decompressor.get();
}

}  // namespace

bool inflateExactly(std::string_view deflated, char* out, std::size_t size) {
    libdeflate_decompressor* decompressor = threadDecompressor();
    if (!decompressor) return false;
    std::size_t consumed = 0, produced = 0;
    return libdeflate_deflate_decompress_ex(decompressor, deflated.data(), deflated.size(), out,
                                            size, &consumed, &produced) == LIBDEFLATE_SUCCESS &&
           produced == size;
}

bool inflateWhole(std::string_view deflated, std::size_t limit, std::string& out) {
    libdeflate_decompressor* decompressor = threadDecompressor();
    if (!decompressor) return false;
    // Inflated into a scratch buffer kept per thread and copied out at its real size: sizing the
    // string to a guess would zero-fill the guess, which cost as much as inflating.
    thread_local std::unique_ptr<char[]> scratch;
    thread_local std::size_t scratchSize = 0;
    // A bomb's buffer is not kept for the rest of the process.
    auto trim = [] {
        if (scratchSize <= (8u << 20)) return;
        scratch.reset();
        scratchSize = 0;
    };
    // HWP record streams inflate to 3 to 8 times their size; a bigger one costs a retry.
    std::size_t size = std::min(limit, std::max<std::size_t>(deflated.size() * 8, 1 << 16));
    for (;;) {
        if (scratchSize < size) {
            scratch.reset(new char[size]);
            scratchSize = size;
        }
        std::size_t produced = 0;
        libdeflate_result result = libdeflate_deflate_decompress(
            decompressor, deflated.data(), deflated.size(), scratch.get(), size, &produced);
        if (result == LIBDEFLATE_SUCCESS) {
            out.assign(scratch.get(), produced);
            trim();
            return true;
        }
        if (result != LIBDEFLATE_INSUFFICIENT_SPACE || size >= limit) break;
        size = size > limit / 4 ? limit : size * 4;
    }
    trim();
    out.clear();
    return false;
}

}  // namespace jikji::converters
