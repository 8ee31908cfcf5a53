#include "stages/fetch/http_client.h"

#include "pipeline/archive.h"

#include <Poco/InflatingStream.h>
#include <Poco/Net/DNS.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <mutex>
#include <sstream>

namespace jikji::fetch {

namespace {

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

bool isPrivate(const Poco::Net::IPAddress& address) {
    if (address.isLoopback() || address.isSiteLocal() || address.isLinkLocal() ||
        address.isWildcard())
        return true;
    if (address.family() == Poco::Net::IPAddress::IPv6) {
        auto bytes = static_cast<const unsigned char*>(address.addr());
        if ((bytes[0] & 0xFE) == 0xFC) return true;  // fc00::/7 unique local
        if (address.isIPv4Mapped()) {
            std::string text = address.toString();
            return isPrivate(Poco::Net::IPAddress(text.substr(text.rfind(':') + 1)));
        }
    } else {
        auto bytes = static_cast<const unsigned char*>(address.addr());
        if (bytes[0] == 100 && (bytes[1] & 0xC0) == 64) return true;  // 100.64/10 shared
        if (bytes[0] == 0) return true;
    }
    return false;
}

using Deadline = std::chrono::steady_clock::time_point;

/// Reads at most `cap` bytes; more is a PolicyError, a failing stream or a passed deadline a
/// NetworkError.
std::string readCapped(std::istream& in, std::uint64_t cap, const std::string& what,
                       Deadline deadline = Deadline::max()) {
    std::string out;
    char buffer[64 * 1024];
    while (true) {
        if (std::chrono::steady_clock::now() > deadline)
            throw NetworkError("timeout",
                               what + ": the response took longer than allowed (timeout)");
        // peek() makes one read of the socket, readsome() takes what it brought: the deadline is
        // checked between socket reads, not only after the whole body.
        if (in.peek() == std::char_traits<char>::eof()) {
            if (in.bad()) throw NetworkError("network", what + ": reading the body failed");
            break;
        }
        std::streamsize got = in.readsome(buffer, sizeof buffer);
        if (got > 0) {
            if (out.size() + static_cast<std::uint64_t>(got) > cap)
                throw PolicyError("too_large", what + " is larger than the limit of " +
                                                   std::to_string(cap) + " bytes");
            out.append(buffer, static_cast<std::size_t>(got));
        }
        if (!in) throw NetworkError("network", what + ": reading the body failed");
    }
    return out;
}

std::string inflate(const std::string& raw, const std::string& coding, std::uint64_t cap) {
    auto run = [&](auto make) {
        std::istringstream source(raw);
        auto stream = make(source);
        return readCapped(*stream, cap, "decoded body");
    };
    try {
        if (coding == "gzip" || coding == "x-gzip")
            return run([](std::istream& in) {
                return std::make_unique<Poco::InflatingInputStream>(
                    in, Poco::InflatingStreamBuf::STREAM_GZIP);
            });
        try {
            return run([](std::istream& in) {
                return std::make_unique<Poco::InflatingInputStream>(
                    in, Poco::InflatingStreamBuf::STREAM_ZLIB);
            });
        } catch (const Poco::IOException&) {
            // Some servers send raw deflate without the zlib wrapper.
            return run([](std::istream& in) {
                return std::make_unique<Poco::InflatingInputStream>(in, -15);
            });
        }
    } catch (const Poco::Exception& error) {
        throw NetworkError("network", "cannot decode " + coding + " body: " + error.displayText());
    }
}

void initialiseSsl() {
    static std::once_flag once;
    std::call_once(once, [] {
        Poco::Net::initializeSSL();
        // A certificate that fails verification is rejected, never waved through.
        Poco::SharedPtr<Poco::Net::InvalidCertificateHandler> reject =
            new Poco::Net::RejectCertificateHandler(false);
        Poco::Net::Context::Params params;
        params.loadDefaultCAs = true;
        params.verificationMode = Poco::Net::Context::VERIFY_RELAXED;
        Poco::Net::Context::Ptr context =
            new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
        Poco::Net::SSLManager::instance().initializeClient(nullptr, reject, context);
    });
}

}  // namespace

std::string HttpResponse::header(const std::string& name) const {
    return headerValue(headers, name);
}

Headers withoutCookies(const Headers& headers) {
    Headers out;
    for (const auto& header : headers)
        if (Poco::icompare(header.first, "Set-Cookie") != 0 &&
            Poco::icompare(header.first, "Set-Cookie2") != 0)
            out.push_back(header);
    return out;
}

bool HostPolicy::hostAllowed(const std::string& host) const {
    std::string name = lower(host);
    for (const std::string& allowed : allowedHosts) {
        if (name == allowed) return true;
        // "*.example.go.kr" allows every subdomain.
        if (allowed.starts_with("*.") && name.ends_with(allowed.substr(1))) return true;
    }
    return false;
}

bool resolvesToPrivate(const std::string& host) {
    try {
        Poco::Net::IPAddress literal;
        if (Poco::Net::IPAddress::tryParse(host, literal)) return isPrivate(literal);
        Poco::Net::HostEntry entry = Poco::Net::DNS::resolve(host);
        if (entry.addresses().empty()) return false;
        for (const Poco::Net::IPAddress& address : entry.addresses())
            if (!isPrivate(address)) return false;
        return true;
    } catch (const Poco::Exception&) {
        return false;
    }
}

HttpClient::HttpClient(HttpSettings settings, std::string userAgent, HostPolicy policy)
    : m_settings(std::move(settings)),
      m_userAgent(std::move(userAgent)),
      m_policy(std::move(policy)) {
    // One TLS context per client: loading the system CAs for every request would be slow.
    initialiseSsl();
    try {
        Poco::Net::Context::Params params;
        params.loadDefaultCAs = true;
        params.caLocation = m_settings.caFile;
        params.verificationMode = Poco::Net::Context::VERIFY_RELAXED;
        m_context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
    } catch (const Poco::Exception& error) {
        throw ConfigError("cannot use ca_file \"" + m_settings.caFile +
                          "\": " + error.displayText());
    }
}

HttpResponse HttpClient::send(const HttpRequest& request) const {
    HttpRequest current = request;
    for (std::uint32_t hop = 0;; ++hop) {
        HttpResponse response = sendOnce(current);
        bool redirect = response.status == 301 || response.status == 302 ||
                        response.status == 303 || response.status == 307 || response.status == 308;
        std::string location = response.header("Location");
        if (!redirect || location.empty()) return response;
        if (hop >= m_settings.maxRedirects)
            throw PolicyError("redirect_refused", "more than " +
                                                      std::to_string(m_settings.maxRedirects) +
                                                      " redirects from " + request.url);
        std::string target;
        try {
            Poco::URI base(current.url);
            base.resolve(location);
            base.setFragment("");
            target = base.toString();
        } catch (const Poco::Exception&) {
            throw PolicyError("redirect_refused", "redirect to an invalid URL: " + location);
        }
        // 303, and 301/302 after a POST as browsers do, continue with a GET.
        if (response.status == 303 ||
            ((response.status == 301 || response.status == 302) && current.method == "POST")) {
            current.method = "GET";
            current.body.clear();
            current.contentType.clear();
        }
        current.url = target;
    }
}

HttpResponse HttpClient::sendOnce(const HttpRequest& request) const {
    Poco::URI uri;
    try {
        uri = Poco::URI(request.url);
    } catch (const Poco::Exception& error) {
        throw PolicyError("invalid_url", "invalid URL " + request.url + ": " + error.displayText());
    }
    if (uri.getScheme() != "http" && uri.getScheme() != "https")
        throw PolicyError("invalid_url", "not an http(s) URL: " + request.url);
    if (!m_policy.hostAllowed(uri.getHost()))
        throw PolicyError("redirect_refused", "host " + uri.getHost() +
                                                  " is not in allowed_hosts (" + request.url + ")");
    if (!m_policy.allowPrivate && resolvesToPrivate(uri.getHost()))
        throw PolicyError("redirect_refused",
                          "host " + uri.getHost() + " is a private or loopback address");

    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    if (uri.getScheme() == "https") {
        session = std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(),
                                                                  m_context);
    } else {
        session = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
    }
    session->setTimeout(Poco::Timespan(static_cast<long>(m_settings.connectTimeoutMs) * 1000),
                        Poco::Timespan(static_cast<long>(m_settings.readTimeoutMs) * 1000),
                        Poco::Timespan(static_cast<long>(m_settings.readTimeoutMs) * 1000));
    session->setKeepAlive(false);

