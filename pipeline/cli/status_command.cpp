#include <spdlog/spdlog.h>

#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "pipeline/atomic_file.h"
#include "pipeline/cli/cli.h"
#include "pipeline/config.h"
#include "pipeline/json_writer.h"
#include "pipeline/state_store.h"

namespace jikji::cli {

namespace {

constexpr std::string_view kStatusUsage =
    "usage: jikji status --archive DIR [--state URI] [--json] [--runs ingest|reprocess]\n"
    "  exit 0 when healthy, 1 when the last ingest failed or URLs are parked, 3 no archive\n";
constexpr std::size_t kRunsShown = 5;
constexpr std::uintmax_t kMaxReportBytes = 64u << 20;

namespace fs = std::filesystem;

// The newest `jikji.run/1` reports of `command` (every command when empty), newest first.
std::vector<Poco::JSON::Object::Ptr> latestRuns(const fs::path& archive,
                                                const std::string& command) {
    std::vector<fs::path> files;
    if (fs::is_directory(archive / "runs"))
        for (const auto& entry : fs::directory_iterator(archive / "runs"))
            if (entry.path().extension() == ".json") files.push_back(entry.path());
    std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) {
        return fs::last_write_time(a) > fs::last_write_time(b);
    });
    std::vector<Poco::JSON::Object::Ptr> runs;
    for (const fs::path& file : files) {
        if (runs.size() == kRunsShown) break;
        try {
            Poco::JSON::Parser parser;
            auto run =
                parser.parse(readFile(file, kMaxReportBytes)).extract<Poco::JSON::Object::Ptr>();
            if (run->optValue<std::string>("schema", "") != "jikji.run/1") {
                spdlog::warn("{}: not a jikji.run/1 report; left out", file.string());
                continue;
            }
            if (command.empty() || run->optValue<std::string>("command", "") == command)
                runs.push_back(run);
        } catch (const std::exception& error) {
            spdlog::warn("{}: unreadable run report: {}", file.string(), error.what());
        }
    }
    return runs;
}

std::size_t countLines(const fs::path& file) {
    std::ifstream in(file);
    return static_cast<std::size_t>(
        std::count(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>(), '\n'));
}

// The archive's state store: a server store named by the config the archive was crawled with,
// else its jikji.db.
std::string stateOf(const fs::path& archive) {
    std::string state = "sqlite:" + (archive / "jikji.db").string();
    if (fs::exists(archive / "sources.json")) {
        try {
            Config config = loadConfig(archive / "sources.json");
            if (!config.state.starts_with("sqlite:")) state = config.state;
        } catch (const std::exception& error) {
            spdlog::warn("{}: {}", (archive / "sources.json").string(), error.what());
        }
    }
    return state;
}

}  // namespace

