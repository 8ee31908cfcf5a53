#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "stages/extract/extract.h"

namespace jikji::run {

struct ReprocessOptions {
    std::vector<std::string> arguments;  ///< the command line, for the run report
    std::filesystem::path archive;
    std::vector<std::string> sources;  ///< only these sources (all when empty)
    unsigned shard = 0;                ///< this machine's part, 0 ≤ shard < shards
    unsigned shards = 1;
    unsigned jobs = 1;  ///< items worked on at once
    /// Progress as a bar on a terminal (counts, rate, ETA), else one plain line now and then.
    bool progressBar = false;
    stages::ExtractOptions extract;
    /// One of several workers on the shared state store the archive was crawled with: items
    /// are claimed from the open reprocess round instead of split by `shard`.
    bool worker = false;
    int leaseSeconds = 60;
};

struct ReprocessResult {
    int exitCode = 0;  ///< 0 done, 1 some items failed, 2 no usable config, 3 could not run
    std::filesystem::path report;
    std::string summary;
};

/// `jikji reprocess`: rebuilds the record of every captured item of the archive from the
/// captures alone (no network) — extract → normalize → emit — with the rules of the config the
/// archive was crawled with (`ARCHIVE/sources.json`, saved by ingest), in a run session like
/// ingest's. Items are split by capture digest: shard I of N takes the items whose digest, read
/// as a number, is I modulo N, so N machines can share one backlog. Records whose bytes do not
/// change are not rewritten. With `worker`, any number of processes on any machines share one
/// round of a shared (PostgreSQL) store instead. Throws ConfigError when the archive has no
/// usable config or no such source, RunError when the run cannot start.
ReprocessResult runReprocess(const ReprocessOptions& options);

}  // namespace jikji::run
