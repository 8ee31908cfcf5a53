#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "pipeline/config.h"
#include "pipeline/run/run_session.h"

namespace jikji::run {

/// What the crawl of one pass did.
struct CrawlResult {
    std::int64_t pass = 0;
    bool resumed = false;
    bool complete = false;  ///< the frontier is empty and the pass closed
};

/// discover → fetch over the sources, with worker threads under per-host politeness: resumes or
/// opens a pass in the state store, schedules the start URLs, then leases URL after URL, fetches
/// it into the captures (stages::fetch) and discovers the links of every page fetched
/// (stages::discover), until the frontier is empty, `maxItems` item pages were taken (0: no
/// limit), the session is interrupted or the archive fails. A URL that fails is a failure of
/// the run, recorded in the store.
CrawlResult crawlSources(RunSession& session, const Config& config,
                         const std::vector<const Source*>& sources, std::size_t maxItems);

}  // namespace jikji::run
