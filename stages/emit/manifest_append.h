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

}  // namespace jikji::stages
