#include "isolation.h"

#include <fcntl.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>

#include "document_wire.h"
#include "fault_injection.h"
#include "limits.h"

#if defined(__SANITIZE_ADDRESS__)
#define JIKJI_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define JIKJI_ASAN 1
#endif
#endif

namespace jikji {

namespace {

constexpr int kExitOutOfMemory = 5;
// The child found its parent gone before it started.
constexpr int kExitParentGone = 6;

Document failure(std::string_view format, std::string_view mediaType, Status status,
                 std::string code, std::string message) {
    Document document;
    document.format = format;
    document.mediaType = mediaType;
    document.status = status;
    document.warnings.push_back(Warning{std::move(code), std::move(message), {}});
    return document;
}

[[maybe_unused]] std::uint64_t currentAddressSpace() {
    std::ifstream statm("/proc/self/statm");
    std::uint64_t pages = 0;
    statm >> pages;
    return pages * static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
}

void writeAll(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        ssize_t wrote = ::write(fd, bytes.data(), bytes.size());
        if (wrote < 0) {
            if (errno == EINTR) continue;
            ::_exit(4);
        }
        bytes.remove_prefix(static_cast<std::size_t>(wrote));
    }
}

void limitChild(const IsolationLimits& limits) {
    struct rlimit noCore {
        0, 0
    };
    ::setrlimit(RLIMIT_CORE, &noCore);
#ifndef JIKJI_ASAN
    // AddressSanitizer reserves terabytes of address space; a limit would break it.
    std::uint64_t cap = currentAddressSpace() + limits.memoryBytes;
    struct rlimit memory {
        cap, cap
    };
    ::setrlimit(RLIMIT_AS, &memory);
#endif
}

[[noreturn]] void runChild(int fd, const std::function<Document()>& work,
                           const IsolationLimits& limits) {
    limitChild(limits);
    try {
        Document document = work();
        writeAll(fd, encodeDocument(document));
    } catch (const std::bad_alloc&) {
        ::_exit(kExitOutOfMemory);
    } catch (...) {
        ::_exit(3);
    }
    ::close(fd);
    ::_exit(0);
}

// What a child's end says about its request, or nothing when it ended normally.
std::optional<Document> childFailure(int status, bool timedOut, bool tooLarge,
                                     const IsolationLimits& limits, std::string_view format,
                                     std::string_view mediaType) {
    if (timedOut)
        return failure(format, mediaType, Status::LimitExceeded, "timeout",
                       "conversion took longer than " + std::to_string(limits.timeout.count()) +
                           " ms and was stopped");
    if (tooLarge)
        return failure(format, mediaType, Status::LimitExceeded, "output_limit",
                       "conversion produced more output than the limit");
    if (WIFSIGNALED(status)) {
        int signal = WTERMSIG(status);
        if (signal == SIGKILL)
            return failure(format, mediaType, Status::LimitExceeded, "memory_limit",
                           "conversion was killed (out of memory)");
        return failure(format, mediaType, Status::Corrupt, "converter_crashed",
                       "conversion crashed with signal " + std::to_string(signal) + " (" +
                           ::strsignal(signal) + ")");
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == kExitOutOfMemory)
        return failure(format, mediaType, Status::LimitExceeded, "memory_limit",
                       "conversion ran out of its memory limit");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return failure(format, mediaType, Status::Corrupt, "converter_failed",
                       "conversion process exited with code " +
                           std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1));
    return std::nullopt;
}

}  // namespace

