#include "pipeline/run/reprocess.h"

#include <cstdio>

#include "pipeline/config.h"
#include "pipeline/json_writer.h"
#include "pipeline/run/record_pipeline.h"

namespace jikji::run {

namespace {

// The config the archive was crawled with; an embedded store moves with the archive, a server
// store stays where the config says.
Config archiveConfig(const std::filesystem::path& archive) {
    Config config;
    try {
        config = loadConfig(archive / "sources.json");
    } catch (const std::exception& error) {
        throw ConfigError(
            std::string("no usable sources config in the archive (run jikji ingest first): ") +
            error.what());
    }
    config.archive = archive;
    if (config.state.starts_with("sqlite:"))
        config.state = "sqlite:" + (archive / "jikji.db").string();
    return config;
}

Poco::JSON::Object::Ptr reprocessDetails(const ReprocessOptions& options) {
    auto details = makeObject();
    auto shard = makeObject();
    shard->set("index", options.shard);
    shard->set("of", options.shards);
    details->set("shard", shard);
    details->set("jobs", options.jobs);
    return details;
}

std::string summary(RunSession& session, const ReprocessOptions& options, const RunOutcome& outcome,
                    std::size_t items, double seconds) {
    if (outcome.exitCode == kExitCannotRun)
        return "reprocess " + outcome.runId +
               " stopped: the archive is not writable: " + outcome.archiveError +
               " (run it again once there is room)";
    auto counts = session.stats().counters();
    char rate[32];
    std::snprintf(rate, sizeof rate, "%.1f",
                  seconds > 0 ? static_cast<double>(items) / seconds : 0.0);
    return "reprocess " + outcome.runId + ": " + std::to_string(items) + " items (shard " +
           std::to_string(options.shard) + "/" + std::to_string(options.shards) + ", " +
           std::to_string(options.jobs) + " jobs) in " +
           std::to_string(static_cast<long>(seconds * 1000)) + " ms (" + rate +
           " items/s): " + std::to_string(counts["records_written"]) + " written, " +
           std::to_string(counts["records_replaced"]) + " replaced, " +
           std::to_string(counts["records_unchanged"]) + " unchanged, " +
           std::to_string(outcome.failures) + " failed" +
           (outcome.interrupted ? " (interrupted: run it again to finish)" : "") + "; " +
           outcome.cpu.summary();
}

}  // namespace

ReprocessResult runReprocess(const ReprocessOptions& options) {
    Config config = archiveConfig(options.archive);
    std::vector<const Source*> sources = selectSources(config, options.sources);
    auto started = std::chrono::steady_clock::now();
    // The shards of one round run at once; an ingest or another round waits for them all.
    RunSession session({"reprocess", options.arguments, config.archive, config.state,
                        options.worker, options.leaseSeconds,
                        options.shards > 1 ? LockMode::Shared : LockMode::Exclusive});

    // The captured items: a shard listed here, or claims on the round a shared store holds.
    std::unique_ptr<ItemWork> items;
    try {
        items = options.worker
                    ? claimedReprocess(session.state(), sources, session.id(), options.leaseSeconds)
                    : listedReprocess(session.state(), sources, options.shard, options.shards);
    } catch (const std::exception& error) {
        throw RunError(kExitCannotRun, error.what());
    }

    // extract → normalize → emit, in batches unless each item is reported done to other workers.
    RecordPipelineOptions pipeline{options.extract, options.jobs, options.worker ? 1u : 256u, true,
                                   options.progressBar};
    std::size_t count = runRecordPipeline(session, config, *items, pipeline);
    items.reset();  // a claimed round closes when its last item is done
    session.stats().count("items", static_cast<std::int64_t>(count));

    RunOutcome outcome = session.finish(reprocessDetails(options));
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return {outcome.exitCode, outcome.report, summary(session, options, outcome, count, seconds)};
}

}  // namespace jikji::run
