#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "pipeline/config.h"
#include "stages/extract/extract.h"

namespace jikji::run {

struct IngestOptions {
    std::vector<std::string> arguments;  ///< the command line, for the run report
    std::vector<std::string> sources;    ///< only these sources (all when empty)
    std::size_t maxItems = 0;        ///< stop after this many item pages (0: no limit); resumable
    stages::ExtractOptions extract;  ///< how attachments are converted (isolation, limits)
    /// One of several workers on a shared state store (PostgreSQL): no archive lock, leases that
    /// run out `leaseSeconds` after this worker stops renewing them (it died).
    bool worker = false;
    int leaseSeconds = 60;
};

struct IngestResult {
    int exitCode = 0;  ///< 0 done, 1 some URLs failed, 3 could not run
    std::string runId;
    std::filesystem::path report;  ///< runs/<run-id>.json
    std::string summary;           ///< one line for people
};

/// `jikji ingest`: in a run session (lock, state store, signals, report), crawls the sources —
/// discover → fetch into captures — then builds the record of every item whose capture has no
/// record yet — extract → normalize → emit. With a shared state store every run is one worker
/// among others: it takes no lock, claims each unit of work with a lease, shares politeness
/// with the other workers, and runs until the frontier is empty; its run report names it
/// (`worker`). Throws ConfigError for an unknown source, RunError when the run cannot start.
IngestResult runIngest(const Config& config, const IngestOptions& options);

}  // namespace jikji::run
