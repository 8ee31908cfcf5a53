#include "stages/emit/manifest_repair.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <Poco/JSON/Parser.h>

#include <spdlog/spdlog.h>

#include <cerrno>
#include <chrono>
#include <fstream>
#include <map>
#include <system_error>
#include <vector>

#include "pipeline/atomic_file.h"
#include "pipeline/json_writer.h"
#include "pipeline/limits.h"
#include "pipeline/sha256.h"
#include "stages/emit/manifest_append.h"

namespace jikji::stages {

namespace {

namespace fs = std::filesystem;

// File systems with coarse time stamps (FAT keeps 2 s) must not hide a file written just after
// the unclean run began.
constexpr auto kTimeSlack = std::chrono::seconds(2);
constexpr std::uintmax_t kMaxRecordFileBytes = limits::kMaxInputBytes * 2;

[[noreturn]] void fail(const std::string& what, const fs::path& path) {
    throw std::system_error(errno, std::generic_category(), what + " " + path.string());
}

// Cuts the manifest back to its last complete line.
std::size_t cutTornTail(const fs::path& manifest) {
    int fd = ::open(manifest.c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) return 0;
        fail("cannot open", manifest);
    }
    struct stat info {};
    if (::fstat(fd, &info) != 0 || info.st_size == 0) {
        ::close(fd);
        return 0;
    }
    off_t end = info.st_size;
    off_t keep = end;
    char buffer[4096];
    for (off_t at = end; at > 0 && keep == end;) {
        off_t from = at > static_cast<off_t>(sizeof buffer) ? at - sizeof buffer : 0;
        ssize_t got = ::pread(fd, buffer, static_cast<std::size_t>(at - from), from);
        if (got <= 0) break;
        if (at == end && buffer[got - 1] == '\n') {
            ::close(fd);
            return 0;
        }
        for (ssize_t i = got - 1; i >= 0; --i)
            if (buffer[i] == '\n') {
                keep = from + i + 1;
                break;
            }
        if (keep == end && from == 0) keep = 0;
        at = from;
    }
    if (::ftruncate(fd, keep) != 0 || ::fsync(fd) != 0) {
        int saved = errno;
        ::close(fd);
        errno = saved;
        fail("cannot repair", manifest);
    }
    ::close(fd);
    return static_cast<std::size_t>(end - keep);
}

struct RecordFile {
    fs::path path;  // relative to the archive
    fs::file_time_type time;
};

struct Announced {
    std::string sha256;
    std::string path;
};

}  // namespace

ManifestRepair repairManifest(const fs::path& archive,
                              std::optional<fs::file_time_type> uncleanSince,
                              const std::string& runId) {
    ManifestRepair repair;
    fs::path manifest = archive / "records.ndjson";
    repair.tornBytes = cutTornTail(manifest);
    if (!uncleanSince || !fs::exists(archive / "records")) return repair;
    fs::file_time_type since = *uncleanSince == fs::file_time_type::min()
                                   ? fs::file_time_type::min()
                                   : *uncleanSince - kTimeSlack;

    // Every copy of a record file name per source folder, to find copies left under two months.
    std::map<std::pair<std::string, std::string>, std::vector<RecordFile>> copies;
    std::error_code error;
    for (const auto& source : fs::directory_iterator(archive / "records", error)) {
        if (!source.is_directory(error)) continue;
        for (auto it = fs::recursive_directory_iterator(source.path(), error);
             it != fs::recursive_directory_iterator(); it.increment(error)) {
            if (error) break;
            if (!it->is_regular_file(error) || it->path().extension() != ".json") continue;
            fs::file_time_type time = it->last_write_time(error);
            copies[{source.path().filename().string(), it->path().filename().string()}].push_back(
                {fs::relative(it->path(), archive), time});
        }
    }
    std::vector<RecordFile> recent;
    for (auto& [key, files] : copies) {
        std::sort(files.begin(), files.end(),
                  [](const RecordFile& a, const RecordFile& b) { return a.time > b.time; });
        if (files.front().time < since) continue;
        recent.push_back(files.front());
        // The run died between writing the record under its new month and removing the old one.
        for (std::size_t i = 1; i < files.size(); ++i)
            if (fs::remove(archive / files[i].path, error)) ++repair.staleRemoved;
    }
    if (recent.empty()) return repair;

    struct Candidate {
        RecordFile file;
        std::string id, source, bytes;
        bool withdrawn = false;
    };
    std::map<std::string, Candidate> byId;
    Poco::JSON::Parser parser;
    for (const RecordFile& file : recent) {
        try {
            Candidate candidate{file, "", "", readFile(archive / file.path, kMaxRecordFileBytes)};
            auto object = parser.parse(candidate.bytes).extract<Poco::JSON::Object::Ptr>();
            parser.reset();
            candidate.id = object->getValue<std::string>("id");
            candidate.source = object->getObject("source")->getValue<std::string>("name");
            candidate.withdrawn = !object->optValue<std::string>("withdrawn_at", "").empty();
            byId[candidate.id] = std::move(candidate);
        } catch (const std::exception&) {
            parser.reset();  // not a record of ours: not the manifest's business
        }
    }

    std::map<std::string, Announced> last;
    {
        std::ifstream in(manifest, std::ios::binary);
        std::string line;
        while (std::getline(in, line)) {
            try {
                auto object = parser.parse(line).extract<Poco::JSON::Object::Ptr>();
                parser.reset();
                std::string id = object->optValue<std::string>("id", "");
                if (byId.count(id))
                    last[id] = {object->optValue<std::string>("sha256", ""),
                                object->optValue<std::string>("path", "")};
            } catch (const std::exception&) {
                parser.reset();
            }
        }
    }

    std::vector<Poco::JSON::Object::Ptr> lines;
    for (const auto& [id, candidate] : byId) {
        std::string sha = sha256Hex(candidate.bytes);
        std::string path = candidate.file.path.generic_string();
        auto known = last.find(id);
        if (known != last.end() && known->second.sha256 == sha && known->second.path == path)
            continue;
        // The same keys, in the same order, as emitRecord's lines; the seq comes after the
        // highest in the manifest, so none a dead run appended is given again.
        auto object = makeObject();
        object->set("id", jsonString(id));
        object->set("source", jsonString(candidate.source));
        object->set("path", jsonString(path));
        object->set("action", std::string(known == last.end() ? "written" : "replaced"));
        object->set("sha256", sha);
        if (!runId.empty()) object->set("run", jsonString(runId));
        object->set("op", std::string(candidate.withdrawn ? "withdrawn" : "upsert"));
        lines.push_back(object);
        ++repair.linesAdded;
    }
    appendManifestLines(manifest, std::move(lines));
    return repair;
}

ManifestRepair repairManifestAtStart(const std::filesystem::path& archive,
                                     std::optional<std::filesystem::file_time_type> uncleanSince,
                                     const std::string& runId) {
    ManifestRepair repair = repairManifest(archive, uncleanSince, runId);
    if (repair.tornBytes || repair.linesAdded || repair.staleRemoved)
        spdlog::warn(
            "the last run did not end cleanly: records.ndjson repaired ({} bytes of an "
            "unfinished line cut, {} lines added, {} stale record copies removed)",
            repair.tornBytes, repair.linesAdded, repair.staleRemoved);
    return repair;
}

}  // namespace jikji::stages
