#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "pipeline/state_store.h"

namespace jikji {

/// A statement's parameter: a number or a text.
using SqlValue = std::variant<std::int64_t, std::string>;

/// What a statement returned: its column names and its rows, every value as text (NULL as "").
struct SqlRows {
    std::vector<std::string> columns;
    std::vector<std::vector<std::string>> values;

    std::size_t size() const { return values.size(); }
    bool empty() const { return values.empty(); }
    const std::string& text(std::size_t row, std::size_t column) const {
        return values.at(row).at(column);
    }
    std::int64_t number(std::size_t row, std::size_t column) const;
    /// The UrlRecords of a statement that selected sql::kUrlColumns (read by name).
    std::vector<UrlRecord> urlRecords() const;
};

/// What the SQLite and PostgreSQL stores share: one connection guarded by a mutex, the queries
/// that read `urls` the same way in both dialects, and scheduling under the lock. Each dialect
/// runs statements through query(); shared statements are written with `?` placeholders, which
/// sql() makes `$1, $2, …` for PostgreSQL.
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

    /// Runs one statement and returns its rows; the caller holds m_mutex.
    virtual SqlRows query(const std::string& statement, const std::vector<SqlValue>& params) = 0;
    /// Inserts or re-schedules one URL; the caller holds m_mutex. Returns whether it was known
    /// from an earlier pass with a capture.
    virtual bool scheduleLocked(const UrlSpec& spec, std::int64_t pass) = 0;
    /// Links the attachment `spec` (scheduled already) to the item that links it; a link new to
    /// an item that had its record built makes the record due again. The caller holds m_mutex.
    virtual void linkAttachmentLocked(const UrlSpec& spec);
    /// `statement` in this store's placeholder style.
    std::string sql(std::string_view statement) const;
    /// The URLs that satisfy `condition` (with `?` placeholders); the caller holds m_mutex.
    std::vector<UrlRecord> selectUrls(std::string_view condition,
                                      const std::vector<SqlValue>& params);
    /// The condition on a URL's key (source, method, url, body), four placeholders.
    std::string keyCondition() const;

    std::mutex m_mutex;
    int m_version = 0;

  private:
    Placeholders m_placeholders;
};

}  // namespace jikji
