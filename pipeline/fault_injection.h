#pragma once

#include <filesystem>
#include <string_view>

/// Test hooks on the archive's durable steps, compiled in always and inert unless the
/// environment asks for them (the kill -9 and disk-full tests of tests/integration):
///   JIKJI_TEST_KILL_AT=N         the Nth durable step of the process raises SIGKILL
///   JIKJI_TEST_KILL_ON=WHAT:TEXT:N  so does the Nth step named WHAT whose path contains TEXT
///                                (`rename:/records/:3`: the third record file put in place),
///                                for runs whose steps before it vary (workers' crawl threads)
///   JIKJI_TEST_TERM_AT=N         the Nth durable step raises SIGTERM (the run goes on to stop)
///   JIKJI_TEST_FAIL_WRITE_AT=N   the Nth write to the archive writes half and fails with ENOSPC
///   JIKJI_TEST_STEP_LOG=FILE     every durable step is appended to FILE as `N what path`
///   JIKJI_TEST_CONVERT_FAULT=KIND:NAME  a conversion worker given an input named NAME crashes
///                                (KIND `crash`), hangs (`hang`), allocates until its memory limit
///                                stops it (`hog`) or throws (`throw`) instead of converting it
namespace jikji::faults {

/// Marks one durable step (a temporary file written, a rename, a manifest line appended, a state
/// store commit) that has just completed.
void durableStep(std::string_view what, const std::filesystem::path& path);

/// True when this write to the archive must fail as if the disk were full.
bool failThisWrite();

/// Does what JIKJI_TEST_CONVERT_FAULT asks when it names `name`; nothing otherwise. Called only
/// inside isolated conversion workers.
void injectConversionFault(std::string_view name);

}  // namespace jikji::faults
