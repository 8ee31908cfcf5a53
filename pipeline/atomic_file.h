#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>

namespace jikji {

/// Whether writeFileAtomically waits for the file to reach the disk: `Synced` survives a power
/// cut (fsync of the file, then of its folder); `Unsynced` only guarantees that a reader never
/// sees a half-written file under the final name (a file without a name linked in once whole, or
/// a temporary file renamed where the file system has no O_TMPFILE or `tempDir` is given).
enum class Durability { Synced, Unsynced };

/// Writes `bytes` to `path` so that the file appears whole or not at all: a temporary name in
/// the same folder (or in `tempDir`, which must be on the same file system), fsync, rename,
/// fsync of the folder. Creates missing parent folders. Throws std::system_error with the path
/// on failure.
void writeFileAtomically(const std::filesystem::path& path, std::string_view bytes,
                         const std::filesystem::path& tempDir = {});

/// The same, for output written as it is made: `write` streams into the temporary file (through
/// a small buffer), so the whole text never has to be held in memory. An exception from `write`
/// leaves no file behind and propagates.
void writeFileAtomically(const std::filesystem::path& path,
                         const std::function<void(std::ostream&)>& write,
                         const std::filesystem::path& tempDir = {},
                         Durability durability = Durability::Synced);

/// Reads a whole file, refusing files larger than `limit` bytes (std::runtime_error).
std::string readFile(const std::filesystem::path& path, std::uintmax_t limit);

}  // namespace jikji
