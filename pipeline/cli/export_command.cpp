#include <Poco/JSON/ParseHandler.h>
#include <Poco/JSON/Parser.h>

#include <charconv>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>

#include "pipeline/atomic_file.h"
#include "pipeline/cli/cli.h"
#include "pipeline/json_reader.h"
#include "pipeline/json_writer.h"
#include "pipeline/limits.h"
#include "pipeline/render_output.h"

namespace jikji::cli {

namespace {

namespace fs = std::filesystem;
using Poco::JSON::Object;

constexpr std::string_view kExportUsage =
    "usage: jikji export --archive DIR [--since SEQ] [--source NAME…]\n"
    "                    [--format ndjson|markdown|chunks] [--out FILE|DIR]\n"
    "  the records changed since the cursor SEQ (every record without it): NDJSON on stdout or\n"
    "  in FILE; markdown and chunks one file per record body and attachment in DIR. Prints\n"
    "  `cursor: N` on stderr, the seq to pass as --since next time\n";
constexpr std::uintmax_t kMaxRecordFileBytes = limits::kMaxInputBytes * 2;

struct Change {
    std::uint64_t seq = 0;
    std::string path;
};

struct Feed {
    std::map<std::string, Change> latest;  // record id → its last line after the cursor
    std::optional<std::uint64_t> firstSeq;
    std::uint64_t highestSeq = 0;
};

Feed readFeed(const fs::path& manifest, std::uint64_t since, const std::set<std::string>& sources) {
    Feed feed;
    std::ifstream in(manifest, std::ios::binary);
    std::string line;
    Poco::JSON::Parser parser;
    while (std::getline(in, line)) {
        Object::Ptr object;
        try {
            object = parser.parse(line).extract<Object::Ptr>();
        } catch (const std::exception&) {
            parser.reset();
            continue;  // a torn last line: the next run's repair cuts it
        }
        parser.reset();
        std::uint64_t seq = object->optValue<std::uint64_t>("seq", 0);
        if (seq) {
            if (!feed.firstSeq) feed.firstSeq = seq;
            feed.highestSeq = std::max(feed.highestSeq, seq);
        }
        // A line older than numbering counts as seq 0: part of a full export only.
        if (since > 0 && seq <= since) continue;
        std::string source = object->optValue<std::string>("source", "");
        if (!sources.empty() && !sources.count(source)) continue;
        std::string id = object->optValue<std::string>("id", "");
        if (id.empty()) continue;
        feed.latest[id] = {seq, object->optValue<std::string>("path", "")};
    }
    return feed;
}

std::optional<std::uint64_t> parseSeq(const std::string& text) {
    std::uint64_t value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

void render(const Object::Ptr& document, OutputFormat format, const fs::path& file) {
    Document parsed = documentFromJson(toJsonString(document, 0));
    std::ofstream out(file, std::ios::binary);
    renderOutput(parsed, format, RenderOptions{}, out);
    if (!out) throw std::runtime_error("cannot write " + file.string());
}

}  // namespace

int runExport(const std::vector<std::string>& args) {
    fs::path archive;
    std::optional<std::uint64_t> since;
    std::set<std::string> sources;
    std::string format = "ndjson";
    fs::path outPath;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--help") {
            std::cout << kExportUsage;
            return kExitOk;
        }
        bool hasValue = i + 1 < args.size();
        if (arg == "--archive" && hasValue) {
            archive = args[++i];
        } else if (arg == "--since" && hasValue) {
            since = parseSeq(args[++i]);
            if (!since) return usageError("export", "--since takes a seq (a number)", kExportUsage);
        } else if (arg == "--source" && hasValue) {
            while (i + 1 < args.size() && !args[i + 1].starts_with("--"))
                sources.insert(args[++i]);
        } else if (arg == "--format" && hasValue) {
            format = args[++i];
            if (format != "ndjson" && format != "markdown" && format != "chunks")
                return usageError("export", "--format is ndjson, markdown or chunks", kExportUsage);
        } else if (arg == "--out" && hasValue) {
            outPath = args[++i];
        } else {
            return usageError("export", "unknown argument '" + arg + "'", kExportUsage);
        }
    }
    if (archive.empty()) return usageError("export", "--archive DIR is required", kExportUsage);
    if (format != "ndjson" && outPath.empty())
        return usageError("export", "--format " + format + " writes files: give --out DIR",
                          kExportUsage);
    fs::path manifest = archive / "records.ndjson";
    if (!fs::is_directory(archive)) {
        std::cerr << "jikji export: no archive at " << archive.string() << "\n";
        return kExitCannotRun;
    }
    std::uint64_t cursor = since.value_or(0);
    Feed feed = readFeed(manifest, cursor, sources);
    // A cursor from before the manifest's first seq: the lines in between are gone (a rotated or
    // truncated manifest), and what changed there cannot be told.
    if (cursor > 0 && (!feed.firstSeq || cursor + 1 < *feed.firstSeq))
        return usageError("export", "--since " + std::to_string(cursor) +
                                        " is older than the manifest, whose first seq is " +
                                        (feed.firstSeq ? std::to_string(*feed.firstSeq) : "none") +
                                        ": export without --since for every record");
    if (cursor > feed.highestSeq)
        return usageError("export", "--since " + std::to_string(cursor) +
                                        " is beyond the manifest's last seq " +
                                        std::to_string(feed.highestSeq));

    // Records in manifest order, each once.
    std::vector<std::pair<std::string, Change>> changes(feed.latest.begin(), feed.latest.end());
    std::sort(changes.begin(), changes.end(),
              [](const auto& a, const auto& b) { return a.second.seq < b.second.seq; });
    std::ofstream file;
    std::ostream* out = &std::cout;
    if (format == "ndjson" && !outPath.empty()) {
        file.open(outPath, std::ios::binary);
        if (!file) {
            std::cerr << "jikji export: cannot write " << outPath.string() << "\n";
            return kExitCannotRun;
        }
        out = &file;
    } else if (format != "ndjson") {
        fs::create_directories(outPath);
    }
    std::optional<OutputFormat> rendering = parseOutputFormat(format);
    int exitCode = kExitOk;
    for (const auto& [id, change] : changes) {
        try {
            Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));
            auto record = parser.parse(readFile(archive / change.path, kMaxRecordFileBytes))
                              .extract<Object::Ptr>();
            if (format == "ndjson") {
                *out << toJsonString(record, 0);
                if (toJsonString(record, 0).back() != '\n') *out << '\n';
                continue;
            }
            std::string stem = fs::path(change.path).stem().string();
            std::string extension(outputExtension(*rendering));
            if (auto body = record->getObject("body"))
                render(body, *rendering, outPath / (stem + extension));
            if (auto attachments = record->getArray("attachments"))
                for (std::size_t i = 0; i < attachments->size(); ++i)
                    if (auto document = attachments->getObject(i)->getObject("document"))
                        render(document, *rendering,
                               outPath / (stem + ".a" + std::to_string(i) + extension));
        } catch (const std::exception& error) {
            std::cerr << "jikji export: record " << id << " (" << change.path
                      << "): " << error.what() << "\n";
            exitCode = kExitSomeFailed;
        }
    }
    out->flush();
    if (!*out) {
        std::cerr << "jikji export: cannot write the output\n";
        return kExitCannotRun;
    }
    std::cerr << "cursor: " << std::max(cursor, feed.highestSeq) << "\n";
    return exitCode;
}

}  // namespace jikji::cli
