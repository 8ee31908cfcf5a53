#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/exit_code.h"

namespace jikji::cli {

/// Runs the `jikji` command with its arguments (without the program name) and returns the exit
/// code.
int run(const std::vector<std::string>& args);

/// A usage error of `jikji COMMAND` (`command` empty: of jikji itself): the message on stderr,
/// with `usage` after it in text logs; returns kExitUsage.
int usageError(std::string_view command, const std::string& message, std::string_view usage = {});

/// A run's summary and report on stdout (`report: PATH`); with JSON logs also as a log line.
void printSummary(const std::string& summary, const std::filesystem::path& report);

/// `jikji check --config FILE [--source NAME --page SAVED.html]`.
int runCheck(const std::vector<std::string>& args);

/// `jikji convert FILE… [--format json|text] [--out DIR]`.
int runConvert(const std::vector<std::string>& args);

/// `jikji ingest --config FILE [--source NAME…] [--max-items N] [--archive DIR]`.
int runIngest(const std::vector<std::string>& args);

/// `jikji reprocess --archive DIR [--source NAME…] [--shard I/N] [--jobs N]`.
int runReprocess(const std::vector<std::string>& args);

/// `jikji status --archive DIR [--json]`.
int runStatus(const std::vector<std::string>& args);

/// `jikji validate --archive DIR [--json]` or `jikji validate [--json] RECORD…`.
int runValidate(const std::vector<std::string>& args);

}  // namespace jikji::cli
