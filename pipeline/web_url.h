#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

/// URLs as the record keeps them: absolute, canonical, ASCII only.
namespace jikji::url {

/// A source's rule for query parameters that do not name an item (`"canonical"` in a source):
/// drop the named ones, or keep only the named ones. Names compare exactly, after escapes are
/// normalised.
struct QueryRule {
    std::vector<std::string> drop;
    std::vector<std::string> keep;  ///< when not empty, every other parameter is dropped

    bool empty() const { return drop.empty() && keep.empty(); }
};

/// The canonical form of an absolute http(s) URL: scheme and host in lower case, the default
/// port dropped, an empty path as `/`, dot segments removed, escapes of unreserved characters
/// decoded and the hex digits of the others upper-cased, unsafe bytes escaped, the fragment
/// dropped, the query's parameters sorted by name (parameters of one name keep their order;
/// empty ones dropped) and filtered by `rule`. Nothing when `url` is not an absolute URL with a
/// host. Canonical URLs are fixed points: canonicalUrl(canonicalUrl(u)) == canonicalUrl(u).
std::optional<std::string> canonicalUrl(std::string_view url, const QueryRule& rule = {});

/// canonicalUrl(url, rule), or `url` itself when it is not an absolute http(s) URL.
std::string canonicalOr(const std::string& url, const QueryRule& rule = {});

/// `reference` resolved against the absolute `base` (RFC 3986 section 5.2), then canonical.
/// Nothing when the result is not an http(s) URL (`javascript:`, `mailto:`, a bare fragment).
std::optional<std::string> resolveUrl(std::string_view base, std::string_view reference);

/// `text` (a config, say) with the password of every URL's user info (`scheme://user:password@`)
/// and every `password=` parameter value removed, so that it can be shared. Other bytes stay.
std::string withoutPasswords(std::string_view text);

/// Decodes `%XX` escapes (for showing a file name taken from a URL path).
std::string percentDecode(std::string_view text);

}  // namespace jikji::url
