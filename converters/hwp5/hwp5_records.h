#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

/// The record layer of HWP 5.0: raw-deflate streams and the tagged records inside them.
namespace jikji::converters::hwp5 {

/// Record tag ids [SPEC5 §4.1, §4.2, §4.3].
namespace tag {
inline constexpr std::uint16_t kDocumentProperties = 0x10;
inline constexpr std::uint16_t kIdMappings = 0x11;
inline constexpr std::uint16_t kBinData = 0x12;
inline constexpr std::uint16_t kNumbering = 0x17;
inline constexpr std::uint16_t kBullet = 0x18;
inline constexpr std::uint16_t kParaShape = 0x19;
inline constexpr std::uint16_t kDistributeDocData = 0x1C;
inline constexpr std::uint16_t kParaHeader = 66;
inline constexpr std::uint16_t kParaText = 67;
inline constexpr std::uint16_t kParaRangeTag = 70;
inline constexpr std::uint16_t kCtrlHeader = 71;
inline constexpr std::uint16_t kListHeader = 72;
inline constexpr std::uint16_t kShapeComponent = 76;
inline constexpr std::uint16_t kTable = 77;
inline constexpr std::uint16_t kShapeComponentOle = 84;
inline constexpr std::uint16_t kShapeComponentPicture = 85;
inline constexpr std::uint16_t kEqEdit = 88;
inline constexpr std::uint16_t kFormObject = 91;
inline constexpr std::uint16_t kMemoList = 93;
inline constexpr std::uint16_t kTrackChange = 96;
inline constexpr std::uint16_t kTrackChangeAuthor = 97;
}  // namespace tag

/// One record: a view into the stream it was read from.
struct Record {
    std::uint16_t tag = 0;
    std::uint16_t level = 0;
    std::string_view payload;
};

/// The result of inflating one stream: what came out, and why it stopped early if it did.
struct Inflated {
    std::string bytes;
    bool complete = true;
    std::string error;
};

/// Raw-deflate (no zlib header) decompression. Throws LimitError when the output would pass
/// `limit` bytes (deflate bombs); a damaged or truncated stream returns what was inflated
/// before the damage with `complete` false.
Inflated inflateRaw(std::string_view compressed, std::uint64_t limit);
/// inflateRaw for a record stream: stops early, with `complete` false, once a record header
/// with a tag below HWPTAG_BEGIN has arrived (the rest would be thrown away by parseRecords).
Inflated inflateRecords(std::string_view compressed, std::uint64_t limit);

/// The first tag of the format (HWPTAG_BEGIN); tags below it are never written.
inline constexpr std::uint16_t kFirstRecordTag = 0x010;

/// The records of a stream. Stops at a record whose payload runs past the end of the stream
/// (a truncated stream) or whose tag is below HWPTAG_BEGIN (garbage, such as the zeros a damaged
/// deflate stream yields), and reports where through `truncatedAt` (npos when whole) and why
/// through `stopReason`.
struct RecordList {
    std::vector<Record> records;
    std::size_t truncatedAt = std::string_view::npos;
    std::string stopReason;
    bool invalidTag = false;
};
RecordList parseRecords(std::string_view stream);

/// A four-character control id as text (`tbl `, `%hlk`), for messages and tests.
std::string ctrlIdText(std::uint32_t id);

/// Builds a control id from its four characters as written in the spec (`"tbl "`).
constexpr std::uint32_t makeCtrlId(const char (&name)[5]) {
    return (static_cast<std::uint32_t>(static_cast<unsigned char>(name[0])) << 24) |
           (static_cast<std::uint32_t>(static_cast<unsigned char>(name[1])) << 16) |
           (static_cast<std::uint32_t>(static_cast<unsigned char>(name[2])) << 8) |
           static_cast<std::uint32_t>(static_cast<unsigned char>(name[3]));
}

}  // namespace jikji::converters::hwp5
