#include "pipeline/run/run_session.h"

#include <sys/resource.h>
#include <unistd.h>

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <csignal>

#include "pipeline/json_writer.h"
#include "pipeline/log.h"
#include "stages/emit/manifest_repair.h"
#include "stages/registry.h"

namespace jikji::run {

namespace {

constexpr int kLeaseSeconds = 600;
constexpr std::size_t kLogFileBytes = 8u << 20;
constexpr std::size_t kLogFiles = 5;

std::atomic<bool> g_interrupted{false};
using SignalHandler = void (*)(int);
SignalHandler g_previousInt = SIG_DFL;
SignalHandler g_previousTerm = SIG_DFL;

extern "C" void onSignal(int) {
    g_interrupted = true;
}

double seconds(const timeval& time) {
    return static_cast<double>(time.tv_sec) + static_cast<double>(time.tv_usec) / 1e6;
}

// The processor time of this process and of the children it has waited for (the converter
// processes, once the record pipeline has stopped them).
CpuUse cpuNow() {
    rusage self{}, children{};
    ::getrusage(RUSAGE_SELF, &self);
    ::getrusage(RUSAGE_CHILDREN, &children);
    CpuUse use;
    use.childrenUserSeconds = seconds(children.ru_utime);
    use.childrenSystemSeconds = seconds(children.ru_stime);
    use.userSeconds = seconds(self.ru_utime) + use.childrenUserSeconds;
    use.systemSeconds = seconds(self.ru_stime) + use.childrenSystemSeconds;
    return use;
}

}  // namespace

/// The log of the run also goes to ARCHIVE/logs/jikji.log (rotating) while the run lasts.
class RunSession::ArchiveLog {
  public:
    explicit ArchiveLog(const std::filesystem::path& archive) {
        try {
            m_sink = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
                (archive / "logs" / "jikji.log").string(), kLogFileBytes, kLogFiles);
            m_sink->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %l [%t] %v");
            spdlog::default_logger()->sinks().push_back(m_sink);
        } catch (const spdlog::spdlog_ex& error) {
            spdlog::warn("no log file in the archive: {}", error.what());
        }
    }
    ~ArchiveLog() {
        if (!m_sink) return;
        auto& sinks = spdlog::default_logger()->sinks();
        sinks.erase(std::remove(sinks.begin(), sinks.end(), m_sink), sinks.end());
    }

  private:
    spdlog::sink_ptr m_sink;
};

RunSession::RunSession(SessionOptions options)
    : m_options(std::move(options)), m_cpuAtStart(cpuNow()) {
    std::string prefix = m_options.command == "ingest" ? "" : m_options.command + "-";
    m_id = runId(prefix, false);
    m_startedAt = timestampNow();
    bool embedded = m_options.state.starts_with("sqlite:");
    if (m_options.worker && embedded)
        throw RunError(kExitUsage,
                       "--worker needs a shared state store (\"state\": "
                       "\"postgresql://…\"), not " +
                           m_options.state);
    try {
        if (embedded) m_lock = std::make_unique<ArchiveLock>(m_options.archive, m_options.lockMode);
        m_state = openStateStore(m_options.state);
        std::filesystem::create_directories(m_options.archive / "runs");
    } catch (const std::exception& error) {
        throw RunError(kExitCannotRun, error.what());
    }
    m_shared = m_state->shared();
    if (m_shared) {
        m_id = runId(prefix, true);
        m_heartbeat.emplace(*m_state, m_id, m_options.leaseSeconds);
    }
    setLogRun(m_id);
    m_captures = std::make_unique<CaptureStore>(m_options.archive);
    m_log = std::make_unique<ArchiveLog>(m_options.archive);
    // Other workers may be writing temporaries now: only a run that holds the archive alone
    // removes them and repairs what a dead run left.
    if (m_lock && m_options.lockMode == LockMode::Exclusive) {
        try {
            m_captures->removeStaleTemporaries();
            stages::repairManifestAtStart(m_options.archive, m_lock->uncleanSince(), m_id);
        } catch (const std::exception& error) {
            throw RunError(kExitCannotRun,
                           std::string("cannot repair the archive: ") + error.what());
        }
    }
    g_interrupted = false;
    g_previousInt = std::signal(SIGINT, onSignal);
    g_previousTerm = std::signal(SIGTERM, onSignal);
}

RunSession::~RunSession() {
    std::signal(SIGINT, g_previousInt);
    std::signal(SIGTERM, g_previousTerm);
    endWork();
    setLogRun("");
}

