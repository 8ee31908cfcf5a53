#include "web_url.h"

#include <algorithm>
#include <vector>

namespace jikji::url {

namespace {

constexpr char kHex[] = "0123456789ABCDEF";

bool isUnreserved(unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

bool isHexDigit(char c) {
    return std::isxdigit(static_cast<unsigned char>(c)) != 0;
}

int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    return (std::toupper(static_cast<unsigned char>(c)) - 'A') + 10;
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

struct Parts {
    std::string scheme;
    bool hasAuthority = false;
    std::string authority;
    std::string path;
    bool hasQuery = false;
    std::string query;
};

// RFC 3986 appendix B, without the fragment.
Parts split(std::string_view text) {
    Parts parts;
    std::size_t hash = text.find('#');
    if (hash != std::string_view::npos) text = text.substr(0, hash);
    std::size_t colon = text.find(':');
    std::size_t firstDelimiter = text.find_first_of("/?");
    if (colon != std::string_view::npos && colon > 0 &&
        (firstDelimiter == std::string_view::npos || colon < firstDelimiter) &&
        std::isalpha(static_cast<unsigned char>(text[0])) &&
        std::all_of(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(colon), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
        })) {
        parts.scheme = lower(text.substr(0, colon));
        text = text.substr(colon + 1);
    }
    if (text.starts_with("//")) {
        parts.hasAuthority = true;
        text = text.substr(2);
        std::size_t end = text.find_first_of("/?");
        parts.authority = std::string(text.substr(0, end));
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end);
    }
    std::size_t question = text.find('?');
    if (question != std::string_view::npos) {
        parts.hasQuery = true;
        parts.query = std::string(text.substr(question + 1));
        text = text.substr(0, question);
    }
    parts.path = std::string(text);
    return parts;
}

std::string removeDotSegments(std::string_view path) {
    std::vector<std::string_view> segments;
    bool absolute = path.starts_with('/');
    std::size_t start = absolute ? 1 : 0;
    bool trailingSlash = false;
    while (start <= path.size()) {
        std::size_t end = path.find('/', start);
        std::string_view segment = path.substr(
            start, end == std::string_view::npos ? std::string_view::npos : end - start);
        trailingSlash = false;
        if (segment == "..") {
            if (!segments.empty()) segments.pop_back();
            trailingSlash = true;
        } else if (segment == ".") {
            trailingSlash = true;
        } else {
            segments.push_back(segment);
        }
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    std::string out = absolute ? "/" : "";
    for (std::size_t i = 0; i < segments.size(); ++i) {
        if (i) out += '/';
        out += segments[i];
    }
    if (trailingSlash && !out.ends_with('/')) out += '/';
    return out;
}

// Escapes unsafe bytes, decodes escaped unreserved characters, upper-cases the hex digits.
std::string normaliseEscapes(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        if (c == '%' && i + 2 < text.size() && isHexDigit(text[i + 1]) && isHexDigit(text[i + 2])) {
            auto decoded =
                static_cast<unsigned char>(hexValue(text[i + 1]) * 16 + hexValue(text[i + 2]));
            if (isUnreserved(decoded)) {
                out += static_cast<char>(decoded);
            } else {
                out += '%';
                out += kHex[decoded >> 4];
                out += kHex[decoded & 15];
            }
            i += 2;
            continue;
        }
        bool unsafe = c <= 0x20 || c >= 0x7F || c == '"' || c == '<' || c == '>' || c == '\\' ||
                      c == '^' || c == '`' || c == '{' || c == '|' || c == '}' || c == '%';
        if (unsafe) {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

// Parameters sorted by name (stable, so repeated names keep their order), empty ones dropped,
// and `rule` applied. `query` has its escapes normalised already.
std::string canonicalQuery(std::string_view query, const QueryRule& rule) {
    std::vector<std::pair<std::string_view, std::string_view>> parameters;  // name, whole
    std::size_t start = 0;
    while (start <= query.size()) {
        std::size_t end = query.find('&', start);
        std::string_view parameter = query.substr(start, end - start);
        if (!parameter.empty())
            parameters.emplace_back(parameter.substr(0, parameter.find('=')), parameter);
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    auto named = [](const std::vector<std::string>& names, std::string_view name) {
        return std::find(names.begin(), names.end(), name) != names.end();
    };
    std::erase_if(parameters, [&](const auto& parameter) {
        return named(rule.drop, parameter.first) ||
               (!rule.keep.empty() && !named(rule.keep, parameter.first));
    });
    std::stable_sort(parameters.begin(), parameters.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::string out;
    for (const auto& parameter : parameters) {
        if (!out.empty()) out += '&';
        out += parameter.second;
    }
    return out;
}

// WHATWG: a port is a decimal number; leading zeros do not make it another port.
std::string canonicalPort(std::string port) {
    std::size_t first = port.find_first_not_of('0');
    if (first == std::string::npos) return port.empty() ? port : "0";
    return port.substr(first);
}

std::optional<std::string> assemble(const Parts& parts, const QueryRule& rule = {}) {
    if (parts.scheme != "http" && parts.scheme != "https") return std::nullopt;
    if (!parts.hasAuthority) return std::nullopt;
    std::string authority = parts.authority;
    std::size_t at = authority.rfind('@');
    std::string userinfo = at == std::string::npos ? "" : authority.substr(0, at + 1);
    std::string hostPort = at == std::string::npos ? authority : authority.substr(at + 1);
    std::string host = hostPort, port;
    std::size_t colon = hostPort.rfind(':');
    if (colon != std::string::npos && hostPort.find(']', colon) == std::string::npos) {
        host = hostPort.substr(0, colon);
        port = hostPort.substr(colon + 1);
    }
    host = lower(host);
    if (host.empty()) return std::nullopt;
    port = canonicalPort(port);
    if ((parts.scheme == "http" && port == "80") || (parts.scheme == "https" && port == "443"))
        port.clear();
    std::string out = parts.scheme + "://" + normaliseEscapes(userinfo) + normaliseEscapes(host);
    if (!port.empty()) out += ":" + port;
    std::string path = removeDotSegments(parts.path);
    out += path.empty() ? "/" : normaliseEscapes(path);
    if (parts.hasQuery) {
        std::string query = canonicalQuery(normaliseEscapes(parts.query), rule);
        if (!query.empty()) out += "?" + query;
    }
    return out;
}

}  // namespace

std::optional<std::string> canonicalUrl(std::string_view text, const QueryRule& rule) {
    std::string trimmed(text);
    while (!trimmed.empty() && static_cast<unsigned char>(trimmed.back()) <= 0x20)
        trimmed.pop_back();
    std::size_t first = 0;
    while (first < trimmed.size() && static_cast<unsigned char>(trimmed[first]) <= 0x20)
        ++first;
    return assemble(split(std::string_view(trimmed).substr(first)), rule);
}

std::string canonicalOr(const std::string& url, const QueryRule& rule) {
    return canonicalUrl(url, rule).value_or(url);
}

std::optional<std::string> resolveUrl(std::string_view baseText, std::string_view refText) {
    std::string ref(refText);
    // Browsers drop surrounding white space and the tabs and line breaks inside an href.
    std::erase_if(ref, [](char c) { return c == '\t' || c == '\n' || c == '\r'; });
    while (!ref.empty() && ref.back() == ' ')
        ref.pop_back();
    std::size_t first = ref.find_first_not_of(' ');
    ref = first == std::string::npos ? "" : ref.substr(first);
    std::replace(ref.begin(), ref.end(), '\\', '/');
    Parts base = split(baseText);
    Parts reference = split(ref);
    if (!reference.scheme.empty() && reference.scheme != "http" && reference.scheme != "https")
        return std::nullopt;
    if (ref.empty() || ref.starts_with('#')) return std::nullopt;
    Parts target;
    if (!reference.scheme.empty() && reference.hasAuthority) {
        target = reference;
    } else {
        target.scheme = base.scheme;
        if (reference.hasAuthority) {
            target.hasAuthority = true;
            target.authority = reference.authority;
            target.path = reference.path;
            target.hasQuery = reference.hasQuery;
            target.query = reference.query;
        } else {
            target.hasAuthority = base.hasAuthority;
            target.authority = base.authority;
            if (reference.path.empty()) {
                target.path = base.path;
                target.hasQuery = reference.hasQuery || base.hasQuery;
                target.query = reference.hasQuery ? reference.query : base.query;
            } else {
                if (reference.path.starts_with('/')) {
                    target.path = reference.path;
                } else {
                    std::string merged = base.path.empty() && base.hasAuthority ? "/" : base.path;
                    std::size_t slash = merged.rfind('/');
                    merged = slash == std::string::npos ? "" : merged.substr(0, slash + 1);
                    target.path = merged + reference.path;
                }
                target.hasQuery = reference.hasQuery;
                target.query = reference.query;
            }
        }
    }
    return assemble(target);
}

std::string withoutPasswords(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    // Characters that end a URL written in a config (a JSON string, a comment).
    constexpr std::string_view kEnd = "\"'/?# \t\r\n";
    std::size_t at = 0;
    while (at < text.size()) {
        std::size_t scheme = text.find("://", at);
        std::size_t parameter = text.find("password=", at);
        std::size_t next = std::min(scheme, parameter);
        if (next == std::string_view::npos) break;
        if (next == parameter) {
            // A libpq keyword or a query parameter: its value ends at '&', a quote or a space.
            std::size_t value = parameter + 9;
            out.append(text.substr(at, value - at));
            at = text.find_first_of("&\"' \t\r\n", value);
            if (at == std::string_view::npos) at = text.size();
            continue;
        }
        std::size_t authority = scheme + 3;
        std::size_t end = text.find_first_of(kEnd, authority);
        if (end == std::string_view::npos) end = text.size();
        std::size_t userEnd = text.substr(authority, end - authority).rfind('@');
        std::size_t colon = userEnd == std::string_view::npos
                                ? std::string_view::npos
                                : text.substr(authority, userEnd).find(':');
        if (colon == std::string_view::npos) {
            out.append(text.substr(at, authority - at));
            at = authority;
            continue;
        }
        out.append(text.substr(at, authority + colon - at));
        at = authority + userEnd;  // from the '@' on
    }
    out.append(text.substr(std::min(at, text.size())));
    return out;
}

std::string percentDecode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && isHexDigit(text[i + 1]) &&
            isHexDigit(text[i + 2])) {
            out += static_cast<char>(hexValue(text[i + 1]) * 16 + hexValue(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

}  // namespace jikji::url
