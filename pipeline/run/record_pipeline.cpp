#include "pipeline/run/record_pipeline.h"

#include <spdlog/spdlog.h>

#include <Poco/Data/DataException.h>

#include <atomic>
#include <chrono>
#include <cstdio>

#include "pipeline/log.h"
#include "pipeline/run/worker_pool.h"
#include "stages/emit/emit.h"
#include "stages/emit/record_stage.h"

namespace jikji::run {

namespace {

class Progress {
  public:
    Progress(std::size_t total, bool bar) : m_total(total), m_bar(bar) {}

    void tick(std::size_t done) {
        std::lock_guard lock(m_mutex);
        auto now = std::chrono::steady_clock::now();
        double seconds = std::chrono::duration<double>(now - m_start).count();
        bool last = done == m_total;
        if (!last &&
            now - m_last < (m_bar ? std::chrono::milliseconds(200) : std::chrono::seconds(5)))
            return;
        m_last = now;
        double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
        double eta = rate > 0 ? static_cast<double>(m_total - done) / rate : 0;
        if (!m_bar) {
            spdlog::info("{}/{} items, {:.1f} items/s, ETA {:.0f}s", done, m_total, rate, eta);
            return;
        }
        constexpr int kWidth = 30;
        int filled = m_total ? static_cast<int>(kWidth * done / m_total) : kWidth;
        std::fprintf(stderr, "\r[%.*s%*s] %zu/%zu  %.1f items/s  ETA %.0fs ", filled,
                     "##############################", kWidth - filled, "", done, m_total, rate,
                     eta);
        if (last) std::fputc('\n', stderr);
        std::fflush(stderr);
    }

  private:
    std::mutex m_mutex;
    std::size_t m_total;
    bool m_bar;
    std::chrono::steady_clock::time_point m_start = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point m_last{};
};

std::string errorText(const std::exception& error) {
    if (const auto* poco = dynamic_cast<const Poco::Exception*>(&error)) return poco->displayText();
    return error.what();
}

}  // namespace

std::size_t runRecordPipeline(RunSession& session, const Config& config, ItemWork& work,
                              const RecordPipelineOptions& options) {
    unsigned jobs = std::max(1u, options.jobs);
    // One long-lived converter process per job, forked here before any thread starts.
    std::vector<std::unique_ptr<IsolatedWorker>> converters;
    if (options.extract.isolate && !options.extract.worker)
        for (unsigned j = 0; j < jobs; ++j) {
            converters.push_back(stages::makeExtractWorker(options.extract));
            converters.back()->start();
        }
    std::optional<Progress> progress;
    if (options.progress) progress.emplace(work.total(), options.progressBar);
    // A shared store numbers the manifest's lines (several hosts append to it).
    stages::RecordWriter records(session.archive(), session.id(), options.batch,
                                 session.shared() ? &session.state() : nullptr);
    std::atomic<std::size_t> taken{0};
    runOnThreads(jobs, [&](unsigned job) {
        stages::ExtractOptions extract = options.extract;
        if (!converters.empty()) extract.worker = converters[job].get();
        while (!session.stopping()) {
            std::optional<WorkItem> next;
            try {
                next = work.next();
            } catch (const std::exception& error) {
                session.archiveFailure("state", "", errorText(error));
                break;
            }
            if (!next) break;
            const std::string& url = next->item.spec.url;
            LogContext context{next->source->name, url, "extract"};
            ++taken;
            try {
                // An item taken over from a dead worker: its record may be in place without
                // its manifest line (workers never run the locked repair at start).
                stages::EmitOutcome outcome =
                    records
                        .emit(stages::buildItemRecord(config, *next->source, session.state(),
                                                      session.captures(), next->item, extract),
                              next->item.reclaimed)
                        .outcome;
                session.stats().count("records_" + std::string(stages::toString(outcome)));
                work.done(*next);
            } catch (const std::system_error& error) {
                // The archive itself failed (disk full, permissions): the run cannot go on.
                session.archiveFailure("emit", url, error.what());
            } catch (const Poco::Data::DataException& error) {
                // So did the state store.
                session.archiveFailure("state", url, errorText(error));
            } catch (const CaptureError& error) {
                // The record stays as it is; the next ingest fetches the capture again.
                spdlog::error("{}: record not built: {}", url, error.what());
                session.stats().count(std::string(error.code()));
                session.fail(
                    {next->source->name, url, "extract", std::string(error.code()), error.what()});
                try {
                    stages::requeueBadCapture(session.state(), next->item, error);
                    work.failed(*next, error.what());
                } catch (const std::exception& failure) {
                    session.archiveFailure("state", url, errorText(failure));
                }
            } catch (const std::exception& error) {
                spdlog::error("{}: record not built: {}", url, error.what());
                session.stats().count("records_failed");
                session.fail({next->source->name, url, "extract", "", error.what()});
                try {
                    work.failed(*next, error.what());
                } catch (const std::exception& failure) {
                    session.archiveFailure("state", url, errorText(failure));
                }
            }
            if (progress) progress->tick(taken);
        }
    });
    try {
        records.flush();
    } catch (const std::system_error& error) {
        session.archiveFailure("emit", "", error.what());
    }
    for (const auto& [name, count] : work.skipped())
        session.stats().count(name, count);
    if (progress && taken == 0) progress->tick(0);
    return taken;
}

}  // namespace jikji::run
