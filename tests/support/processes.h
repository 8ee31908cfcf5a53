#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace jikji::test {

/// How a child process ended.
struct ProcessResult {
    int exitCode = -1;  ///< -1 when it died by a signal
    int signal = 0;     ///< the signal that killed it, 0 when it exited
    std::string out;
    std::string err;
    long maxRssKiB = 0;  ///< its peak resident memory (wait4)
};

/// Runs the jikji executable with `args` and extra environment variables, waiting for it.
/// Output goes through files in `scratch`.
ProcessResult runJikjiWith(const std::vector<std::string>& args,
                           const std::map<std::string, std::string>& env,
                           const std::filesystem::path& scratch);

}  // namespace jikji::test
