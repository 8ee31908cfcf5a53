#pragma once

#include <optional>
#include <string>

namespace jikji::test {

/// A fresh, empty database on the throwaway PostgreSQL server that ctest starts for the tests
/// that need it (fixture `postgres`, tests/support/pg_scratch.sh), as a `postgresql://` URI.
/// Outside ctest the process starts a server of its own, stopped when it exits. nullopt when
/// the server binaries are not installed: the caller skips.
std::optional<std::string> scratchDatabase();

}  // namespace jikji::test
