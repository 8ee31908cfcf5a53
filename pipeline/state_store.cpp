#include "pipeline/state_store.h"

#include <Poco/Data/RecordSet.h>

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
std::optional<UrlRecord> StateStore::claimExtraction(const std::string&, const std::string&, int) {
    notShared("claimExtraction");
}
void StateStore::failExtraction(std::int64_t, const std::string&) {
    notShared("failExtraction");
}
RoundInfo StateStore::beginRound() {
    notShared("beginRound");
}
std::optional<UrlRecord> StateStore::claimReprocess(const std::string&, std::int64_t,
                                                    const std::string&, int) {
    notShared("claimReprocess");
}
void StateStore::finishReprocess(std::int64_t, std::int64_t) {
    notShared("finishReprocess");
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

std::vector<UrlRecord> urlRecords(Poco::Data::Statement& statement) {
    statement.execute();
    Poco::Data::RecordSet set(statement);
    std::vector<UrlRecord> out;
    for (bool more = set.moveFirst(); more; more = set.moveNext()) {
        UrlRecord r;
        r.id = set["id"].convert<std::int64_t>();
        r.spec.source = set["source"].convert<std::string>();
        r.spec.kind = urlKindFromString(set["kind"].convert<std::string>());
        r.spec.url = set["url"].convert<std::string>();
        r.spec.method = set["method"].convert<std::string>();
        r.spec.body = set["body"].convert<std::string>();
        r.spec.contentType = set["content_type"].convert<std::string>();
        r.spec.parentId = set["parent_id"].convert<std::int64_t>();
        r.spec.pageNo = set["page_no"].convert<std::uint32_t>();
        r.spec.linkText = set["link_text"].convert<std::string>();
        r.state = urlStateFromString(set["state"].convert<std::string>());
        r.attempts = set["attempts"].convert<std::uint32_t>();
        r.lastError = set["last_error"].convert<std::string>();
        r.etag = set["etag"].convert<std::string>();
        r.lastModified = set["last_modified"].convert<std::string>();
        r.digest = set["digest"].convert<std::string>();
        r.httpStatus = set["http_status"].convert<int>();
        r.fetchedAt = set["fetched_at"].convert<std::string>();
        r.finalUrl = set["final_url"].convert<std::string>();
        r.responseType = set["response_type"].convert<std::string>();
        r.pass = set["pass"].convert<std::int64_t>();
        r.firstPass = set["first_pass"].convert<std::int64_t>();
        r.changed = set["changed"].convert<int>() != 0;
        r.extracted = set["extracted"].convert<int>() != 0;
        r.withdrawnAt = set["withdrawn_at"].convert<std::string>();
        out.push_back(std::move(r));
    }
    return out;
}

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
