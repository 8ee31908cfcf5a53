#pragma once

#include <filesystem>
#include <string_view>

/// Test hooks on the archive's durable steps, compiled in always and inert unless the
/// environment asks for them (the kill -9 and disk-full tests of tests/integration):
///   JIKJI_TEST_KILL_AT=N         the Nth durable step of the process raises SIGKILL
///   JIKJI_TEST_TERM_AT=N         the Nth durable step raises SIGTERM (the run goes on to stop)
///   JIKJI_TEST_FAIL_WRITE_AT=N   the Nth write to the archive writes half and fails with ENOSPC
///   JIKJI_TEST_STEP_LOG=FILE     every durable step is appended to FILE as `N what path`
namespace jikji::faults {

/// Marks one durable step (a temporary file written, a rename, a manifest line appended, a state
/// store commit) that has just completed.
void durableStep(std::string_view what, const std::filesystem::path& path);

/// True when this write to the archive must fail as if the disk were full.
bool failThisWrite();

}  // namespace jikji::faults
