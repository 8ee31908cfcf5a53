#include "stages/fetch/fetch_stage.h"

#include <spdlog/spdlog.h>

#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>
#include <Poco/URI.h>

#include <thread>

#include "stages/fetch/backoff.h"
#include "stages/fetch/error_page.h"

namespace jikji::fetch {

namespace {

constexpr std::uint32_t kMaxBackoffMs = 60000;

std::string hostKey(const Poco::URI& uri) {
    return uri.getHost() + ":" + std::to_string(uri.getPort());
}

bool isRetryableStatus(int status) {
    return status == 429 || status >= 500;
}

}  // namespace

std::string nowIso() {
    return Poco::DateTimeFormatter::format(Poco::Timestamp(), "%Y-%m-%dT%H:%M:%S.%iZ");
}

FetchStage::FetchStage(CrawlContext& context, const Source& source)
    : m_context(context),
      m_source(source),
      m_policy{source.allowedHosts, false},
      m_client(source.http, context.config.userAgent, m_policy),
      m_random(std::random_device{}()) {
    // Private and loopback addresses are reachable only when the source itself lives there.
    for (const RequestSpec& start : source.startUrls)
        if (resolvesToPrivate(Poco::URI(start.url).getHost())) m_policy.allowPrivate = true;
    m_client = HttpClient(source.http, context.config.userAgent, m_policy);
    for (const RequestSpec& start : source.startUrls)
        m_context.gate.configure(hostKey(Poco::URI(start.url)), source.politeness.concurrency,
                                 std::chrono::milliseconds(source.politeness.delayMs));
}

void FetchStage::ensureSession() {
    // The others wait here while one asks: they need the same session.
    std::lock_guard lock(m_sessionMutex);
    if (m_sessionStarted) return;
    m_sessionStarted = true;  // one try per run, whatever comes of it
    const RequestSpec& start = m_source.startUrls.front();
    HttpRequest request;
    request.url = start.url;
    request.method = start.method;
    request.body = start.body;
    request.contentType = start.contentType;
    request.cookies = &m_cookies;
    try {
        Poco::URI uri(start.url);
        std::string host = hostKey(uri);
        if (m_source.politeness.obeyRobots &&
            !robotsFor(uri.getScheme() + "://" + uri.getAuthority(), host)
                 ->allowed(uri.getPathEtc().empty() ? "/" : uri.getPathEtc()))
            return;
        HostSlot slot(m_context.gate, host);
        HttpResponse response = m_client.send(request);
        m_context.stats.countStatus(response.status);
        m_context.stats.count("session_requests");
    } catch (const std::exception& error) {
        spdlog::warn("{}: no session from {}: {}", m_source.name, start.url, error.what());
    }
}

void FetchStage::sessionStarted() {
    std::lock_guard lock(m_sessionMutex);
    m_sessionStarted = true;
}

std::chrono::milliseconds FetchStage::backoff(std::uint32_t retry) {
    std::lock_guard lock(m_mutex);
    return backoffDelay(retry, m_source.http.backoffBaseMs, kMaxBackoffMs, m_random);
}

std::shared_ptr<const RobotsRules> FetchStage::robotsFor(const std::string& origin,
                                                         const std::string& host) {
    // One worker fetches robots.txt of a new origin; the others wait for its answer.
    std::lock_guard robotsLock(m_context.robotsMutex);
    if (auto found = m_context.robots.find(origin); found != m_context.robots.end())
        return found->second;
    RobotsRules rules = RobotsRules::allowAll();
    HttpRequest request;
    request.url = origin + "/robots.txt";
    for (std::uint32_t attempt = 1;; ++attempt) {
        try {
            HttpResponse response;
            {
                HostSlot slot(m_context.gate, host);
                response = m_client.send(request);
            }
            m_context.stats.countStatus(response.status);
            if (response.status >= 200 && response.status < 300) {
                CaptureInfo info{request.url,     response.finalUrl,
                                 "GET",           "",
                                 response.status, withoutCookies(response.headers),
                                 nowIso(),        response.contentEncoding};
                m_context.captures.put(response.body, info);
                rules = RobotsRules::parse(response.body, m_context.config.userAgent);
            } else if (response.status >= 500 || response.status == 429) {
                if (attempt < m_source.http.maxAttempts) {
                    std::this_thread::sleep_for(backoff(attempt));
                    continue;
                }
                // RFC 9309: an unreachable robots.txt means "disallow everything" for now.
                rules = RobotsRules::disallowAll();
            }
            break;
        } catch (const NetworkError& error) {
            if (attempt < m_source.http.maxAttempts) {
                std::this_thread::sleep_for(backoff(attempt));
                continue;
            }
            spdlog::warn("robots.txt of {} unreachable: {}", origin, error.what());
            rules = RobotsRules::disallowAll();
            break;
        } catch (const PolicyError& error) {
            spdlog::warn("robots.txt of {}: {}", origin, error.what());
            break;
        }
    }
    if (rules.crawlDelayMs() > 0)
        m_context.gate.raiseDelay(host, std::chrono::milliseconds(rules.crawlDelayMs()));
    auto shared = std::make_shared<const RobotsRules>(rules);
    m_context.robots.emplace(origin, shared);
    return shared;
}

namespace {

bool gone(int status) {
    return status == 404 || status == 410;
}

}  // namespace

bool withdrawnNow(const UrlRecord& record, int status) {
    // The last answer of the previous pass was 404/410 too (a failed URL is asked for once a
    // pass), and the item had been captured before: it is gone, not failing.
    return record.spec.kind == UrlKind::Item && !record.digest.empty() && gone(status) &&
           gone(record.httpStatus);
}

std::string FetchStage::refererFor(const UrlSpec& spec) {
    if (!m_source.sendReferer || spec.parentId == 0 || spec.kind == UrlKind::List) return {};
    std::optional<UrlRecord> parent = m_context.state.find(spec.parentId);
    if (!parent) return {};
    return parent->finalUrl.empty() ? parent->spec.url : parent->finalUrl;
}

bool FetchStage::fetch(const UrlRecord& record) {
    const UrlSpec& spec = record.spec;
    if (m_source.cookies && spec.kind != UrlKind::List) ensureSession();
    Poco::URI uri;
    try {
        uri = Poco::URI(spec.url);
    } catch (const Poco::Exception& error) {
        m_context.state.recordFailure(record.id, "invalid URL: " + error.displayText(), 0, 0);
        m_context.stats.fail(spec.source, spec.url, "invalid URL", "invalid_url");
        return false;
    }
    std::string host = hostKey(uri);
    m_context.gate.configure(host, m_source.politeness.concurrency,
                             std::chrono::milliseconds(m_source.politeness.delayMs));

    if (m_source.politeness.obeyRobots) {
        std::string origin = uri.getScheme() + "://" + uri.getAuthority();
        std::string target = uri.getPathEtc();
        std::shared_ptr<const RobotsRules> robots = robotsFor(origin, host);
        if (robots->unreachable()) {
            // RFC 9309: nothing may be fetched now; a failure, so that the next pass tries again.
            m_context.state.recordFailure(record.id, "robots.txt unreachable", 0, 0);
            m_context.stats.fail(spec.source, spec.url, "robots.txt unreachable",
                                 "robots_unreachable");
            return false;
        }
        if (!robots->allowed(target.empty() ? "/" : target)) {
            m_context.state.recordBlocked(record.id, "disallowed by robots.txt");
            m_context.stats.block(spec.source, spec.url, "disallowed by robots.txt");
            spdlog::info("robots.txt disallows {}", spec.url);
            return false;
        }
    }

    HttpRequest request;
    request.url = spec.url;
    request.method = spec.method;
    request.body = spec.body;
    request.contentType = spec.contentType;
    request.referer = refererFor(spec);
    if (m_source.cookies) request.cookies = &m_cookies;
    // List pages are always fetched whole: new items appear there. A capture that is missing or
    // damaged on disk is fetched again as if new (a 304 would keep it broken).
    bool conditional = spec.kind != UrlKind::List && !record.digest.empty() &&
                       m_context.captures.intact(record.digest);
    if (conditional) {
        request.ifNoneMatch = record.etag;
        request.ifModifiedSince = record.lastModified;
    }

    std::string lastError;
    std::string lastCode;  // the run report's code for lastError
    int lastStatus = 0;
    std::uint32_t attempt = 1;
    for (;; ++attempt) {
        // A run that stops (interrupted, or the archive failed) leaves the URL leased, not
        // failed: the lease lapses and the next run, resuming the pass, fetches it.
        if (m_context.stopping) return false;
        HttpResponse response;
        try {
            HostSlot slot(m_context.gate, host);
            response = m_client.send(request);
        } catch (const NetworkError& error) {
            lastError = error.what();
            lastCode = error.code();
            m_context.stats.count("network_errors");
            if (attempt >= m_source.http.maxAttempts) break;
            auto wait = backoff(attempt);
            spdlog::info("{} (retry {} in {} ms)", lastError, attempt, wait.count());
            m_context.stats.count("retries");
            std::this_thread::sleep_for(wait);
            continue;
        } catch (const PolicyError& error) {
            lastError = error.what();
            lastCode = error.code();
            break;
        }
        m_context.stats.countStatus(response.status);
        lastStatus = response.status;
        if (m_source.cookies && spec.kind == UrlKind::List) sessionStarted();
        if (response.status == 304 && conditional) {
            FetchOutcome outcome;
            outcome.httpStatus = 304;
            outcome.etag = response.header("ETag");
            outcome.lastModified = response.header("Last-Modified");
            outcome.fetchedAt = nowIso();
            outcome.attempts = attempt;
            m_context.state.recordFetched(record.id, outcome);
            m_context.stats.count("not_modified");
            return true;
        }
        if (response.status >= 200 && response.status < 300 && spec.kind == UrlKind::Attachment &&
            promisesFile(spec.url, spec.linkText) && looksLikeHtmlPage(response.body)) {
            // The server refused the download with a page (no session, no Referer): not the
            // file. A failure, so that the next pass asks again.
            lastError =
                "error_page: " + errorPageText(response.body, response.header("Content-Type"));
            lastCode = "error_page";
            m_context.stats.count("error_pages");
            break;
        }
        if (response.status >= 200 && response.status < 300) {
            CaptureInfo info;
            info.url = spec.url;
            info.finalUrl = response.finalUrl;
            info.method = spec.method;
            info.requestBody = spec.body;
            info.status = response.status;
            info.headers = withoutCookies(response.headers);
            info.fetchedAt = nowIso();
            info.contentEncoding = response.contentEncoding;
            bool existed = false;
            std::string digest;
            try {
                digest = sha256Hex(response.body);
                existed = m_context.captures.has(digest);
                m_context.captures.put(response.body, info);
            } catch (const std::exception& error) {
                // The archive is not writable: nothing else can succeed.
                spdlog::error("cannot store capture of {}: {}", spec.url, error.what());
                m_context.stats.archiveFailure(error.what());
                m_context.stopping = true;
                // Not a failure of the URL: its lease lapses and the next run fetches it again.
                return false;
            }
            FetchOutcome outcome;
            outcome.httpStatus = response.status;
            outcome.digest = digest;
            outcome.etag = response.header("ETag");
            outcome.lastModified = response.header("Last-Modified");
            outcome.fetchedAt = info.fetchedAt;
            outcome.finalUrl = response.finalUrl;
            outcome.responseType = response.header("Content-Type");
            outcome.attempts = attempt;
            m_context.state.recordFetched(record.id, outcome);
            m_context.stats.count("captured");
            m_context.stats.count("bytes", static_cast<std::int64_t>(response.body.size()));
            if (!existed) m_context.stats.count("new_blobs");
            if (digest != record.digest && !record.digest.empty()) m_context.stats.count("changed");
            return true;
        }
        lastError = "HTTP " + std::to_string(response.status);
        lastCode = "http_status";
        if (!isRetryableStatus(response.status) || attempt >= m_source.http.maxAttempts) break;
        std::chrono::milliseconds wait = backoff(attempt);
        if (response.status == 429 || response.status == 503) {
            if (auto seconds = parseRetryAfter(response.header("Retry-After"),
                                               std::chrono::system_clock::now())) {
                std::uint32_t capped = std::min(*seconds, m_source.http.maxRetryAfterS);
                wait = std::chrono::milliseconds(static_cast<std::int64_t>(capped) * 1000);
                m_context.stats.count("retry_after_honoured");
            }
            // The whole host waits, not only this request.
            m_context.gate.holdUntil(host, HostGate::Clock::now() + wait);
        }
        spdlog::info("{} {} (retry {} in {} ms)", spec.url, lastError, attempt, wait.count());
        m_context.stats.count("retries");
        std::this_thread::sleep_for(wait);
    }
    if (withdrawnNow(record, lastStatus)) {
        // Gone twice in a row: the item is withdrawn, not failing; its record stays.
        m_context.state.recordWithdrawn(record.id, lastError, lastStatus, nowIso());
        m_context.stats.count("withdrawn");
        spdlog::info("withdrawn {}: {} in two consecutive passes", spec.url, lastStatus);
        return false;
    }
    m_context.state.recordFailure(record.id, lastError, attempt, lastStatus);
    m_context.stats.fail(spec.source, spec.url, lastError, lastCode);
    spdlog::warn("failed {}: {}", spec.url, lastError);
    return false;
}

}  // namespace jikji::fetch
