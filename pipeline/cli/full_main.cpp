// `jikji-full`: every command, for the ones `jikji` hands over (see main.cpp).
#include <string>
#include <vector>

#include "pipeline/cli/cli.h"

namespace {

jikji::cli::Command find(std::string_view command) {
    if (jikji::cli::Command core = jikji::cli::coreCommand(command)) return core;
    return jikji::cli::archiveCommand(command);
}

}  // namespace

int main(int argc, char** argv) {
    jikji::cli::pinLocalTimeZone();
    std::vector<std::string> args(argv + 1, argv + argc);
    return jikji::cli::run(args, find);
}
