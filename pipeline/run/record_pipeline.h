#pragma once

#include <cstddef>

#include "pipeline/config.h"
#include "pipeline/run/run_session.h"
#include "pipeline/run/shared_work.h"
#include "stages/extract/extract.h"

namespace jikji::run {

struct RecordPipelineOptions {
    stages::ExtractOptions extract;
    unsigned jobs = 1;  ///< items worked on at once, each job with its own converter process
    /// Records made durable together; 1 when an item is marked done in the store once its
    /// record is durable (ingest, workers), more when nothing is marked (reprocess alone).
    std::size_t batch = 1;
    bool progress = false;     ///< a progress line now and then
    bool progressBar = false;  ///< a bar on a terminal instead
};

/// The one record pipeline, the same for ingest, reprocess and their workers: for every item
/// `work` hands out, decode the captured page, read it by the source's item rules, convert its
/// attachments (extract → normalize → facts, in long-lived isolated converter processes, one per
/// job), and emit the record (atomically, with its manifest line); then tell `work`. Counts go
/// to the session (`records_written`, `records_replaced`, `records_unchanged`,
/// `records_failed`); an item whose record cannot be built is a failure of the run, the archive
/// or the store failing stops it. Stops taking items when the session is interrupted. Returns
/// the items taken.
std::size_t runRecordPipeline(RunSession& session, const Config& config, ItemWork& work,
                              const RecordPipelineOptions& options);

}  // namespace jikji::run
