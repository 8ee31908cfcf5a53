#include <Poco/Exception.h>
#include <spdlog/spdlog.h>

#include <iostream>

#include "pipeline/cli/cli.h"
#include "pipeline/config.h"
#include "stages/fetch/page_decoding.h"
#include "stages/ingest.h"

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
    IngestOptions options;
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
            std::cerr << "jikji ingest: unknown argument " << arg << "\n" << kIngestUsage;
            return kExitUsage;
        }
        if (i + 1 >= args.size()) {
            std::cerr << "jikji ingest: " << arg << " needs a value\n" << kIngestUsage;
            return kExitUsage;
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
                std::cerr << "jikji ingest: --lease-seconds needs a number from 1 to 86400\n";
                return kExitUsage;
            }
        } else {
            try {
                std::size_t used = 0;
                long long n = std::stoll(value, &used);
                if (used != value.size() || n <= 0) throw std::invalid_argument(value);
                options.maxItems = static_cast<std::size_t>(n);
            } catch (const std::exception&) {
                std::cerr << "jikji ingest: --max-items needs a positive number\n";
                return kExitUsage;
            }
        }
    }
    if (configFile.empty()) {
        std::cerr << "jikji ingest: --config FILE is required\n" << kIngestUsage;
        return kExitUsage;
    }
    try {
        Config config = loadConfig(configFile);
        fetch::checkEncodings(config);
        if (!archive.empty()) {
            // The state store moves with the archive unless the config put it elsewhere.
            if (config.sqlitePath() == config.archive / "jikji.db")
                config.state = "sqlite:" + (std::filesystem::path(archive) / "jikji.db").string();
            config.archive = archive;
        }
        IngestResult result = jikji::runIngest(config, options);
        if (result.exitCode == kExitCannotRun) {
            spdlog::error("jikji ingest: {}", result.summary);
            return kExitCannotRun;
        }
        std::cout << result.summary << "\nreport: " << result.report.string() << "\n";
        return result.exitCode;
    } catch (const ConfigError& error) {
        std::cerr << "jikji ingest: " << error.what() << "\n";
        return kExitUsage;
    } catch (const Poco::Exception& error) {
        // The state store failed outside the stages (a full disk while opening a pass).
        std::cerr << "jikji ingest: " << error.displayText() << "\n";
        return kExitCannotRun;
    } catch (const std::exception& error) {
        std::cerr << "jikji ingest: " << error.what() << "\n";
        return kExitCannotRun;
    }
}

}  // namespace jikji::cli
