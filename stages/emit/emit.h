#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "pipeline/record.h"

namespace jikji::stages {

/// What writing one record did.
enum class EmitOutcome {
    /// A new record file.
    Written,
    /// An existing record of the same id changed (or moved to another month).
    Replaced,
    /// The same bytes were already there: nothing was written, nothing appended.
    Unchanged,
};

std::string_view toString(EmitOutcome outcome);

struct EmitResult {
    EmitOutcome outcome = EmitOutcome::Unchanged;
    /// The record file, relative to the archive.
    std::filesystem::path path;
};

/// Where a record lives in the archive, relative to it:
/// `records/<source>/<yyyy>/<mm>/<id>.json`, the month taken from `posted_at`, else
/// `published_at`, else `records/<source>/undated/<id>.json`. Characters of the source name
/// other than `A-Z a-z 0-9 . _ -` become `_`.
std::filesystem::path recordPath(const Record& record);

/// Writes the record atomically under `archive` and, when it is new or changed, appends one
/// line to `ARCHIVE/records.ndjson`: `{"id","source","path","action","sha256","run"}` (`run`
/// only when `runId` is given). An older copy of the record under another month is removed.
/// Throws std::system_error when the archive is unwritable, UsageError for a record without an
/// id or a source name.
EmitResult emitRecord(const std::filesystem::path& archive, const Record& record,
                      const std::string& runId = {});

/// One failed item of a run.
struct RunFailure {
    std::string url;
    std::string stage;
    std::string message;
};

/// The run report `ARCHIVE/runs/<run-id>.json`: the only place clock values of a run live.
struct RunReport {
    std::string runId;
    std::string command;
    std::string startedAt;
    std::string finishedAt;
    int exitCode = 0;
    /// Counter name → value: `records_written`, `records_replaced`, `records_unchanged`, …
    std::map<std::string, std::size_t> counts;
    std::vector<RunFailure> failures;
};

/// Writes the run report atomically; returns its path relative to the archive.
std::filesystem::path writeRunReport(const std::filesystem::path& archive, const RunReport& report);

}  // namespace jikji::stages
