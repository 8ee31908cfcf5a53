#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "pipeline/errors.h"
#include "pipeline/link_template.h"
#include "pipeline/web_url.h"

namespace jikji {

/// A sources config that cannot be used: the message names the file, the key and what is wrong.
/// The command maps it to exit code 2.
class ConfigError : public UsageError {
  public:
    using UsageError::UsageError;
};

/// One request the crawler makes: GET by default, or a form POST with a body.
struct RequestSpec {
    std::string url;
    std::string method = "GET";
    std::string body;
    std::string contentType;  ///< of the body; form encoding by default for POST
};

struct Politeness {
    std::uint32_t delayMs = 500;    ///< between two requests to the same host
    std::uint32_t concurrency = 2;  ///< requests in flight to the same host
    bool obeyRobots = true;
};

struct HttpSettings {
    std::uint32_t connectTimeoutMs = 10000;
    std::uint32_t readTimeoutMs = 30000;   ///< for every read of the socket
    std::uint32_t maxResponseMs = 300000;  ///< for a whole response (servers that drip bytes)
    std::uint64_t maxResponseBytes = 64ull << 20;
    std::uint32_t maxAttempts = 4;       ///< per URL and run, the first attempt included
    std::uint32_t backoffBaseMs = 500;   ///< doubled on every retry, with jitter
    std::uint32_t maxRetryAfterS = 120;  ///< a longer Retry-After is cut to this
    std::uint32_t maxRedirects = 5;
    std::string caFile;  ///< extra CA certificates (PEM) for servers with broken chains
};

struct ListRules {
    LinkRule itemLinks;  ///< `a` elements, `@href` attributes, or a link template
    LinkRule nextPage;
    std::uint32_t maxPages = 50;
    std::string method = "GET";  ///< POST sends the query of a link as the form body
};

struct ItemRules {
    std::map<std::string, std::string> fields;  ///< record field name → XPath
    std::string body;
    LinkRule attachments;
    std::vector<std::string> exclude;
    std::string method = "GET";
};

struct Source {
    std::string name;
    std::vector<RequestSpec> startUrls;
    std::vector<std::string> allowedHosts;
    std::string encoding = "auto";
    Politeness politeness;
    HttpSettings http;
    ListRules list;
    ItemRules item;
    /// Query parameters that do not name an item (`"canonical": {"drop_query"|"keep_query"}`);
    /// item and attachment URLs are url::canonicalUrl(url, canonical); list pages keep every
    /// parameter (their paging is in them).
    url::QueryRule canonical;
    /// Keeps the cookies its responses set (RFC 6265) for the run and sends them back; never
    /// shared with another source, never written to the archive.
    bool cookies = false;
    /// Sends the item page as `Referer` of its attachments, the list page of its items.
    bool sendReferer = false;
};

struct Config {
    std::filesystem::path file;
    std::filesystem::path archive;
    std::string state;  ///< `sqlite:PATH` or `postgresql://user@host/db` (shared by workers)
    std::string userAgent;
    std::vector<Source> sources;

    /// The SQLite file named by `state` (relative paths are taken from the working folder);
    /// empty for a server store.
    std::filesystem::path sqlitePath() const;
};

/// Parses a sources config (JSON with comments). Throws ConfigError with a clear message.
Config parseConfig(const std::string& text, const std::filesystem::path& file = "config");
Config loadConfig(const std::filesystem::path& file);

/// Checks an XPath 1.0 expression with libxml2 (ConfigError when it does not compile).
void checkXPath(const std::string& expression, const std::string& where);

}  // namespace jikji