int RunSession::leaseSeconds() const {
    return m_shared ? m_options.leaseSeconds : kLeaseSeconds;
}

bool RunSession::interrupted() const {
    return g_interrupted;
}

bool RunSession::stopping() const {
    return g_interrupted || !m_stats.archiveError().empty();
}

void RunSession::fail(RunFailure failure) {
    // A failure belongs to a stage of the table, or to the state store.
    if (!stages::isStage(failure.stage) && failure.stage != "state") failure.stage = "state";
    if (failure.code.empty()) failure.code = errorCode(failure.stage);
    std::lock_guard lock(m_mutex);
    m_failures.push_back(std::move(failure));
}

void RunSession::archiveFailure(const std::string& stage, const std::string& url,
                                const std::string& message) {
    spdlog::error("{}: the archive failed: {}", url.empty() ? m_id : url, message);
    m_stats.archiveFailure(message);
    fail({"", url, stage, "", message});
}

void RunSession::endWork() {
    m_heartbeat.reset();
    if (!m_state) return;
    try {
        m_state->releaseLeases(m_id);
    } catch (const std::exception& error) {
        spdlog::warn("cannot give back the leases: {}", error.what());
    }
}

RunOutcome RunSession::finish(Poco::JSON::Object::Ptr details, bool someFailed) {
    endWork();
    RunOutcome outcome;
    outcome.runId = m_id;
    outcome.interrupted = g_interrupted;
    RunReport report;
    report.runId = m_id;
    report.command = m_options.command;
    report.arguments = m_options.arguments;
    if (m_shared)
        report.worker = WorkerIdentity{m_id, hostName(), static_cast<std::int64_t>(::getpid()),
                                       m_options.leaseSeconds};
    report.startedAt = m_startedAt;
    report.finishedAt = timestampNow();
    report.durationMs = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::steady_clock::now() - m_started)
                            .count();
    report.counts = m_stats.counters();
    CpuUse now = cpuNow();
    outcome.cpu = {now.userSeconds - m_cpuAtStart.userSeconds,
                   now.systemSeconds - m_cpuAtStart.systemSeconds,
                   now.childrenUserSeconds - m_cpuAtStart.childrenUserSeconds,
                   now.childrenSystemSeconds - m_cpuAtStart.childrenSystemSeconds,
                   report.counts.count("items") ? report.counts["items"] : 0};
    report.cpu = outcome.cpu;
    for (const RunStats::Failure& failure : m_stats.failures())
        report.failures.push_back({failure.source, failure.url, "fetch",
                                   failure.code.empty() ? errorCode("fetch") : failure.code,
                                   failure.error});
    {
        std::lock_guard lock(m_mutex);
        report.failures.insert(report.failures.end(), m_failures.begin(), m_failures.end());
    }
    report.details = details;
    outcome.failures = report.failures.size();
    outcome.archiveError = m_stats.archiveError();
    bool broken = !outcome.archiveError.empty() || report.counts.count("state_errors") > 0;
    if (broken && outcome.archiveError.empty()) outcome.archiveError = "the state store failed";
    outcome.exitCode = broken
                           ? kExitCannotRun
                           : (!report.failures.empty() || someFailed ? kExitSomeFailed : kExitOk);
    if (outcome.interrupted && outcome.exitCode == kExitOk) outcome.exitCode = kExitSomeFailed;
    report.exitCode = outcome.exitCode;
    try {
        outcome.report = m_options.archive / writeRunReport(m_options.archive, report);
    } catch (const std::exception& error) {
        spdlog::error("cannot write the run report: {}", error.what());
        if (!broken) outcome.archiveError = error.what();
        broken = true;
        outcome.exitCode = kExitCannotRun;
    }
    if (!broken && m_lock) m_lock->markClean();
    return outcome;
}

std::vector<const Source*> selectSources(const Config& config,
                                         const std::vector<std::string>& names) {
    for (const std::string& name : names)
        if (std::none_of(config.sources.begin(), config.sources.end(),
                         [&](const Source& s) { return s.name == name; }))
            throw ConfigError("no source named \"" + name + "\" in " + config.file.string());
    std::vector<const Source*> selected;
    for (const Source& source : config.sources)
        if (names.empty() || std::find(names.begin(), names.end(), source.name) != names.end())
            selected.push_back(&source);
    return selected;
}

}  // namespace jikji::run
