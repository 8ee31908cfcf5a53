#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace jikji {

/// What a URL is to the crawl: a list page (links to items), an item page, an attachment.
enum class UrlKind { List, Item, Attachment };
/// Where a URL is in the frontier. `Fetched` pages wait for discovery; `Done`, `Failed` and
/// `Blocked` (robots.txt, host rules) end the URL's work for the current pass. `Parked` URLs
/// outlived too many leases (each holder died or hung): nobody takes them again until an operator
/// looks (`jikji status` lists them with their last error). `Withdrawn` items had a capture and
/// then answered 404 or 410 in two consecutive passes: they are not asked for again, and their
/// record stays with `withdrawn_at`.
enum class UrlState { Pending, Leased, Fetched, Done, Failed, Blocked, Parked, Withdrawn };

std::string toString(UrlKind kind);
std::string toString(UrlState state);
UrlKind urlKindFromString(const std::string& text);
UrlState urlStateFromString(const std::string& text);

/// A request to schedule: the frontier key is (source, method, url, body).
struct UrlSpec {
    std::string source;
    UrlKind kind = UrlKind::Item;
    std::string url;
    std::string method = "GET";
    std::string body;
    std::string contentType;
    std::int64_t parentId = 0;
    std::uint32_t pageNo = 0;  ///< list pages: 1 for a start URL
    std::string linkText;      ///< the text of the link that led here (an attachment's file name)
};

/// One URL's row in the state store.
struct UrlRecord {
    std::int64_t id = 0;
    UrlSpec spec;
    UrlState state = UrlState::Pending;
    std::uint32_t attempts = 0;  ///< every request sent for it, over all runs
    std::string lastError;
    std::string etag;
    std::string lastModified;
    std::string digest;  ///< of the current capture; empty before the first one
    int httpStatus = 0;  ///< of the last response (304 when it was not modified)
    std::string fetchedAt;
    std::string finalUrl;      ///< where the last 200 answer came from (after redirects)
    std::string responseType;  ///< its Content-Type
    std::int64_t pass = 0;     ///< the pass that last scheduled it
    std::int64_t firstPass = 0;
    bool changed = false;     ///< the last fetch produced a new capture
    bool extracted = false;   ///< seam for the extract stage: the current capture was extracted
    std::string withdrawnAt;  ///< when it was marked Withdrawn (ISO 8601 UTC), else empty
    /// Claims of a shared store only: an earlier claim on this work ran out unfinished (its
    /// worker died or hung), so the record it may have put in place can lack its manifest line.
    bool reclaimed = false;
};

/// The outcome of one fetch, recorded in one step.
struct FetchOutcome {
    int httpStatus = 0;
    std::string digest;  ///< empty for 304 (the previous capture stays current)
    std::string etag;
    std::string lastModified;
    std::string fetchedAt;
    std::string finalUrl;  ///< empty for 304
    std::string responseType;
    std::uint32_t attempts = 0;
};

/// A round of `reprocess --worker`: every captured item is rebuilt once by whichever worker
/// claims it.
struct RoundInfo {
    std::int64_t round = 0;
    bool joined = false;  ///< another worker opened it
};

struct PassInfo {
    std::int64_t pass = 0;
    bool resumed = false;  ///< an interrupted pass continues where it stopped
};

/// The crawl's durable state: frontier, leases, attempts, errors and the capture of every URL.
/// A pass is one complete crawl of every source; a run killed in the middle of a pass leaves it
/// open, and the next run resumes it. Implementations are safe to call from several threads.
class StateStore {
  public:
    virtual ~StateStore() = default;

    /// Resumes the open pass, or opens a new one (which schedules again every URL that failed).
    /// Leases of dead runs return to the frontier.
    virtual PassInfo beginPass() = 0;
    virtual void finishPass(std::int64_t pass) = 0;

    /// Puts a URL in the frontier for `pass` unless it is there already. Returns true when the
    /// URL had a capture from an earlier pass.
    virtual bool schedule(const UrlSpec& spec, std::int64_t pass) = 0;
    /// Takes one pending URL of `source` (list pages first, then items, then attachments),
    /// marking it leased to `owner` for `leaseSeconds`.
    virtual std::optional<UrlRecord> lease(const std::string& source, const std::string& owner,
                                           int leaseSeconds) = 0;
    /// As lease(), up to `max` URLs in one step (a shared store answers in one round trip), in
    /// lease order.
    virtual std::vector<UrlRecord> leaseSome(const std::string& source, const std::string& owner,
                                             int leaseSeconds, std::size_t max);
    virtual void recordFetched(std::int64_t id, const FetchOutcome& outcome) = 0;
    virtual void recordFailure(std::int64_t id, const std::string& error, std::uint32_t attempts,
                               int httpStatus) = 0;
    virtual void recordBlocked(std::int64_t id, const std::string& reason) = 0;
    /// The item is gone from its portal (a second 404/410 in a row): it becomes Withdrawn at
    /// `at`, is never scheduled again, and its record is due again (to carry `withdrawn_at`).
    virtual void recordWithdrawn(std::int64_t id, const std::string& error, int httpStatus,
                                 const std::string& at);
    /// Withdrawn items, in id order.
    virtual std::vector<UrlRecord> withdrawn();

    /// Fetched list and item pages whose links are not yet discovered.
    virtual std::vector<UrlRecord> awaitingDiscovery(const std::string& source,
                                                     std::size_t limit) = 0;
    /// True when the URL was scheduled in a pass before `pass` (captured, failed or blocked).
    virtual bool isKnown(const UrlSpec& spec, std::int64_t pass) = 0;
    /// Schedules the links found on a page and marks the page done, in one transaction, so that
    /// a run killed in between loses no link.
    virtual void completeDiscovery(std::int64_t id, const std::vector<UrlSpec>& links,
                                   std::int64_t pass) = 0;