Document runIsolated(const std::function<Document()>& work, const IsolationLimits& limits,
                     std::string_view format, std::string_view mediaType) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
        return failure(format, mediaType, Status::LimitExceeded, "isolation_failed",
                       std::string("cannot create pipe: ") + ::strerror(errno));
    pid_t parent = ::getpid();
    pid_t pid = ::fork();
    if (pid < 0) {
        ::close(fds[0]);
        ::close(fds[1]);
        return failure(format, mediaType, Status::LimitExceeded, "isolation_failed",
                       std::string("cannot fork: ") + ::strerror(errno));
    }
    if (pid == 0) {
        ::close(fds[0]);
        // A run killed with SIGKILL takes its converters with it.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent) ::_exit(kExitParentGone);
        runChild(fds[1], work, limits);
    }
    ::close(fds[1]);

    std::string output;
    bool timedOut = false;
    bool tooLarge = false;
    auto deadline = std::chrono::steady_clock::now() + limits.timeout;
    char buffer[1 << 16];
    for (;;) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            timedOut = true;
            break;
        }
        struct pollfd pfd {
            fds[0], POLLIN, 0
        };
        int ready = ::poll(&pfd, 1, static_cast<int>(std::min<long long>(left.count(), 1000)));
        if (ready < 0 && errno != EINTR) break;
        if (ready <= 0) continue;
        ssize_t got = ::read(fds[0], buffer, sizeof buffer);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) break;
        output.append(buffer, static_cast<std::size_t>(got));
        if (output.size() > 4 * limits::kMaxTextBytes) {
            tooLarge = true;
            break;
        }
    }
    ::close(fds[0]);
    if (timedOut || tooLarge) ::kill(pid, SIGKILL);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }

    if (std::optional<Document> failed =
            childFailure(status, timedOut, tooLarge, limits, format, mediaType))
        return std::move(*failed);
    try {
        return decodeDocument(output);
    } catch (const std::exception& error) {
        return failure(format, mediaType, Status::Corrupt, "converter_failed", error.what());
    }
}

namespace {

// The parent ends of every worker's socket: a new child closes those of its siblings, or a
// sibling would keep a dead parent's socket open and never see it go. Lock-free, because a
// child may be forked while another thread registers a worker.
// Zero-initialised; a slot holds fd + 1, so 0 is free.
std::array<std::atomic<int>, 256> g_parentEnds;

void registerParentEnd(int fd) {
    for (auto& end : g_parentEnds) {
        int expected = 0;
        if (end.compare_exchange_strong(expected, fd + 1)) return;
    }
}

void unregisterParentEnd(int fd) {
    for (auto& end : g_parentEnds) {
        int expected = fd + 1;
        if (end.compare_exchange_strong(expected, 0)) return;
    }
}

// Sends `head` then `body` as one stream, without joining them first (a request's body is the
// whole input document).
bool sendAll(int fd, std::string_view head, std::string_view body = {}) {
    while (!head.empty() || !body.empty()) {
        struct iovec parts[2] = {{const_cast<char*>(head.data()), head.size()},
                                 {const_cast<char*>(body.data()), body.size()}};
        struct msghdr message {};
        message.msg_iov = head.empty() ? parts + 1 : parts;
        message.msg_iovlen = head.empty() ? 1 : 2;
        ssize_t sent = ::sendmsg(fd, &message, MSG_NOSIGNAL);
        if (sent < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        auto done = static_cast<std::size_t>(sent);
        std::size_t fromHead = std::min(done, head.size());
        head.remove_prefix(fromHead);
        body.remove_prefix(done - fromHead);
    }
    return true;
}

bool readExactly(int fd, char* out, std::size_t size) {
    while (size > 0) {
        ssize_t got = ::read(fd, out, size);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) return false;
        out += got;
        size -= static_cast<std::size_t>(got);
    }
    return true;
}

std::string lengthPrefix(std::uint64_t length) {
    return std::string(reinterpret_cast<const char*>(&length), sizeof length);
}

// Requests are length-prefixed; the answer is a length-prefixed encoded document.
[[noreturn]] void serveRequests(int fd, const IsolatedWorker::Handler& handler,
                                const IsolationLimits& limits) {
    limitChild(limits);
    // The heap a document freed is kept for the next one instead of going back to the kernel,
    // which would fault every page of it in again (about 2 us a page on this machine). glibc
    // ends up so by itself once a worker frees a block of many megabytes (its thresholds
    // follow the largest freed), but only in a worker that happened to get such a document.
    // Corpus batch: page faults 15.7 K at --jobs 1 and 25.7 K at --jobs 2 before, 10.6 K and
    // 12.4 K after; the peak RSS of a process stays under 48 MiB.
    ::mallopt(M_MMAP_THRESHOLD, 32 << 20);
    ::mallopt(M_TRIM_THRESHOLD, 64 << 20);
    for (;;) {
        std::uint64_t length = 0;
        if (!readExactly(fd, reinterpret_cast<char*>(&length), sizeof length)) ::_exit(0);
        if (length > 2 * limits::kMaxInputBytes) ::_exit(3);
        try {
            std::string request(static_cast<std::size_t>(length), '\0');
            if (!readExactly(fd, request.data(), request.size())) ::_exit(0);
            std::string answer = encodeDocument(handler(request));
            if (!sendAll(fd, lengthPrefix(answer.size()), answer)) ::_exit(0);
        } catch (const std::bad_alloc&) {
            ::_exit(kExitOutOfMemory);
        } catch (...) {
            ::_exit(3);
        }
    }
}

}  // namespace

