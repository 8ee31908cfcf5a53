#include "stages/fetch/cookie_jar.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPCookie.h>
#include <Poco/Net/IPAddress.h>
#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/NumberParser.h>
#include <Poco/URI.h>

#include <algorithm>

#include "pipeline/limits.h"

namespace jikji::fetch {

namespace {

// A run lasts hours: an expiry further than this is as good as none (and cannot overflow).
constexpr Poco::Int64 kFarFuture = 10ll * 365 * 86400;

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

bool isIpAddress(const std::string& host) {
    Poco::Net::IPAddress address;
    return Poco::Net::IPAddress::tryParse(host, address);
}

// RFC 6265 section 5.1.4: the directory of the request path.
std::string defaultPath(const std::string& path) {
    if (path.empty() || path.front() != '/') return "/";
    std::size_t slash = path.rfind('/');
    return slash == 0 ? "/" : path.substr(0, slash);
}

// Poco's HTTPCookie throws on an Expires or Max-Age it cannot parse; RFC 6265 ignores such an
// attribute, so the cookie is read again without it.
Poco::Net::HTTPCookie parseCookie(Poco::Net::NameValueCollection& attributes) {
    try {
        return Poco::Net::HTTPCookie(attributes);
    } catch (const Poco::Exception&) {
        // NameValueCollection compares names without case.
        attributes.erase("Expires");
        attributes.erase("Max-Age");
        return Poco::Net::HTTPCookie(attributes);
    }
}

}  // namespace

bool CookieJar::domainMatches(const std::string& host, const Cookie& cookie) {
    if (host == cookie.domain) return true;
    if (cookie.hostOnly || isIpAddress(host)) return false;
    return host.size() > cookie.domain.size() && host.ends_with(cookie.domain) &&
           host[host.size() - cookie.domain.size() - 1] == '.';
}

bool CookieJar::pathMatches(const std::string& path, const std::string& cookiePath) {
    if (path == cookiePath) return true;
    if (!path.starts_with(cookiePath)) return false;
    return cookiePath.back() == '/' || path[cookiePath.size()] == '/';
}

void CookieJar::store(const Poco::URI& uri, const std::vector<std::string>& setCookies,
                      Clock::time_point now) {
    std::string host = lower(uri.getHost());
    for (const std::string& line : setCookies) {
        if (line.size() > limits::kMaxCookieBytes) continue;
        Poco::Net::NameValueCollection attributes;
        Poco::Net::MessageHeader::splitParameters(line.begin(), line.end(), attributes);
        Cookie cookie;
        try {
            Poco::Net::HTTPCookie parsed = parseCookie(attributes);
            cookie.name = parsed.getName();
            cookie.value = parsed.getValue();
            cookie.domain = lower(parsed.getDomain());
            cookie.path = parsed.getPath();
            cookie.secure = parsed.getSecure();
            // Max-Age wins over Expires whatever their order (section 5.3 step 3).
            Poco::Int64 maxAge = 0;
            if (attributes.has("Max-Age") &&
                Poco::NumberParser::tryParse64(attributes.get("Max-Age"), maxAge))
                cookie.expires = now + std::chrono::seconds(std::min(maxAge, kFarFuture));
            else if (attributes.has("Expires"))
                cookie.expires = now + std::chrono::seconds(parsed.getMaxAge());
        } catch (const Poco::Exception&) {
            continue;
        }
        if (cookie.name.empty()) continue;
        while (!cookie.domain.empty() && cookie.domain.front() == '.')
            cookie.domain.erase(0, 1);
        if (cookie.domain.empty()) {
            cookie.domain = host;
            cookie.hostOnly = true;
        } else {
            cookie.hostOnly = false;
            // A server may set cookies only for itself and the domains above it.
            if (!domainMatches(host, cookie)) continue;
        }
        if (cookie.path.empty() || cookie.path.front() != '/')
            cookie.path = defaultPath(uri.getPath());

        std::lock_guard lock(m_mutex);
        std::erase_if(m_cookies, [&](const Cookie& old) {
            return old.name == cookie.name && old.domain == cookie.domain &&
                   old.path == cookie.path;
        });
        if (cookie.expires && *cookie.expires <= now) continue;  // a deletion
        if (m_cookies.size() >= limits::kMaxCookiesPerSource) continue;
        m_cookies.push_back(std::move(cookie));
    }
}

std::string CookieJar::header(const Poco::URI& uri, Clock::time_point now) const {
    std::string host = lower(uri.getHost());
    std::string path = uri.getPath().empty() ? "/" : uri.getPath();
    bool secure = uri.getScheme() == "https";
    std::vector<const Cookie*> sent;
    std::lock_guard lock(m_mutex);
    for (const Cookie& cookie : m_cookies) {
        if (cookie.expires && *cookie.expires <= now) continue;
        if (cookie.secure && !secure) continue;
        if (!domainMatches(host, cookie) || !pathMatches(path, cookie.path)) continue;
        sent.push_back(&cookie);
    }
    // Section 5.4: cookies with longer paths first, otherwise in the order they were set.
    std::stable_sort(sent.begin(), sent.end(), [](const Cookie* a, const Cookie* b) {
        return a->path.size() > b->path.size();
    });
    std::string out;
    for (const Cookie* cookie : sent) {
        if (!out.empty()) out += "; ";
        out += cookie->name + "=" + cookie->value;
    }
    return out;
}

std::size_t CookieJar::size() const {
    std::lock_guard lock(m_mutex);
    return m_cookies.size();
}

}  // namespace jikji::fetch
