#include "pipeline/cli/cli.h"

#include <spdlog/spdlog.h>

#include <cstdlib>
#include <iostream>
#include <optional>
#include <string_view>

#include "jikji/version.h"
#include "pipeline/log.h"

namespace jikji::cli {

namespace {

constexpr std::string_view kUsage = R"(jikji — ingestion of Korean public-sector publications

usage: jikji [--log-format text|json] [--log-level LEVEL] COMMAND [ARGS…]

commands:
  convert FILE|DIR|-… [--format json|text|markdown|chunks] [--out DIR [--keep-paths]]
          [--recursive] [--jobs N] [--compact] [--no-isolate] [--timeout-ms N]
          [--chunk-chars N] [--keep-furniture]
      detect and convert local files (folders with --recursive, - for paths on stdin); JSON
      is jikji.document/1, markdown is CommonMark + GFM, chunks are NDJSON pieces of at most
      --chunk-chars (1500) characters of Markdown. Files are converted by --jobs isolated
      worker processes (default: one per core) with a time limit (default 120000 ms) unless
      --no-isolate
  ingest --config FILE [--source NAME…] [--max-items N] [--archive DIR]
      crawl the sources of a config into the archive (resumes an interrupted run), then
      build a record for every new or changed item
  reprocess --archive DIR [--source NAME…] [--shard I/N] [--jobs N]
      rebuild the records of an archive from its captures, without the network
  status --archive DIR [--json] [--runs ingest|reprocess]
      URLs per state, records, and the last runs with their failures;
      exit 0 when healthy, 1 when the last ingest failed or URLs are parked
  validate --archive DIR [--json]
      every record against the schema, every capture against its digest, the manifest
      against the records; exit 1 when something is wrong
  export --archive DIR [--since SEQ] [--source NAME…] [--format ndjson|markdown|chunks]
         [--out FILE|DIR]
      the records changed since the cursor SEQ (every record without it), NDJSON on stdout,
      or Markdown or chunks per record body and attachment in DIR; `cursor: N` on stderr
  check --config FILE [--source NAME --page SAVED.html]
      validate a config without crawling; with --page, print the record a source's rules
      make of a saved item page
  schema document|record|run
      print a published JSON Schema

options:
  --help        this text
  --version     the version of jikji and its converters
  --log-format  text (default) or json lines on stderr
  --log-level   trace, debug, info (default), warn (or warning), error, critical, off
  (the global options may also follow the command)

exit codes: 0 done, 1 some items failed, 2 usage error, 3 could not run
)";

}  // namespace

int usageError(std::string_view command, const std::string& message, std::string_view usage) {
    std::string prefix = command.empty() ? "jikji: " : "jikji " + std::string(command) + ": ";
    if (logFormat() == LogFormat::Json) {
        spdlog::error("{}{}", prefix, message);
    } else {
        std::cerr << prefix << message << "\n" << usage;
    }
    return kExitUsage;
}

int run(const std::vector<std::string>& args, Command (*find)(std::string_view command)) {
    LogFormat format = LogFormat::Text;
    std::string level = "info";
    std::optional<std::string> command;
    std::vector<std::string> rest;
    // The global options, before the command or after it.
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (!command && (arg == "--help" || arg == "-h")) {
            std::cout << kUsage;
            return kExitOk;
        }
        if (!command && arg == "--version") {
            std::cout << "jikji " << kVersion << "\n";
            return kExitOk;
        }
        if (arg == "--log-format" || arg == "--log-level") {
            if (i + 1 >= args.size()) return usageError("", arg + " needs a value");
            const std::string& value = args[++i];
            if (arg == "--log-level") {
                level = value;
            } else if (value == "text" || value == "json") {
                format = value == "json" ? LogFormat::Json : LogFormat::Text;
            } else {
                return usageError("", "--log-format is text or json");
            }
        } else if (!command) {
            command = arg;
        } else {
            rest.push_back(arg);
        }
    }
    if (!setupLogging(format, level)) {
        setupLogging(format);
        return usageError("",
                          "--log-level is one of trace, debug, info, warn, error, "
                          "critical, off; not \"" +
                              level + "\"");
    }
    if (!command) return usageError("", "no command", kUsage);
    if (Command found = find(*command)) return found(rest);
    return usageError("", "unknown command '" + *command + "' (see jikji --help)");
}

void pinLocalTimeZone() {
    if (!std::getenv("TZ")) ::setenv("TZ", ":/etc/localtime", 0);
}

Command coreCommand(std::string_view command) {
    if (command == "convert") return runConvert;
    if (command == "schema") return runSchema;
    return nullptr;
}

}  // namespace jikji::cli
