#include "stages/fetch/robots.h"

#include <algorithm>
#include <cctype>

#include "pipeline/limits.h"

namespace jikji::fetch {

namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
        text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
        text.remove_suffix(1);
    return text;
}

/// Bytes of the path that robots.txt compares: percent-escapes with upper-case hex.
std::string normalisePath(std::string_view path) {
    std::string out;
    for (std::size_t i = 0; i < path.size(); ++i) {
        if (path[i] == '%' && i + 2 < path.size()) {
            out.push_back('%');
            out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(path[i + 1]))));
            out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(path[i + 2]))));
            i += 2;
        } else {
            out.push_back(path[i]);
        }
    }
    return out;
}

}  // namespace

bool robotsPatternMatches(std::string_view pattern, std::string_view path) {
    bool anchored = !pattern.empty() && pattern.back() == '$';
    if (anchored) pattern.remove_suffix(1);
    // Backtracking over '*' with the usual two-pointer walk; the last star is the restart point.
    std::size_t p = 0, s = 0, star = std::string_view::npos, mark = 0;
    while (s < path.size()) {
        if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            mark = s;
        } else if (p < pattern.size() && pattern[p] == path[s]) {
            ++p;
            ++s;
        } else if (p == pattern.size() && !anchored) {
            return true;
        } else if (star != std::string_view::npos) {
            p = star + 1;
            s = ++mark;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*')
        ++p;
    return p == pattern.size();
}

RobotsRules RobotsRules::allowAll() {
    return RobotsRules();
}

RobotsRules RobotsRules::disallowAll() {
    RobotsRules rules;
    rules.m_rules.push_back({false, "/"});
    rules.m_unreachable = true;
    return rules;
}

RobotsRules RobotsRules::parse(std::string_view text, std::string_view userAgent) {
    text = text.substr(0, limits::kMaxRobotsBytes);
    std::string token = lower(userAgent.substr(0, userAgent.find_first_of("/ ")));

    struct Group {
        std::vector<std::string> agents;
        std::vector<Rule> rules;
        unsigned crawlDelayMs = 0;
    };
    std::vector<Group> groups;
    bool inAgents = false;
    std::size_t rules = 0;
    while (!text.empty()) {
        std::size_t end = text.find_first_of("\r\n");
        std::string_view line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
        line = trim(line.substr(0, line.find('#')));
        std::size_t colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        std::string key = lower(trim(line.substr(0, colon)));
        std::string_view value = trim(line.substr(colon + 1));
        if (key == "user-agent") {
            if (!inAgents) groups.emplace_back();
            inAgents = true;
            groups.back().agents.push_back(lower(value));
            continue;
        }
        if (groups.empty()) continue;
        inAgents = false;
        if ((key == "allow" || key == "disallow") && ++rules <= limits::kMaxRobotsRules) {
            if (value.empty()) continue;  // "Disallow:" with no path allows everything
            groups.back().rules.push_back({key == "allow", normalisePath(value)});
        } else if (key == "crawl-delay") {
            double seconds = std::atof(std::string(value).c_str());
            if (seconds > 0 && seconds < 3600)
                groups.back().crawlDelayMs = static_cast<unsigned>(seconds * 1000);
        }
    }

    RobotsRules result;
    bool matchedSpecific = false;
    for (const Group& group : groups) {
        bool specific = false, star = false;
        for (const std::string& agent : group.agents) {
            if (agent == "*")
                star = true;
            else if (!token.empty() && (agent == token || token.starts_with(agent)))
                specific = true;
        }
        // Every group naming the agent merges (RFC 9309 2.2.1); `*` applies only without one.
        if (specific) {
            if (!matchedSpecific) result = RobotsRules();
            matchedSpecific = true;
        } else if (!star || matchedSpecific) {
            continue;
        }
        result.m_rules.insert(result.m_rules.end(), group.rules.begin(), group.rules.end());
        result.m_crawlDelayMs = std::max(result.m_crawlDelayMs, group.crawlDelayMs);
    }
    return result;
}

bool RobotsRules::allowed(std::string_view pathAndQuery) const {
    std::string path = normalisePath(pathAndQuery);
    if (path == "/robots.txt") return true;
    const Rule* best = nullptr;
    for (const Rule& rule : m_rules) {
        if (!robotsPatternMatches(rule.pattern, path)) continue;
        if (!best || rule.pattern.size() > best->pattern.size() ||
            (rule.pattern.size() == best->pattern.size() && rule.allow && !best->allow))
            best = &rule;
    }
    return !best || best->allow;
}

}  // namespace jikji::fetch