    std::string target = uri.getPathEtc();
    if (target.empty()) target = "/";
    Poco::Net::HTTPRequest http(request.method, target, Poco::Net::HTTPMessage::HTTP_1_1);
    http.setHost(uri.getHost(), uri.getPort());
    http.set("User-Agent", m_userAgent);
    http.set("Accept-Encoding", "gzip, deflate");
    http.set("Accept", "*/*");
    if (!request.ifNoneMatch.empty()) http.set("If-None-Match", request.ifNoneMatch);
    if (!request.ifModifiedSince.empty()) http.set("If-Modified-Since", request.ifModifiedSince);
    if (!request.referer.empty()) http.set("Referer", request.referer);
    if (request.cookies) {
        std::string cookies = request.cookies->header(uri);
        if (!cookies.empty()) http.set("Cookie", cookies);
    }
    if (request.method == "POST") {
        http.setContentType(request.contentType.empty() ? "application/x-www-form-urlencoded"
                                                        : request.contentType);
        http.setContentLength(static_cast<std::streamsize>(request.body.size()));
    }

    HttpResponse response;
    response.finalUrl = request.url;
    std::string raw;
    try {
        std::ostream& out = session->sendRequest(http);
        if (request.method == "POST") out << request.body;
        Poco::Net::HTTPResponse reply;
        std::istream& in = session->receiveResponse(reply);
        response.status = static_cast<int>(reply.getStatus());
        std::vector<std::string> setCookies;
        for (const auto& [name, value] : reply) {
            response.headers.emplace_back(name, value);
            if (Poco::icompare(name, "Set-Cookie") == 0) setCookies.push_back(value);
        }
        if (request.cookies && !setCookies.empty()) request.cookies->store(uri, setCookies);
        if (reply.hasContentLength() && reply.getContentLength64() >= 0 &&
            static_cast<std::uint64_t>(reply.getContentLength64()) > m_settings.maxResponseBytes)
            throw PolicyError("too_large", request.url + " announces " +
                                               std::to_string(reply.getContentLength64()) +
                                               " bytes, over the limit of " +
                                               std::to_string(m_settings.maxResponseBytes));
        bool hasBody = request.method != "HEAD" && response.status != 304 &&
                       response.status != 204 && response.status >= 200;
        if (hasBody)
            raw = readCapped(in, m_settings.maxResponseBytes, request.url,
                             std::chrono::steady_clock::now() +
                                 std::chrono::milliseconds(m_settings.maxResponseMs));
        if (hasBody && reply.hasContentLength() && reply.getContentLength64() >= 0 &&
            static_cast<std::uint64_t>(reply.getContentLength64()) != raw.size())
            throw NetworkError("network",
                               request.url + ": body truncated at " + std::to_string(raw.size()) +
                                   " of " + std::to_string(reply.getContentLength64()) + " bytes");
    } catch (const NetworkError& error) {
        // The body's stream swallowed the socket's exception; the session kept it.
        if (const Poco::Exception* cause = session->networkException())
            throw NetworkError(
                dynamic_cast<const Poco::TimeoutException*>(cause) ? "timeout" : error.code(),
                std::string(error.what()) + ": " + cause->displayText());
        throw;
    } catch (const Poco::Net::SSLException& error) {
        throw PolicyError("network", "TLS: " + error.displayText() + " (" + request.url + ")");
    } catch (const Poco::TimeoutException& error) {
        throw NetworkError("timeout", "timeout: " + error.displayText() + " (" + request.url + ")");
    } catch (const Poco::Exception& error) {
        throw NetworkError("network", error.displayText() + " (" + request.url + ")");
    }

    std::string coding = lower(response.header("Content-Encoding"));
    if (coding.empty() || coding == "identity") {
        response.body = std::move(raw);
    } else if (coding == "gzip" || coding == "x-gzip" || coding == "deflate") {
        response.body = raw.empty() ? raw : inflate(raw, coding, m_settings.maxResponseBytes);
        response.contentEncoding = coding;
    } else {
        throw PolicyError("network",
                          "unsupported Content-Encoding " + coding + " (" + request.url + ")");
    }
    return response;
}

}  // namespace jikji::fetch
