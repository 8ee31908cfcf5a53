#include "pipeline/config.h"

#include <libxml/xpath.h>

#include <Poco/JSON/JSONException.h>
#include <Poco/JSON/Parser.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <limits>
#include <set>

#include "pipeline/atomic_file.h"
#include "pipeline/limits.h"

namespace jikji {

namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

// The edit distance between two keys (Levenshtein, bytes).
std::size_t editDistance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::string didYouMean(const std::string& key, const std::set<std::string>& known) {
    std::string best;
    std::size_t bestDistance = std::max<std::size_t>(2, key.size() / 3) + 1;
    for (const std::string& candidate : known)
        if (std::size_t d = editDistance(key, candidate); d < bestDistance) {
            best = candidate;
            bestDistance = d;
        }
    return best.empty() ? "" : " (did you mean \"" + best + "\"?)";
}

class Reader {
  public:
    Reader(std::string file) : m_file(std::move(file)) {}

    [[noreturn]] void fail(const std::string& where, const std::string& what) const {
        throw ConfigError(m_file + ": " + where + ": " + what);
    }

    void onlyKeys(const Object::Ptr& object, const std::string& where,
                  std::initializer_list<const char*> keys) const {
        std::set<std::string> known(keys.begin(), keys.end());
        for (const auto& [key, value] : *object)
            if (!known.count(key))
                fail(where, "unknown key \"" + key + "\"" + didYouMean(key, known));
    }

    Object::Ptr object(const Object::Ptr& parent, const std::string& key, const std::string& where,
                       bool required) const {
        if (!parent->has(key)) {
            if (required) fail(where, "missing \"" + key + "\"");
            return nullptr;
        }
        Object::Ptr value = parent->getObject(key);
        if (!value) fail(where + "." + key, "must be an object");
        return value;
    }

    std::string string(const Object::Ptr& parent, const std::string& key, const std::string& where,
                       bool required, std::string fallback = {}) const {
        if (!parent->has(key)) {
            if (required) fail(where, "missing \"" + key + "\"");
            return fallback;
        }
        Poco::Dynamic::Var value = parent->get(key);
        if (!value.isString()) fail(where + "." + key, "must be a string");
        std::string text = value.extract<std::string>();
        if (required && text.empty()) fail(where + "." + key, "must not be empty");
        return text;
    }

    std::uint64_t number(const Object::Ptr& parent, const std::string& key,
                         const std::string& where, std::uint64_t fallback, std::uint64_t low,
                         std::uint64_t high) const {
        if (!parent->has(key)) return fallback;
        Poco::Dynamic::Var value = parent->get(key);
        if (!value.isInteger() || value.isEmpty())
            fail(where + "." + key, "must be a whole number");
        std::int64_t number = value.convert<std::int64_t>();
        if (number < 0 || static_cast<std::uint64_t>(number) < low ||
            static_cast<std::uint64_t>(number) > high)
            fail(where + "." + key,
                 "must be between " + std::to_string(low) + " and " + std::to_string(high));
        return static_cast<std::uint64_t>(number);
    }

    bool boolean(const Object::Ptr& parent, const std::string& key, const std::string& where,
                 bool fallback) const {
        if (!parent->has(key)) return fallback;
        Poco::Dynamic::Var value = parent->get(key);
        if (!value.isBoolean()) fail(where + "." + key, "must be true or false");
        return value.extract<bool>();
    }

    std::vector<std::string> strings(const Object::Ptr& parent, const std::string& key,
                                     const std::string& where, bool required) const {
        std::vector<std::string> out;
        if (!parent->has(key)) {
            if (required) fail(where, "missing \"" + key + "\"");
            return out;
        }
        Array::Ptr array = parent->getArray(key);
        if (!array) fail(where + "." + key, "must be an array of strings");
        for (std::size_t i = 0; i < array->size(); ++i) {
            Poco::Dynamic::Var value = array->get(static_cast<unsigned>(i));
            if (!value.isString())
                fail(where + "." + key + "[" + std::to_string(i) + "]", "must be a string");
            out.push_back(value.extract<std::string>());
        }
        if (required && out.empty()) fail(where + "." + key, "must not be empty");
        return out;
    }

    std::string method(const Object::Ptr& parent, const std::string& where) const {
        std::string method = string(parent, "method", where, false, "GET");
        std::transform(method.begin(), method.end(), method.begin(), ::toupper);
        if (method != "GET" && method != "POST") fail(where + ".method", "must be GET or POST");
        return method;
    }

