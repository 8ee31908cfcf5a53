#include <spdlog/spdlog.h>
#include <unistd.h>

#include <iostream>

#include "pipeline/cli/cli.h"
#include "stages/reprocess.h"

namespace jikji::cli {

namespace {

constexpr std::string_view kReprocessUsage =
    "usage: jikji reprocess --archive DIR [--source NAME…] [--shard I/N] [--jobs N]\n"
    "                       [--worker [--lease-seconds N]]\n"
    "  --shard I/N  this process takes the items whose capture digest is I modulo N; I counts\n"
    "            from 0 (0/4 … 3/4). The N shards may run at once on one archive (they share its\n"
    "            lock; an ingest waits for them) and together write what one run writes\n"
    "  --worker  one of several workers on the archive's PostgreSQL state store: items are\n"
    "            claimed from one shared round instead of split by --shard\n";

}  // namespace

int runReprocess(const std::vector<std::string>& args) {
    ReprocessOptions options;
    options.progressBar = ::isatty(STDERR_FILENO) != 0;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--help") {
            std::cout << kReprocessUsage;
            return kExitOk;
        }
        if (arg == "--worker") {
            options.worker = true;
            continue;
        }
        if (arg != "--archive" && arg != "--source" && arg != "--shard" && arg != "--jobs" &&
            arg != "--lease-seconds") {
            std::cerr << "jikji reprocess: unknown argument " << arg << "\n" << kReprocessUsage;
            return kExitUsage;
        }
        if (i + 1 >= args.size()) {
            std::cerr << "jikji reprocess: " << arg << " needs a value\n" << kReprocessUsage;
            return kExitUsage;
        }
        const std::string& value = args[++i];
        try {
            if (arg == "--archive") {
                options.archive = value;
            } else if (arg == "--source") {
                options.sources.push_back(value);
            } else if (arg == "--lease-seconds") {
                options.leaseSeconds = std::stoi(value);
                if (options.leaseSeconds < 1 || options.leaseSeconds > 86400)
                    throw std::invalid_argument("lease");
            } else if (arg == "--jobs") {
                options.jobs = static_cast<unsigned>(std::stoul(value));
                if (options.jobs == 0 || options.jobs > 256) throw std::invalid_argument("jobs");
            } else {
                std::size_t slash = value.find('/');
                if (slash == std::string::npos) throw std::invalid_argument("shard");
                options.shard = static_cast<unsigned>(std::stoul(value.substr(0, slash)));
                options.shards = static_cast<unsigned>(std::stoul(value.substr(slash + 1)));
                if (options.shards == 0 || options.shard >= options.shards)
                    throw std::invalid_argument("shard");
            }
        } catch (const std::exception&) {
            std::cerr << "jikji reprocess: bad value for " << arg << ": " << value
                      << " (--shard I/N with 0 ≤ I < N, --jobs 1–256, --lease-seconds 1–86400)\n";
            return kExitUsage;
        }
    }
    if (options.archive.empty()) {
        std::cerr << "jikji reprocess: --archive is required\n" << kReprocessUsage;
        return kExitUsage;
    }
    ReprocessResult result = jikji::runReprocess(options);
    if (result.exitCode == kExitUsage || result.exitCode == kExitCannotRun)
        spdlog::error("{}", result.summary);
    else
        std::cout << result.summary << "\nreport: " << result.report.string() << "\n";
    return result.exitCode;
}

}  // namespace jikji::cli
