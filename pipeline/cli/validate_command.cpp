#include <spdlog/spdlog.h>

#include <iostream>

#include "pipeline/cli/cli.h"
#include "pipeline/json_writer.h"
#include "pipeline/run/validate.h"

namespace jikji::cli {

namespace {

constexpr std::string_view kValidateUsage =
    "usage: jikji validate --archive DIR [--json] [--strict]\n"
    "       jikji validate [--json] [--strict] RECORD.json…   (record files against the schema "
    "only)\n"
    "  --strict  also report keys that the schemas do not list (this jikji writes none; the\n"
    "            published schemas let consumers ignore them)\n";

}  // namespace

int runValidate(const std::vector<std::string>& args) {
    std::filesystem::path archive;
    std::vector<std::filesystem::path> files;
    bool json = false;
    bool strict = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--json") {
            json = true;
        } else if (args[i] == "--strict") {
            strict = true;
        } else if (args[i] == "--archive" && i + 1 < args.size()) {
            archive = args[++i];
        } else if (args[i] == "--help") {
            std::cout << kValidateUsage;
            return kExitOk;
        } else if (!args[i].empty() && args[i][0] == '-') {
            return usageError("validate", "unexpected argument " + args[i], kValidateUsage);
        } else {
            files.emplace_back(args[i]);
        }
    }
    if (archive.empty() == files.empty()) {
        return usageError("validate", "give --archive DIR or record files", kValidateUsage);
    }
    run::ValidationReport report;
    try {
        report = archive.empty() ? run::validateRecordFiles(files, strict)
                                 : run::validateArchive(archive, strict);
    } catch (const std::exception& error) {
        spdlog::error("{}", error.what());
        return kExitCannotRun;
    }
    if (json) {
        writeJson(run::validationToJson(report), std::cout);
    } else {
        for (const run::ValidationProblem& problem : report.problems) {
            std::cout << problem.path;
            if (!problem.pointer.empty())
                std::cout << (problem.pointer[0] == '/' ? "#" : ": ") << problem.pointer;
            std::cout << ": " << problem.message << " [" << problem.check << "]\n";
        }
        std::cout << (report.ok() ? "valid: " : "INVALID: ") << report.records << " records ("
                  << report.invalidRecords << " invalid)";
        if (!archive.empty())
            std::cout << ", " << report.captures << " captures (" << report.badCaptures << " bad), "
                      << report.manifestLines << " manifest lines";
        std::cout << "; " << report.problems.size() << " problems\n";
    }
    return report.ok() ? kExitOk : kExitSomeFailed;
}

}  // namespace jikji::cli
