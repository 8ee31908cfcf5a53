#include "pipeline/state_store.h"

#include <stdexcept>

#include "pipeline/postgres_state_store.h"
#include "pipeline/sqlite_state_store.h"
#include "pipeline/state_store_sql.h"

namespace jikji {

std::string toString(UrlKind kind) {
    switch (kind) {
        case UrlKind::List:
            return "list";
        case UrlKind::Item:
            return "item";
        case UrlKind::Attachment:
            return "attachment";
    }
    return "item";
}

std::string toString(UrlState state) {
    switch (state) {
        case UrlState::Pending:
            return "pending";
        case UrlState::Leased:
            return "leased";
        case UrlState::Fetched:
            return "fetched";
        case UrlState::Done:
            return "done";
        case UrlState::Failed:
            return "failed";
        case UrlState::Blocked:
            return "blocked";
        case UrlState::Parked:
            return "parked";
        case UrlState::Withdrawn:
            return "withdrawn";
    }
    return "pending";
}

UrlKind urlKindFromString(const std::string& text) {
    if (text == "list") return UrlKind::List;
    if (text == "attachment") return UrlKind::Attachment;
    return UrlKind::Item;
}

UrlState urlStateFromString(const std::string& text) {
    for (UrlState state :
         {UrlState::Pending, UrlState::Leased, UrlState::Fetched, UrlState::Done, UrlState::Failed,
          UrlState::Blocked, UrlState::Parked, UrlState::Withdrawn})
        if (toString(state) == text) return state;
    return UrlState::Pending;
}

namespace {

[[noreturn]] void notShared(const char* what) {
    throw std::logic_error(std::string(what) + " needs a shared state store (postgresql://…)");
}

}  // namespace

void StateStore::recordWithdrawn(std::int64_t, const std::string&, int, const std::string&) {
    throw std::logic_error("this state store cannot mark items withdrawn");
}
std::vector<UrlRecord> StateStore::withdrawn() {
    return {};
}
void StateStore::renewLeases(const std::string&, int) {}
void StateStore::releaseLeases(const std::string&) {}
std::optional<int> StateStore::tryStartRequest(const std::string&, const std::string&, unsigned,
                                               std::int64_t, int, std::int64_t& waitMs) {
    waitMs = 0;
    return 0;
}
void StateStore::endRequest(const std::string&, int, std::int64_t) {}
void StateStore::holdHost(const std::string&, std::int64_t) {}
std::vector<UrlRecord> StateStore::leaseSome(const std::string& source, const std::string& owner,
                                             int leaseSeconds, std::size_t) {
    std::vector<UrlRecord> out;
    if (std::optional<UrlRecord> one = lease(source, owner, leaseSeconds))
        out.push_back(std::move(*one));
    return out;
}
void StateStore::markAllExtracted(const std::vector<std::int64_t>& ids) {
    for (std::int64_t id : ids)
        markExtracted(id);
}
std::vector<UrlRecord> StateStore::claimExtractions(const std::string&, const std::string&, int,
                                                    std::size_t) {
    notShared("claimExtractions");
}
std::optional<UrlRecord> StateStore::claimExtraction(const std::string& source,
                                                     const std::string& owner, int leaseSeconds) {
    std::vector<UrlRecord> claimed = claimExtractions(source, owner, leaseSeconds, 1);
    if (claimed.empty()) return std::nullopt;
    return std::move(claimed[0]);
}
void StateStore::failExtraction(std::int64_t, const std::string&) {
    notShared("failExtraction");
}
RoundInfo StateStore::beginRound() {
    notShared("beginRound");
}
std::vector<UrlRecord> StateStore::claimReprocesses(const std::string&, std::int64_t,
                                                    const std::string&, int, std::size_t) {
    notShared("claimReprocesses");
}
std::optional<UrlRecord> StateStore::claimReprocess(const std::string& source, std::int64_t round,
                                                    const std::string& owner, int leaseSeconds) {
    std::vector<UrlRecord> claimed = claimReprocesses(source, round, owner, leaseSeconds, 1);
    if (claimed.empty()) return std::nullopt;
    return std::move(claimed[0]);
}
void StateStore::finishReprocesses(const std::vector<std::int64_t>&, std::int64_t) {
    notShared("finishReprocesses");
}
std::uint64_t StateStore::appendWithSeqs(
    const std::function<std::uint64_t(std::uint64_t)>& append) {
    return append(0);
}
std::int64_t StateStore::roundRemaining(std::int64_t) {
    notShared("roundRemaining");
}

std::unique_ptr<StateStore> openStateStore(const std::string& state) {
    if (state.starts_with("sqlite:"))
        return std::make_unique<SqliteStateStore>(state.substr(std::string_view("sqlite:").size()));
    if (state.starts_with("postgresql://") || state.starts_with("postgres://"))
        return std::make_unique<PostgresStateStore>(state);
    throw std::runtime_error("unknown state store \"" + state + "\"");
}

namespace sql {

int migrate(Poco::Data::Session& session, int current, const std::vector<Migration>& migrations,
            const std::function<void(int)>& record, bool transactional) {
    int last = migrations.empty() ? 0 : migrations.back().version;
    if (current > last)
        throw std::runtime_error("it was written by a newer jikji (schema " +
                                 std::to_string(current) + ", this one knows " +
                                 std::to_string(last) + ")");
    for (const Migration& migration : migrations) {
        if (migration.version <= current) continue;
        if (transactional) session.begin();
        try {
            for (const std::string& statement : migration.statements)
                session << statement, Poco::Data::Keywords::now;
            record(migration.version);
            if (transactional) session.commit();
        } catch (...) {
            if (transactional) session.rollback();
            throw;
        }
        current = migration.version;
    }
    return current;
}

}  // namespace sql

}  // namespace jikji