    virtual std::optional<UrlRecord> find(std::int64_t id) = 0;
    /// The row of the URL `spec` names (source, method, url, body), if any.
    virtual std::optional<UrlRecord> findUrl(const UrlSpec& spec) = 0;
    /// The URLs first found on `parentId`, and the attachments any pass found linked from it
    /// (one attachment linked by several items is one URL, fetched once, child of each).
    virtual std::vector<UrlRecord> children(std::int64_t parentId) = 0;
    /// Items whose current capture is not extracted yet (the extract stage's work list).
    virtual std::vector<UrlRecord> itemsToExtract(const std::string& source, std::size_t limit) = 0;
    virtual void markExtracted(std::int64_t id) = 0;
    /// markExtracted() of each, in one step.
    virtual void markAllExtracted(const std::vector<std::int64_t>& ids);
    /// Every item page of `source` that has a capture, in id order: the work of `reprocess`.
    virtual std::vector<UrlRecord> capturedItems(const std::string& source) = 0;
    /// True when `source` has work left in the frontier (pending, leased, or fetched pages).
    virtual bool hasWork(const std::string& source) = 0;
    /// Counts of URLs per state in `pass` (all passes when 0).
    virtual std::map<std::string, std::int64_t> countByState(std::int64_t pass) = 0;
    virtual std::vector<UrlRecord> failures(std::int64_t pass) = 0;
    /// URLs parked after too many expired leases, with their last error.
    virtual std::vector<UrlRecord> parked() = 0;
    /// The version of the store's schema (its migrations applied so far).
    virtual int schemaVersion() = 0;

    /// True for a server store that several workers (processes, machines) share at once: no
    /// archive lock, leases expire instead of being reset by beginPass(), politeness is shared.
    /// The operations below are for shared stores; the embedded store never needs them.
    virtual bool shared() const { return false; }
    /// Extends every lease `owner` holds (URLs, extractions, reprocess items, host slots) to
    /// `leaseSeconds` from now: a live worker's heartbeat. A dead worker's leases run out.
    virtual void renewLeases(const std::string& owner, int leaseSeconds);
    /// Gives back at once every lease `owner` holds (a worker stopping on a signal).
    virtual void releaseLeases(const std::string& owner);
    /// Tries to start one request to `host` under politeness shared by every worker: at most
    /// `concurrency` requests in flight (slots held by `owner` for `slotSeconds`, renewed by
    /// renewLeases()) and `delayMs` between two starts. Returns the slot taken, or nullopt and
    /// sets `waitMs` to how long to wait before asking again.
    virtual std::optional<int> tryStartRequest(const std::string& host, const std::string& owner,
                                               unsigned concurrency, std::int64_t delayMs,
                                               int slotSeconds, std::int64_t& waitMs);
    /// Ends the request of `slot`; the next one starts `delayMs` later at the earliest.
    virtual void endRequest(const std::string& host, int slot, std::int64_t delayMs);
    /// No request to `host` starts within `delayMs` from now (Retry-After), for every worker.
    virtual void holdHost(const std::string& host, std::int64_t delayMs);
    /// Claims up to `max` items of `source` whose records are to be built (as itemsToExtract():
    /// captured, not extracted, attachments settled) for `owner`, in one step, in id order;
    /// markExtracted() ends a claim.
    virtual std::vector<UrlRecord> claimExtractions(const std::string& source,
                                                    const std::string& owner, int leaseSeconds,
                                                    std::size_t max);
    /// One of them.
    std::optional<UrlRecord> claimExtraction(const std::string& source, const std::string& owner,
                                             int leaseSeconds);
    /// A record could not be built: the claim ends; after a few failures the item is left alone.
    virtual void failExtraction(std::int64_t id, const std::string& error);
    /// Joins the open reprocess round or opens a new one.
    virtual RoundInfo beginRound();
    /// Claims up to `max` captured items of `source` not yet rebuilt in `round`, in id order.
    virtual std::vector<UrlRecord> claimReprocesses(const std::string& source, std::int64_t round,
                                                    const std::string& owner, int leaseSeconds,
                                                    std::size_t max);
    /// One of them.
    std::optional<UrlRecord> claimReprocess(const std::string& source, std::int64_t round,
                                            const std::string& owner, int leaseSeconds);
    /// The items `ids` are rebuilt in `round`, in one step.
    virtual void finishReprocesses(const std::vector<std::int64_t>& ids, std::int64_t round);
    void finishReprocess(std::int64_t id, std::int64_t round) { finishReprocesses({id}, round); }
    /// Items of `round` not yet rebuilt (claimed or not); the round closes when none is left.
    virtual std::int64_t roundRemaining(std::int64_t round);
    /// Runs `append(floor)`, which appends lines to the manifest numbered from 1 + the larger
    /// of `floor` and the manifest's highest seq and returns the last seq it used, as one step
    /// for every writer of the archive: a shared store hands out the numbers (writers on several
    /// hosts never take one twice); the embedded store leaves them to the manifest's file lock
    /// (floor 0). Returns what append() returned.
    virtual std::uint64_t appendWithSeqs(const std::function<std::uint64_t(std::uint64_t)>& append);
};

/// Opens the store named by a config's `state`: `sqlite:PATH` (embedded, the default) or
/// `postgresql://user@host[:port]/db` (shared by workers). Throws std::runtime_error.
std::unique_ptr<StateStore> openStateStore(const std::string& state);

}  // namespace jikji
