#include "pipeline/sqlite_state_store.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/SQLite/SQLiteException.h>

#include <chrono>

#include <stdexcept>
#include "pipeline/fault_injection.h"

#include "pipeline/state_store_sql.h"

namespace jikji {

using namespace Poco::Data::Keywords;
using Poco::Data::Statement;

namespace {

/// The schema, one migration per PRAGMA user_version. Version 1 is the schema of the first
/// release (its statements keep IF NOT EXISTS: stores of that release are at version 1).
const std::vector<sql::Migration>& migrations() {
    static const std::vector<sql::Migration> list{
        {1,
         {"CREATE TABLE IF NOT EXISTS passes (pass INTEGER PRIMARY KEY, started_at INTEGER "
          "NOT NULL, finished_at INTEGER NOT NULL DEFAULT 0)",
          "CREATE TABLE IF NOT EXISTS urls ("
          "id INTEGER PRIMARY KEY, source TEXT NOT NULL, kind TEXT NOT NULL, url TEXT NOT "
          "NULL, method TEXT NOT NULL, body TEXT NOT NULL, content_type TEXT NOT NULL, "
          "parent_id INTEGER NOT NULL DEFAULT 0, page_no INTEGER NOT NULL DEFAULT 0, "
          "link_text TEXT NOT NULL DEFAULT '', state TEXT NOT NULL, "
          "attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT NOT NULL DEFAULT '', "
          "etag TEXT NOT NULL DEFAULT '', last_modified TEXT NOT NULL DEFAULT '', "
          "digest TEXT NOT NULL DEFAULT '', http_status INTEGER NOT NULL DEFAULT 0, "
          "fetched_at TEXT NOT NULL DEFAULT '', final_url TEXT NOT NULL DEFAULT '', "
          "response_type TEXT NOT NULL DEFAULT '', pass INTEGER NOT NULL, first_pass INTEGER "
          "NOT NULL, changed INTEGER NOT NULL DEFAULT 0, extracted INTEGER NOT NULL DEFAULT 0, "
          "lease_owner TEXT NOT NULL DEFAULT '', lease_until INTEGER NOT NULL DEFAULT 0, "
          "UNIQUE (source, method, url, body))",
          "CREATE INDEX IF NOT EXISTS urls_frontier ON urls (source, state, kind, id)",
          "CREATE INDEX IF NOT EXISTS urls_parent ON urls (parent_id)"}},
        // An attachment linked by several items: one URL, a link to each item.
        {2,
         {"CREATE TABLE links (parent_id INTEGER NOT NULL, child_id INTEGER NOT NULL, PRIMARY "
          "KEY (parent_id, child_id))",
          "CREATE INDEX links_child ON links (child_id)",
          "INSERT INTO links (parent_id, child_id) SELECT parent_id, id FROM urls WHERE "
          "kind='attachment' AND parent_id<>0"}},
        {3, {"ALTER TABLE urls ADD COLUMN withdrawn_at TEXT NOT NULL DEFAULT ''"}},
    };
    return list;
}

std::int64_t nowSeconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

SqliteStateStore::SqliteStateStore(const std::filesystem::path& file)
    : SqlStateStore(Placeholders::QuestionMarks) {
    static std::once_flag registered;
    std::call_once(registered, [] { Poco::Data::SQLite::Connector::registerConnector(); });
    try {
        if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
        m_session = std::make_unique<Poco::Data::Session>("SQLite", file.string());
        Poco::Data::Session& s = *m_session;
        std::string mode;
        s << "PRAGMA journal_mode=WAL", into(mode), now;
        s << "PRAGMA synchronous=NORMAL", now;
        s << "PRAGMA busy_timeout=10000", now;
        int version = 0;
        s << "PRAGMA user_version", into(version), now;
        m_version = sql::migrate(s, version, migrations(), [&](int reached) {
            s << "PRAGMA user_version=" + std::to_string(reached), now;
        });
    } catch (const Poco::Exception& error) {
        throw std::runtime_error("cannot open state store " + file.string() + ": " +
                                 error.displayText());
    } catch (const std::runtime_error& error) {
        throw std::runtime_error("cannot open state store " + file.string() + ": " + error.what());
    }
}

SqliteStateStore::~SqliteStateStore() = default;

SqlRows SqliteStateStore::query(const std::string& text, const std::vector<SqlValue>& params) {
    std::vector<SqlValue> bound = params;  // Poco binds references: they live until executed
    Statement statement(*m_session);
    statement << text;
    for (SqlValue& value : bound)
        std::visit([&](auto& v) { statement, use(v); }, value);
    statement.execute();
    SqlRows out;
    if (statement.columnsExtracted() == 0) return out;
    Poco::Data::RecordSet set(statement);
    for (std::size_t c = 0; c < set.columnCount(); ++c)
        out.columns.push_back(set.columnName(c));
    for (bool more = set.moveFirst(); more; more = set.moveNext()) {
        std::vector<std::string>& row = out.values.emplace_back();
        for (std::size_t c = 0; c < set.columnCount(); ++c) {
            const Poco::Dynamic::Var& value = set[c];
            row.push_back(value.isEmpty() ? std::string() : value.convert<std::string>());
        }
    }
    return out;
}

PassInfo SqliteStateStore::beginPass() {
    std::lock_guard lock(m_mutex);
    Poco::Data::Session& s = *m_session;
    // The caller holds the archive lock, so every lease belongs to a run that died.
    s << "UPDATE urls SET state='pending', lease_owner='', lease_until=0 WHERE state='leased'", now;
    std::int64_t open = 0;
    s << "SELECT COALESCE(MAX(pass), 0) FROM passes WHERE finished_at=0", into(open), now;
    if (open > 0) return {open, true};
    std::int64_t last = 0;
    s << "SELECT COALESCE(MAX(pass), 0) FROM passes", into(last), now;
    std::int64_t pass = last + 1;
    std::int64_t started = nowSeconds();
    s << "INSERT INTO passes (pass, started_at) VALUES (?, ?)", use(pass), use(started), now;
    // What failed before is tried again, even when paging stops before its list page.
    s << "UPDATE urls SET state='pending', pass=? WHERE state='failed'", use(pass), now;
    return {pass, false};
}

void SqliteStateStore::finishPass(std::int64_t pass) {
    std::lock_guard lock(m_mutex);
    std::int64_t finished = nowSeconds();
    *m_session << "UPDATE passes SET finished_at=? WHERE pass=?", use(finished), use(pass), now;
}

bool SqliteStateStore::scheduleLocked(const UrlSpec& spec, std::int64_t pass) {
    Poco::Data::Session& s = *m_session;
    std::vector<std::int64_t> ids, passes, firstPasses;
    std::vector<std::string> digests;
    std::string source = spec.source, method = spec.method, url = spec.url, body = spec.body;
    s << "SELECT id, pass, first_pass, digest FROM urls WHERE source=? AND method=? AND url=? AND "
         "body=?",
        into(ids), into(passes), into(firstPasses), into(digests), use(source), use(method),
        use(url), use(body), now;
    if (ids.empty()) {
        std::string kind = toString(spec.kind), contentType = spec.contentType,
                    linkText = spec.linkText;
        std::int64_t parent = spec.parentId;
        std::int64_t page = spec.pageNo;
        s << "INSERT INTO urls (source, kind, url, method, body, content_type, parent_id, "
             "page_no, link_text, state, pass, first_pass) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
             "'pending', ?, ?)",
            use(source), use(kind), use(url), use(method), use(body), use(contentType), use(parent),
            use(page), use(linkText), use(pass), use(pass), now;
        return false;
    }
    bool known = !digests[0].empty() && firstPasses[0] < pass;
    if (passes[0] < pass) {
        std::int64_t id = ids[0];
        std::int64_t page = spec.pageNo;
        std::string linkText = spec.linkText;
        std::int64_t parent = spec.parentId;
        // A withdrawn item is not asked for again.
        s << "UPDATE urls SET state='pending', pass=?, page_no=?, link_text=?, parent_id=?, "
             "last_error='' WHERE id=? AND state<>'withdrawn'",
            use(pass), use(page), use(linkText), use(parent), use(id), now;
    }
    return known;
}

std::optional<UrlRecord> SqliteStateStore::lease(const std::string& source,
                                                 const std::string& owner, int leaseSeconds) {
    std::lock_guard lock(m_mutex);
    std::vector<UrlRecord> found = selectUrls(
        "source=? AND state='pending' ORDER BY CASE kind WHEN 'list' THEN 0 WHEN 'item' THEN 1 "
        "ELSE 2 END, id LIMIT 1",
        {source});
    if (found.empty()) return std::nullopt;
    std::int64_t id = found[0].id;
    std::int64_t until = nowSeconds() + leaseSeconds;
    std::string who = owner;
    *m_session << "UPDATE urls SET state='leased', lease_owner=?, lease_until=? WHERE id=?",
        use(who), use(until), use(id), now;
    found[0].state = UrlState::Leased;
    return found[0];
}

void SqliteStateStore::releaseLeases(const std::string& owner) {
    std::lock_guard lock(m_mutex);
    std::string who = owner;
    *m_session << "UPDATE urls SET state='pending', lease_owner='', lease_until=0 "
                  "WHERE lease_owner=? AND state='leased'",
        use(who), now;
}

void SqliteStateStore::recordFetched(std::int64_t id, const FetchOutcome& outcome) {
    std::lock_guard lock(m_mutex);
    Poco::Data::Session& s = *m_session;
    std::string kind, previous;
    s << "SELECT kind, digest FROM urls WHERE id=?", into(kind), into(previous), use(id), now;
    // Attachments have nothing to discover: they are done once captured.
    std::string state = kind == "attachment" ? "done" : "fetched";
    std::string digest = outcome.digest.empty() ? previous : outcome.digest;
    int changed = !outcome.digest.empty() && outcome.digest != previous ? 1 : 0;
    std::string etag = outcome.etag, lastModified = outcome.lastModified,
                fetchedAt = outcome.fetchedAt, finalUrl = outcome.finalUrl,
                responseType = outcome.responseType;
    int status = outcome.httpStatus;
    std::int64_t attempts = outcome.attempts;
    s.begin();
    try {
        s << "UPDATE urls SET state=?, digest=?, changed=?, extracted=CASE WHEN ?=1 THEN 0 ELSE "
             "extracted END, etag=CASE WHEN ?='' THEN etag ELSE ? END, last_modified=CASE WHEN "
             "?='' THEN last_modified ELSE ? END, final_url=CASE WHEN ?='' THEN final_url ELSE ? "
             "END, response_type=CASE WHEN ?='' THEN response_type ELSE ? END, http_status=?, "
             "fetched_at=?, attempts=attempts+?, last_error='', lease_owner='', lease_until=0 "
             "WHERE id=?",
            use(state), use(digest), use(changed), use(changed), use(etag), use(etag),
            use(lastModified), use(lastModified), use(finalUrl), use(finalUrl), use(responseType),
            use(responseType), use(status), use(fetchedAt), use(attempts), use(id), now;
        // A new attachment capture (one that failed before, an error page the last time) is
        // part of its item's record: the record is built again.
        if (kind == "attachment" && changed)
            s << "UPDATE urls SET extracted=0 WHERE id=(SELECT parent_id FROM urls WHERE id=?)",
                use(id), now;
        s.commit();
    } catch (...) {
        s.rollback();
        throw;
    }
    faults::durableStep("state", "recordFetched");
}

void SqliteStateStore::recordFailure(std::int64_t id, const std::string& error,
                                     std::uint32_t attempts, int httpStatus) {
    std::lock_guard lock(m_mutex);
    std::string text = error;
    std::int64_t count = attempts;
    *m_session << "UPDATE urls SET state='failed', last_error=?, attempts=attempts+?, "
                  "http_status=?, lease_owner='', lease_until=0 WHERE id=?",
        use(text), use(count), use(httpStatus), use(id), now;
    faults::durableStep("state", "recordFailure");
}

void SqliteStateStore::recordBlocked(std::int64_t id, const std::string& reason) {
    std::lock_guard lock(m_mutex);
    std::string text = reason;
    *m_session << "UPDATE urls SET state='blocked', last_error=?, lease_owner='', lease_until=0 "
                  "WHERE id=?",
        use(text), use(id), now;
}

bool SqliteStateStore::isKnown(const UrlSpec& spec, std::int64_t pass) {
    std::lock_guard lock(m_mutex);
    std::string source = spec.source, method = spec.method, url = spec.url, body = spec.body;
    std::int64_t count = 0;
    *m_session << "SELECT COUNT(*) FROM urls WHERE source=? AND method=? AND url=? AND body=? AND "
                  "first_pass<?",
        into(count), use(source), use(method), use(url), use(body), use(pass), now;
    return count > 0;
}

void SqliteStateStore::completeDiscovery(std::int64_t id, const std::vector<UrlSpec>& links,
                                         std::int64_t pass) {
    std::lock_guard lock(m_mutex);
    Poco::Data::Session& s = *m_session;
    s.begin();
    try {
        for (const UrlSpec& link : links) {
            scheduleLocked(link, pass);
            linkAttachmentLocked(link);
        }
        s << "UPDATE urls SET state='done' WHERE id=?", use(id), now;
        s.commit();
    } catch (...) {
        s.rollback();
        throw;
    }
    faults::durableStep("state", "completeDiscovery");
}

void SqliteStateStore::markExtracted(std::int64_t id) {
    std::lock_guard lock(m_mutex);
    *m_session << "UPDATE urls SET extracted=1 WHERE id=?", use(id), now;
    faults::durableStep("state", "markExtracted");
}

}  // namespace jikji
