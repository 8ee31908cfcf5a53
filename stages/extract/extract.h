#pragma once

#include <memory>

#include "converters/converter.h"
#include "pipeline/document.h"
#include "pipeline/isolation.h"
#include "pipeline/worker_pool.h"

namespace jikji::stages {

struct ExtractOptions {
    /// Convert in a child process under `limits` (crash, hang and memory isolation).
    bool isolate = true;
    IsolationLimits limits{};
    /// When set (and `isolate`), conversions go to this long-lived child rather than to a
    /// child forked for each document (see makeExtractWorker). Used by one thread at a time.
    IsolatedWorker* worker = nullptr;
    /// When set (and `isolate`), conversions go to this pool of workers (see makeExtractPool);
    /// shared by any number of threads. Takes precedence over `worker`.
    WorkerPool* pool = nullptr;
    /// The document comes with its text, status, format and warnings only (its blocks dropped
    /// and no facts read), for callers that use no more: less to compute, and in workers made by
    /// makeExtractWorker/makeExtractPool less to encode, send and decode per document.
    bool textOnly = false;
};

/// The extract step for one captured file: detection, the converter, normalisation of every
/// string, then the facts read from the converted document (press-release facts). Never throws;
/// every outcome is a document with a status.
Document extractDocument(const converters::Input& input, const ExtractOptions& options = {});

/// A worker process that runs the extract step for one document after another under
/// `options.limits`: a batch forks once per worker instead of once per document.
std::unique_ptr<IsolatedWorker> makeExtractWorker(const ExtractOptions& options);

/// A pool of `workers` such processes under `options.limits`, for batches converted by several
/// threads at once.
std::unique_ptr<WorkerPool> makeExtractPool(const ExtractOptions& options, unsigned workers);

}  // namespace jikji::stages
