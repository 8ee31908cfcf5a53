#include "stages/reprocess.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <thread>

#include "pipeline/archive.h"
#include "pipeline/config.h"
#include "pipeline/state_store.h"
#include "stages/emit/emit.h"
#include "stages/emit/manifest_repair.h"
#include "stages/emit/record_stage.h"
#include "stages/shared_work.h"

namespace jikji {

namespace {

std::string isoNow() {
    char buffer[32];
    std::time_t now = std::time(nullptr);
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
    return buffer;
}

class Progress {
  public:
    Progress(std::size_t total, bool bar) : m_total(total), m_bar(bar) {}

    void tick(std::size_t done) {
        auto now = std::chrono::steady_clock::now();
        double seconds = std::chrono::duration<double>(now - m_start).count();
        bool last = done == m_total;
        if (!last &&
            now - m_last < (m_bar ? std::chrono::milliseconds(200) : std::chrono::seconds(5)))
            return;
        m_last = now;
        double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
        double eta = rate > 0 ? static_cast<double>(m_total - done) / rate : 0;
        if (m_bar) {
            constexpr int kWidth = 30;
            int filled = m_total ? static_cast<int>(kWidth * done / m_total) : kWidth;
            std::fprintf(stderr, "\r[%.*s%*s] %zu/%zu  %.1f items/s  ETA %.0fs ", filled,
                         "##############################", kWidth - filled, "", done, m_total, rate,
                         eta);
            if (last) std::fputc('\n', stderr);
        } else {
            std::fprintf(stderr, "reprocess: %zu/%zu items, %.1f items/s, ETA %.0fs\n", done,
                         m_total, rate, eta);
        }
        std::fflush(stderr);
    }

