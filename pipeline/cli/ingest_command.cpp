#include <spdlog/spdlog.h>

#include <iostream>

#include "pipeline/cli/cli.h"
#include "pipeline/config.h"
#include "pipeline/run/ingest.h"
#include "stages/fetch/page_decoding.h"

namespace jikji::cli {

namespace {

constexpr std::string_view kIngestUsage =
    "usage: jikji ingest --config FILE [--source NAME…] [--max-items N] [--archive DIR]\n"
    "                    [--worker [--lease-seconds N]]\n"
    "  --worker  one of several workers sharing the config's PostgreSQL state store: runs until\n"
    "            the frontier is empty; a dead worker's leases run out after N seconds (60)\n";

}  // namespace

int runIngest(const std::vector<std::string>& args) {
    std::string configFile;
    std::string archive;
    run::IngestOptions options;
    options.arguments = args;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--help") {
            std::cout << kIngestUsage;
            return kExitOk;
        }
        if (arg == "--worker") {
            options.worker = true;
            continue;
        }
        if (arg != "--config" && arg != "--source" && arg != "--max-items" && arg != "--archive" &&
            arg != "--lease-seconds") {
            return usageError("ingest", "unknown argument " + arg, kIngestUsage);
        }
        if (i + 1 >= args.size()) {
            return usageError("ingest", arg + " needs a value", kIngestUsage);
        }
        const std::string& value = args[++i];
        if (arg == "--config") {
            configFile = value;
        } else if (arg == "--source") {
            options.sources.push_back(value);
        } else if (arg == "--archive") {
            archive = value;
        } else if (arg == "--lease-seconds") {
            try {
                std::size_t used = 0;
                int n = std::stoi(value, &used);
                if (used != value.size() || n < 1 || n > 86400) throw std::invalid_argument(value);
                options.leaseSeconds = n;
            } catch (const std::exception&) {
                return usageError("ingest", "--lease-seconds needs a number from 1 to 86400");
            }
        } else {
            try {
                std::size_t used = 0;
                long long n = std::stoll(value, &used);
                if (used != value.size() || n <= 0) throw std::invalid_argument(value);
                options.maxItems = static_cast<std::size_t>(n);
            } catch (const std::exception&) {
                return usageError("ingest", "--max-items needs a positive number");
            }
        }
    }
    if (configFile.empty()) {
        return usageError("ingest", "--config FILE is required", kIngestUsage);
    }
    return runArchiveCommand("ingest", [&]() -> RunSummary {
        Config config = loadConfig(configFile);
        fetch::checkEncodings(config);
        if (!archive.empty()) {
            // The state store moves with the archive unless the config put it elsewhere.
            if (config.sqlitePath() == config.archive / "jikji.db")
                config.state = "sqlite:" + (std::filesystem::path(archive) / "jikji.db").string();
            config.archive = archive;
        }
        run::IngestResult result = run::runIngest(config, options);
        return {result.exitCode, result.summary, result.report};
    });
}

}  // namespace jikji::cli
