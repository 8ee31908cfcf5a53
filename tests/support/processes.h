#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace jikji::test {

/// How a child process ended.
struct ProcessResult {
    int exitCode = -1;  ///< -1 when it died by a signal
    int signal = 0;     ///< the signal that killed it, 0 when it exited
    std::string out;
    std::string err;
    long maxRssKiB = 0;  ///< its peak resident memory (wait4)
};

/// Runs the jikji executable with `args` and extra environment variables, waiting for it.
/// Output goes through files in `scratch`.
ProcessResult runJikjiWith(const std::vector<std::string>& args,
                           const std::map<std::string, std::string>& env,
                           const std::filesystem::path& scratch);

/// The demo portal (build/jikji-demo-portal) on a free port of 127.0.0.1, stopped when the object
/// goes; its request log lives in `dir`.
class PortalProcess {
  public:
    explicit PortalProcess(const std::filesystem::path& dir);
    ~PortalProcess();
    PortalProcess(const PortalProcess&) = delete;
    PortalProcess& operator=(const PortalProcess&) = delete;

    int port() const { return m_port; }
    std::string url(const std::string& path) const;

  private:
    int m_pid = -1;
    int m_port = 0;
};

/// fixtures/portal/demo.json for `portal`, with politeness delays of 0, writing into `archive`;
/// `boardPages` (when not 0) limits the list pages of the `demo-board` source.
std::string demoPortalConfig(const PortalProcess& portal, const std::filesystem::path& archive,
                             int boardPages = 0);

}  // namespace jikji::test
