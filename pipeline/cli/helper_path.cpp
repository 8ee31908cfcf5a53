#include "pipeline/cli/helper_path.h"

namespace jikji::cli {

std::filesystem::path helperPath(std::string_view name) {
    std::error_code error;
    std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
    std::filesystem::path dir = error ? std::filesystem::path(".") : self.parent_path();
    std::filesystem::path beside = dir / name;
    if (std::filesystem::exists(beside, error)) return beside;
    // JIKJI_HELPER_DIR: the libexec folder relative to the binary's, set by CMakeLists.txt.
    return (dir / JIKJI_HELPER_DIR / name).lexically_normal();
}

}  // namespace jikji::cli
