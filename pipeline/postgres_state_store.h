#pragma once

#include <functional>
#include <string>

#include "pipeline/sql_state_store.h"

struct pg_conn;
struct pg_result;

namespace jikji {

/// The shared StateStore: one PostgreSQL database that several workers (processes, machines)
/// use at once. Work is claimed with `FOR UPDATE SKIP LOCKED` and a lease that runs out when its
/// worker dies (a live worker renews it); a URL whose leases run out too often is parked.
/// Politeness is shared through the `hosts` and `host_slots` tables; times come from the
/// server's clock so that machines with skewed clocks agree. The schema is created and migrated
/// by versioned migrations recorded in `schema_version`. One libpq connection per object,
/// guarded by a mutex; every statement is one round trip (no prepared statement to create and
/// drop), and the hot paths (leases, claims, politeness, the heartbeat) are one statement each.
class PostgresStateStore final : public SqlStateStore {
  public:
    /// Connects (`postgresql://user[:password]@host[:port]/db[?param=value…]`) and migrates the
    /// schema; throws std::runtime_error when it cannot.
    explicit PostgresStateStore(const std::string& uri);
    ~PostgresStateStore() override;
    PostgresStateStore(const PostgresStateStore&) = delete;
    PostgresStateStore& operator=(const PostgresStateStore&) = delete;

    PassInfo beginPass() override;
    void finishPass(std::int64_t pass) override;
    std::optional<UrlRecord> lease(const std::string& source, const std::string& owner,
                                   int leaseSeconds) override;
    std::vector<UrlRecord> leaseSome(const std::string& source, const std::string& owner,
                                     int leaseSeconds, std::size_t max) override;
    void recordFetched(std::int64_t id, const FetchOutcome& outcome) override;
    void recordFailure(std::int64_t id, const std::string& error, std::uint32_t attempts,
                       int httpStatus) override;
    void recordBlocked(std::int64_t id, const std::string& reason) override;
    bool isKnown(const UrlSpec& spec, std::int64_t pass) override;
    void completeDiscovery(std::int64_t id, const std::vector<UrlSpec>& links,
                           std::int64_t pass) override;
    void markExtracted(std::int64_t id) override;
    void markAllExtracted(const std::vector<std::int64_t>& ids) override;
    std::vector<UrlRecord> parked() override;

    bool shared() const override { return true; }
    void renewLeases(const std::string& owner, int leaseSeconds) override;
    void releaseLeases(const std::string& owner) override;
    std::optional<int> tryStartRequest(const std::string& host, const std::string& owner,
                                       unsigned concurrency, std::int64_t delayMs, int slotSeconds,
                                       std::int64_t& waitMs) override;
    void endRequest(const std::string& host, int slot, std::int64_t delayMs) override;
    void holdHost(const std::string& host, std::int64_t delayMs) override;
    std::vector<UrlRecord> claimExtractions(const std::string& source, const std::string& owner,
                                            int leaseSeconds, std::size_t max) override;
    void failExtraction(std::int64_t id, const std::string& error) override;
    RoundInfo beginRound() override;
    std::vector<UrlRecord> claimReprocesses(const std::string& source, std::int64_t round,
                                            const std::string& owner, int leaseSeconds,
                                            std::size_t max) override;
    void finishReprocesses(const std::vector<std::int64_t>& ids, std::int64_t round) override;
    std::int64_t roundRemaining(std::int64_t round) override;
    std::uint64_t appendWithSeqs(
        const std::function<std::uint64_t(std::uint64_t)>& append) override;
    /// The last manifest seq the store handed out (0 before the first).
    std::uint64_t manifestSeq();

    /// How many expired leases a URL survives before it is parked.
    static constexpr int kMaxClaims = 3;
    /// How many failed record builds an item gets before it is left alone.
    static constexpr int kMaxExtractAttempts = 3;

  private:
    SqlRows query(const std::string& statement, const std::vector<SqlValue>& params) override;
    /// Runs statements without parameters, separated by `;`, in one round trip; returns the
    /// last one's rows.
    SqlRows script(const std::string& statements);
    /// The rows of a libpq result (which it frees); throws Poco::Data::DataException for an
    /// error (its code kRetryable for a deadlock or a serialisation failure).
    SqlRows rowsOf(pg_result* result);
    bool scheduleLocked(const UrlSpec& spec, std::int64_t pass) override;
    void linkAttachmentLocked(const UrlSpec& spec) override;
    /// Runs `body` in a transaction, again when the server aborted it for a deadlock or a
    /// serialisation failure. The caller holds m_mutex.
    void transaction(const std::function<void()>& body);
    void rollback();
    void advisoryLock(std::int64_t key);
    /// Runs `update` (an `UPDATE urls u … FROM next`, with NOW_MS for the server's clock) and
    /// returns the rows it claimed, in lease order. With `lapsed`, `next` has a column `lapsed`
    /// (1 when an earlier claim on the row ran out unfinished), read into UrlRecord::reclaimed.
    /// The caller holds m_mutex.
    std::vector<UrlRecord> claim(const std::string& update, const std::vector<SqlValue>& params,
                                 bool lapsed = false);

    pg_conn* m_connection = nullptr;
};

/// `postgresql://user:secret@host:5432/db?sslmode=require` as the libpq keyword/value string
/// (`host=… port=… user=… password=… dbname=… sslmode=…`). Throws std::runtime_error for
/// anything else.
std::string postgresConnectionString(const std::string& uri);

}  // namespace jikji
