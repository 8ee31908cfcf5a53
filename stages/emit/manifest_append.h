#pragma once

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <filesystem>
#include <vector>

#include "pipeline/state_store.h"

namespace jikji::stages {

/// The highest `seq` of `ARCHIVE/records.ndjson` (read from its end; 0 when no line has one).
std::uint64_t highestManifestSeq(const std::filesystem::path& manifest);

/// Appends `lines` to the manifest, each with the next `seq` (1 + the highest in the file, read
/// under the same lock that the append holds, so shards appending at once never share one) and
/// `at` (now, RFC 3339 UTC). With `seqs`, the state store takes part in numbering
/// (StateStore::appendWithSeqs(): a shared store hands the numbers out, so that writers on
/// several hosts never share one either). Synced on return; a failed append leaves no part of a
/// line behind. Throws std::system_error (and the store's errors).
void appendManifestLines(const std::filesystem::path& manifest,
                         std::vector<Poco::JSON::Object::Ptr> lines, StateStore* seqs = nullptr);

/// As appendManifestLines(), for record writes whose lines may be in the manifest already: a
/// record found in place by the worker that took over its item from one that died, before or
/// after appending its line. Under the same locks (so two workers never both add one), a line is
/// dropped when the manifest's last line for its `id` has its `sha256` and `path`; otherwise its
/// `action` becomes `written` when no line names the id, else `replaced`, and it is appended.
/// The manifest is read backwards from its end until each id's last line is found (all of it for
/// a record never announced): for the few items a dead worker left, not for every record.
/// Returns the lines appended. Throws like appendManifestLines().
std::size_t appendMissingManifestLines(const std::filesystem::path& manifest,
                                       std::vector<Poco::JSON::Object::Ptr> lines,
                                       StateStore* seqs = nullptr);

}  // namespace jikji::stages
