#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "pipeline/archive.h"
#include "pipeline/config.h"
#include "pipeline/state_store.h"
#include "stages/emit/record_stage.h"

namespace jikji::stages {

/// A worker's identity in a shared archive: `<time>-<host>-<pid>`, unique across machines; the
/// owner of its leases and the name of its run report.
std::string workerId(const std::string& prefix);
/// This machine's host name.
std::string hostName();

/// Renews every lease of `owner` in a shared store every third of `leaseSeconds` while it lives
/// (a worker that dies stops renewing, and its leases run out).
class Heartbeat {
  public:
    Heartbeat(StateStore& state, std::string owner, int leaseSeconds);
    ~Heartbeat();
    Heartbeat(const Heartbeat&) = delete;
    Heartbeat& operator=(const Heartbeat&) = delete;

  private:
    std::mutex m_mutex;
    std::condition_variable m_stop;
    bool m_stopping = false;
    std::thread m_thread;
};

/// The extract → normalize → emit stages when workers share the store: each item is claimed
/// (StateStore::claimExtraction()) so that exactly one worker builds its record.
RecordStageResult runClaimedRecordStage(const Config& config, const Source& source,
                                        StateStore& state, const CaptureStore& captures,
                                        const std::string& runId, int leaseSeconds,
                                        const ExtractOptions& extract = {});

/// One captured item to rebuild, and the source whose rules read it.
struct ReprocessUnit {
    const Source* source = nullptr;
    UrlRecord item;
};

/// Where `reprocess` takes its items from: a list made up front (one process, a shard of the
/// items), or claims on a shared store (any number of workers on one round).
class ReprocessWork {
  public:
    virtual ~ReprocessWork() = default;
    /// The next unit, or nullopt when there is nothing left for this worker.
    virtual std::optional<ReprocessUnit> next() = 0;
    /// The unit is done (its record built or failed for good).
    virtual void done(const ReprocessUnit& unit) = 0;
    /// Units this worker will see at most (a listed shard), or those left in the round.
    virtual std::size_t total() const = 0;
};

/// The items of `sources` whose capture digest, read as a number, is `shard` modulo `shards`.
std::unique_ptr<ReprocessWork> listedWork(StateStore& state,
                                          const std::vector<const Source*>& sources, unsigned shard,
                                          unsigned shards);
/// Items claimed from the open reprocess round of a shared store (StateStore::beginRound()).
std::unique_ptr<ReprocessWork> claimedWork(StateStore& state,
                                           const std::vector<const Source*>& sources,
                                           const std::string& owner, int leaseSeconds);

}  // namespace jikji::stages
