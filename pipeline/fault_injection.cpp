#include "pipeline/fault_injection.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace jikji::faults {

namespace {

struct Settings {
    unsigned long killAt = 0;
    // JIKJI_TEST_KILL_ON: the step's name, a part of its path, and which one of them.
    std::string killOnWhat, killOnText;
    unsigned long killOnCount = 0;
    unsigned long termAt = 0;
    unsigned long failWriteAt = 0;
    int logFd = -1;
};

unsigned long number(const char* name) {
    const char* value = std::getenv(name);
    return value && *value ? std::strtoul(value, nullptr, 10) : 0;
}

const Settings& settings() {
    static const Settings loaded = [] {
        Settings s;
        s.killAt = number("JIKJI_TEST_KILL_AT");
        s.termAt = number("JIKJI_TEST_TERM_AT");
        s.failWriteAt = number("JIKJI_TEST_FAIL_WRITE_AT");
        if (const char* on = std::getenv("JIKJI_TEST_KILL_ON"); on && *on) {
            std::string spec = on;
            std::size_t first = spec.find(':'), last = spec.rfind(':');
            if (first != std::string::npos && last > first) {
                s.killOnWhat = spec.substr(0, first);
                s.killOnText = spec.substr(first + 1, last - first - 1);
                s.killOnCount = std::strtoul(spec.c_str() + last + 1, nullptr, 10);
            }
        }
        if (const char* log = std::getenv("JIKJI_TEST_STEP_LOG"); log && *log)
            s.logFd = ::open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        return s;
    }();
    return loaded;
}

std::atomic<unsigned long> g_steps{0};
std::atomic<unsigned long> g_matchingSteps{0};
std::atomic<unsigned long> g_writes{0};

}  // namespace

void durableStep(std::string_view what, const std::filesystem::path& path) {
    const Settings& s = settings();
    if (s.killAt == 0 && s.termAt == 0 && s.killOnCount == 0 && s.logFd < 0) return;
    unsigned long step = ++g_steps;
    if (s.logFd >= 0) {
        std::string line =
            std::to_string(step) + " " + std::string(what) + " " + path.string() + "\n";
        (void)!::write(s.logFd, line.data(), line.size());
    }
    if (step == s.killAt) ::raise(SIGKILL);
    if (s.killOnCount != 0 && what == s.killOnWhat &&
        path.string().find(s.killOnText) != std::string::npos && ++g_matchingSteps == s.killOnCount)
        ::raise(SIGKILL);
    if (step == s.termAt) ::raise(SIGTERM);
}

bool failThisWrite() {
    const Settings& s = settings();
    return s.failWriteAt != 0 && ++g_writes == s.failWriteAt;
}

void injectConversionFault(std::string_view name) {
    // Read at each call, not once: a test sets it before it builds the pool that forks workers.
    const char* set = std::getenv("JIKJI_TEST_CONVERT_FAULT");
    if (!set || !*set) return;
    std::string_view fault = set;
    std::size_t colon = fault.find(':');
    if (colon == std::string_view::npos || fault.substr(colon + 1) != name) return;
    std::string_view kind = fault.substr(0, colon);
    if (kind == "crash") ::raise(SIGSEGV);
    if (kind == "hang")
        for (;;)
            ::pause();
    if (kind == "hog") {
        // Kept reachable so that no allocation is optimised away; each block touched once.
        static std::vector<std::unique_ptr<char[]>> hog;
        for (;;) {
            hog.emplace_back(new char[64u << 20]);
            hog.back()[0] = 1;
        }
    }
    if (kind == "throw") throw std::runtime_error("injected conversion fault");
}

}  // namespace jikji::faults
