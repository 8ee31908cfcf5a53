#include "stages/emit/emit.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <Poco/JSON/Array.h>

#include <spdlog/spdlog.h>

#include <atomic>
#include <cerrno>
#include <set>
#include <system_error>

#include "pipeline/atomic_file.h"
#include "pipeline/errors.h"
#include "pipeline/fault_injection.h"
#include "pipeline/json_writer.h"
#include "pipeline/limits.h"
#include "pipeline/sha256.h"
#include "stages/emit/manifest_append.h"

namespace jikji::stages {

namespace {

// A record file is our own JSON; anything far larger is not one of ours.
constexpr std::uintmax_t kMaxRecordFileBytes = limits::kMaxInputBytes * 2;

std::string safeName(std::string_view name) {
    std::string out;
    for (char c : name) {
        bool safe = std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
        out += safe ? c : '_';
    }
    if (out.empty() || out == "." || out == "..") out = "_" + out;
    return out;
}

bool isDigits(std::string_view text) {
    return !text.empty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Writes a temporary file to be synced and renamed later (by RecordWriter::commit).
std::filesystem::path writeTemporary(const std::filesystem::path& dir, const std::string& name,
                                     std::string_view bytes) {
    static std::atomic<unsigned> counter{0};
    std::filesystem::create_directories(dir);
    std::filesystem::path temp =
        dir / (name + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter++));
    int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        throw std::system_error(errno, std::generic_category(), "cannot create " + temp.string());
    while (!bytes.empty()) {
        ssize_t wrote;
        if (faults::failThisWrite()) {
            (void)!::write(fd, bytes.data(), bytes.size() / 2);
            errno = ENOSPC;
            wrote = -1;
        } else {
            wrote = ::write(fd, bytes.data(), bytes.size());
        }
        if (wrote < 0) {
            if (errno == EINTR) continue;
            int saved = errno;
            ::close(fd);
            ::unlink(temp.c_str());
            throw std::system_error(saved, std::generic_category(),
                                    "cannot write " + temp.string());
        }
        bytes.remove_prefix(static_cast<std::size_t>(wrote));
    }
    if (::close(fd) != 0)
        throw std::system_error(errno, std::generic_category(), "cannot write " + temp.string());
    faults::durableStep("temp", temp);
    return temp;
}

// fsync of a file or a folder.
void syncFile(const std::filesystem::path& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw std::system_error(errno, std::generic_category(), "cannot open " + path.string());
    if (::fsync(fd) != 0) {
        int saved = errno;
        ::close(fd);
        throw std::system_error(saved, std::generic_category(), "cannot sync " + path.string());
    }
    ::close(fd);
}

void syncFileSystem(const std::filesystem::path& archive) {
    int fd = ::open(archive.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        throw std::system_error(errno, std::generic_category(), "cannot open " + archive.string());
    if (::syncfs(fd) != 0) {
        int saved = errno;
        ::close(fd);
        throw std::system_error(saved, std::generic_category(),
                                "cannot sync the file system of " + archive.string());
    }
    ::close(fd);
}

}  // namespace

std::string_view toString(EmitOutcome outcome) {
    switch (outcome) {
        case EmitOutcome::Written:
            return "written";
        case EmitOutcome::Replaced:
            return "replaced";
        case EmitOutcome::Unchanged:
            return "unchanged";
    }
    return "unchanged";
}

std::filesystem::path recordPath(const Record& record) {
    std::filesystem::path path = std::filesystem::path("records") / safeName(record.source.name);
    const std::string& date = !record.postedAt.empty() ? record.postedAt : record.publishedAt;
    if (date.size() >= 7 && isDigits(date.substr(0, 4)) && date[4] == '-' &&
        isDigits(date.substr(5, 2)))
        path /= std::filesystem::path(date.substr(0, 4)) / date.substr(5, 2);
    else
        path /= "undated";
    return path / (safeName(record.id) + ".json");
}

EmitResult emitRecord(const std::filesystem::path& archive, const Record& record,
                      const std::string& runId) {
    RecordWriter writer(archive, runId, 1);
    return writer.emit(record);
}

RecordWriter::RecordWriter(std::filesystem::path archive, std::string runId, std::size_t batchSize,
                           StateStore* seqs)
    : m_archive(std::move(archive)),
      m_runId(std::move(runId)),
      m_batchSize(std::max<std::size_t>(1, batchSize)),
      m_seqs(seqs) {
    if (m_batchSize > 1) m_committer = std::thread([this] { commitInBackground(); });
}

RecordWriter::~RecordWriter() {
    try {
        flush();
    } catch (const std::exception& error) {
        spdlog::error("records not written: {}", error.what());
    }
    if (m_committer.joinable()) {
        {
            std::lock_guard guard(m_queueMutex);
            m_stopping = true;
        }
        m_wake.notify_one();
        m_committer.join();
    }
}

void RecordWriter::commitInBackground() {
    std::unique_lock lock(m_queueMutex);
    for (;;) {
        m_wake.wait(lock,
                    [this] { return m_stopping || m_flushing || m_queue.size() >= m_batchSize; });
        if (m_queue.empty()) {
            m_flushing = false;
            m_idle.notify_all();
            if (m_stopping) return;
            continue;
        }
        std::vector<Pending> batch;
        batch.swap(m_queue);
        m_committing = true;
        m_idle.notify_all();
        lock.unlock();
        std::exception_ptr error;
        try {
            commit(std::move(batch));
        } catch (...) {
            error = std::current_exception();
        }
        lock.lock();
        if (error && !m_error) m_error = error;
        m_committing = false;
        m_idle.notify_all();
    }
}

EmitResult RecordWriter::emit(const Record& record, bool unannounced) {
    if (record.id.empty() || record.source.name.empty())
        throw UsageError("a record without an id or a source name cannot be emitted");
    EmitResult result;
    result.path = recordPath(record);
    std::filesystem::path target = m_archive / result.path;
    std::string bytes = recordJson(record);

    std::error_code error;
    bool existed = false, unchanged = false;
    if (std::filesystem::exists(target, error)) {
        existed = true;
        unchanged = readFile(target, kMaxRecordFileBytes) == bytes;
        if (unchanged && !unannounced) {
            result.outcome = EmitOutcome::Unchanged;
            return result;
        }
    }
    // The same record filed under another month (its date changed): it moves.
    Pending pending;
    std::filesystem::path sourceDir = m_archive / result.path.parent_path();
    sourceDir = result.path.parent_path().filename() == "undated"
                    ? sourceDir.parent_path()
                    : sourceDir.parent_path().parent_path();
    std::string fileName = result.path.filename().string();
    // Only folder names are listed and one name per month is looked up: the cost grows with
    // months, not with records.
    auto consider = [&](const std::filesystem::path& candidate) {
        if (candidate != target && std::filesystem::is_regular_file(candidate, error))
            pending.stale.push_back(candidate);
    };
    for (const auto& year : std::filesystem::directory_iterator(sourceDir, error)) {
        if (!year.is_directory(error)) continue;
        if (year.path().filename() == "undated") {
            consider(year.path() / fileName);
            continue;
        }
        for (const auto& month : std::filesystem::directory_iterator(year.path(), error))
            if (month.is_directory(error)) consider(month.path() / fileName);
    }
    result.outcome = unchanged                           ? EmitOutcome::Unchanged
                     : existed || !pending.stale.empty() ? EmitOutcome::Replaced
                                                         : EmitOutcome::Written;

    auto line = makeObject();
    line->set("id", jsonString(record.id));
    line->set("source", jsonString(record.source.name));
    line->set("path", jsonString(result.path.generic_string()));
    // An unannounced line's action is set from the manifest when it is appended.
    line->set("action", std::string(toString(result.outcome)));
    line->set("sha256", sha256Hex(bytes));
    if (!m_runId.empty()) line->set("run", jsonString(m_runId));
    line->set("op", std::string(record.withdrawnAt.empty() ? "upsert" : "withdrawn"));
    pending.line = line;
    pending.target = target;
    if (!unchanged) pending.temp = writeTemporary(m_archive / "tmp", fileName, bytes);

    if (!m_committer.joinable()) {
        std::vector<Pending> batch;
        batch.push_back(std::move(pending));
        commit(std::move(batch));
        return result;
    }
    std::unique_lock lock(m_queueMutex);
    if (m_error) std::rethrow_exception(m_error);
    m_queue.push_back(std::move(pending));
    if (m_queue.size() >= m_batchSize) m_wake.notify_one();
    // A disk slower than the work: emitters wait rather than pile up temporary files.
    m_idle.wait(lock, [this] { return m_queue.size() < 4 * m_batchSize || m_error; });
    if (m_error) std::rethrow_exception(m_error);
    return result;
}

void RecordWriter::flush() {
    if (!m_committer.joinable()) return;
    std::unique_lock lock(m_queueMutex);
    m_flushing = true;
    m_wake.notify_one();
    m_idle.wait(lock, [this] { return (m_queue.empty() && !m_committing) || m_error; });
    if (m_error) std::rethrow_exception(m_error);
}

void RecordWriter::commit(std::vector<Pending> batch) {
    // A few files are synced one by one; a batch in one sync of the file system, which is one
    // journal commit instead of one per file.
    bool oneByOne = batch.size() <= 4;
    if (oneByOne) {
        for (const Pending& pending : batch)
            if (!pending.temp.empty()) syncFile(pending.temp);
    } else {
        syncFileSystem(m_archive);
    }
    // Files first, then their manifest lines: a run killed in between leaves records that no
    // line names yet, which the next run's repairManifest announces (it never leaves a line
    // for a record that is not there).
    std::set<std::filesystem::path> folders;
    for (const Pending& pending : batch) {
        std::filesystem::path dir = pending.target.parent_path();
        if (pending.temp.empty()) {
            folders.insert(dir);  // a file in place: only stale copies to remove
        } else {
            if (folders.insert(dir).second) std::filesystem::create_directories(dir);
            if (::rename(pending.temp.c_str(), pending.target.c_str()) != 0)
                throw std::system_error(errno, std::generic_category(),
                                        "cannot rename into " + pending.target.string());
            faults::durableStep("rename", pending.target);
        }
        std::error_code error;
        for (const auto& path : pending.stale) {
            std::filesystem::remove(path, error);
            folders.insert(path.parent_path());
        }
    }
    if (oneByOne) {
        for (const auto& dir : folders)
            syncFile(dir);
    } else {
        syncFileSystem(m_archive);
    }
    std::vector<Poco::JSON::Object::Ptr> lines, unannounced;
    for (const Pending& pending : batch)
        (pending.temp.empty() ? unannounced : lines).push_back(pending.line);
    std::filesystem::path manifest = m_archive / "records.ndjson";
    appendManifestLines(manifest, std::move(lines), m_seqs);
    if (unannounced.empty()) return;
    if (std::size_t added = appendMissingManifestLines(manifest, std::move(unannounced), m_seqs))
        spdlog::warn(
            "{} records were in place without their manifest line (the worker that wrote them "
            "died): lines appended",
            added);
}

}  // namespace jikji::stages
