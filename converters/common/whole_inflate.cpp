#include "converters/common/whole_inflate.h"

#include <libdeflate.h>

#include <memory>

namespace jikji::converters {

namespace {

struct DecompressorFree {
    void operator()(libdeflate_decompressor* decompressor) const {
        libdeflate_free_decompressor(decompressor);
    }
};

}  // namespace

bool inflateExactly(std::string_view deflated, char* out, std::size_t size) {
    // One per thread, kept: the converters of one process may run on several threads.
    thread_local std::unique_ptr<libdeflate_decompressor, DecompressorFree> decompressor(
        libdeflate_alloc_decompressor());
    if (!decompressor) return false;
    std::size_t consumed = 0, produced = 0;
    return libdeflate_deflate_decompress_ex(decompressor.get(), deflated.data(), deflated.size(),
                                            out, size, &consumed,
                                            &produced) == LIBDEFLATE_SUCCESS &&
           produced == size;
}

}  // namespace jikji::converters
