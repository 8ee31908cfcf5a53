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
/// Objects (tables, notes, text boxes) nested inside one another in a document body.
inline constexpr std::size_t kMaxObjectNesting = 8;
/// Bytes of one text node or one record payload.
inline constexpr std::size_t kMaxRecordBytes = 64u << 20;
/// Sections of one document.
inline constexpr std::size_t kMaxSections = 4096;
/// Rows or columns of one table.
inline constexpr std::size_t kMaxTableCells = 1u << 20;
/// Warnings kept for one document; further ones are counted only.
inline constexpr std::size_t kMaxWarnings = 200;
/// Properties of one OLE property set (HWP summary information).
inline constexpr std::size_t kMaxSummaryProperties = 1024;
/// Bytes of the plain text of one document.
inline constexpr std::size_t kMaxTextBytes = 256u << 20;

}  // namespace jikji::limits
