#include "tests/support/processes.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "tests/support/fixtures.h"

namespace jikji::test {

namespace fs = std::filesystem;

namespace {

int spawn(const std::string& program, const std::vector<std::string>& args,
          const std::map<std::string, std::string>& env, const fs::path& out, const fs::path& err) {
    std::vector<std::string> argv{program};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> pointers;
    for (std::string& arg : argv)
        pointers.push_back(arg.data());
    pointers.push_back(nullptr);
    pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        // A test killed or stopped in the middle takes its portal and its runs with it.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        for (const auto& [name, value] : env)
            ::setenv(name.c_str(), value.c_str(), 1);
        int outFd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int errFd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int nullFd = ::open("/dev/null", O_RDONLY);
        if (outFd < 0 || errFd < 0 || nullFd < 0) ::_exit(127);
        ::dup2(nullFd, 0);
        ::dup2(outFd, 1);
        ::dup2(errFd, 2);
        ::execv(program.c_str(), pointers.data());
        ::_exit(127);
    }
    return pid;
}

}  // namespace

ProcessResult runJikjiWith(const std::vector<std::string>& args,
                           const std::map<std::string, std::string>& env, const fs::path& scratch) {
    fs::create_directories(scratch);
    fs::path out = scratch / "stdout", err = scratch / "stderr";
    pid_t pid = spawn(jikjiBinary().string(), args, env, out, err);
    int status = 0;
    struct rusage usage {};
    while (::wait4(pid, &status, 0, &usage) < 0)
        if (errno != EINTR) throw std::runtime_error("wait4 failed");
    ProcessResult result;
    if (WIFEXITED(status)) result.exitCode = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
    result.maxRssKiB = usage.ru_maxrss;
    result.out = readBytes(out);
    result.err = readBytes(err);
    return result;
}

}  // namespace jikji::test
