#include "pipeline/cli/cli.h"

#include <spdlog/spdlog.h>

#include <iostream>
#include <string_view>

#include "jikji/version.h"
#include "pipeline/log.h"

namespace jikji::cli {

namespace {

constexpr std::string_view kUsage = R"(jikji — ingestion of Korean public-sector publications

usage: jikji [--log-format text|json] [--log-level LEVEL] COMMAND [ARGS…]

commands:
  convert FILE|DIR|-… [--format json|text] [--out DIR [--keep-paths]] [--recursive]
          [--jobs N] [--compact] [--no-isolate] [--timeout-ms N]
      detect and convert local files (folders with --recursive, - for paths on stdin); JSON
      is jikji.document/1. Files are converted by --jobs isolated worker processes (default:
      one per core) with a time limit (default 120000 ms) unless --no-isolate
  ingest --config FILE [--source NAME…] [--max-items N] [--archive DIR]
      crawl the sources of a config into the archive (resumes an interrupted run), then
      build a record for every new or changed item
  reprocess --archive DIR [--source NAME…] [--shard I/N] [--jobs N]
      rebuild the records of an archive from its captures, without the network
  status --archive DIR [--json]
      URLs per state, records, and the last runs with their failures
  validate --archive DIR [--json]
      every record against the schema, every capture against its digest, the manifest
      against the records; exit 1 when something is wrong

options:
  --help        this text
  --version     the version of jikji and its converters
  --log-format  text (default) or json lines on stderr
  --log-level   trace, debug, info (default), warn, error, off

exit codes: 0 done, 1 some items failed, 2 usage error, 3 could not run
)";

}  // namespace

int run(const std::vector<std::string>& args) {
    LogFormat format = LogFormat::Text;
    std::string level = "info";
    std::size_t i = 0;
    for (; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--help" || arg == "-h") {
            std::cout << kUsage;
            return kExitOk;
        }
        if (arg == "--version") {
            std::cout << "jikji " << kVersion << "\n";
            return kExitOk;
        }
        if (arg == "--log-format" || arg == "--log-level") {
            if (i + 1 >= args.size()) {
                std::cerr << "jikji: " << arg << " needs a value\n";
                return kExitUsage;
            }
            const std::string& value = args[++i];
            if (arg == "--log-format") {
                if (value != "text" && value != "json") {
                    std::cerr << "jikji: --log-format is text or json\n";
                    return kExitUsage;
                }
                format = value == "json" ? LogFormat::Json : LogFormat::Text;
            } else {
                level = value;
            }
            continue;
        }
        break;
    }
    setupLogging(format, level);
    if (i >= args.size()) {
        std::cerr << kUsage;
        return kExitUsage;
    }
    const std::string& command = args[i];
    std::vector<std::string> rest(args.begin() + static_cast<std::ptrdiff_t>(i) + 1, args.end());
    if (command == "convert") return runConvert(rest);
    if (command == "ingest") return runIngest(rest);
    if (command == "reprocess") return runReprocess(rest);
    if (command == "status") return runStatus(rest);
    if (command == "validate") return runValidate(rest);
    spdlog::error("unknown command '{}' (see jikji --help)", command);
    return kExitUsage;
}

}  // namespace jikji::cli
