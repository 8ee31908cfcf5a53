// Writes the authored HWP 3 fixtures into fixtures/ (run by hand when they change).
#include <filesystem>
#include <fstream>
#include <iostream>

#include "tests/support/hwp3_fixtures.h"

int main(int argc, char** argv) {
    std::filesystem::path root = argc > 1 ? argv[1] : JIKJI_SOURCE_DIR "/fixtures";
    for (const auto& [name, bytes] : jikji::test::hwp3::fixtureFiles()) {
        std::filesystem::path path = root / name;
        std::filesystem::create_directories(path.parent_path());
        std::ofstream(path, std::ios::binary) << bytes;
        std::cout << path.string() << "\n";
    }
}
