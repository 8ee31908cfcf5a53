#include "converters/hwp5/hwp5_records.h"

#include <zlib.h>

#include "converters/common/binary_reader.h"
#include "pipeline/errors.h"
#include "pipeline/limits.h"

namespace jikji::converters::hwp5 {

Inflated inflateRaw(std::string_view compressed, std::uint64_t limit) {
    Inflated out;
    z_stream stream{};
    if (inflateInit2(&stream, -15) != Z_OK) throw CorruptError("zlib: cannot initialise inflate");
    // Start near the usual HWP ratio and grow geometrically, never past the limit.
    std::size_t capacity = std::min<std::uint64_t>(
        limit, std::max<std::uint64_t>(4096, static_cast<std::uint64_t>(compressed.size()) * 4));
    out.bytes.resize(capacity);
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
    stream.avail_in = static_cast<uInt>(compressed.size());
    std::size_t produced = 0;
    int result = Z_OK;
    while (true) {
        if (produced == out.bytes.size()) {
            if (out.bytes.size() >= limit) {
                // Output is full at the limit: one more byte means the stream is too large.
                unsigned char probe = 0;
                stream.next_out = &probe;
                stream.avail_out = 1;
                int more = inflate(&stream, Z_NO_FLUSH);
                if (more != Z_STREAM_END || stream.avail_out == 0) {
                    inflateEnd(&stream);
                    throw LimitError("deflate stream inflates beyond " + std::to_string(limit) +
                                     " bytes");
                }
                result = Z_STREAM_END;
                break;
            }
            out.bytes.resize(std::min<std::uint64_t>(limit, out.bytes.size() * 2));
        }
        stream.next_out = reinterpret_cast<Bytef*>(out.bytes.data() + produced);
        stream.avail_out = static_cast<uInt>(out.bytes.size() - produced);
        result = inflate(&stream, Z_NO_FLUSH);
        produced = out.bytes.size() - stream.avail_out;
        if (result == Z_STREAM_END) break;
        if (result == Z_OK) continue;
        if (result == Z_BUF_ERROR && stream.avail_out == 0) continue;
        // Z_BUF_ERROR with room left: the input ended before the stream did.
        out.complete = false;
        out.error = result == Z_BUF_ERROR ? "deflate stream is truncated"
                                          : std::string("deflate stream is damaged: ") +
                                                (stream.msg ? stream.msg : "data error");
        break;
    }
    inflateEnd(&stream);
    out.bytes.resize(produced);
    return out;
}

RecordList parseRecords(std::string_view stream) {
    RecordList out;
    out.records.reserve(stream.size() / 32);
    BinaryReader reader(stream, "record stream");
    while (!reader.atEnd()) {
        std::size_t start = reader.offset();
        if (reader.remaining() < 4) {
            out.truncatedAt = start;
            break;
        }
        std::uint32_t header = reader.u32();
        Record record;
        record.tag = static_cast<std::uint16_t>(header & 0x3FF);
        record.level = static_cast<std::uint16_t>((header >> 10) & 0x3FF);
        std::uint32_t size = header >> 20;
        if (size == 0xFFF) {
            if (reader.remaining() < 4) {
                out.truncatedAt = start;
                break;
            }
            size = reader.u32();
        }
        if (size > reader.remaining() || size > limits::kMaxRecordBytes) {
            out.truncatedAt = start;
            break;
        }
        record.payload = reader.bytes(size);
        out.records.push_back(record);
    }
    return out;
}

std::string ctrlIdText(std::uint32_t id) {
    std::string out;
    for (int shift = 24; shift >= 0; shift -= 8) {
        auto c = static_cast<char>((id >> shift) & 0xFF);
        out += (c >= 0x20 && c < 0x7F) ? c : '?';
    }
    return out;
}

}  // namespace jikji::converters::hwp5
