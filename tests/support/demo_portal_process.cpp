#include "tests/support/demo_portal_process.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "tests/support/fixtures.h"

namespace jikji::test {

namespace fs = std::filesystem;

DemoPortalProcess::DemoPortalProcess(const fs::path& binary, const fs::path& dir,
                                     const fs::path& root)
    : m_log(dir / "requests.log") {
    fs::create_directories(dir);
    fs::path portFile = dir / "port";
    fs::remove(portFile);
    Poco::Process::Args args{"--host",      "127.0.0.1",       "--port", "0",
                             "--port-file", portFile.string(), "--log",  m_log.string()};
    if (!root.empty()) {
        args.push_back("--root");
        args.push_back(root.string());
    }
    m_handle = std::make_unique<Poco::ProcessHandle>(
        Poco::Process::launch(binary.string(), args, nullptr, nullptr, nullptr));
    for (int i = 0; i < 600 && !fs::exists(portFile); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::ifstream(portFile) >> m_port;
}

DemoPortalProcess::~DemoPortalProcess() {
    Poco::Process::requestTermination(m_handle->id());
    m_handle->wait();
}

std::vector<PortalRequest> DemoPortalProcess::requests() const {
    std::vector<PortalRequest> out;
    std::ifstream in(m_log);
    std::string line, iso;
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        PortalRequest r;
        fields >> r.ms >> iso >> r.method >> r.target >> r.status;
        std::string cookie;
        if (fields >> cookie && cookie.starts_with("cookie:")) r.cookie = cookie.substr(7);
        out.push_back(r);
    }
    // Lines are written when an answer ends; order them by when each request arrived.
    std::stable_sort(out.begin(), out.end(),
                     [](const PortalRequest& a, const PortalRequest& b) { return a.ms < b.ms; });
    return out;
}

std::vector<PortalRequest> DemoPortalProcess::requestsAtLeast(std::size_t count) const {
    for (int i = 0; i < 400 && requests().size() < count; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    return requests();
}

std::string demoPortalConfig(const DemoPortalProcess& portal, const fs::path& archive,
                             const DemoConfig& options) {
    std::string text = readBytes(sourceDir() / "fixtures/portal/demo.json");
    auto replaceAll = [&](const std::string& from, const std::string& to) {
        for (std::size_t at = 0; (at = text.find(from, at)) != std::string::npos; at += to.size())
            text.replace(at, from.size(), to);
    };
    replaceAll("${PORT}", std::to_string(portal.port()));
    replaceAll("\"delay_ms\": 50", "\"delay_ms\": " + std::to_string(options.delayMs));
    std::string state =
        options.state.empty() ? "sqlite:" + (archive / "jikji.db").string() : options.state;
    replaceAll("\"sqlite:./archive/demo-portal/jikji.db\"", "\"" + state + "\"");
    replaceAll("\"./archive/demo-portal\"", "\"" + archive.string() + "\"");
    if (options.boardPages > 0)
        replaceAll("\"max_pages\": 50", "\"max_pages\": " + std::to_string(options.boardPages));
    return text;
}

void changeDemoRules(const fs::path& archive) {
    std::string text = readBytes(archive / "sources.json");
    for (std::size_t at; (at = text.find("\"summary\": ")) != std::string::npos;)
        text.replace(at, 11, "\"abstract\": ");
    for (std::size_t at; (at = text.find("\"department\": ")) != std::string::npos;)
        text.replace(at, 14, "\"writer\": ");
    std::ofstream(archive / "sources.json", std::ios::trunc) << text;
}

}  // namespace jikji::test
