#pragma once

#include <map>
#include <string>
#include <string_view>

namespace jikji::converters::hwp5 {

/// Reads the OLE property set of `\005HwpSummaryInformation` into metadata keys of the
/// document model: title, subject, author, keywords, description, last_saved_by,
/// application_version, created, modified (ISO 8601, UTC), printed, date, pages. Throws
/// CorruptError when the property set is malformed; unknown properties are ignored.
std::map<std::string, std::string> parseSummary(std::string_view stream);

/// A Windows FILETIME (100 ns ticks since 1601-01-01 UTC) as ISO 8601 `YYYY-MM-DDTHH:MM:SSZ`;
/// empty when zero or out of range.
std::string fileTimeToIso(std::uint64_t fileTime);

}  // namespace jikji::converters::hwp5
