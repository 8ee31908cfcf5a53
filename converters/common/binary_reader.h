#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "pipeline/errors.h"

namespace jikji::converters {

/// A little-endian reader over a byte range that never reads past its end: every read checks
/// the remaining bytes and throws CorruptError when they run out. Lengths and counts read from
/// the input are checked against a named limit with `checkedCount`.
class BinaryReader {
  public:
    explicit BinaryReader(std::string_view bytes, std::string_view what = "data")
        : m_bytes(bytes), m_what(what) {}

    std::size_t size() const { return m_bytes.size(); }
    std::size_t offset() const { return m_offset; }
    std::size_t remaining() const { return m_bytes.size() - m_offset; }
    bool atEnd() const { return m_offset >= m_bytes.size(); }

    std::uint8_t u8() { return static_cast<std::uint8_t>(take(1)[0]); }
    std::uint16_t u16() {
        auto b = take(2);
        return static_cast<std::uint16_t>(byte(b, 0) | (byte(b, 1) << 8));
    }
    std::uint32_t u32() {
        auto b = take(4);
        return byte(b, 0) | (byte(b, 1) << 8) | (byte(b, 2) << 16) |
               (static_cast<std::uint32_t>(byte(b, 3)) << 24);
    }
    std::uint64_t u64() {
        std::uint64_t low = u32();
        return low | (static_cast<std::uint64_t>(u32()) << 32);
    }
    std::int32_t i32() { return static_cast<std::int32_t>(u32()); }

    /// The next `count` bytes, as a view into the input.
    std::string_view bytes(std::size_t count) { return take(count); }
    void skip(std::size_t count) { take(count); }
    void seek(std::size_t offset) {
        if (offset > m_bytes.size()) fail("seek beyond end");
        m_offset = offset;
    }

    /// Throws LimitError when `value` read from the input exceeds `limit`.
    static std::size_t checkedCount(std::uint64_t value, std::uint64_t limit,
                                    std::string_view what) {
        if (value > limit)
            throw LimitError(std::string(what) + " " + std::to_string(value) + " exceeds limit " +
                             std::to_string(limit));
        return static_cast<std::size_t>(value);
    }

  private:
    static std::uint32_t byte(std::string_view b, std::size_t i) {
        return static_cast<unsigned char>(b[i]);
    }
    std::string_view take(std::size_t count) {
        if (count > remaining()) fail("truncated");
        std::string_view out = m_bytes.substr(m_offset, count);
        m_offset += count;
        return out;
    }
    [[noreturn]] void fail(const char* why) const {
        throw CorruptError(std::string(m_what) + ": " + why + " at offset " +
                           std::to_string(m_offset) + " of " + std::to_string(m_bytes.size()));
    }

    std::string_view m_bytes;
    std::string_view m_what;
    std::size_t m_offset = 0;
};

}  // namespace jikji::converters
