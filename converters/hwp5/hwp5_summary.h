#pragma once

#include <map>
#include <string>
#include <string_view>

namespace jikji::converters::hwp5 {

/// Reads the OLE property set of `\005HwpSummaryInformation` into metadata keys of the
/// document model: title, subject, author, keywords, description, last_saved_by,
/// application_version, created, modified (ISO 8601, UTC), printed, date, pages; `application`
/// `Hancom Office Hangul` when the revision string (PID 9) has the shape Hancom writes. Throws
/// CorruptError when the property set is malformed; unknown properties are ignored.
std::map<std::string, std::string> parseSummary(std::string_view stream);

/// A Windows FILETIME (100 ns ticks since 1601-01-01 UTC) as ISO 8601 `YYYY-MM-DDTHH:MM:SSZ`;
/// empty when zero or out of range.
std::string fileTimeToIso(std::uint64_t fileTime);

/// True for Hancom Office Hangul's revision string: `10, 0, 0, 5429 WIN32LEWindows_8`,
/// `12.30.0.6313 MAC64LEDarwin_25.3.0`, `6, 0, 2, 738 6` (four numbers, then a space).
bool isHancomRevision(std::string_view revision);

}  // namespace jikji::converters::hwp5
