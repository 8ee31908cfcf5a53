// Writes the authored HWP fixtures under the given fixtures folder (the project's
// `fixtures/`). Run it after changing the writer, then `scripts/update-goldens`.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "tests/support/hwp5_fixtures.h"

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: write_hwp5_fixtures FIXTURES_DIR\n";
        return 2;
    }
    std::filesystem::path root = argv[1];
    auto all = jikji::test::hwp::documentFixtures();
    for (auto& fixture : jikji::test::hwp::hostileFixtures())
        all.push_back(std::move(fixture));
    for (const auto& [path, bytes] : all) {
        std::filesystem::path target = root / path;
        std::filesystem::create_directories(target.parent_path());
        std::ofstream out(target, std::ios::binary);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        std::cout << target.string() << " (" << bytes.size() << " bytes)\n";
    }
    return 0;
}
