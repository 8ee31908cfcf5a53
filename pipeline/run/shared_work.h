#pragma once

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "pipeline/config.h"
#include "pipeline/state_store.h"

namespace jikji::run {

/// A run's identity: `<prefix><time>-<pid>`, or `<prefix><time>-<host>-<pid>` for a worker of a
/// shared archive (unique across machines); the owner of its leases and the name of its report.
std::string runId(const std::string& prefix, bool withHost);
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

/// One captured item whose record is to be built, and the source whose rules read it.
struct WorkItem {
    const Source* source = nullptr;
    UrlRecord item;
};

/// Where the record pipeline takes its items from, and what it records when one is done: the
/// items captured and not yet made into records (ingest), or every captured item (reprocess);
/// listed up front by one process, or claimed one by one by workers sharing a store.
class ItemWork {
  public:
    virtual ~ItemWork() = default;
    /// The next item, or nullopt when there is nothing left for this process. Thread-safe.
    virtual std::optional<WorkItem> next() = 0;
    /// Its record is durable.
    virtual void done(const WorkItem& item) = 0;
    /// Its record could not be built.
    virtual void failed(const WorkItem& item, const std::string& error) = 0;
    /// Items this process will see at most (for progress).
    virtual std::size_t total() const = 0;
    /// Items passed over, by reason (`records_waiting_for_attachments`).
    virtual std::map<std::string, std::int64_t> skipped() const { return {}; }
};

/// Ingest alone: the items of `sources` whose capture is not extracted yet and whose
/// attachments have all been fetched (or have failed), source after source.
std::unique_ptr<ItemWork> listedExtraction(StateStore& state,
                                           const std::vector<const Source*>& sources);
/// Ingest as a worker: items claimed a few at a time (StateStore::claimExtractions()), so that
/// exactly one worker builds each record.
std::unique_ptr<ItemWork> claimedExtraction(StateStore& state,
                                            const std::vector<const Source*>& sources,
                                            const std::string& owner, int leaseSeconds);
/// Reprocess alone: the items of `sources` whose capture digest, read as a number, is `shard`
/// modulo `shards`.
std::unique_ptr<ItemWork> listedReprocess(StateStore& state,
                                          const std::vector<const Source*>& sources, unsigned shard,
                                          unsigned shards);
/// Reprocess as a worker: items claimed from the open reprocess round of a shared store
/// (StateStore::beginRound()).
std::unique_ptr<ItemWork> claimedReprocess(StateStore& state,
                                           const std::vector<const Source*>& sources,
                                           const std::string& owner, int leaseSeconds);

}  // namespace jikji::run
