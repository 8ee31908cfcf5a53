#include "pipeline/run/ingest.h"

#include <Poco/JSON/Array.h>

#include "pipeline/atomic_file.h"
#include "pipeline/json_writer.h"
#include "pipeline/limits.h"
#include "pipeline/run/crawl.h"
#include "pipeline/run/record_pipeline.h"
#include "pipeline/web_url.h"

namespace jikji::run {

namespace {

SessionOptions sessionOptions(const Config& config, const IngestOptions& options) {
    return {"ingest",     options.arguments, config.archive,
            config.state, options.worker,    options.leaseSeconds};
}

// The rules the captures were read with, for `reprocess` (which has no config); the archive is
// shared, so no password goes there.
void saveSourcesConfig(const Config& config) {
    try {
        writeFileAtomically(config.archive / "sources.json",
                            url::withoutPasswords(readFile(config.file, limits::kMaxConfigBytes)),
                            config.archive / "tmp");
    } catch (const std::exception& error) {
        throw RunError(kExitCannotRun, error.what());
    }
}

Poco::JSON::Array::Ptr failureList(const std::vector<RunStats::Failure>& failures) {
    Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
    for (const auto& failure : failures) {
        auto object = makeObject();
        object->set("source", failure.source);
        object->set("url", jsonString(failure.url));
        object->set("message", jsonString(failure.error));
        array->add(object);
    }
    return array;
}

// What only an ingest report says: the pass, the HTTP statuses, the URLs blocked by robots.txt,
// the warnings of link rules.
Poco::JSON::Object::Ptr ingestDetails(RunSession& session, const CrawlResult& crawl,
                                      const std::vector<const Source*>& sources) {
    auto details = makeObject();
    details->set("pass", crawl.pass);
    details->set("resumed", crawl.resumed);
    details->set("pass_complete", crawl.complete);
    Poco::JSON::Array::Ptr names = new Poco::JSON::Array;
    for (const Source* source : sources)
        names->add(source->name);
    details->set("sources", names);
    details->set("requests", session.stats().requests());
    auto statuses = makeObject();
    for (const auto& [status, count] : session.stats().statuses())
        statuses->set(std::to_string(status), count);
    details->set("statuses", statuses);
    auto states = makeObject();
    for (const auto& [name, count] : session.state().countByState(crawl.pass))
        states->set(name, count);
    details->set("urls_in_pass", states);
    // A resumed pass also counts what failed before the interruption.
    details->set("failed_in_pass",
                 static_cast<std::int64_t>(session.state().failures(crawl.pass).size()));
    details->set("blocked", failureList(session.stats().blocked()));
    // What failed nothing but needs an operator's eye (a link rule that stopped matching).
    details->set("warnings", failureList(session.stats().warnings()));
    return details;
}

std::string summary(RunSession& session, const RunOutcome& outcome, bool complete) {
    if (outcome.exitCode == kExitCannotRun)
        return "run " + outcome.runId +
               " stopped: the archive is not writable: " + outcome.archiveError +
               " (the next run resumes where this one stopped)";
    RunStats& stats = session.stats();
    auto counts = stats.counters();
    auto all = stats.statuses();
    return "run " + outcome.runId + ": " + std::to_string(stats.requests()) + " requests (" +
           std::to_string(all[200]) + " × 200, " + std::to_string(all[304]) + " × 304), " +
           std::to_string(counts["new_blobs"]) + " new captures, " +
           std::to_string(outcome.failures) + " failed, " + std::to_string(stats.blocked().size()) +
           " blocked by robots.txt" +
           (complete ? "" : " (pass not complete: the next run resumes it)") + "; " +
           outcome.cpu.summary();
}

}  // namespace

IngestResult runIngest(const Config& config, const IngestOptions& options) {
    std::vector<const Source*> sources = selectSources(config, options.sources);
    RunSession session(sessionOptions(config, options));
    saveSourcesConfig(config);

    // discover → fetch: the pages and attachments of the sources, into the captures.
    CrawlResult crawl = crawlSources(session, config, sources, options.maxItems);

    // extract → normalize → emit: a record for every item captured and not yet made into one.
    if (!session.stopping()) {
        std::unique_ptr<ItemWork> items =
            session.shared()
                ? claimedExtraction(session.state(), sources, session.id(), session.leaseSeconds())
                : listedExtraction(session.state(), sources);
        std::size_t taken = runRecordPipeline(session, config, *items, {options.extract});
        if (taken > 0) session.stats().count("items", static_cast<std::int64_t>(taken));
    }

    session.endWork();
    Poco::JSON::Object::Ptr details = makeObject();
    try {
        details = ingestDetails(session, crawl, sources);
    } catch (const std::exception& error) {
        session.archiveFailure("state", "", error.what());
    }
    RunOutcome outcome =
        session.finish(details, details->optValue<std::int64_t>("failed_in_pass", 0) > 0);
    return {outcome.exitCode, outcome.runId, outcome.report,
            summary(session, outcome, crawl.complete)};
}

}  // namespace jikji::run
