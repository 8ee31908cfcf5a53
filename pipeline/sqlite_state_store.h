#pragma once

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include <filesystem>
#include <memory>
#include <mutex>

#include "pipeline/sql_state_store.h"

namespace jikji {

/// The embedded StateStore: one SQLite file through Poco::Data (WAL journal), one connection
/// guarded by a mutex.
class SqliteStateStore final : public SqlStateStore {
  public:
    /// Opens or creates the database; throws std::runtime_error when it cannot.
    explicit SqliteStateStore(const std::filesystem::path& file);
    ~SqliteStateStore() override;

    PassInfo beginPass() override;
    void finishPass(std::int64_t pass) override;
    std::optional<UrlRecord> lease(const std::string& source, const std::string& owner,
                                   int leaseSeconds) override;
    void recordFetched(std::int64_t id, const FetchOutcome& outcome) override;
    void recordFailure(std::int64_t id, const std::string& error, std::uint32_t attempts,
                       int httpStatus) override;
    void recordBlocked(std::int64_t id, const std::string& reason) override;
    bool isKnown(const UrlSpec& spec, std::int64_t pass) override;
    void completeDiscovery(std::int64_t id, const std::vector<UrlSpec>& links,
                           std::int64_t pass) override;
    void markExtracted(std::int64_t id) override;
    /// URLs leased and not taken up (a run stopped by --max-items or a signal) go back to
    /// pending, so that a run that ended cleanly leaves no lease counted.
    void releaseLeases(const std::string& owner) override;

  private:
    SqlRows query(const std::string& statement, const std::vector<SqlValue>& params) override;
    bool scheduleLocked(const UrlSpec& spec, std::int64_t pass) override;

    std::unique_ptr<Poco::Data::Session> m_session;
};

}  // namespace jikji
