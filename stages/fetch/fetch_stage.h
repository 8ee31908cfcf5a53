#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>

#include "stages/crawl_context.h"
#include "stages/fetch/cookie_jar.h"
#include "stages/fetch/http_client.h"
#include "stages/fetch/robots.h"

namespace jikji::fetch {

/// The fetch stage for one source: takes a leased URL, asks robots.txt, sends the request
/// (conditional for items and attachments that have a capture), retries network errors, 5xx,
/// 429 and 503 with backoff (Retry-After honoured), stores the body in the captures and records
/// the outcome in the state store.
class FetchStage {
  public:
    FetchStage(CrawlContext& context, const Source& source);

    /// Fetches one URL and records the outcome; false when it failed or was blocked.
    bool fetch(const UrlRecord& record);

    const HttpClient& client() const { return m_client; }

  private:
    std::shared_ptr<const RobotsRules> robotsFor(const std::string& origin,
                                                 const std::string& host);
    std::chrono::milliseconds backoff(std::uint32_t retry);
    /// The page that linked to `spec` (`send_referer`: the item page of an attachment, the list
    /// page of an item), "" when none.
    std::string refererFor(const UrlSpec& spec);
    /// `cookies`: before the first item or attachment of a run that has not fetched a list page
    /// yet (a pass resumed after its list pages, a download retried in the next pass), asks for
    /// the first start URL once, for the session it sets; its body is not kept.
    void ensureSession();
    void sessionStarted();

    CrawlContext& m_context;
    const Source& m_source;
    HostPolicy m_policy;
    HttpClient m_client;
    CookieJar m_cookies;  ///< this source's session (`cookies`), for this run only
    std::mutex m_sessionMutex;
    bool m_sessionStarted = false;
    std::mutex m_mutex;
    std::mt19937_64 m_random;
};

/// The current time as ISO 8601 UTC with milliseconds.
std::string nowIso();

/// True when an item that answered `status` now is gone from its portal: it had a capture, and
/// its last answer (in the previous pass) was 404 or 410 as well.
bool withdrawnNow(const UrlRecord& record, int status);

}  // namespace jikji::fetch
