#pragma once

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include <filesystem>
#include <memory>
#include <mutex>

#include "pipeline/state_store.h"

namespace jikji {

/// The embedded StateStore: one SQLite file through Poco::Data (WAL journal), one connection
/// guarded by a mutex.
class SqliteStateStore final : public StateStore {
  public:
    /// Opens or creates the database; throws std::runtime_error when it cannot.
    explicit SqliteStateStore(const std::filesystem::path& file);
    ~SqliteStateStore() override;

    PassInfo beginPass() override;
    void finishPass(std::int64_t pass) override;
    bool schedule(const UrlSpec& spec, std::int64_t pass) override;
    std::optional<UrlRecord> lease(const std::string& source, const std::string& owner,
                                   int leaseSeconds) override;
    void recordFetched(std::int64_t id, const FetchOutcome& outcome) override;
    void recordFailure(std::int64_t id, const std::string& error, std::uint32_t attempts,
                       int httpStatus) override;
    void recordBlocked(std::int64_t id, const std::string& reason) override;
    std::vector<UrlRecord> awaitingDiscovery(const std::string& source, std::size_t limit) override;
    bool isKnown(const UrlSpec& spec, std::int64_t pass) override;
    void completeDiscovery(std::int64_t id, const std::vector<UrlSpec>& links,
                           std::int64_t pass) override;
    std::optional<UrlRecord> find(std::int64_t id) override;
    std::vector<UrlRecord> children(std::int64_t parentId) override;
    std::vector<UrlRecord> itemsToExtract(const std::string& source, std::size_t limit) override;
    void markExtracted(std::int64_t id) override;
    std::vector<UrlRecord> capturedItems(const std::string& source) override;
    bool hasWork(const std::string& source) override;
    std::map<std::string, std::int64_t> countByState(std::int64_t pass) override;
    std::vector<UrlRecord> failures(std::int64_t pass) override;
    std::vector<UrlRecord> parked() override;
    int schemaVersion() override;

  private:
    bool scheduleLocked(const UrlSpec& spec, std::int64_t pass);
    std::vector<UrlRecord> rows(Poco::Data::Statement& statement);

    std::mutex m_mutex;
    std::unique_ptr<Poco::Data::Session> m_session;
    int m_version = 0;
};

}  // namespace jikji
