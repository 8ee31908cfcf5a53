#include "isolation.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <new>
#include <string>

#include "document_wire.h"
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

[[noreturn]] void runChild(int fd, const std::function<Document()>& work,
                           const IsolationLimits& limits) {
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
    try {
        return decodeDocument(output);
    } catch (const std::exception& error) {
        return failure(format, mediaType, Status::Corrupt, "converter_failed", error.what());
    }
}

}  // namespace jikji
