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

/// Content-addressed, immutable store of every captured body:
/// `captures/sha256/ab/<digest>` and its sidecar `<digest>.json`. Every file appears atomically.
class CaptureStore {
  public:
    explicit CaptureStore(std::filesystem::path archive);

    /// Removes the temporary files of runs that died while writing (ARCHIVE/tmp). Call it only
    /// while holding the archive lock.
    void removeStaleTemporaries();

    /// Stores `bytes` once and returns their lowercase hex SHA-256. The first sidecar written for
    /// a digest stays; a missing one (a run killed between the two writes) is written again.
    std::string put(std::string_view bytes, const CaptureInfo& info);
    /// The stored bytes (std::runtime_error when absent).
    std::string get(const std::string& digest) const;
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
class ArchiveLock {
  public:
    explicit ArchiveLock(const std::filesystem::path& archive);
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
