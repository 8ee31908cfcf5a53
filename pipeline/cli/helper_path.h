#pragma once

#include <filesystem>
#include <string_view>

namespace jikji::cli {

/// Where a file that `jikji` loads or runs lies (`jikji-full`, `jikji-pdf.so`): beside the
/// jikji binary in a build tree, in PREFIX/libexec/jikji once installed. The installed path
/// when neither exists.
std::filesystem::path helperPath(std::string_view name);

}  // namespace jikji::cli