IsolatedWorker::IsolatedWorker(Handler handler, IsolationLimits limits, unsigned maxRequests)
    : m_handler(std::move(handler)), m_limits(limits), m_maxRequests(std::max(1u, maxRequests)) {}

IsolatedWorker::~IsolatedWorker() {
    stop();
}

void IsolatedWorker::start() {
    if (m_pid > 0) return;
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) return;
    pid_t parent = ::getpid();
    pid_t pid = ::fork();
    if (pid < 0) {
        ::close(fds[0]);
        ::close(fds[1]);
        return;
    }
    if (pid == 0) {
        ::close(fds[0]);
        for (auto& end : g_parentEnds)
            if (int slot = end.load(); slot > 0) ::close(slot - 1);
        // A worker never outlives the run that started it, even one killed with SIGKILL.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent) ::_exit(0);
        serveRequests(fds[1], m_handler, m_limits);
    }
    ::close(fds[1]);
    m_pid = pid;
    m_fd = fds[0];
    m_served = 0;
    registerParentEnd(m_fd);
}

void IsolatedWorker::startChild() {
    // A child killed with kill() is reaped before another is started.
    if (m_killed) endChild();
    if (m_pid > 0) return;
    if (m_starter)
        m_starter(*this);
    else
        start();
}

void IsolatedWorker::stop() {
    kill();
    endChild();
}

void IsolatedWorker::kill() {
    m_pending.clear();
    m_queuedBytes = 0;
    killChild();
}

void IsolatedWorker::killChild() {
    m_unsent = false;
    if (m_pid <= 0 || m_killed) return;
    unregisterParentEnd(m_fd);
    ::close(m_fd);
    m_fd = -1;
    ::kill(m_pid, SIGKILL);
    m_killed = true;
}

void IsolatedWorker::endChild() {
    killChild();
    if (m_pid <= 0) return;
    while (::waitpid(m_pid, nullptr, 0) < 0 && errno == EINTR) {
    }
    m_pid = -1;
    m_killed = false;
}

Document IsolatedWorker::run(std::string request, std::string_view format,
                             std::string_view mediaType) {
    submit(std::move(request));
    return collect(format, mediaType);
}

bool IsolatedWorker::canQueue(std::size_t size) const {
    return m_pending.empty() || m_queuedBytes + size <= kMaxQueuedBytes;
}

void IsolatedWorker::submit(std::string request) {
    if (!canQueue(request.size()))
        throw std::logic_error("request queued behind another is too large");
    bool idle = m_pending.empty();
    if (idle) {
        m_headSince = std::chrono::steady_clock::now();
    } else {
        m_queuedBytes += request.size();
    }
    m_pending.push_back(std::move(request));
    startChild();
    if (m_pid <= 0) return;
    if (sendAll(m_fd, lengthPrefix(m_pending.back().size()), m_pending.back())) return;
    // The child is gone (killed from outside). Idle, it takes no request with it: a fresh one
    // takes this one. Busy, it may have answered first: collect() reads what it left, then
    // resends what it never got.
    if (idle)
        resendPending();
    else
        m_unsent = true;
}

void IsolatedWorker::resendPending() {
    endChild();
    m_headSince = std::chrono::steady_clock::now();
    if (m_pending.empty()) return;
    startChild();
    for (const std::string& request : m_pending) {
        if (m_pid > 0 && !sendAll(m_fd, lengthPrefix(request.size()), request)) {
            // Gone again at once: collect() turns the first request into a failure.
            endChild();
            break;
        }
    }
}

