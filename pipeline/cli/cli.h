#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/exit_code.h"

namespace jikji::cli {

/// Sets TZ to `:/etc/localtime` when it is unset: the same zone for the C library (what it
/// reads when TZ is unset), but glib, which re-reads the local zone on every call while TZ is
/// unset, then keeps it (libgsf asks for it for every entry of an OLE directory: twelve system
/// calls per HWP 5 document). Call it first in main(), before any thread starts.
void pinLocalTimeZone();

/// A command's entry point: its arguments (after the command's name) to an exit code.
using Command = int (*)(const std::vector<std::string>& args);

/// Runs the `jikji` command with its arguments (without the program name): the global options,
/// then the command `find` returns for the command's name (an unknown command when it returns
/// null). Returns the exit code.
int run(const std::vector<std::string>& args, Command (*find)(std::string_view command));

/// The commands every `jikji` binary runs itself (`convert`, `schema`): those that touch no
/// archive, no state store and no network, linked into the small binary that starts fast.
Command coreCommand(std::string_view command);

/// The other commands (`ingest`, `reprocess`, `status`, `validate`, `export`, `check`), linked
/// into `jikji-full` only, with the state stores, the crawler and their libraries.
Command archiveCommand(std::string_view command);

/// A usage error of `jikji COMMAND` (`command` empty: of jikji itself): the message on stderr,
/// with `usage` after it in text logs; returns kExitUsage.
int usageError(std::string_view command, const std::string& message, std::string_view usage = {});

/// How a run of an archive-changing command ended.
struct RunSummary {
    int exitCode = kExitOk;
    std::string summary;
    std::filesystem::path report;
};

/// Runs `run` (ingest, reprocess) and prints its summary and `report: PATH` on stdout (with JSON
/// logs also as a log line); a configuration error exits 2, a run that cannot start 3.
int runArchiveCommand(std::string_view command, const std::function<RunSummary()>& run);

/// `jikji check --config FILE [--source NAME --page SAVED.html]`.
int runCheck(const std::vector<std::string>& args);

/// `jikji convert FILE… [--format json|text] [--out DIR]`.
int runConvert(const std::vector<std::string>& args);

/// `jikji export --archive DIR [--since SEQ] [--source NAME…] [--format ndjson|markdown|chunks]
/// [--out FILE|DIR]`: the records changed since a cursor.
int runExport(const std::vector<std::string>& args);

/// `jikji ingest --config FILE [--source NAME…] [--max-items N] [--archive DIR]`.
int runIngest(const std::vector<std::string>& args);

/// `jikji reprocess --archive DIR [--source NAME…] [--shard I/N] [--jobs N]`.
int runReprocess(const std::vector<std::string>& args);

/// `jikji status --archive DIR [--json]`.
int runStatus(const std::vector<std::string>& args);

/// `jikji schema document|record|…`: prints a published schema.
int runSchema(const std::vector<std::string>& args);

/// `jikji validate --archive DIR [--json]` or `jikji validate [--json] RECORD…`.
int runValidate(const std::vector<std::string>& args);

}  // namespace jikji::cli
