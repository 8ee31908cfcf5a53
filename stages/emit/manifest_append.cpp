#include "stages/emit/manifest_append.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <Poco/DateTimeFormatter.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Timestamp.h>

#include <algorithm>
#include <cerrno>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <system_error>

#include "pipeline/fault_injection.h"
#include "pipeline/json_writer.h"

namespace jikji::stages {

namespace {

// The seq of one manifest line, if it has one.
std::optional<std::uint64_t> seqOf(const std::string& line) {
    if (line.find("\"seq\"") == std::string::npos) return std::nullopt;
    try {
        Poco::JSON::Parser parser;
        auto object = parser.parse(line).extract<Poco::JSON::Object::Ptr>();
        if (!object->has("seq")) return std::nullopt;
        return object->getValue<std::uint64_t>("seq");
    } catch (const std::exception&) {
        return std::nullopt;  // a torn or foreign line numbers nothing
    }
}

// Calls `visit` with each line of the file from its end backwards, until it returns false. Every
// line with a newline before it is whole; an unfinished last line is visited too (it parses as
// nothing).
template <typename Visit>
void forEachLineBackwards(int fd, Visit visit) {
    struct stat info {};
    if (::fstat(fd, &info) != 0) return;
    std::string tail;  // the start of the file up to the lines visited already
    char buffer[16384];
    for (off_t at = info.st_size;;) {
        for (std::size_t newline; (newline = tail.rfind('\n')) != std::string::npos;) {
            if (!visit(std::string_view(tail).substr(newline + 1))) return;
            tail.resize(newline);
        }
        if (at == 0) break;
        off_t from = at > static_cast<off_t>(sizeof buffer) ? at - sizeof buffer : 0;
        ssize_t got = ::pread(fd, buffer, static_cast<std::size_t>(at - from), from);
        if (got <= 0) return;
        tail.insert(0, buffer, static_cast<std::size_t>(got));
        at = from;
    }
    visit(std::string_view(tail));
}

// The highest seq: the last line that carries one. An archive written before lines had one is
// read to its start once; after that its tail answers.
std::uint64_t highestSeq(int fd) {
    std::uint64_t highest = 0;
    forEachLineBackwards(fd, [&](std::string_view line) {
        auto seq = seqOf(std::string(line));
        if (seq) highest = *seq;
        return !seq;
    });
    return highest;
}

struct Announced {
    std::string sha256;
    std::string path;
};

// The last line of each of `ids` in the manifest, read backwards until all are found.
std::map<std::string, Announced> lastLinesOf(int fd, std::set<std::string> ids) {
    std::map<std::string, Announced> last;
    if (ids.empty()) return last;
    Poco::JSON::Parser parser;
    forEachLineBackwards(fd, [&](std::string_view line) {
        for (auto id = ids.begin(); id != ids.end(); ++id) {
            // Ids are hex digits: the quoted id inside a line finds it without parsing every line.
            if (line.find("\"" + *id + "\"") == std::string_view::npos) continue;
            try {
                auto object = parser.parse(std::string(line)).extract<Poco::JSON::Object::Ptr>();
                parser.reset();
                if (object->optValue<std::string>("id", "") != *id) continue;
                last[*id] = {object->optValue<std::string>("sha256", ""),
                             object->optValue<std::string>("path", "")};
                ids.erase(id);
                break;
            } catch (const std::exception&) {
                parser.reset();  // a torn or foreign line announces nothing
            }
        }
        return !ids.empty();
    });
    return last;
}

}  // namespace

std::uint64_t highestManifestSeq(const std::filesystem::path& manifest) {
    int fd = ::open(manifest.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    std::uint64_t seq = highestSeq(fd);
    ::close(fd);
    return seq;
}

namespace {

// Drops the lines of `lines` whose record write the manifest announces already (its last line
// for the id has the same sha256 and path) and sets the action of the others from it.
void dropAnnounced(int fd, std::vector<Poco::JSON::Object::Ptr>& lines) {
    std::set<std::string> ids;
    for (const auto& line : lines)
        ids.insert(line->getValue<std::string>("id"));
    std::map<std::string, Announced> last = lastLinesOf(fd, ids);
    std::erase_if(lines, [&](Poco::JSON::Object::Ptr& line) {
        auto known = last.find(line->getValue<std::string>("id"));
        if (known != last.end() && known->second.sha256 == line->getValue<std::string>("sha256") &&
            known->second.path == line->getValue<std::string>("path"))
            return true;
        line->set("action", std::string(known == last.end() ? "written" : "replaced"));
        return false;
    });
}

// Appends `lines` numbered from 1 + the larger of `floor` and the file's highest seq; returns
// the last seq used. With `unlessAnnounced`, dropAnnounced() first (under the same lock).
std::uint64_t appendNumbered(const std::filesystem::path& manifest,
                             std::vector<Poco::JSON::Object::Ptr>& lines, std::uint64_t floor,
                             bool unlessAnnounced) {
    std::filesystem::create_directories(manifest.parent_path());
    int fd = ::open(manifest.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0)
        throw std::system_error(errno, std::generic_category(), "cannot open " + manifest.string());
    // Shards of a reprocess round append at once: the lock keeps a line whole even when a
    // write is split or undone (a full disk), and makes reading the last seq and appending the
    // next one step.
    while (::flock(fd, LOCK_EX) != 0 && errno == EINTR) {
    }
    struct stat before {};
    ::fstat(fd, &before);
    std::uint64_t seq = std::max(highestSeq(fd), floor);
    if (unlessAnnounced) dropAnnounced(fd, lines);
    if (lines.empty()) {
        ::close(fd);
        return seq;
    }
    std::string at = Poco::DateTimeFormatter::format(Poco::Timestamp(), "%Y-%m-%dT%H:%M:%S.%iZ");
    std::string text;
    for (auto& line : lines) {
        line->set("seq", ++seq);
        line->set("at", at);
        text += toJsonString(line, 0);
        if (text.back() != '\n') text += '\n';
    }
    // One write per batch: with O_APPEND, lines of concurrent writers never interleave.
    std::size_t done = 0;
    while (done < text.size()) {
        ssize_t wrote;
        if (faults::failThisWrite()) {
            (void)!::write(fd, text.data() + done, (text.size() - done) / 2);
            errno = ENOSPC;
            wrote = -1;
        } else {
            wrote = ::write(fd, text.data() + done, text.size() - done);
        }
        if (wrote < 0) {
            if (errno == EINTR) continue;
            int saved = errno;
            // No half line stays behind (its seqs were never whole, so handing them out again
            // reuses nothing a reader saw).
            if (::ftruncate(fd, before.st_size) == 0) ::fsync(fd);
            ::close(fd);
            throw std::system_error(saved, std::generic_category(),
                                    "cannot append to " + manifest.string());
        }
        done += static_cast<std::size_t>(wrote);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0)
        throw std::system_error(errno, std::generic_category(), "cannot sync " + manifest.string());
    faults::durableStep("append", manifest);
    return seq;
}

void appendLines(const std::filesystem::path& manifest, std::vector<Poco::JSON::Object::Ptr>& lines,
                 StateStore* seqs, bool unlessAnnounced) {
    if (lines.empty()) return;
    auto append = [&](std::uint64_t floor) {
        return appendNumbered(manifest, lines, floor, unlessAnnounced);
    };
    if (seqs)
        seqs->appendWithSeqs(append);
    else
        append(0);
}

}  // namespace

void appendManifestLines(const std::filesystem::path& manifest,
                         std::vector<Poco::JSON::Object::Ptr> lines, StateStore* seqs) {
    appendLines(manifest, lines, seqs, false);
}

std::size_t appendMissingManifestLines(const std::filesystem::path& manifest,
                                       std::vector<Poco::JSON::Object::Ptr> lines,
                                       StateStore* seqs) {
    appendLines(manifest, lines, seqs, true);
    return lines.size();
}

}  // namespace jikji::stages
