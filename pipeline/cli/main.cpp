#include <string>
#include <vector>

#include "pipeline/cli/cli.h"

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    return jikji::cli::run(args);
}
