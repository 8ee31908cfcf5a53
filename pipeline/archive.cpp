#include "pipeline/archive.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <mutex>

#include <fcntl.h>
#include <pthread.h>
#include <sys/file.h>
#include <unistd.h>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/SHA2Engine.h>
#include <unicode/unistr.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <system_error>

#include "pipeline/atomic_file.h"
#include "pipeline/json_writer.h"
#include "pipeline/limits.h"
#include "pipeline/unicode.h"

namespace jikji {

namespace {

std::string hex(std::string_view bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char c : bytes) {
        out.push_back(kDigits[c >> 4]);
        out.push_back(kDigits[c & 15]);
    }
    return out;
}

bool isDigest(const std::string& digest) {
    if (digest.size() != 64) return false;
    for (char c : digest)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

}  // namespace

std::string headerValueToUtf8(std::string_view raw) {
    if (unicode::isValidUtf8(raw)) return std::string(raw);
    icu::UnicodeString text(raw.data(), static_cast<int32_t>(raw.size()), "windows-949");
    std::string out;
    text.toUTF8String(out);
    return out;
}

Poco::JSON::Object::Ptr CaptureInfo::toJson() const {
    auto object = makeObject();
    object->set("url", jsonString(url));
    object->set("final_url", jsonString(finalUrl.empty() ? url : finalUrl));
    object->set("method", method);
    object->set("request_body", jsonString(requestBody));
    object->set("status", status);
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
    for (const auto& [name, value] : headers) {
        auto header = makeObject();
        header->set("name", jsonString(name));
        header->set("value", headerValueToUtf8(value));
        if (!unicode::isValidUtf8(value)) header->set("raw_hex", hex(value));
        list->add(header);
    }
    object->set("headers", list);
    object->set("fetched_at", fetchedAt);
    if (!contentEncoding.empty()) object->set("content_encoding_decoded", contentEncoding);
    return object;
}

CaptureInfo CaptureInfo::fromJson(const Poco::JSON::Object::Ptr& object) {
    CaptureInfo info;
    info.url = object->optValue<std::string>("url", "");
    info.finalUrl = object->optValue<std::string>("final_url", "");
    info.method = object->optValue<std::string>("method", "GET");
    info.requestBody = object->optValue<std::string>("request_body", "");
    info.status = object->optValue<int>("status", 0);
    if (Poco::JSON::Array::Ptr list = object->getArray("headers"))
        for (std::size_t i = 0; i < list->size(); ++i)
            if (auto header = list->getObject(static_cast<unsigned>(i)))
                info.headers.emplace_back(header->optValue<std::string>("name", ""),
                                          header->optValue<std::string>("value", ""));
    info.fetchedAt = object->optValue<std::string>("fetched_at", "");
    info.contentEncoding = object->optValue<std::string>("content_encoding_decoded", "");
    return info;
}

std::string sha256Hex(std::string_view bytes) {
    Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
    engine.update(bytes.data(), static_cast<unsigned>(bytes.size()));
    const Poco::DigestEngine::Digest& digest = engine.digest();
    return hex(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
}

CaptureStore::CaptureStore(std::filesystem::path archive)
    : m_root(archive / "captures" / "sha256"), m_temp(archive / "tmp") {}

void CaptureStore::removeStaleTemporaries() {
    std::error_code error;
    std::filesystem::remove_all(m_temp, error);
}

std::filesystem::path CaptureStore::blobPath(const std::string& digest) const {
    if (!isDigest(digest)) throw std::invalid_argument("not a sha256 digest: " + digest);
    return m_root / digest.substr(0, 2) / digest;
}

std::filesystem::path CaptureStore::relativeBlobPath(const std::string& digest) {
    if (!isDigest(digest)) throw std::invalid_argument("not a sha256 digest: " + digest);
    return std::filesystem::path("captures") / "sha256" / digest.substr(0, 2) / digest;
}

std::filesystem::path CaptureStore::sidecarPath(const std::string& digest) const {
    std::filesystem::path path = blobPath(digest);
    path += ".json";
    return path;
}

bool CaptureStore::has(const std::string& digest) const {
    return std::filesystem::exists(blobPath(digest));
}

std::string CaptureStore::put(std::string_view bytes, const CaptureInfo& info) {
    std::string digest = sha256Hex(bytes);
    std::filesystem::path blob = blobPath(digest);
    // Temporary files go to ARCHIVE/tmp so that captures/ only ever holds whole files.
    if (!std::filesystem::exists(blob) || !intact(digest)) writeFileAtomically(blob, bytes, m_temp);
    std::filesystem::path side = sidecarPath(digest);
    if (!std::filesystem::exists(side))
        writeFileAtomically(side, toJsonString(info.toJson()), m_temp);
    return digest;
}

std::string CaptureStore::get(const std::string& digest) const {
    return readFile(blobPath(digest), limits::kMaxInputBytes);
}

std::string CaptureStore::verified(const std::string& digest) const {
    std::string bytes;
    try {
        bytes = get(digest);
    } catch (const std::runtime_error&) {
        if (!has(digest)) throw CaptureError(CaptureError::Kind::Missing, digest);
        throw;
    }
    if (sha256Hex(bytes) != digest) throw CaptureError(CaptureError::Kind::Damaged, digest);
    return bytes;
}

bool CaptureStore::intact(const std::string& digest) const {
    try {
        verified(digest);
        return true;
    } catch (const std::runtime_error&) {
        return false;
    }
}

CaptureError::CaptureError(Kind kind, std::string digest)
    : std::runtime_error((kind == Kind::Missing ? "capture missing: " : "capture damaged: ") +
                         digest),
      m_kind(kind),
      m_digest(std::move(digest)) {}

std::string_view CaptureError::code() const {
    return m_kind == Kind::Missing ? "capture_missing" : "capture_damaged";
}

CaptureInfo CaptureStore::sidecar(const std::string& digest) const {
    std::string text = readFile(sidecarPath(digest), limits::kMaxSidecarBytes);
    Poco::JSON::Parser parser;
    return CaptureInfo::fromJson(parser.parse(text).extract<Poco::JSON::Object::Ptr>());
}

std::string headerValue(const std::vector<std::pair<std::string, std::string>>& headers,
                        std::string_view name) {
    auto same = [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) ==
               std::tolower(static_cast<unsigned char>(b));
    };
    for (const auto& [key, value] : headers)
        if (key.size() == name.size() && std::equal(key.begin(), key.end(), name.begin(), same))
            return value;
    return {};
}

namespace {

// The descriptor of the lock this process holds. A forked child (an isolated converter) must not
// keep it: the lock would outlive a run killed with SIGKILL for as long as the child runs.
std::atomic<int> g_heldLock{-1};

void closeLockInChild() {
    int fd = g_heldLock.load();
    if (fd >= 0) ::close(fd);
}

}  // namespace

ArchiveLock::ArchiveLock(const std::filesystem::path& archive, LockMode mode) : m_mode(mode) {
    static std::once_flag atFork;
    std::call_once(atFork, [] { ::pthread_atfork(nullptr, nullptr, closeLockInChild); });
    std::filesystem::create_directories(archive);
    std::filesystem::path path = archive / "jikji.lock";
    m_fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (m_fd < 0)
        throw std::system_error(errno, std::generic_category(), "cannot open " + path.string());
    if (::flock(m_fd, (mode == LockMode::Shared ? LOCK_SH : LOCK_EX) | LOCK_NB) != 0) {
        int saved = errno;
        ::close(m_fd);
        m_fd = -1;
        if (saved == EWOULDBLOCK)
            throw LockHeldError("archive " + archive.string() + " is locked by another run (" +
                                path.string() + ")");
        throw std::system_error(saved, std::generic_category(), "cannot lock " + path.string());
    }
    g_heldLock = m_fd;
    // A previous holder that did not mark its end clean left `<pid> <start ns>` (older versions:
    // `<pid>` alone, then the file's time stands for the start).
    char buffer[128] = {};
    ssize_t got = ::pread(m_fd, buffer, sizeof buffer - 1, 0);
    auto start = std::filesystem::file_time_type::clock::now();
    if (got > 0) {
        long long pid = 0, nanoseconds = 0;
        int fields = std::sscanf(buffer, "%lld %lld", &pid, &nanoseconds);
        if (fields == 2 && nanoseconds > 0) {
            start =
                std::chrono::file_clock::from_sys(std::chrono::sys_time<std::chrono::nanoseconds>(
                    std::chrono::nanoseconds(nanoseconds)));
        } else {
            std::error_code error;
            start = std::filesystem::last_write_time(path, error);
            if (error) start = std::filesystem::file_time_type::min();
        }
        m_uncleanSince = start;
    }
    // Shards of one round: the first one's mark stands for all (the earliest start).
    if (mode == LockMode::Shared && got > 0) return;
    // Nanoseconds since 1970 (the file clock's own epoch is the library's choice).
    auto unixTime = std::chrono::duration_cast<std::chrono::nanoseconds>(
        std::chrono::file_clock::to_sys(start).time_since_epoch());
    std::string content =
        std::to_string(::getpid()) + " " + std::to_string(unixTime.count()) + "\n";
    if (::ftruncate(m_fd, 0) == 0) (void)!::pwrite(m_fd, content.data(), content.size(), 0);
    ::fsync(m_fd);
}

void ArchiveLock::markClean() {
    if (m_mode == LockMode::Shared) return;
    if (m_fd >= 0 && ::ftruncate(m_fd, 0) == 0) ::fsync(m_fd);
}

ArchiveLock::~ArchiveLock() {
    if (m_fd < 0) return;
    int held = m_fd;
    g_heldLock.compare_exchange_strong(held, -1);
    ::close(m_fd);
}

}  // namespace jikji
