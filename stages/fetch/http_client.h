#pragma once

#include <Poco/Net/Context.h>

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "pipeline/config.h"
#include "stages/fetch/cookie_jar.h"

namespace jikji::fetch {

/// A request that failed, with the stable code the run report gives it (schemas/run.schema.json:
/// `network`, `timeout`, `too_large`, `invalid_url`, `redirect_refused`).
class FetchError : public std::runtime_error {
  public:
    FetchError(std::string code, const std::string& message)
        : std::runtime_error(message), m_code(std::move(code)) {}
    const std::string& code() const { return m_code; }

  private:
    std::string m_code;
};

/// A failure worth retrying: connection refused or dropped, timeout, truncated body.
class NetworkError : public FetchError {
  public:
    using FetchError::FetchError;
};

/// A response the crawler refuses for good: a redirect off the allowed hosts or to a private
/// address, a body over the byte cap, an unknown content coding.
class PolicyError : public FetchError {
  public:
    using FetchError::FetchError;
};

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
    std::string url;
    std::string method = "GET";
    std::string body;
    std::string contentType;
    std::string ifNoneMatch;
    std::string ifModifiedSince;
    std::string referer;  ///< sent as `Referer` when not empty
    /// The source's cookies, sent and updated on every hop (redirects too); null: none.
    CookieJar* cookies = nullptr;
};

struct HttpResponse {
    int status = 0;
    Headers headers;              ///< as received, in order
    std::string body;             ///< after gzip/deflate decoding
    std::string finalUrl;         ///< after redirects
    std::string contentEncoding;  ///< the coding that was decoded, "" when none

    /// The first header of that name (case-insensitive), or "".
    std::string header(const std::string& name) const;
};

/// Who the client may talk to: the hosts of a source, and whether private or loopback addresses
/// are allowed (only when the source itself lives on one).
struct HostPolicy {
    std::vector<std::string> allowedHosts;
    bool allowPrivate = false;

    bool hostAllowed(const std::string& host) const;
};

/// `headers` without `Set-Cookie`: a session is a secret of the run, never kept in the archive.
Headers withoutCookies(const Headers& headers);

/// True when every address the host resolves to is loopback, private, link-local or unique-local.
bool resolvesToPrivate(const std::string& host);

/// One HTTP(S) exchange with Poco: connect and per-read timeouts, a byte cap, gzip/deflate
/// decoding, and redirects followed only within the host policy. Thread-safe; one session per
/// request.
class HttpClient {
  public:
    HttpClient(HttpSettings settings, std::string userAgent, HostPolicy policy);

    /// Sends the request and follows redirects. Throws NetworkError or PolicyError; any HTTP
    /// status (404, 500, 304, …) is a response, not an exception.
    HttpResponse send(const HttpRequest& request) const;

  private:
    HttpResponse sendOnce(const HttpRequest& request) const;

    HttpSettings m_settings;
    std::string m_userAgent;
    HostPolicy m_policy;
    Poco::Net::Context::Ptr m_context;
};

}  // namespace jikji::fetch