  private:
    std::string m_file;
};

void checkHttpUrl(const Reader& reader, const std::string& url, const std::string& where) {
    try {
        Poco::URI uri(url);
        if ((uri.getScheme() != "http" && uri.getScheme() != "https") || uri.getHost().empty())
            reader.fail(where, "\"" + url + "\" is not an http or https URL");
    } catch (const Poco::SyntaxException&) {
        reader.fail(where, "\"" + url + "\" is not a valid URL");
    }
}

url::QueryRule parseCanonical(const Reader& reader, const Object::Ptr& object,
                              const std::string& where) {
    url::QueryRule rule;
    Object::Ptr canonical = reader.object(object, "canonical", where, false);
    if (!canonical) return rule;
    std::string at = where + ".canonical";
    reader.onlyKeys(canonical, at, {"drop_query", "keep_query"});
    if (canonical->has("drop_query") && canonical->has("keep_query"))
        reader.fail(at, "use \"drop_query\" or \"keep_query\", not both");
    rule.drop = reader.strings(canonical, "drop_query", at, false);
    rule.keep = reader.strings(canonical, "keep_query", at, canonical->has("keep_query"));
    for (const auto* names : {&rule.drop, &rule.keep})
        for (const std::string& name : *names)
            if (name.empty() || name.find_first_of("&=#") != std::string::npos)
                reader.fail(at, "\"" + name + "\" is not a query parameter name");
    return rule;
}

/// A link rule: an XPath string, or `{select, pattern, url[, method, body]}` whose pattern and
/// templates are compiled here, so that a bad one is a config error naming file, source and key.
LinkRule linkRule(const Reader& reader, const Object::Ptr& parent, const std::string& key,
                  const std::string& where, bool required) {
    std::string at = where + "." + key;
    if (!parent->has(key) || parent->get(key).isString()) {
        std::string xpath = reader.string(parent, key, where, required);
        if (!xpath.empty()) checkXPath(xpath, at);
        return LinkRule(xpath);
    }
    Object::Ptr rule = parent->getObject(key);
    if (!rule) reader.fail(at, "must be an XPath string or an object {select, pattern, url}");
    reader.onlyKeys(rule, at, {"select", "pattern", "url", "method", "body"});
    std::string select = reader.string(rule, "select", at, true);
    checkXPath(select, at + ".select");
    std::string method;
    if (rule->has("method")) method = reader.method(rule, at);
    try {
        return LinkRule(select, std::make_shared<const LinkTemplate>(
                                    reader.string(rule, "pattern", at, true),
                                    reader.string(rule, "url", at, true), method,
                                    reader.string(rule, "body", at, false)));
    } catch (const LinkTemplateError& error) {
        reader.fail(at + "." + error.key(), error.what());
    }
}

Source parseSource(const Reader& reader, const Object::Ptr& object, const std::string& where) {
    reader.onlyKeys(object, where,
                    {"name", "start_urls", "allowed_hosts", "encoding", "politeness", "http",
                     "ca_file", "list", "item", "canonical", "cookies", "send_referer"});
    Source source;
    source.name = reader.string(object, "name", where, true);
    for (char c : source.name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.')
            reader.fail(where + ".name", "use only letters, digits, '-', '_' and '.'");

    source.canonical = parseCanonical(reader, object, where);
    if (!object->has("start_urls")) reader.fail(where, "missing \"start_urls\"");
    Array::Ptr starts = object->getArray("start_urls");
    if (!starts || starts->size() == 0)
        reader.fail(where + ".start_urls", "must be a non-empty array");
    for (std::size_t i = 0; i < starts->size(); ++i) {
        std::string at = where + ".start_urls[" + std::to_string(i) + "]";
        Poco::Dynamic::Var value = starts->get(static_cast<unsigned>(i));
        RequestSpec spec;
        if (value.isString()) {
            spec.url = value.extract<std::string>();
        } else if (Object::Ptr start = starts->getObject(static_cast<unsigned>(i))) {
            reader.onlyKeys(start, at, {"url", "method", "body", "content_type"});
            spec.url = reader.string(start, "url", at, true);
            spec.method = reader.method(start, at);
            spec.body = reader.string(start, "body", at, false);
            spec.contentType = reader.string(start, "content_type", at, false);
        } else {
            reader.fail(at, "must be a URL or an object {url, method, body}");
        }
        checkHttpUrl(reader, spec.url, at);
        spec.url = url::canonicalOr(spec.url);
        source.startUrls.push_back(spec);
    }
    source.allowedHosts = reader.strings(object, "allowed_hosts", where, false);
    if (source.allowedHosts.empty())
        for (const RequestSpec& spec : source.startUrls)
            source.allowedHosts.push_back(Poco::URI(spec.url).getHost());
    for (std::string& host : source.allowedHosts)
        std::transform(host.begin(), host.end(), host.begin(), ::tolower);
    source.encoding = reader.string(object, "encoding", where, false, "auto");

    if (Object::Ptr politeness = reader.object(object, "politeness", where, false)) {
        std::string at = where + ".politeness";
        reader.onlyKeys(politeness, at, {"delay_ms", "concurrency", "obey_robots"});
        source.politeness.delayMs = static_cast<std::uint32_t>(
            reader.number(politeness, "delay_ms", at, source.politeness.delayMs, 0, 600000));
        source.politeness.concurrency = static_cast<std::uint32_t>(
            reader.number(politeness, "concurrency", at, source.politeness.concurrency, 1, 64));
        source.politeness.obeyRobots =
            reader.boolean(politeness, "obey_robots", at, source.politeness.obeyRobots);
    }
    if (Object::Ptr http = reader.object(object, "http", where, false)) {
        std::string at = where + ".http";
        reader.onlyKeys(
            http, at,
            {"connect_timeout_ms", "read_timeout_ms", "max_response_ms", "max_response_bytes",
             "max_attempts", "backoff_base_ms", "max_retry_after_s", "max_redirects"});
        HttpSettings& s = source.http;
        s.connectTimeoutMs = static_cast<std::uint32_t>(
            reader.number(http, "connect_timeout_ms", at, s.connectTimeoutMs, 1, 600000));
        s.readTimeoutMs = static_cast<std::uint32_t>(
            reader.number(http, "read_timeout_ms", at, s.readTimeoutMs, 1, 600000));
        s.maxResponseMs = static_cast<std::uint32_t>(
            reader.number(http, "max_response_ms", at, s.maxResponseMs, 1, 3600000));
        s.maxResponseBytes =
            reader.number(http, "max_response_bytes", at, s.maxResponseBytes, 1, 4ull << 30);
        s.maxAttempts = static_cast<std::uint32_t>(
            reader.number(http, "max_attempts", at, s.maxAttempts, 1, 20));
        s.backoffBaseMs = static_cast<std::uint32_t>(
            reader.number(http, "backoff_base_ms", at, s.backoffBaseMs, 0, 600000));
        s.maxRetryAfterS = static_cast<std::uint32_t>(reader.number(
            http, "max_retry_after_s", at, s.maxRetryAfterS, 0, limits::kMaxRetryAfterSeconds));
        s.maxRedirects = static_cast<std::uint32_t>(
            reader.number(http, "max_redirects", at, s.maxRedirects, 0, 20));
    }
    source.http.caFile = reader.string(object, "ca_file", where, false);
    source.cookies = reader.boolean(object, "cookies", where, false);
    source.sendReferer = reader.boolean(object, "send_referer", where, false);

    Object::Ptr list = reader.object(object, "list", where, true);
    {
        std::string at = where + ".list";
        reader.onlyKeys(list, at, {"item_links", "next_page", "max_pages", "method"});
        source.list.itemLinks = linkRule(reader, list, "item_links", at, true);
        source.list.nextPage = linkRule(reader, list, "next_page", at, false);
        source.list.maxPages =
            static_cast<std::uint32_t>(reader.number(list, "max_pages", at, 50, 1, 100000));
        source.list.method = reader.method(list, at);
    }
    Object::Ptr item = reader.object(object, "item", where, true);
    {
        std::string at = where + ".item";
        reader.onlyKeys(item, at, {"fields", "body", "attachments", "exclude", "method"});
        if (Object::Ptr fields = reader.object(item, "fields", at, false)) {
            for (const auto& [key, value] : *fields) {
                if (!value.isString())
                    reader.fail(at + ".fields." + key, "must be an XPath string");
                std::string expression = value.extract<std::string>();
                checkXPath(expression, at + ".fields." + key);
                source.item.fields[key] = expression;
            }
        }
        source.item.body = reader.string(item, "body", at, false);
        if (!source.item.body.empty()) checkXPath(source.item.body, at + ".body");
        source.item.attachments = linkRule(reader, item, "attachments", at, false);
        source.item.exclude = reader.strings(item, "exclude", at, false);
        for (const std::string& expression : source.item.exclude)
            checkXPath(expression, at + ".exclude");
        source.item.method = reader.method(item, at);
    }
    return source;
}

// Where the first JSON syntax error of `text` is, and what was expected there: Poco's parser
// says only what it found. A small recursive descent over the grammar, run only on failure.
class SyntaxLocator {
  public:
    explicit SyntaxLocator(const std::string& text) : m_text(text) {}

    std::pair<std::size_t, std::string> locate() {
        try {
            value(0);
            space();
            if (m_at < m_text.size()) return {m_at, "text after the end of the JSON value"};
            return {m_at, "invalid JSON"};
        } catch (const std::pair<std::size_t, std::string>& error) {
            return error;
        }
    }

  private:
    [[noreturn]] void expected(const std::string& what) const {
        std::string found =
            m_at < m_text.size() ? "'" + std::string(1, m_text[m_at]) + "'" : "the end of the file";
        throw std::pair<std::size_t, std::string>(m_at, "expected " + what + ", found " + found);
    }
    void space() {
        while (m_at < m_text.size() && std::isspace(static_cast<unsigned char>(m_text[m_at])))
            ++m_at;
    }
    bool take(char c) {
        space();
        if (m_at < m_text.size() && m_text[m_at] == c) {
            ++m_at;
            return true;
        }
        return false;
    }
    void string() {
        if (!take('"')) expected("a string");
        for (; m_at < m_text.size() && m_text[m_at] != '"'; ++m_at)
            if (m_text[m_at] == '\\') ++m_at;
        if (m_at >= m_text.size()) expected("the end of the string");
        ++m_at;
    }
    void value(int depth) {
        if (depth > 64) expected("less nesting");
        space();
        if (m_at >= m_text.size()) expected("a value");
        char c = m_text[m_at];
        if (c == '{') {
            ++m_at;
            if (take('}')) return;
            do {
                string();
                if (!take(':')) expected("':'");
                value(depth + 1);
            } while (take(','));
            if (!take('}')) expected("',' or '}'");
        } else if (c == '[') {
            ++m_at;
            if (take(']')) return;
            do
                value(depth + 1);
            while (take(','));
            if (!take(']')) expected("',' or ']'");
        } else if (c == '"') {
            string();
        } else {
            std::size_t start = m_at;
            while (m_at < m_text.size() &&
                   (std::isalnum(static_cast<unsigned char>(m_text[m_at])) ||
                    std::strchr("+-.", m_text[m_at])))
                ++m_at;
            std::string word = m_text.substr(start, m_at - start);
            bool number = !word.empty() &&
                          (std::isdigit(static_cast<unsigned char>(word[0])) || word[0] == '-');
            if (word != "true" && word != "false" && word != "null" && !number) {
                m_at = start;
                expected("a value");
            }
        }
    }

    const std::string& m_text;
    std::size_t m_at = 0;
};

// `line L, column C` (both from 1; columns count bytes) of an offset.
std::string position(const std::string& text, std::size_t offset) {
    std::size_t line =
        1 + std::count(text.begin(),
                       text.begin() + static_cast<std::ptrdiff_t>(std::min(offset, text.size())),
                       '\n');
    std::size_t lineStart = text.rfind('\n', offset == 0 ? 0 : offset - 1);
    std::size_t column =
        lineStart == std::string::npos || offset == 0 ? offset + 1 : offset - lineStart;
    return std::to_string(line) + ":" + std::to_string(column);
}

/// Blanks out `// line` and `/* block */` comments outside strings (Poco 1.11's parser accepts
/// only some of them), keeping newlines so that error positions stay right.
std::string stripComments(const std::string& text) {
    std::string out = text;
    bool inString = false;
    for (std::size_t i = 0; i < out.size(); ++i) {
        char c = out[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"') {
            inString = true;
        } else if (c == '/' && i + 1 < out.size() && out[i + 1] == '/') {
            for (; i < out.size() && out[i] != '\n'; ++i)
                out[i] = ' ';
        } else if (c == '/' && i + 1 < out.size() && out[i + 1] == '*') {
            std::size_t end = out.find("*/", i + 2);
            std::size_t stop = end == std::string::npos ? out.size() : end + 2;
            for (; i < stop; ++i)
                if (out[i] != '\n') out[i] = ' ';
            --i;
        }
    }
    return out;
}

}  // namespace

void checkXPath(const std::string& expression, const std::string& where) {
    xmlSetStructuredErrorFunc(nullptr, [](void*, xmlError*) {});
    xmlXPathCompExprPtr compiled =
        xmlXPathCompile(reinterpret_cast<const xmlChar*>(expression.c_str()));
    xmlSetStructuredErrorFunc(nullptr, nullptr);
    if (!compiled) throw ConfigError(where + ": \"" + expression + "\" is not a valid XPath 1.0");
    xmlXPathFreeCompExpr(compiled);
}

std::filesystem::path Config::sqlitePath() const {
    if (!state.starts_with("sqlite:")) return {};
    return state.substr(std::string_view("sqlite:").size());
}

Config parseConfig(const std::string& text, const std::filesystem::path& file) {
    Reader reader(file.string());
    Poco::JSON::Parser parser;
    Poco::Dynamic::Var root;
    std::string json = stripComments(text);
    try {
        root = parser.parse(json);
    } catch (const Poco::Exception& error) {
        auto [offset, what] = SyntaxLocator(json).locate();
        throw ConfigError(file.string() + ":" + position(json, offset) +
                          ": JSON syntax error: " + what + " (" + error.displayText() + ")");
    }
    if (root.type() != typeid(Object::Ptr)) reader.fail("top level", "must be an object");
    Object::Ptr object = root.extract<Object::Ptr>();
    reader.onlyKeys(object, "top level", {"archive", "state", "user_agent", "sources"});

    Config config;
    config.file = file;
    config.archive = reader.string(object, "archive", "top level", true);
    config.state = reader.string(object, "state", "top level", false,
                                 "sqlite:" + (config.archive / "jikji.db").string());
    bool server =
        config.state.starts_with("postgresql://") || config.state.starts_with("postgres://");
    if (!server && (!config.state.starts_with("sqlite:") || config.state.size() == 7))
        reader.fail("state", "must be \"sqlite:PATH\" or \"postgresql://user@host/db\", got \"" +
                                 config.state + "\"");
    config.userAgent =
        reader.string(object, "user_agent", "top level", false, "jikji/0.1 (+archive crawler)");
    if (config.userAgent.find_first_of("\r\n") != std::string::npos)
        reader.fail("user_agent", "must be one line");

    if (!object->has("sources")) reader.fail("top level", "missing \"sources\"");
    Array::Ptr sources = object->getArray("sources");
    if (!sources || sources->size() == 0) reader.fail("sources", "must be a non-empty array");
    std::set<std::string> names;
    for (std::size_t i = 0; i < sources->size(); ++i) {
        std::string where = "sources[" + std::to_string(i) + "]";
        Object::Ptr source = sources->getObject(static_cast<unsigned>(i));
        if (!source) reader.fail(where, "must be an object");
        // A source is named by its name where it has one.
        if (source->has("name") && source->get("name").isString())
            where = "source \"" + source->getValue<std::string>("name") + "\"";
        try {
            config.sources.push_back(parseSource(reader, source, where));
        } catch (const ConfigError& error) {
            // XPath errors name the source but not the file.
            if (std::string_view(error.what()).starts_with(file.string())) throw;
            throw ConfigError(file.string() + ": " + error.what());
        }
        if (!names.insert(config.sources.back().name).second)
            reader.fail(where + ".name", "\"" + config.sources.back().name + "\" is used twice");
    }
    return config;
}

Config loadConfig(const std::filesystem::path& file) {
    std::string text;
    try {
        text = readFile(file, limits::kMaxConfigBytes);
    } catch (const std::exception& error) {
        throw ConfigError(std::string("cannot read config: ") + error.what());
    }
    Config config = parseConfig(text, file);
    // Relative paths mean the same wherever jikji starts (cron starts it in $HOME): they are
    // relative to the config's folder.
    std::filesystem::path base = file.parent_path();
    if (config.archive.is_relative()) config.archive = (base / config.archive).lexically_normal();
    std::filesystem::path database = config.sqlitePath();
    if (!database.empty() && database.is_relative())
        config.state = "sqlite:" + (base / database).lexically_normal().string();
    return config;
}

}  // namespace jikji
