#include <spdlog/spdlog.h>

#include <Poco/Exception.h>

#include <iostream>

#include "pipeline/cli/cli.h"
#include "pipeline/config.h"
#include "pipeline/log.h"
#include "pipeline/run/run_session.h"

namespace jikji::cli {

int runArchiveCommand(std::string_view command, const std::function<RunSummary()>& run) {
    std::string prefix = "jikji " + std::string(command) + ": ";
    try {
        RunSummary result = run();
        std::cout << result.summary << "\nreport: " << result.report.string() << "\n";
        if (logFormat() == LogFormat::Json)
            spdlog::info("{} (report {})", result.summary, result.report.string());
        return result.exitCode;
    } catch (const ConfigError& error) {
        return usageError(command, error.what());
    } catch (const run::RunError& error) {
        spdlog::error("{}{}", prefix, error.what());
        return error.exitCode();
    } catch (const Poco::Exception& error) {
        // The state store failed outside the stages (a full disk while opening a pass).
        spdlog::error("{}{}", prefix, error.displayText());
        return kExitCannotRun;
    } catch (const std::exception& error) {
        spdlog::error("{}{}", prefix, error.what());
        return kExitCannotRun;
    }
}

Command archiveCommand(std::string_view command) {
    if (command == "ingest") return runIngest;
    if (command == "reprocess") return runReprocess;
    if (command == "status") return runStatus;
    if (command == "validate") return runValidate;
    if (command == "check") return runCheck;
    if (command == "export") return runExport;
    return nullptr;
}

}  // namespace jikji::cli
