#pragma once

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "pipeline/state_store.h"

namespace jikji {

/// What the SQLite and PostgreSQL stores share: one Poco::Data session guarded by a mutex, the
/// queries that read `urls` the same way in both dialects, and scheduling under the lock.
/// Statements are written with `?` placeholders; numbered() makes them `$1, $2, …` for
/// PostgreSQL.
class SqlStateStore : public StateStore {
  public:
    bool schedule(const UrlSpec& spec, std::int64_t pass) override;
    std::vector<UrlRecord> awaitingDiscovery(const std::string& source, std::size_t limit) override;
    std::optional<UrlRecord> find(std::int64_t id) override;
    std::optional<UrlRecord> findUrl(const UrlSpec& spec) override;
    std::vector<UrlRecord> children(std::int64_t parentId) override;
    std::vector<UrlRecord> itemsToExtract(const std::string& source, std::size_t limit) override;
    std::vector<UrlRecord> capturedItems(const std::string& source) override;
    bool hasWork(const std::string& source) override;
    std::map<std::string, std::int64_t> countByState(std::int64_t pass) override;
    std::vector<UrlRecord> failures(std::int64_t pass) override;
    std::vector<UrlRecord> parked() override;
    void recordWithdrawn(std::int64_t id, const std::string& error, int httpStatus,
                         const std::string& at) override;
    std::vector<UrlRecord> withdrawn() override;
    int schemaVersion() override;

  protected:
    enum class Placeholders { QuestionMarks, Numbered };
    explicit SqlStateStore(Placeholders placeholders) : m_placeholders(placeholders) {}

    /// Inserts or re-schedules one URL; the caller holds m_mutex. Returns whether it was known
    /// from an earlier pass with a capture.
    virtual bool scheduleLocked(const UrlSpec& spec, std::int64_t pass) = 0;
    /// Links the attachment `spec` (scheduled already) to the item that links it; a link new to
    /// an item that had its record built makes the record due again. The caller holds m_mutex.
    void linkAttachmentLocked(const UrlSpec& spec);
    /// `statement` in this store's placeholder style.
    std::string sql(std::string_view statement) const;
    /// Executes a SELECT of sql::kUrlColumns and reads its rows.
    static std::vector<UrlRecord> rows(Poco::Data::Statement& statement);

    std::mutex m_mutex;
    std::unique_ptr<Poco::Data::Session> m_session;
    int m_version = 0;

  private:
    /// The condition on a URL's key (source, method, url, body), four placeholders.
    std::string keyCondition() const;

    Placeholders m_placeholders;
};

}  // namespace jikji
