#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <Poco/JSON/Object.h>

namespace jikji::run {

/// One item or URL that failed in a run.
struct RunFailure {
    std::string source;
    std::string url;      ///< the item's or the URL's address (empty for a run-wide failure)
    std::string stage;    ///< `fetch`, `discover`, `extract`, `emit`, `state`
    std::string code;     ///< a stable error code (errorCode())
    std::string message;  ///< for people
};

/// The worker that made a run on a shared state store.
struct WorkerIdentity {
    std::string id;
    std::string host;
    std::int64_t pid = 0;
    int leaseSeconds = 0;
};

/// The processor time a run used: its own and its converter processes' (the children it
/// waited for), and per item of the record pipeline.
struct CpuUse {
    double userSeconds = 0;  ///< with the children's
    double systemSeconds = 0;
    double childrenUserSeconds = 0;  ///< of that, the converter processes'
    double childrenSystemSeconds = 0;
    std::int64_t items = 0;  ///< the items the record pipeline took
    /// (user + system) / items, in milliseconds; none without items.
    std::optional<double> perItemMs() const;
    /// `CPU 0.31 s user + 0.12 s sys, 10.2 ms per item`
    std::string summary() const;
};

/// The run report `ARCHIVE/runs/<run-id>.json`, schema `jikji.run/1` (schemas/run.schema.json):
/// the only place clock values of a run live. Every command that changes the archive writes one.
struct RunReport {
    std::string runId;    ///< also the report's file name
    std::string command;  ///< `ingest`, `reprocess`
    std::vector<std::string> arguments;
    std::optional<WorkerIdentity> worker;
    std::string startedAt;   ///< RFC 3339, UTC
    std::string finishedAt;  ///< RFC 3339, UTC
    std::int64_t durationMs = 0;
    std::map<std::string, std::int64_t> counts;
    std::vector<RunFailure> failures;
    int exitCode = 0;
    std::optional<CpuUse> cpu;
    /// What only one command says (ingest: pass, statuses, blocked, …), as the schema lists it.
    Poco::JSON::Object::Ptr details;
};

/// The stable code of a failure whose stage named none: `state_store`, `archive_unwritable`
/// (emit), `record_not_built` (extract), `network` (fetch). The fetch stage names its own
/// (`invalid_url`, `robots_unreachable`, `http_status`, `error_page`, `timeout`, `too_large`,
/// `redirect_refused`, `network`), the record pipeline `capture_damaged` and `capture_missing`.
std::string errorCode(const std::string& stage);

/// Now, as RFC 3339 in UTC with milliseconds.
std::string timestampNow();

/// The report as `jikji.run/1` JSON.
Poco::JSON::Object::Ptr toJson(const RunReport& report);

/// Writes the report atomically; returns its path relative to the archive.
std::filesystem::path writeRunReport(const std::filesystem::path& archive, const RunReport& report);

}  // namespace jikji::run
