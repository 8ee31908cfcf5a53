#pragma once

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <filesystem>
#include <vector>

namespace jikji::stages {

/// The highest `seq` of `ARCHIVE/records.ndjson` (read from its end; 0 when no line has one).
std::uint64_t highestManifestSeq(const std::filesystem::path& manifest);

/// Appends `lines` to the manifest, each with the next `seq` (1 + the highest in the file, read
/// under the same lock that the append holds, so shards appending at once never share one) and
/// `at` (now, RFC 3339 UTC). Synced on return; a failed append leaves no part of a line behind.
/// Throws std::system_error.
void appendManifestLines(const std::filesystem::path& manifest,
                         std::vector<Poco::JSON::Object::Ptr> lines);

}  // namespace jikji::stages
