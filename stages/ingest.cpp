#include "stages/ingest.h"
#include "stages/emit/record_stage.h"

#include <unistd.h>

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/spdlog.h>

#include <Poco/DateTimeFormatter.h>
#include <Poco/JSON/Array.h>
#include <Poco/Timestamp.h>

#include <algorithm>
#include <csignal>
#include <memory>
#include <thread>

#include <Poco/Data/DataException.h>

#include "pipeline/archive.h"
#include "pipeline/atomic_file.h"
#include "pipeline/json_writer.h"
#include "pipeline/limits.h"
#include "pipeline/state_store.h"
#include "stages/crawl_context.h"
#include "stages/discover/discover_stage.h"
#include "stages/emit/manifest_repair.h"
#include "stages/fetch/fetch_stage.h"
#include "stages/shared_work.h"

namespace jikji {

namespace {

constexpr int kLeaseSeconds = 600;
constexpr unsigned kMaxWorkers = 16;
constexpr std::size_t kLogFileBytes = 8u << 20;
constexpr std::size_t kLogFiles = 5;

std::atomic<bool> g_interrupted{false};

extern "C" void onSignal(int) {
    g_interrupted = true;
}

/// The log of the run also goes to ARCHIVE/logs/jikji.log (rotating) while the run lasts.
class ArchiveLog {
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

struct SourceWork {
    const Source* source;
    std::unique_ptr<fetch::FetchStage> fetch;
    std::unique_ptr<discover::DiscoverStage> discover;
};

std::string makeRunId() {
    return Poco::DateTimeFormatter::format(Poco::Timestamp(), "%Y%m%dT%H%M%S.%iZ") + "-" +
           std::to_string(::getpid());
}

// Poco's what() is only the exception's name ("Database full"); its displayText() says more.
std::string errorText(const std::exception& error) {
    if (const auto* data = dynamic_cast<const Poco::Data::DataException*>(&error))
        return "state store: " + data->displayText();
    if (const auto* poco = dynamic_cast<const Poco::Exception*>(&error)) return poco->displayText();
    return error.what();
}

Poco::JSON::Array::Ptr failureList(const std::vector<RunStats::Failure>& failures) {
    Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
    for (const auto& failure : failures) {
        auto object = makeObject();
        object->set("source", failure.source);
        object->set("url", jsonString(failure.url));
        object->set("error", jsonString(failure.error));
        array->add(object);
    }
    return array;
}

}  // namespace

IngestResult runIngest(const Config& config, const IngestOptions& options) {
    IngestResult result;
    result.runId = makeRunId();
    std::vector<const Source*> selected;
    for (const Source& source : config.sources)
        if (options.sources.empty() || std::find(options.sources.begin(), options.sources.end(),
                                                 source.name) != options.sources.end())
            selected.push_back(&source);
    for (const std::string& name : options.sources)
        if (std::none_of(config.sources.begin(), config.sources.end(),
                         [&](const Source& s) { return s.name == name; }))
            throw ConfigError("no source named \"" + name + "\" in " + config.file.string());

    std::unique_ptr<ArchiveLock> lock;
    std::unique_ptr<StateStore> state;
    bool shared = false;
    try {
        if (config.state.starts_with("sqlite:")) {
            if (options.worker)
                throw ConfigError(
                    "--worker needs a shared state store (\"state\": "
                    "\"postgresql://…\"), not " +
                    config.state);
            lock = std::make_unique<ArchiveLock>(config.archive);
        }
        state = openStateStore(config.state);
        shared = state->shared();
        if (shared) result.runId = stages::workerId("");
        std::filesystem::create_directories(config.archive / "runs");
        // The rules the captures were read with, for `reprocess` (which has no config).
        writeFileAtomically(config.archive / "sources.json",
                            readFile(config.file, limits::kMaxConfigBytes), config.archive / "tmp");
    } catch (const ConfigError&) {
        throw;
    } catch (const std::exception& error) {
        result.exitCode = 3;
        result.summary = error.what();
        return result;
    }
    ArchiveLog archiveLog(config.archive);
    CaptureStore captures(config.archive);
    // Other workers may be writing temporaries now: only a run that holds the archive alone
    // removes them and repairs what a dead run left.
    if (!shared) {
        captures.removeStaleTemporaries();
        try {
            stages::repairManifestAtStart(config.archive, lock->uncleanSince(), result.runId);
        } catch (const std::exception& error) {
            result.exitCode = 3;
            result.summary = std::string("cannot repair the archive: ") + error.what();
            return result;
        }
    }
    int leaseSeconds = shared ? options.leaseSeconds : kLeaseSeconds;
    std::optional<stages::Heartbeat> heartbeat;
    if (shared) heartbeat.emplace(*state, result.runId, leaseSeconds);
    RunStats stats;
    CrawlContext context(config, *state, captures, stats);
    if (shared) context.gate.share(*state, result.runId, leaseSeconds);

    auto started = std::chrono::steady_clock::now();
    std::string startedAt = fetch::nowIso();
    PassInfo pass = state->beginPass();
    context.pass = pass.pass;
    spdlog::info("run {}: {} pass {}", result.runId, pass.resumed ? "resuming" : "starting",
                 pass.pass);

    std::vector<SourceWork> work;
    unsigned workers = 0;
    for (const Source* source : selected) {
        for (const RequestSpec& start : source->startUrls) {
            UrlSpec spec;
            spec.source = source->name;
            spec.kind = UrlKind::List;
            spec.url = start.url;
            spec.method = start.method;
            spec.body = start.body;
            spec.contentType = start.contentType;
            spec.pageNo = 1;
            state->schedule(spec, pass.pass);
        }
        work.push_back({source, std::make_unique<fetch::FetchStage>(context, *source),
                        std::make_unique<discover::DiscoverStage>(context, *source)});
        workers += source->politeness.concurrency;
    }
    workers = std::clamp(workers, 1u, kMaxWorkers);

    // Pages fetched by a run that died before discovering their links (a shared store hands
    // them out again when their lease runs out).
    for (SourceWork& w : work)
        if (!shared)
            for (const UrlRecord& record : state->awaitingDiscovery(w.source->name, 1u << 30))
                w.discover->discover(record);

    g_interrupted = false;
    auto previousInt = std::signal(SIGINT, onSignal);
    auto previousTerm = std::signal(SIGTERM, onSignal);

    std::atomic<unsigned> inFlight{0};
    std::atomic<std::size_t> itemsStarted{0};
    std::string owner = result.runId;
    // The archive or the state store failed (disk full): nothing else can succeed. The URL is not
    // marked failed; its lease lapses and the next run takes it again.
    auto stopOnArchiveError = [&](const std::string& url, const std::string& error) {
        spdlog::error("{}: the archive failed: {}", url, error);
        stats.archiveFailure(error);
        context.stopping = true;
    };
    auto crawl = [&](unsigned index) {
        std::size_t next = index;
        while (!context.stopping) {
            if (g_interrupted) {
                context.stopping = true;
                break;
            }
            ++inFlight;
            std::optional<UrlRecord> record;
            SourceWork* from = nullptr;
            try {
                for (std::size_t i = 0; i < work.size() && !record; ++i) {
                    from = &work[(next + i) % work.size()];
                    record = state->lease(from->source->name, owner, leaseSeconds);
                }
            } catch (const std::exception& error) {
                // The state store is unreachable: nothing else can be done.
                spdlog::error("cannot lease work from the state store: {}", error.what());
                stats.count("state_errors");
                context.stopping = true;
                --inFlight;
                break;
            }
            ++next;
            if (!record) {
                if (--inFlight == 0) {
                    bool pending = false;
                    try {
                        for (SourceWork& w : work)
                            pending = pending || state->hasWork(w.source->name);
                    } catch (const std::exception& error) {
                        spdlog::error("cannot read the state store: {}", error.what());
                        stats.count("state_errors");
                        context.stopping = true;
                    }
                    if (!pending) break;
                }
                // Other workers hold the rest: ask the server less often.
                std::this_thread::sleep_for(std::chrono::milliseconds(shared ? 100 : 20));
                continue;
            }
            if (record->spec.kind == UrlKind::Item && options.maxItems > 0 &&
                ++itemsStarted > options.maxItems) {
                // The lease lapses; the next run resumes this URL.
                context.stopping = true;
                --inFlight;
                break;
            }
            try {
                if (from->fetch->fetch(*record) && record->spec.kind != UrlKind::Attachment)
                    if (auto fetched = state->find(record->id))
                        if (fetched->state == UrlState::Fetched) from->discover->discover(*fetched);
            } catch (const std::system_error& error) {
                stopOnArchiveError(record->spec.url, error.what());
            } catch (const Poco::Data::DataException& error) {
                stopOnArchiveError(record->spec.url, errorText(error));
            } catch (const std::exception& error) {
                spdlog::error("{}: {}", record->spec.url, error.what());
                stats.fail(record->spec.source, record->spec.url, error.what());
                try {
                    state->recordFailure(record->id, error.what(), 0, 0);
                } catch (const std::exception& failure) {
                    stopOnArchiveError(record->spec.url, errorText(failure));
                }
            }
            --inFlight;
        }
    };
    // The state store failing outside a URL's work (a lease, a count) stops the run as well.
    auto worker = [&](unsigned index) {
        try {
            crawl(index);
        } catch (const std::exception& error) {
            stopOnArchiveError("the crawl", errorText(error));
        }
    };
    std::vector<std::thread> threads;
    for (unsigned i = 0; i < workers; ++i)
        threads.emplace_back(worker, i);
    for (std::thread& thread : threads)
        thread.join();
    std::signal(SIGINT, previousInt);
    std::signal(SIGTERM, previousTerm);

    bool finished = !context.stopping;
    if (finished) {
        for (SourceWork& w : work)
            finished = finished && !state->hasWork(w.source->name);
        if (finished) {
            try {
                state->finishPass(pass.pass);
            } catch (const std::exception& error) {
                stats.archiveFailure(errorText(error));
                finished = false;
            }
        }
    }
    // extract → normalize → emit over every item captured and not yet made into a record.
    if (!g_interrupted && stats.archiveError().empty()) {
        for (const Source* source : selected) {
            try {
                stages::RecordStageResult records =
                    shared
                        ? stages::runClaimedRecordStage(config, *source, *state, captures,
                                                        result.runId, leaseSeconds, options.extract)
                        : stages::runRecordStage(config, *source, *state, captures, result.runId,
                                                 options.extract);
                for (const auto& [name, count] : records.counts)
                    stats.count(name, static_cast<std::int64_t>(count));
                for (const auto& [url, error] : records.failures)
                    stats.fail(source->name, url, "record: " + error);
            } catch (const std::exception& error) {
                spdlog::error("cannot write records: {}", errorText(error));
                stats.archiveFailure(errorText(error));
                break;
            }
        }
    }

    heartbeat.reset();
    // Interrupted: what this worker holds goes back to the others at once.
    if (shared && g_interrupted) {
        try {
            state->releaseLeases(result.runId);
        } catch (const std::exception& error) {
            spdlog::warn("cannot give back the leases: {}", error.what());
        }
    }

    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    auto report = makeObject();
    report->set("schema", "jikji.run/1");
    report->set("run_id", result.runId);
    if (shared) {
        auto worker = makeObject();
        worker->set("id", result.runId);
        worker->set("host", stages::hostName());
        worker->set("pid", static_cast<std::int64_t>(::getpid()));
        worker->set("lease_seconds", leaseSeconds);
        report->set("worker", worker);
    }
    report->set("started_at", startedAt);
    report->set("finished_at", fetch::nowIso());
    report->set("duration_ms", static_cast<std::int64_t>(seconds * 1000));
    report->set("pass", pass.pass);
    report->set("resumed", pass.resumed);
    report->set("pass_complete", finished);
    Poco::JSON::Array::Ptr names = new Poco::JSON::Array;
    for (const Source* source : selected)
        names->add(source->name);
    report->set("sources", names);
    report->set("requests", stats.requests());
    auto statuses = makeObject();
    for (const auto& [status, count] : stats.statuses())
        statuses->set(std::to_string(status), count);
    report->set("statuses", statuses);
    auto counters = makeObject();
    for (const auto& [name, count] : stats.counters())
        counters->set(name, count);
    report->set("counts", counters);
    auto states = makeObject();
    for (const auto& [name, count] : state->countByState(pass.pass))
        states->set(name, count);
    report->set("urls_in_pass", states);
    report->set("requests_per_second",
                seconds > 0 ? static_cast<double>(stats.requests()) / seconds : 0.0);
    report->set("failures", failureList(stats.failures()));
    // A resumed pass also counts what failed before the interruption.
    std::size_t failedInPass = state->failures(pass.pass).size();
    report->set("failed_in_pass", static_cast<std::int64_t>(failedInPass));
    report->set("blocked", failureList(stats.blocked()));
    report->set("warnings", failureList(stats.warnings()));

    bool archiveBroken =
        stats.counters().count("archive_errors") > 0 || stats.counters().count("state_errors") > 0;
    result.exitCode = archiveBroken ? 3 : (!stats.failures().empty() || failedInPass > 0 ? 1 : 0);
    if (g_interrupted && result.exitCode == 0) result.exitCode = 1;
    if (archiveBroken) report->set("archive_error", jsonString(stats.archiveError()));
    report->set("exit_code", result.exitCode);
    result.report = config.archive / "runs" / (result.runId + ".json");
    try {
        writeFileAtomically(result.report, toJsonString(report), config.archive / "tmp");
    } catch (const std::exception& error) {
        spdlog::error("cannot write the run report: {}", error.what());
        if (!archiveBroken) stats.archiveFailure(error.what());
        archiveBroken = true;
        result.exitCode = 3;
    }
    if (!archiveBroken && lock) lock->markClean();
    auto counts = stats.counters();
    auto all = stats.statuses();
    result.summary = "run " + result.runId + ": " + std::to_string(stats.requests()) +
                     " requests (" + std::to_string(all[200]) + " × 200, " +
                     std::to_string(all[304]) + " × 304), " + std::to_string(counts["new_blobs"]) +
                     " new captures, " + std::to_string(stats.failures().size()) + " failed, " +
                     std::to_string(stats.blocked().size()) + " blocked by robots.txt" +
                     (finished ? "" : " (pass not complete: the next run resumes it)");
    if (archiveBroken)
        result.summary = "run " + result.runId +
                         " stopped: the archive is not writable: " + stats.archiveError() +
                         " (the next run resumes where this one stopped)";
    return result;
}

}  // namespace jikji
