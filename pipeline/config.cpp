#include "pipeline/config.h"

#include <libxml/xpath.h>

#include <Poco/JSON/JSONException.h>
#include <Poco/JSON/Parser.h>
#include <Poco/URI.h>

#include <algorithm>
#include <limits>
#include <set>

#include "pipeline/atomic_file.h"
#include "pipeline/limits.h"

namespace jikji {

namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

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
            if (!known.count(key)) fail(where, "unknown key \"" + key + "\"");
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

/// A link rule: an XPath string, or `{select, pattern, url[, method, body]}` whose pattern and
/// templates are compiled here, so that a bad one is a config error naming file, source and key.
LinkRule linkRule(const Reader& reader, const Object::Ptr& parent, const std::string& key,
                  const std::string& where, const std::string& source, bool required) {
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
        reader.fail(at + "." + error.key(), "(source \"" + source + "\") " + error.what());
    }
}

Source parseSource(const Reader& reader, const Object::Ptr& object, const std::string& where) {
    reader.onlyKeys(object, where,
                    {"name", "start_urls", "allowed_hosts", "encoding", "politeness", "http",
                     "ca_file", "list", "item", "cookies", "send_referer"});
    Source source;
    source.name = reader.string(object, "name", where, true);
    for (char c : source.name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.')
            reader.fail(where + ".name", "use only letters, digits, '-', '_' and '.'");

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
        source.list.itemLinks = linkRule(reader, list, "item_links", at, source.name, true);
        source.list.nextPage = linkRule(reader, list, "next_page", at, source.name, false);
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
        source.item.attachments = linkRule(reader, item, "attachments", at, source.name, false);
        source.item.exclude = reader.strings(item, "exclude", at, false);
        for (const std::string& expression : source.item.exclude)
            checkXPath(expression, at + ".exclude");
        source.item.method = reader.method(item, at);
    }
    return source;
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
    try {
        root = parser.parse(stripComments(text));
    } catch (const Poco::Exception& error) {
        reader.fail("JSON", error.displayText());
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
        config.sources.push_back(parseSource(reader, source, where));
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
    return parseConfig(text, file);
}

}  // namespace jikji
