#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace Poco {
class URI;
}

namespace jikji::fetch {

/// The cookies of one source during one run (RFC 6265 section 5): set by its responses, sent
/// back on its requests where domain, path, `Secure` and expiry allow. Lives in memory only:
/// never shared with another source, never written to the archive. Thread-safe.
class CookieJar {
  public:
    using Clock = std::chrono::system_clock;

    /// Takes the cookies of the `Set-Cookie` header values of a response from `uri` (parsed by
    /// Poco's HTTPCookie): a `Domain` the host does not domain-match is refused, no `Domain`
    /// makes a host-only cookie, no `Path` takes the URL's directory, `Max-Age` (before
    /// `Expires`) of zero or less removes the cookie.
    void store(const Poco::URI& uri, const std::vector<std::string>& setCookies,
               Clock::time_point now = Clock::now());
    /// The `Cookie` header value for a request to `uri` (longer paths first), "" when none.
    std::string header(const Poco::URI& uri, Clock::time_point now = Clock::now()) const;
    std::size_t size() const;

  private:
    struct Cookie {
        std::string name;
        std::string value;
        std::string domain;  ///< lower case, without a leading dot
        bool hostOnly = true;
        std::string path;
        bool secure = false;
        std::optional<Clock::time_point> expires;  ///< none: until the run ends
    };

    static bool domainMatches(const std::string& host, const Cookie& cookie);
    static bool pathMatches(const std::string& path, const std::string& cookiePath);

    mutable std::mutex m_mutex;
    std::vector<Cookie> m_cookies;
};

}  // namespace jikji::fetch
