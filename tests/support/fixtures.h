#pragma once

#include <Poco/JSON/Object.h>

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace jikji::test {

/// The project's source folder.
std::filesystem::path sourceDir();
/// ../shared/corpus when present (tests that need it skip otherwise).
std::optional<std::filesystem::path> corpusDir();
/// The built jikji executable.
std::filesystem::path jikjiBinary();

std::string readBytes(const std::filesystem::path& path);

struct ZipEntry {
    std::string name;
    std::string bytes;
    bool stored = false;
};
/// A zip archive written with libzip, entries in the given order.
std::string makeZip(const std::vector<ZipEntry>& entries);

/// An OLE compound file written with libgsf; stream paths use `/` between storages.
std::string makeOle(const std::vector<std::pair<std::string, std::string>>& streams);

/// A fresh empty folder under the system temp folder.
std::filesystem::path makeTempDir(const std::string& stem);

struct CommandResult {
    int exitCode = -1;
    std::string out;
    std::string err;
};
/// Runs the jikji executable with arguments (no shell) and captures its output.
CommandResult runJikji(const std::vector<std::string>& args);
/// The same with extra environment variables and `input` written to its stdin.
CommandResult runJikji(const std::vector<std::string>& args,
                       const std::map<std::string, std::string>& env, const std::string& input);

/// The regular files under ARCHIVE/captures, as paths relative to the archive.
std::set<std::string> captureFiles(const std::filesystem::path& archive);

/// The run report named by the `report: PATH` line of a command's standard output, parsed;
/// null when there is no such line. A report that is not a valid `jikji.run/1` fails the test;
/// each is also copied to JIKJI_RUN_REPORTS_DIR for python3-jsonschema.
Poco::JSON::Object::Ptr runReportOf(const std::string& out);
/// What makes `json` not a valid `jikji.run/1` report (strict: no unknown keys); empty when valid.
std::vector<std::string> runReportProblems(const std::string& json);

}  // namespace jikji::test