Document IsolatedWorker::collect(std::string_view format, std::string_view mediaType) {
    if (m_pending.empty()) throw std::logic_error("no request to collect");
    // The request that was answered (or failed) leaves the queue; those behind it stay.
    auto popHead = [this] {
        m_pending.pop_front();
        if (!m_pending.empty()) m_queuedBytes -= m_pending.front().size();
        m_headSince = std::chrono::steady_clock::now();
    };
    if (m_pid <= 0) {
        std::string why = ::strerror(errno);
        popHead();
        resendPending();
        return failure(format, mediaType, Status::LimitExceeded, "isolation_failed",
                       "cannot start a worker process: " + why);
    }

    auto deadline = m_headSince + m_limits.timeout;
    std::string answer;
    std::uint64_t expected = 0;
    bool haveLength = false;
    bool timedOut = false;
    bool tooLarge = false;
    bool ended = false;
    char buffer[1 << 16];
    for (;;) {
        if (haveLength && answer.size() == expected) break;
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            timedOut = true;
            break;
        }
        struct pollfd pfd {
            m_fd, POLLIN, 0
        };
        int ready = ::poll(&pfd, 1, static_cast<int>(std::min<long long>(left.count(), 1000)));
        if (ready < 0 && errno != EINTR) {
            ended = true;
            break;
        }
        if (ready <= 0) continue;
        std::size_t want = sizeof buffer;
        if (!haveLength)
            want = sizeof expected - answer.size();
        else
            want = std::min<std::uint64_t>(want, expected - answer.size());
        ssize_t got = ::read(m_fd, buffer, want);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) {
            ended = true;
            break;
        }
        answer.append(buffer, static_cast<std::size_t>(got));
        if (!haveLength && answer.size() == sizeof expected) {
            std::memcpy(&expected, answer.data(), sizeof expected);
            answer.clear();
            haveLength = true;
            if (expected > 4 * limits::kMaxTextBytes) {
                tooLarge = true;
                break;
            }
        }
    }
    if (timedOut || tooLarge || ended) {
        int status = 0;
        if (timedOut || tooLarge) ::kill(m_pid, SIGKILL);
        unregisterParentEnd(m_fd);
        ::close(m_fd);
        while (::waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
        }
        m_pid = -1;
        m_fd = -1;
        popHead();
        resendPending();
        if (std::optional<Document> failed =
                childFailure(status, timedOut, tooLarge, m_limits, format, mediaType))
            return std::move(*failed);
        return failure(format, mediaType, Status::Corrupt, "converter_failed",
                       "conversion process ended without an answer");
    }
    popHead();
    // Retired after its quota, or unable to say what it answered: the requests behind go to a
    // fresh child (one retirement in maxRequests may redo part of a conversion).
    bool retire = ++m_served >= m_maxRequests;
    try {
        Document document = decodeDocument(answer);
        if (retire || m_unsent) resendPending();
        return document;
    } catch (const std::exception& error) {
        resendPending();
        return failure(format, mediaType, Status::Corrupt, "converter_failed", error.what());
    }
}

std::string encodeConversionRequest(std::string_view bytes, std::string_view name) {
    auto length = static_cast<std::uint32_t>(name.size());
    std::string request(reinterpret_cast<const char*>(&length), sizeof length);
    request.reserve(sizeof length + name.size() + bytes.size());
    request += name;
    request += bytes;
    return request;
}

IsolatedWorker::Handler conversionHandler(ConvertFunction convert) {
    return [convert = std::move(convert)](std::string_view request) {
        std::uint32_t length = 0;
        if (request.size() < sizeof length) throw std::runtime_error("short request");
        std::memcpy(&length, request.data(), sizeof length);
        request.remove_prefix(sizeof length);
        if (request.size() < length) throw std::runtime_error("short request");
        std::string_view name = request.substr(0, length);
        faults::injectConversionFault(name);
        return convert(request.substr(length), name);
    };
}

}  // namespace jikji
