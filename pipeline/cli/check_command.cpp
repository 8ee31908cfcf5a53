#include <spdlog/spdlog.h>

#include <algorithm>
#include <iostream>

#include "pipeline/atomic_file.h"
#include "pipeline/cli/cli.h"
#include "pipeline/config.h"
#include "pipeline/limits.h"
#include "pipeline/record.h"
#include "pipeline/web_url.h"
#include "stages/discover/links.h"
#include "stages/emit/record_stage.h"
#include "stages/fetch/page_decoding.h"

namespace jikji::cli {

namespace {

constexpr std::string_view kCheckUsage =
    "usage: jikji check --config FILE [--source NAME --page SAVED.html [--url URL]]\n"
    "  validates the config without crawling; with --page, prints the record that the source's\n"
    "  item rules make of a saved item page (its attachments listed, not fetched), and logs for\n"
    "  each link rule what its XPath selected and what each link template made of it\n";

// What each link rule makes of the page, for whoever writes the rules of a new portal: the
// values its XPath selected, how many its pattern matched, and every request it would make.
void reportLinkRules(const Source& source, const std::string& bytes, const std::string& url) {
    fetch::DecodedPage decoded = fetch::decodePage(bytes, "", source.encoding);
    discover::HtmlPage page(decoded.text, url);
    const std::pair<const char*, const LinkRule*> rules[] = {
        {"list.item_links", &source.list.itemLinks},
        {"list.next_page", &source.list.nextPage},
        {"item.attachments", &source.item.attachments},
    };
    for (const auto& [key, rule] : rules) {
        if (rule->empty()) continue;
        discover::RuleMatch match;
        std::vector<discover::Link> links = page.links(*rule, &match);
        if (rule->linkTemplate)
            spdlog::info("{}: `{}` selected {} value(s); the pattern matched {}, giving {} link(s)",
                         key, rule->select, match.selected, match.matched, links.size());
        else
            spdlog::info("{}: `{}` gave {} link(s)", key, rule->select, links.size());
        for (const discover::Link& link : links) {
            std::string method = link.method.empty() ? "GET" : link.method;
            std::string target = url::canonicalOr(link.url, source.canonical);
            spdlog::info("{}: {} {}{}{}", key, method, target,
                         link.body.empty() ? "" : " body " + link.body,
                         link.text.empty() ? "" : "  (" + link.text + ")");
        }
        if (rule->linkTemplate && match.selected > 0 && match.matched == 0)
            spdlog::warn(
                "{}: the pattern matched none of the {} selected values (has the "
                "portal changed its markup?)",
                key, match.selected);
    }
}

}  // namespace

int runCheck(const std::vector<std::string>& args) {
    std::string configFile;
    std::string sourceName;
    std::string page;
    std::string url;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--help") {
            std::cout << kCheckUsage;
            return kExitOk;
        }
        if (arg != "--config" && arg != "--source" && arg != "--page" && arg != "--url")
            return usageError("check", "unknown argument " + arg, kCheckUsage);
        if (i + 1 >= args.size()) return usageError("check", arg + " needs a value", kCheckUsage);
        const std::string& value = args[++i];
        (arg == "--config"   ? configFile
         : arg == "--source" ? sourceName
         : arg == "--page"   ? page
                             : url) = value;
    }
    if (configFile.empty()) return usageError("check", "--config FILE is required", kCheckUsage);
    if (page.empty() != sourceName.empty())
        return usageError("check", "--page and --source go together", kCheckUsage);
    Config config;
    try {
        config = loadConfig(configFile);
    } catch (const ConfigError& error) {
        return usageError("check", error.what());
    } catch (const std::exception& error) {
        spdlog::error("jikji check: {}", error.what());
        return kExitCannotRun;
    }
    if (page.empty()) {
        std::cout << configFile << ": valid, " << config.sources.size()
                  << " source(s)\narchive: " << config.archive.string() << "\n";
        return kExitOk;
    }
    auto source = std::find_if(config.sources.begin(), config.sources.end(),
                               [&](const Source& s) { return s.name == sourceName; });
    if (source == config.sources.end())
        return usageError("check", "no source named \"" + sourceName + "\" in " + configFile);
    std::string bytes;
    try {
        bytes = readFile(page, limits::kMaxInputBytes);
    } catch (const std::exception& error) {
        spdlog::error("jikji check: {}", error.what());
        return kExitCannotRun;
    }
    // Relative links resolve against the page's address: given, or the source's first start URL.
    if (url.empty() && !source->startUrls.empty()) url = source->startUrls.front().url;
    std::cout << recordJson(stages::buildPageRecord(*source, bytes, url));
    reportLinkRules(*source, bytes, url);
    return kExitOk;
}

}  // namespace jikji::cli