  private:
    std::size_t m_total;
    bool m_bar;
    std::chrono::steady_clock::time_point m_start = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point m_last{};
};

}  // namespace

ReprocessResult runReprocess(const ReprocessOptions& options) {
    ReprocessResult result;
    std::string runId = "reprocess-" + isoNow() + "-" + std::to_string(::getpid());
    Config config;
    try {
        config = loadConfig(options.archive / "sources.json");
    } catch (const std::exception& error) {
        result.exitCode = 2;
        result.summary = std::string(
                             "no usable sources config in the archive (run jikji ingest "
                             "first): ") +
                         error.what();
        return result;
    }
    config.archive = options.archive;
    // An embedded store moves with the archive; a server store stays where the config says.
    if (config.state.starts_with("sqlite:"))
        config.state = "sqlite:" + (options.archive / "jikji.db").string();
    std::vector<const Source*> selected;
    for (const Source& source : config.sources)
        if (options.sources.empty() || std::find(options.sources.begin(), options.sources.end(),
                                                 source.name) != options.sources.end())
            selected.push_back(&source);
    if (selected.empty()) {
        result.exitCode = 2;
        result.summary = "no such source in the archive's config";
        return result;
    }

    if (options.worker && config.state.starts_with("sqlite:")) {
        result.exitCode = 2;
        result.summary =
            "--worker needs the archive to be crawled with a shared state store "
            "(\"state\": \"postgresql://…\")";
        return result;
    }
    // The shards of one round run at once; an ingest or another round waits for them all.
    LockMode lockMode = options.shards > 1 ? LockMode::Shared : LockMode::Exclusive;
    std::unique_ptr<ArchiveLock> lock;
    std::unique_ptr<StateStore> state;
    std::unique_ptr<stages::ReprocessWork> work;
    std::optional<stages::Heartbeat> heartbeat;
    try {
        if (config.state.starts_with("sqlite:"))
            lock = std::make_unique<ArchiveLock>(config.archive, lockMode);
        state = openStateStore(config.state);
        if (options.worker) {
            runId = stages::workerId("reprocess-");
            heartbeat.emplace(*state, runId, options.leaseSeconds);
            work = stages::claimedWork(*state, selected, runId, options.leaseSeconds);
        } else {
            work = stages::listedWork(*state, selected, options.shard, options.shards);
        }
    } catch (const std::exception& error) {
        result.exitCode = 3;
        result.summary = error.what();
        return result;
    }
    CaptureStore captures(config.archive);
    // Workers sharing a store may be writing temporaries now: only a run that holds the archive
    // alone removes them and repairs what a dead run left.
    if (lock && lockMode == LockMode::Exclusive) {
        try {
            captures.removeStaleTemporaries();
            stages::repairManifestAtStart(config.archive, lock->uncleanSince(), runId);
        } catch (const std::exception& error) {
            result.exitCode = 3;
            result.summary = std::string("cannot repair the archive: ") + error.what();
            return result;
        }
    }

    std::string startedAt = isoNow();
    auto started = std::chrono::steady_clock::now();
    std::atomic<std::size_t> done{0};
    std::mutex mutex;
    std::map<std::string, std::size_t> counts;
    std::vector<stages::RunFailure> failures;
    std::atomic<bool> archiveBroken{false};
    std::string archiveError;  // guarded by mutex
    Progress progress(work->total(), options.progressBar);
    // One long-lived conversion process per job, forked here before any thread starts.
    unsigned jobs = std::max(1u, options.jobs);
    std::vector<std::unique_ptr<IsolatedWorker>> converters;
    if (options.extract.isolate)
        for (unsigned j = 0; j < jobs; ++j) {
            converters.push_back(stages::makeExtractWorker(options.extract));
            converters.back()->start();
        }
    // A worker of a shared round reports an item done only once its record is durable.
    stages::RecordWriter records(config.archive, runId, options.worker ? 1 : 256);
    auto worker = [&](unsigned job) {
        stages::ExtractOptions extract = options.extract;
        if (!converters.empty()) extract.worker = converters[job].get();
        while (!archiveBroken) {
            std::optional<stages::ReprocessUnit> next;
            try {
                next = work->next();
            } catch (const std::exception& error) {
                // The shared store is gone: what this worker claimed runs out for the others.
                std::lock_guard guard(mutex);
                spdlog::error("cannot take work from the state store: {}", error.what());
                if (!archiveBroken) archiveError = error.what();
                archiveBroken = true;
                failures.push_back({"", "state", error.what()});
                break;
            }
            if (!next) break;
            const stages::ReprocessUnit& unit = *next;
            std::string counter;
            try {
                stages::EmitOutcome outcome =
                    records
                        .emit(stages::buildItemRecord(config, *unit.source, *state, captures,
                                                      unit.item, extract))
                        .outcome;
                counter = "records_" + std::string(stages::toString(outcome));
            } catch (const std::system_error& error) {
                std::lock_guard guard(mutex);
                spdlog::error("cannot write records: {}", error.what());
                if (!archiveBroken) archiveError = error.what();
                archiveBroken = true;
                failures.push_back({unit.item.spec.url, "emit", error.what()});
                continue;
            } catch (const CaptureError& error) {
                // The record stays as it is; the next ingest fetches the capture again.
                spdlog::error("{}: record not built: {}", unit.item.spec.url, error.what());
                std::lock_guard guard(mutex);
                failures.push_back({unit.item.spec.url, std::string(error.code()), error.what()});
                counter = std::string(error.code());
                stages::requeueBadCapture(*state, unit.item, error);
            } catch (const std::exception& error) {
                spdlog::error("{}: record not built: {}", unit.item.spec.url, error.what());
                std::lock_guard guard(mutex);
                failures.push_back({unit.item.spec.url, "extract", error.what()});
                counter = "records_failed";
            }
            try {
                work->done(unit);
            } catch (const std::exception& error) {
                std::lock_guard guard(mutex);
                spdlog::error("cannot record the work done in the state store: {}", error.what());
                if (!archiveBroken) archiveError = error.what();
                archiveBroken = true;
                failures.push_back({unit.item.spec.url, "state", error.what()});
            }
            std::lock_guard guard(mutex);
            ++counts[counter];
            progress.tick(++done);
        }
    };
    std::vector<std::thread> threads;
    for (unsigned j = 0; j < jobs; ++j)
        threads.emplace_back(worker, j);
    for (std::thread& thread : threads)
        thread.join();
    if (done == 0) progress.tick(0);
    try {
        records.flush();
    } catch (const std::system_error& error) {
        spdlog::error("cannot write records: {}", error.what());
        if (!archiveBroken) archiveError = error.what();
        archiveBroken = true;
        failures.push_back({"", "emit", error.what()});
    }
    heartbeat.reset();
    // The claimed round closes when its last item is done.
    std::size_t items = options.worker ? done.load() : work->total();
    work.reset();

    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    stages::RunReport report;
    report.runId = runId;
    report.command = "reprocess";
    report.startedAt = startedAt;
    report.finishedAt = isoNow();
    report.counts = counts;
    report.counts["items"] = items;
    report.counts["duration_ms"] = static_cast<std::size_t>(seconds * 1000);
    report.counts["jobs"] = options.jobs;
    report.counts["shard"] = options.shard;
    report.counts["shards"] = options.shards;
    report.failures = failures;
    result.exitCode = archiveBroken ? 3 : (failures.empty() ? 0 : 1);
    report.exitCode = result.exitCode;
    try {
        result.report = config.archive / stages::writeRunReport(config.archive, report);
    } catch (const std::exception& error) {
        spdlog::error("cannot write the run report: {}", error.what());
        if (!archiveBroken) archiveError = error.what();
        archiveBroken = true;
        result.exitCode = 3;
    }
    if (!archiveBroken && lock) lock->markClean();
    char rate[32];
    std::snprintf(rate, sizeof rate, "%.1f", seconds > 0 ? items / seconds : 0.0);
    result.summary = "reprocess " + runId + ": " + std::to_string(items) + " items (shard " +
                     std::to_string(options.shard) + "/" + std::to_string(options.shards) + ", " +
                     std::to_string(options.jobs) + " jobs) in " +
                     std::to_string(static_cast<long>(seconds * 1000)) + " ms (" + rate +
                     " items/s): " + std::to_string(counts["records_written"]) + " written, " +
                     std::to_string(counts["records_replaced"]) + " replaced, " +
                     std::to_string(counts["records_unchanged"]) + " unchanged, " +
                     std::to_string(failures.size()) + " failed";
    if (archiveBroken)
        result.summary = "reprocess " + runId +
                         " stopped: the archive is not writable: " + archiveError +
                         " (run it again once there is room)";
    return result;
}

}  // namespace jikji
