// `jikji`: the binary users run. It links only what `convert` and `schema` need, so that it
// starts in a few milliseconds (every shared library loaded costs start-up time: Poco Data and
// Net, libpq and SQLite cost more than all the converters together); any other command makes
// this process `jikji-full`, which holds every command, with the same arguments.
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "pipeline/cli/cli.h"
#include "pipeline/cli/helper_path.h"

namespace {

char** g_argv = nullptr;

// Exec, not a child: the process keeps its id, so signals, the exit code and a service
// manager's view are those of `jikji` itself.
int runInFullBinary(const std::vector<std::string>&) {
    std::filesystem::path full = jikji::cli::helperPath("jikji-full");
    ::execv(full.c_str(), g_argv);
    // Through the log, set up by then: with --log-format json this line is JSON too.
    spdlog::error(
        "cannot run {}: {} (the commands other than convert and schema are in "
        "jikji-full)",
        full.string(), std::strerror(errno));
    return jikji::kExitCannotRun;
}

jikji::cli::Command find(std::string_view command) {
    if (jikji::cli::Command core = jikji::cli::coreCommand(command)) return core;
    return runInFullBinary;
}

}  // namespace

int main(int argc, char** argv) {
    g_argv = argv;
    jikji::cli::pinLocalTimeZone();
    std::vector<std::string> args(argv + 1, argv + argc);
    return jikji::cli::run(args, find);
}
