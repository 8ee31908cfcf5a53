#include "tests/support/postgres.h"

#include <unistd.h>

#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/Process.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>

#include "pipeline/postgres_state_store.h"
#include "tests/support/fixtures.h"

namespace jikji::test {

namespace {

namespace fs = std::filesystem;

fs::path script() {
    return sourceDir() / "tests/support/pg_scratch.sh";
}

/// A server started by this process, stopped when it exits.
class OwnServer {
  public:
    OwnServer() : m_dir(makeTempDir("pg-scratch")) {
        Poco::Process::launch("/bin/sh", {script().string(), "start", m_dir.string()}).wait();
    }
    ~OwnServer() {
        Poco::Process::launch("/bin/sh", {script().string(), "stop", m_dir.string()}).wait();
        fs::remove_all(m_dir);
    }
    fs::path dir() const { return m_dir; }

  private:
    fs::path m_dir;
};

std::optional<std::string> serverUri() {
    fs::path dir = JIKJI_PG_SCRATCH_DIR;
    if (const char* env = std::getenv("JIKJI_PG_SCRATCH_DIR")) dir = env;
    if (!fs::exists(dir / "uri") && !std::getenv("JIKJI_PG_SCRATCH_DIR")) {
        static std::unique_ptr<OwnServer> own;
        static std::once_flag started;
        std::call_once(started, [] { own = std::make_unique<OwnServer>(); });
        dir = own->dir();
    }
    if (!fs::exists(dir / "uri")) return std::nullopt;
    std::string uri;
    std::ifstream(dir / "uri") >> uri;
    return uri;
}

}  // namespace

std::optional<std::string> scratchDatabase() {
    std::optional<std::string> server = serverUri();
    if (!server) return std::nullopt;
    static std::atomic<int> counter{0};
    std::string name = "t" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    Poco::Data::PostgreSQL::Connector::registerConnector();
    Poco::Data::Session session("PostgreSQL", postgresConnectionString(*server));
    session << "CREATE DATABASE " + name, Poco::Data::Keywords::now;
    return server->substr(0, server->rfind('/') + 1) + name;
}

}  // namespace jikji::test
