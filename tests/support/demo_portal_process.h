#pragma once

#include <Poco/Process.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace jikji::test {

/// One line of the demo portal's request log.
struct PortalRequest {
    long long ms = 0;  ///< when the request arrived, milliseconds since the epoch
    std::string method;
    std::string target;
    int status = 0;
    std::string cookie;  ///< the Cookie header it brought (spaces removed), "" when none
};

/// The demo portal (`jikji-demo-portal`) on a free port of 127.0.0.1, logging every request to
/// `dir/requests.log` (`dir` is made when missing), serving `root` when given (else its own
/// site); stopped when the object goes.
class DemoPortalProcess {
  public:
    DemoPortalProcess(const std::filesystem::path& binary, const std::filesystem::path& dir,
                      const std::filesystem::path& root = {});
    ~DemoPortalProcess();
    DemoPortalProcess(const DemoPortalProcess&) = delete;
    DemoPortalProcess& operator=(const DemoPortalProcess&) = delete;
    int port() const { return m_port; }
    std::string url(const std::string& path) const {
        return "http://127.0.0.1:" + std::to_string(m_port) + path;
    }
    /// The requests logged so far, in the order they arrived.
    std::vector<PortalRequest> requests() const;
    /// The log once it holds at least `count` lines (slow answers are logged when they end).
    std::vector<PortalRequest> requestsAtLeast(std::size_t count) const;

  private:
    std::filesystem::path m_log;
    std::unique_ptr<Poco::ProcessHandle> m_handle;
    int m_port = 0;
};

/// What demoPortalConfig() changes in fixtures/portal/demo.json besides the port and archive.
struct DemoConfig {
    std::string state{};  ///< the state store; empty: `sqlite:` ARCHIVE/jikji.db
    int delayMs = 0;      ///< the politeness delay of every source
    int boardPages = 0;   ///< when not 0, how many list pages of `demo-board` are read
};

/// fixtures/portal/demo.json for `portal`, writing into `archive`.
std::string demoPortalConfig(const DemoPortalProcess& portal, const std::filesystem::path& archive,
                             const DemoConfig& options = {});

/// Changes the item rules an archive of the demo portal was crawled with (ARCHIVE/sources.json),
/// so that a reprocess rewrites every record: `summary` is read into `fields.abstract`, and
/// `department` (demo-egov has no summary) into `fields.writer`.
void changeDemoRules(const std::filesystem::path& archive);

}  // namespace jikji::test
