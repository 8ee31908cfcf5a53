#pragma once

#include <string>
#include <vector>

namespace jikji::cli {

/// Exit codes, the same for every command.
enum ExitCode : int {
    kExitOk = 0,
    kExitSomeFailed = 1,
    kExitUsage = 2,
    kExitCannotRun = 3,
};

/// Runs the `jikji` command with its arguments (without the program name) and returns the exit
/// code.
int run(const std::vector<std::string>& args);

/// `jikji convert FILE… [--format json|text] [--out DIR]`.
int runConvert(const std::vector<std::string>& args);

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
