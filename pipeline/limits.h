#pragma once

#include <cstddef>
#include <cstdint>

/// Every length or count read from an input is checked against one of these named limits.
namespace jikji::limits {

/// Bytes of one input file that a converter accepts.
inline constexpr std::uint64_t kMaxInputBytes = 512ull << 20;
/// Uncompressed bytes of one zip entry or one OLE stream.
inline constexpr std::uint64_t kMaxEntryBytes = 256ull << 20;
/// Uncompressed bytes of all entries of one container together.
inline constexpr std::uint64_t kMaxTotalUncompressedBytes = 1024ull << 20;
/// Largest ratio of uncompressed to compressed size of one zip entry (zip bombs).
inline constexpr std::uint64_t kMaxCompressionRatio = 1000;
/// Entries of one zip or streams of one OLE file.
inline constexpr std::size_t kMaxContainerEntries = 10000;
/// Nesting depth of XML elements, tables in tables, records in records.
inline constexpr std::size_t kMaxNestingDepth = 256;
/// Bytes of one text node or one record payload.
inline constexpr std::size_t kMaxRecordBytes = 64u << 20;
/// Sections of one document.
inline constexpr std::size_t kMaxSections = 4096;
/// Rows or columns of one table.
inline constexpr std::size_t kMaxTableCells = 1u << 20;
/// Warnings kept for one document; further ones are counted only.
inline constexpr std::size_t kMaxWarnings = 200;
/// Bytes of the plain text of one document.
inline constexpr std::size_t kMaxTextBytes = 256u << 20;

/// Bytes of a sources config file.
inline constexpr std::uint64_t kMaxConfigBytes = 4u << 20;
/// Bytes of a capture sidecar (`<digest>.json`).
inline constexpr std::uint64_t kMaxSidecarBytes = 16u << 20;
/// Bytes of robots.txt that are read (RFC 9309 asks for at least 500 KiB).
inline constexpr std::size_t kMaxRobotsBytes = 512u << 10;
/// Allow/Disallow rules kept from one robots.txt.
inline constexpr std::size_t kMaxRobotsRules = 10000;
/// Links one XPath rule may yield on one page.
inline constexpr std::size_t kMaxLinksPerRule = 10000;
/// Seconds of Retry-After honoured at most, whatever a source configures.
inline constexpr std::uint32_t kMaxRetryAfterSeconds = 86400;

}  // namespace jikji::limits
