#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

namespace jikji::stages {

/// What repairManifest() changed.
struct ManifestRepair {
    /// Bytes of an unfinished last line of `records.ndjson` that were cut off.
    std::size_t tornBytes = 0;
    /// Lines appended for records a dead run wrote without announcing them.
    std::size_t linesAdded = 0;
    /// Older copies of a record left under another month by a run that died while moving it.
    std::size_t staleRemoved = 0;
};

/// Brings `ARCHIVE/records.ndjson` back in line with the record files after a run that did not
/// end cleanly (ArchiveLock::uncleanSince). A record file appears before its manifest line, so a
/// run killed in between leaves a record the manifest does not name; a disk that filled up in
/// the middle of an append leaves half a line. Always cuts an unfinished last line; when
/// `uncleanSince` is set, looks at the record files written since then, removes an older copy
/// of the same record under another month, and appends the line that each one is missing
/// (`written`, or `replaced` when the manifest knew an older version), with `runId`. Call it
/// while holding the archive lock. Throws std::system_error when the archive is unwritable.
ManifestRepair repairManifest(const std::filesystem::path& archive,
                              std::optional<std::filesystem::file_time_type> uncleanSince,
                              const std::string& runId);

/// repairManifest at the start of a run that holds the archive alone, with one warning in the
/// log when it changed anything. Throws like repairManifest.
ManifestRepair repairManifestAtStart(const std::filesystem::path& archive,
                                     std::optional<std::filesystem::file_time_type> uncleanSince,
                                     const std::string& runId);

}  // namespace jikji::stages
