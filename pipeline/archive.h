#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <Poco/JSON/Object.h>

namespace jikji {

/// The value of the first header called `name` (compared without case), or "" when absent.
std::string headerValue(const std::vector<std::pair<std::string, std::string>>& headers,
                        std::string_view name);

/// How a response was captured; written beside its blob as `<digest>.json`.
struct CaptureInfo {
    std::string url;       ///< the URL asked for
    std::string finalUrl;  ///< after redirects
    std::string method = "GET";
    std::string requestBody;
    int status = 0;
    std::vector<std::pair<std::string, std::string>> headers;  ///< in received order
    std::string fetchedAt;                                     ///< ISO 8601 UTC with milliseconds
    std::string contentEncoding;  ///< the transfer coding that was decoded (gzip, deflate)

    std::string header(std::string_view name) const { return headerValue(headers, name); }

    Poco::JSON::Object::Ptr toJson() const;
    static CaptureInfo fromJson(const Poco::JSON::Object::Ptr& object);
};

/// A capture that cannot be trusted: its blob is missing, or its bytes no longer match the
/// digest that names them. A record is never built from it.
class CaptureError : public std::runtime_error {
  public:
    enum class Kind { Missing, Damaged };
    CaptureError(Kind kind, std::string digest);
    Kind kind() const { return m_kind; }
    const std::string& digest() const { return m_digest; }
    /// `capture_missing` or `capture_damaged`: the run report's and validate's name for it.
    std::string_view code() const;

  private:
    Kind m_kind;
    std::string m_digest;
};

/// Content-addressed, immutable store of every captured body:
/// `captures/sha256/ab/<digest>` and its sidecar `<digest>.json`. Every file appears atomically.
class CaptureStore {
  public:
    explicit CaptureStore(std::filesystem::path archive);

    /// Removes the temporary files of runs that died while writing (ARCHIVE/tmp). Call it only
    /// while holding the archive lock.
    void removeStaleTemporaries();

    /// Stores `bytes` once and returns their lowercase hex SHA-256. The first sidecar written for
    /// a digest stays; a missing one (a run killed between the two writes) is written again, and
    /// so is a blob whose bytes no longer match its name (damaged on disk).
    std::string put(std::string_view bytes, const CaptureInfo& info);
    /// The stored bytes (std::runtime_error when absent).
    std::string get(const std::string& digest) const;
    /// The stored bytes after hashing them: CaptureError when the blob is missing or its bytes
    /// do not match `digest`.
    std::string verified(const std::string& digest) const;
    /// True when the blob is present and its bytes match `digest`.
    bool intact(const std::string& digest) const;
    CaptureInfo sidecar(const std::string& digest) const;
    bool has(const std::string& digest) const;

    std::filesystem::path blobPath(const std::string& digest) const;
    /// `captures/sha256/ab/<digest>`: where a blob lives relative to the archive.
    static std::filesystem::path relativeBlobPath(const std::string& digest);
    std::filesystem::path sidecarPath(const std::string& digest) const;

  private:
    std::filesystem::path m_root;
    std::filesystem::path m_temp;
};

/// Lowercase hex SHA-256 of `bytes`.
std::string sha256Hex(std::string_view bytes);

/// The archive's lock file `jikji.lock`, held with flock(2) for the life of this object, so a
/// process that dies releases it. Throws LockHeldError when another process holds it.
///
/// The file also says whether the last run ended cleanly: it holds `<pid> <start>` while a run
/// works and is emptied by markClean(). A run killed, or stopped by an archive error, leaves it
/// full, and the next run learns when the unclean stretch began (uncleanSince) so that it can
/// repair what such a run may leave behind (a record written whose manifest line is missing).
///
/// The shards of one `reprocess --shard I/N` round hold it shared (LockMode::Shared): any
/// number of them at once, never beside an exclusive holder (an ingest, an unsharded reprocess).
/// A shard never marks the archive clean (it cannot know whether another shard was killed): the
/// next exclusive run checks what the round wrote.
enum class LockMode { Exclusive, Shared };

class ArchiveLock {
  public:
    explicit ArchiveLock(const std::filesystem::path& archive, LockMode mode = LockMode::Exclusive);
    ~ArchiveLock();
    ArchiveLock(const ArchiveLock&) = delete;
    ArchiveLock& operator=(const ArchiveLock&) = delete;

    /// When the first run that did not end cleanly started (runs since then did not end cleanly
    /// either); nothing when the last run ended cleanly.
    std::optional<std::filesystem::file_time_type> uncleanSince() const { return m_uncleanSince; }
    /// Records that this run leaves the archive consistent.
    void markClean();

  private:
    int m_fd = -1;
    LockMode m_mode = LockMode::Exclusive;
    std::optional<std::filesystem::file_time_type> m_uncleanSince;
};

class LockHeldError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// Header values as JSON-safe text: UTF-8 when valid, otherwise decoded as CP949 (Korean servers
/// send raw CP949 in `Content-Disposition`).
std::string headerValueToUtf8(std::string_view raw);

}  // namespace jikji
