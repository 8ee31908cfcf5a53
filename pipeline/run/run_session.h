#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "pipeline/archive.h"
#include "pipeline/config.h"
#include "pipeline/exit_code.h"
#include "pipeline/run/run_report.h"
#include "pipeline/run/shared_work.h"
#include "pipeline/state_store.h"
#include "stages/run_stats.h"

namespace jikji::run {

/// A run could not start (the archive is locked or unwritable, the store unreachable): its exit
/// code and why.
class RunError : public std::runtime_error {
  public:
    RunError(int exitCode, const std::string& message)
        : std::runtime_error(message), m_exitCode(exitCode) {}
    int exitCode() const { return m_exitCode; }

  private:
    int m_exitCode;
};

/// What opens a run.
struct SessionOptions {
    std::string command;  ///< `ingest`, `reprocess`
    std::vector<std::string> arguments;
    std::filesystem::path archive;
    std::string state;  ///< the state store's URI (`sqlite:…`, `postgresql://…`)
    /// One of several workers on a shared store: no lock; leases renewed by a heartbeat.
    bool worker = false;
    int leaseSeconds = 60;
    /// The shards of one reprocess round hold the archive lock shared; everything else alone.
    LockMode lockMode = LockMode::Exclusive;
};

/// How a run ended.
struct RunOutcome {
    int exitCode = kExitOk;
    std::string runId;
    std::filesystem::path report;  ///< the run report, in the archive
    bool interrupted = false;
    std::size_t failures = 0;  ///< items and URLs that failed
    std::string archiveError;  ///< why the archive or the store stopped the run, if it did
    CpuUse cpu;                ///< since the session opened
};

/// What every archive-changing command needs, opened once and closed once: the archive lock (or,
/// on a shared store, a worker identity and a lease heartbeat), the state store, the repair of
/// what a dead run left, the archive log, SIGINT/SIGTERM (stop taking work, finish what is in
/// hand), the counters and failures of the run, and its report. `ingest` and `reprocess` differ
/// only in the stages they run inside a session.
class RunSession {
  public:
    /// Throws RunError (exit 3 when the archive or the store cannot be used, 2 for a worker
    /// without a shared store).
    explicit RunSession(SessionOptions options);
    /// Restores the signal handlers and gives back the leases the run still holds.
    ~RunSession();
    RunSession(const RunSession&) = delete;
    RunSession& operator=(const RunSession&) = delete;

    const std::string& id() const { return m_id; }
    const std::filesystem::path& archive() const { return m_options.archive; }
    StateStore& state() { return *m_state; }
    CaptureStore& captures() { return *m_captures; }
    bool shared() const { return m_shared; }
    /// How long a lease of this run lasts (a worker's, else a long one).
    int leaseSeconds() const;
    /// The crawl's counters (shared with the stages through their context).
    RunStats& stats() { return m_stats; }

    /// SIGINT or SIGTERM arrived: take no more work.
    bool interrupted() const;
    /// Interrupted, or the archive or the store failed: take no more work.
    bool stopping() const;
    /// Thread-safe.
    void fail(RunFailure failure);
    /// The archive or the state store failed (disk full): nothing else can succeed.
    void archiveFailure(const std::string& stage, const std::string& url,
                        const std::string& message);

    /// Stops the lease heartbeat and gives back what the run still holds (the work it did not
    /// take up). finish() does it too.
    void endWork();
    /// Writes the run report (`details` are the command's own fields; the processor time per
    /// item counts the session's `items` counter), marks the archive clean
    /// when the run left it consistent, and says how the run ended. `someFailed` adds failures
    /// counted elsewhere (a resumed pass's earlier failures).
    RunOutcome finish(Poco::JSON::Object::Ptr details, bool someFailed = false);

  private:
    SessionOptions m_options;
    std::string m_id;
    std::string m_startedAt;
    std::chrono::steady_clock::time_point m_started = std::chrono::steady_clock::now();
    CpuUse m_cpuAtStart;
    std::unique_ptr<ArchiveLock> m_lock;
    std::unique_ptr<StateStore> m_state;
    std::unique_ptr<CaptureStore> m_captures;
    bool m_shared = false;
    std::optional<Heartbeat> m_heartbeat;
    class ArchiveLog;
    std::unique_ptr<ArchiveLog> m_log;
    RunStats m_stats;
    mutable std::mutex m_mutex;
    std::vector<RunFailure> m_failures;
};

/// The sources of `config` named in `names` (all when empty). Throws ConfigError for a name the
/// config does not have.
std::vector<const Source*> selectSources(const Config& config,
                                         const std::vector<std::string>& names);

}  // namespace jikji::run
