#include <spdlog/spdlog.h>

#include <algorithm>
#include <iostream>

#include "pipeline/atomic_file.h"
#include "pipeline/cli/cli.h"
#include "pipeline/config.h"
#include "pipeline/limits.h"
#include "pipeline/record.h"
#include "stages/emit/record_stage.h"

namespace jikji::cli {

namespace {

constexpr std::string_view kCheckUsage =
    "usage: jikji check --config FILE [--source NAME --page SAVED.html [--url URL]]\n"
    "  validates the config without crawling; with --page, prints the record that the source's\n"
    "  item rules make of a saved item page (its attachments listed, not fetched)\n";

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
    return kExitOk;
}

}  // namespace jikji::cli
