#pragma once

#include <optional>
#include <string>
#include <string_view>

/// URLs as the record keeps them: absolute, canonical, ASCII only.
namespace jikji::url {

/// The canonical form of an absolute http(s) URL: scheme and host in lower case, the default
/// port dropped, an empty path as `/`, dot segments removed, escapes of unreserved characters
/// decoded and the hex digits of the others upper-cased, unsafe bytes escaped, the fragment
/// dropped. Nothing when `url` is not an absolute URL with a host.
std::optional<std::string> canonicalUrl(std::string_view url);

/// `reference` resolved against the absolute `base` (RFC 3986 section 5.2), then canonical.
/// Nothing when the result is not an http(s) URL (`javascript:`, `mailto:`, a bare fragment).
std::optional<std::string> resolveUrl(std::string_view base, std::string_view reference);

/// Decodes `%XX` escapes (for showing a file name taken from a URL path).
std::string percentDecode(std::string_view text);

}  // namespace jikji::url
