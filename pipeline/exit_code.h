#pragma once

namespace jikji {

/// Exit codes, the same for every command and every run report.
enum ExitCode : int {
    kExitOk = 0,
    kExitSomeFailed = 1,
    kExitUsage = 2,
    kExitCannotRun = 3,
};

}  // namespace jikji
