#include <spdlog/spdlog.h>
#include <unistd.h>

#include <iostream>

#include "pipeline/cli/cli.h"
#include "pipeline/log.h"
#include "pipeline/run/reprocess.h"

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
    run::ReprocessOptions options;
    options.arguments = args;
    options.progressBar = ::isatty(STDERR_FILENO) != 0 && logFormat() == LogFormat::Text;
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
            return usageError("reprocess", "unknown argument " + arg, kReprocessUsage);
        }
        if (i + 1 >= args.size()) {
            return usageError("reprocess", arg + " needs a value", kReprocessUsage);
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
            return usageError("reprocess", "bad value for " + arg + ": " + value +
                                               " (--shard I/N with 0 ≤ I < N, --jobs 1–256, "
                                               "--lease-seconds 1–86400)");
        }
    }
    if (options.archive.empty()) {
        return usageError("reprocess", "--archive is required", kReprocessUsage);
    }
    return runArchiveCommand("reprocess", [&]() -> RunSummary {
        run::ReprocessResult result = run::runReprocess(options);
        return {result.exitCode, result.summary, result.report};
    });
}

}  // namespace jikji::cli
