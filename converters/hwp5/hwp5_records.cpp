#include "converters/hwp5/hwp5_records.h"

#include <zlib.h>

#include "converters/common/binary_reader.h"
#include "converters/common/whole_inflate.h"
#include "pipeline/errors.h"
#include "pipeline/limits.h"

namespace jikji::converters::hwp5 {

namespace {

// Inflates until the end of the stream, damage, or `enough(bytesSoFar)` says the rest is not
// worth inflating.
template <typename Enough>
Inflated inflateUntil(std::string_view compressed, std::uint64_t limit, Enough enough) {
    Inflated out;
    z_stream stream{};
    if (inflateInit2(&stream, -15) != Z_OK) throw CorruptError("zlib: cannot initialise inflate");
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
    stream.avail_in = static_cast<uInt>(compressed.size());
    out.bytes.reserve(std::min<std::uint64_t>(limit, compressed.size() * 4));
    // Output grows by appending chunks: nothing is zero-filled or allocated past what the
    // stream really yields, and the limit is checked before each append.
    char chunk[1 << 16];
    while (true) {
        stream.next_out = reinterpret_cast<Bytef*>(chunk);
        stream.avail_out = sizeof chunk;
        int result = inflate(&stream, Z_NO_FLUSH);
        std::size_t produced = sizeof chunk - stream.avail_out;
        if (out.bytes.size() + produced > limit) {
            inflateEnd(&stream);
            throw LimitError("deflate stream inflates beyond " + std::to_string(limit) + " bytes");
        }
        out.bytes.append(chunk, produced);
        if (result == Z_STREAM_END) break;
        if (result == Z_OK && enough(out.bytes)) {
            out.complete = false;
            out.error = "the inflated bytes stopped being records; the rest was not inflated";
            break;
        }
        if (result == Z_OK) continue;
        out.complete = false;
        // Z_BUF_ERROR: no progress possible, the input ended before the stream did.
        out.error = result == Z_BUF_ERROR ? "deflate stream is truncated"
                                          : std::string("deflate stream is damaged: ") +
                                                (stream.msg ? stream.msg : "data error");
        break;
    }
    inflateEnd(&stream);
    return out;
}

// Walks record headers as the bytes arrive, so that a stream that turns into garbage (a damaged
// stream inflating to megabytes of zeros) stops being inflated where its records stop.
class RecordHeaderScan {
  public:
    bool invalid(std::string_view bytes) {
        while (m_offset + 4 <= bytes.size()) {
            BinaryReader reader(bytes.substr(m_offset), "record header");
            std::uint32_t header = reader.u32();
            if ((header & 0x3FF) < kFirstRecordTag) return true;
            std::uint64_t size = header >> 20;
            if (size == 0xFFF) {
                if (reader.remaining() < 4) return false;
                size = reader.u32();
            }
            m_offset += reader.offset() + size;
        }
        return false;
    }

  private:
    std::uint64_t m_offset = 0;
};

}  // namespace

// A sound stream is inflated in one call (libdeflate: about three times zlib's speed, a fifth of
// converting an HWP 5 document); anything else (damage, truncation, the limit, records that
// stop being records) goes through inflateUntil, which says which and keeps what came before.
// The one call is tried up to a plausible size only: a bomb (zeros after the records) is left
// to the streaming inflate, which stops where the records stop instead of inflating it whole.
std::size_t wholeLimit(std::string_view compressed, std::uint64_t limit) {
    return static_cast<std::size_t>(
        std::min<std::uint64_t>(limit, std::max<std::uint64_t>(compressed.size() * 32, 1 << 20)));
}

Inflated inflateRaw(std::string_view compressed, std::uint64_t limit) {
    Inflated whole;
    if (inflateWhole(compressed, wholeLimit(compressed, limit), whole.bytes)) return whole;
    return inflateUntil(compressed, limit, [](const std::string&) { return false; });
}

Inflated inflateRecords(std::string_view compressed, std::uint64_t limit) {
    Inflated whole;
    if (inflateWhole(compressed, wholeLimit(compressed, limit), whole.bytes) &&
        !RecordHeaderScan().invalid(whole.bytes))
        return whole;
    RecordHeaderScan scan;
    return inflateUntil(compressed, limit,
                        [&scan](const std::string& bytes) { return scan.invalid(bytes); });
}

RecordList parseRecords(std::string_view stream) {
    RecordList out;
    out.records.reserve(stream.size() / 32);
    BinaryReader reader(stream, "record stream");
    while (!reader.atEnd()) {
        std::size_t start = reader.offset();
        if (reader.remaining() < 4) {
            out.truncatedAt = start;
            out.stopReason =
                "record at offset " + std::to_string(start) + " runs past the end of the stream";
            break;
        }
        std::uint32_t header = reader.u32();
        Record record;
        record.tag = static_cast<std::uint16_t>(header & 0x3FF);
        record.level = static_cast<std::uint16_t>((header >> 10) & 0x3FF);
        if (record.tag < kFirstRecordTag) {
            out.truncatedAt = start;
            out.invalidTag = true;
            out.stopReason = "record at offset " + std::to_string(start) + " has tag " +
                             std::to_string(record.tag) +
                             ", below HWPTAG_BEGIN: the rest is not records";
            break;
        }
        std::uint32_t size = header >> 20;
        if (size == 0xFFF) {
            if (reader.remaining() < 4) {
                out.truncatedAt = start;
                out.stopReason = "record at offset " + std::to_string(start) +
                                 " runs past the end of the stream";
                break;
            }
            size = reader.u32();
        }
        if (size > reader.remaining() || size > limits::kMaxRecordBytes) {
            out.truncatedAt = start;
            out.stopReason =
                "record at offset " + std::to_string(start) + " runs past the end of the stream";
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
