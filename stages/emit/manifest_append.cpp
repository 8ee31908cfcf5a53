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
#include <optional>
#include <string>
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

// Reads whole lines backwards from the end until one carries a seq. An archive written before
// lines had one is read to its start once; after that its tail answers.
std::uint64_t highestSeq(int fd) {
    struct stat info {};
    if (::fstat(fd, &info) != 0) return 0;
    std::string tail;  // the start of the file up to the lines judged already
    char buffer[8192];
    for (off_t at = info.st_size;;) {
        // Every line with a newline before it is whole.
        for (std::size_t newline; (newline = tail.rfind('\n')) != std::string::npos;) {
            auto seq = seqOf(tail.substr(newline + 1));
            if (seq) return *seq;
            tail.resize(newline);
        }
        if (at == 0) break;
        off_t from = at > static_cast<off_t>(sizeof buffer) ? at - sizeof buffer : 0;
        ssize_t got = ::pread(fd, buffer, static_cast<std::size_t>(at - from), from);
        if (got <= 0) return 0;
        tail.insert(0, buffer, static_cast<std::size_t>(got));
        at = from;
    }
    auto seq = seqOf(tail);
    return seq ? *seq : 0;
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

// Appends `lines` numbered from 1 + the larger of `floor` and the file's highest seq; returns
// the last seq used.
std::uint64_t appendNumbered(const std::filesystem::path& manifest,
                             std::vector<Poco::JSON::Object::Ptr>& lines, std::uint64_t floor) {
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

}  // namespace

void appendManifestLines(const std::filesystem::path& manifest,
                         std::vector<Poco::JSON::Object::Ptr> lines, StateStore* seqs) {
    if (lines.empty()) return;
    if (seqs)
        seqs->appendWithSeqs(
            [&](std::uint64_t floor) { return appendNumbered(manifest, lines, floor); });
    else
        appendNumbered(manifest, lines, 0);
}

}  // namespace jikji::stages
