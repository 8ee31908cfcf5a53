#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace jikji {

/// What a URL is to the crawl: a list page (links to items), an item page, an attachment.
enum class UrlKind { List, Item, Attachment };
/// Where a URL is in the frontier. `Fetched` pages wait for discovery; `Done`, `Failed` and
/// `Blocked` (robots.txt, host rules) end the URL's work for the current pass.
enum class UrlState { Pending, Leased, Fetched, Done, Failed, Blocked };

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
    bool changed = false;    ///< the last fetch produced a new capture
    bool extracted = false;  ///< seam for the extract stage: the current capture was extracted
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
    virtual void recordFetched(std::int64_t id, const FetchOutcome& outcome) = 0;
    virtual void recordFailure(std::int64_t id, const std::string& error, std::uint32_t attempts,
                               int httpStatus) = 0;
    virtual void recordBlocked(std::int64_t id, const std::string& reason) = 0;

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
    virtual std::vector<UrlRecord> children(std::int64_t parentId) = 0;
    /// Items whose current capture is not extracted yet (the extract stage's work list).
    virtual std::vector<UrlRecord> itemsToExtract(const std::string& source, std::size_t limit) = 0;
    virtual void markExtracted(std::int64_t id) = 0;
    /// Every item page of `source` that has a capture, in id order: the work of `reprocess`.
    virtual std::vector<UrlRecord> capturedItems(const std::string& source) = 0;
    /// True when `source` has work left in the frontier (pending, leased, or fetched pages).
    virtual bool hasWork(const std::string& source) = 0;
    /// Counts of URLs per state in `pass` (all passes when 0).
    virtual std::map<std::string, std::int64_t> countByState(std::int64_t pass) = 0;
    virtual std::vector<UrlRecord> failures(std::int64_t pass) = 0;
};

}  // namespace jikji
