#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace jikji::fetch {

/// The rules of one robots.txt (RFC 9309) for one user agent: the most specific group that names
/// the agent's product token, else the `*` group. The longest matching rule wins, `Allow` on a
/// tie; `*` and a final `$` work as in the RFC.
class RobotsRules {
  public:
    /// Everything is allowed (no robots.txt, or a 4xx answer).
    static RobotsRules allowAll();
    /// Nothing is allowed (robots.txt unreachable: 5xx or network error).
    static RobotsRules disallowAll();
    static RobotsRules parse(std::string_view text, std::string_view userAgent);

    /// `pathAndQuery` as sent on the request line (percent-encoded), starting with '/'.
    bool allowed(std::string_view pathAndQuery) const;
    /// True for disallowAll(): robots.txt could not be read, so nothing may be fetched now.
    bool unreachable() const { return m_unreachable; }
    /// Crawl-delay of the group in milliseconds (0 when absent).
    unsigned crawlDelayMs() const { return m_crawlDelayMs; }

  private:
    struct Rule {
        bool allow = false;
        std::string pattern;
    };
    std::vector<Rule> m_rules;
    unsigned m_crawlDelayMs = 0;
    bool m_unreachable = false;
};

/// True when `path` matches a robots.txt pattern (`*` any run, `$` at the end anchors).
bool robotsPatternMatches(std::string_view pattern, std::string_view path);

}  // namespace jikji::fetch