int runStatus(const std::vector<std::string>& args) {
    fs::path archive;
    std::string stateUri;
    bool json = false;
    std::string command;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--json") {
            json = true;
        } else if (args[i] == "--runs" && i + 1 < args.size()) {
            command = args[++i];
            if (command != "ingest" && command != "reprocess")
                return usageError("status", "--runs is ingest or reprocess", kStatusUsage);
        } else if (args[i] == "--archive" && i + 1 < args.size()) {
            archive = args[++i];
        } else if (args[i] == "--state" && i + 1 < args.size()) {
            stateUri = args[++i];
        } else if (args[i] == "--help") {
            std::cout << kStatusUsage;
            return kExitOk;
        } else {
            return usageError("status", "unexpected argument " + args[i], kStatusUsage);
        }
    }
    if (archive.empty()) {
        return usageError("status", "--archive is required", kStatusUsage);
    }
    if (stateUri.empty()) stateUri = stateOf(archive);
    if (stateUri.starts_with("sqlite:") && !fs::exists(stateUri.substr(7))) {
        spdlog::error("{} is not an archive (no jikji.db)", archive.string());
        return kExitCannotRun;
    }
    auto report = makeObject();
    try {
        std::unique_ptr<StateStore> state = openStateStore(stateUri);
        report->set("state", stateUri.starts_with("sqlite:") ? "sqlite" : "postgresql");
        report->set("schema_version", state->schemaVersion());
        auto urls = makeObject();
        for (const auto& [name, count] : state->countByState(0))
            urls->set(name, count);
        report->set("urls", urls);
        Poco::JSON::Array::Ptr parked = new Poco::JSON::Array;
        for (const UrlRecord& url : state->parked()) {
            auto entry = makeObject();
            entry->set("url", jsonString(url.spec.url));
            entry->set("error", jsonString(url.lastError));
            parked->add(entry);
        }
        report->set("parked", parked);
        Poco::JSON::Array::Ptr withdrawn = new Poco::JSON::Array;
        for (const UrlRecord& url : state->withdrawn()) {
            auto entry = makeObject();
            entry->set("url", jsonString(url.spec.url));
            entry->set("withdrawn_at", jsonString(url.withdrawnAt));
            entry->set("error", jsonString(url.lastError));
            withdrawn->add(entry);
        }
        report->set("withdrawn", withdrawn);
    } catch (const std::exception& error) {
        spdlog::error("cannot read the state store: {}", error.what());
        return kExitCannotRun;
    }
    std::size_t records = 0;
    if (fs::is_directory(archive / "records"))
        for (const auto& entry : fs::recursive_directory_iterator(archive / "records"))
            records += entry.is_regular_file() && entry.path().extension() == ".json";
    report->set("records", records);
    report->set("manifest_lines", countLines(archive / "records.ndjson"));
    Poco::JSON::Array::Ptr runs = new Poco::JSON::Array;
    for (const auto& run : latestRuns(archive, command))
        runs->add(run);
    report->set("runs", runs);
    // Healthy: the last ingest ended with exit 0 and no URL is parked.
    std::vector<Poco::JSON::Object::Ptr> ingests = latestRuns(archive, "ingest");
    bool lastIngestFailed =
        !ingests.empty() && ingests.front()->optValue<int>("exit_code", kExitCannotRun) != kExitOk;
    bool healthy = !lastIngestFailed && report->getArray("parked")->size() == 0;
    report->set("healthy", healthy);
    int exitCode = healthy ? kExitOk : kExitSomeFailed;
    if (json) {
        writeJson(report, std::cout);
        return exitCode;
    }
    std::cout << "archive " << archive.string()
              << "\n  state: " << report->getValue<std::string>("state") << ", schema version "
              << report->getValue<int>("schema_version") << "\n  urls:";
    for (const auto& [name, value] : *report->getObject("urls"))
        std::cout << " " << name << " " << value.toString();
    auto parked = report->getArray("parked");
    for (std::size_t i = 0; i < parked->size(); ++i)
        std::cout << "\n  parked: "
                  << parked->getObject(static_cast<unsigned>(i))->getValue<std::string>("url")
                  << " ("
                  << parked->getObject(static_cast<unsigned>(i))->getValue<std::string>("error")
                  << ")";
    auto withdrawn = report->getArray("withdrawn");
    for (std::size_t i = 0; i < withdrawn->size(); ++i) {
        auto entry = withdrawn->getObject(static_cast<unsigned>(i));
        std::cout << "\n  withdrawn: " << entry->getValue<std::string>("url") << " (since "
                  << entry->getValue<std::string>("withdrawn_at") << ": "
                  << entry->getValue<std::string>("error") << ")";
    }
    std::cout << "\n  records: " << records << " ("
              << report->getValue<std::size_t>("manifest_lines")
              << " manifest lines)\n  last runs:\n";
    for (std::size_t i = 0; i < runs->size(); ++i) {
        auto run = runs->getObject(static_cast<unsigned>(i));
        std::cout << "    " << run->optValue<std::string>("run_id", "?") << "  "
                  << run->optValue<std::string>("command", "?") << "  exit "
                  << run->optValue<int>("exit_code", -1);
        if (auto failures = run->getArray("failures"))
            for (std::size_t f = 0; f < failures->size(); ++f) {
                auto failure = failures->getObject(static_cast<unsigned>(f));
                std::cout << "\n      failed: " << failure->optValue<std::string>("url", "") << " ["
                          << failure->optValue<std::string>("code", "") << "] ("
                          << failure->optValue<std::string>("message", "") << ")";
            }
        std::cout << "\n";
    }
    std::cout << (healthy ? "healthy\n"
                          : "NOT HEALTHY: the last ingest failed or URLs are parked\n");
    return exitCode;
}

}  // namespace jikji::cli
