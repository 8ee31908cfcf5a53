#include "pipeline/sql_state_store.h"

#include "pipeline/state_store_sql.h"

namespace jikji {

using namespace Poco::Data::Keywords;
using Poco::Data::Statement;

namespace {

std::string selectUrls(std::string_view condition) {
    return "SELECT " + std::string(sql::kUrlColumns) + " FROM urls WHERE " + std::string(condition);
}

}  // namespace

std::string SqlStateStore::sql(std::string_view statement) const {
    if (m_placeholders == Placeholders::QuestionMarks) return std::string(statement);
    std::string out;
    out.reserve(statement.size() + 16);
    int next = 0;
    bool quoted = false;
    for (char c : statement) {
        if (c == '\'') quoted = !quoted;
        if (c == '?' && !quoted)
            out += "$" + std::to_string(++next);
        else
            out += c;
    }
    return out;
}

std::vector<UrlRecord> SqlStateStore::rows(Statement& statement) {
    return sql::urlRecords(statement);
}

int SqlStateStore::schemaVersion() {
    return m_version;
}

bool SqlStateStore::schedule(const UrlSpec& spec, std::int64_t pass) {
    std::lock_guard lock(m_mutex);
    return scheduleLocked(spec, pass);
}

std::vector<UrlRecord> SqlStateStore::awaitingDiscovery(const std::string& source,
                                                        std::size_t limit) {
    std::lock_guard lock(m_mutex);
    std::string src = source;
    std::int64_t max = static_cast<std::int64_t>(limit);
    Statement statement(*m_session);
    statement << sql(selectUrls("source=? AND state='fetched' ORDER BY id LIMIT ?")), use(src),
        use(max);
    return rows(statement);
}

std::optional<UrlRecord> SqlStateStore::find(std::int64_t id) {
    std::lock_guard lock(m_mutex);
    Statement statement(*m_session);
    statement << sql(selectUrls("id=?")), use(id);
    std::vector<UrlRecord> found = rows(statement);
    if (found.empty()) return std::nullopt;
    return found[0];
}

std::string SqlStateStore::keyCondition() const {
    // PostgreSQL's unique index is on the digests of url and body (long values do not fit).
    return m_placeholders == Placeholders::QuestionMarks
               ? "source=? AND method=? AND url=? AND body=?"
               : "source=? AND method=? AND md5(url)=md5(?) AND md5(body)=md5(?)";
}

std::optional<UrlRecord> SqlStateStore::findUrl(const UrlSpec& spec) {
    std::lock_guard lock(m_mutex);
    std::string source = spec.source, method = spec.method, url = spec.url, body = spec.body;
    Statement statement(*m_session);
    statement << sql(selectUrls(keyCondition())), use(source), use(method), use(url), use(body);
    std::vector<UrlRecord> found = rows(statement);
    if (found.empty()) return std::nullopt;
    return found[0];
}

void SqlStateStore::linkAttachmentLocked(const UrlSpec& spec) {
    if (spec.kind != UrlKind::Attachment || spec.parentId == 0) return;
    Poco::Data::Session& s = *m_session;
    std::string source = spec.source, method = spec.method, url = spec.url, body = spec.body;
    std::vector<std::int64_t> ids;
    s << sql("SELECT id FROM urls WHERE " + keyCondition()), into(ids), use(source), use(method),
        use(url), use(body), now;
    if (ids.empty()) return;
    std::int64_t parent = spec.parentId, child = ids[0];
    std::int64_t known = 0;
    s << sql("SELECT COUNT(*) FROM links WHERE parent_id=? AND child_id=?"), into(known),
        use(parent), use(child), now;
    if (known > 0) return;
    s << sql("INSERT INTO links (parent_id, child_id) VALUES (?, ?)"), use(parent), use(child), now;
    s << sql("UPDATE urls SET extracted=0 WHERE id=?"), use(parent), now;
}

std::vector<UrlRecord> SqlStateStore::children(std::int64_t parentId) {
    std::lock_guard lock(m_mutex);
    Statement statement(*m_session);
    statement << sql(
        selectUrls("parent_id=? OR id IN (SELECT child_id FROM links WHERE parent_id=?) ORDER "
                   "BY id")),
        use(parentId), use(parentId);
    return rows(statement);
}

std::vector<UrlRecord> SqlStateStore::itemsToExtract(const std::string& source, std::size_t limit) {
    std::lock_guard lock(m_mutex);
    std::string src = source;
    std::int64_t max = static_cast<std::int64_t>(limit);
    Statement statement(*m_session);
    statement << sql(
        selectUrls("source=? AND kind='item' AND state IN ('done', 'withdrawn') AND "
                   "digest<>'' AND extracted=0 ORDER BY id LIMIT ?")),
        use(src), use(max);
    return rows(statement);
}

std::vector<UrlRecord> SqlStateStore::capturedItems(const std::string& source) {
    std::lock_guard lock(m_mutex);
    std::string src = source;
    Statement statement(*m_session);
    statement << sql(selectUrls("source=? AND kind='item' AND digest<>'' ORDER BY id")), use(src);
    return rows(statement);
}

bool SqlStateStore::hasWork(const std::string& source) {
    std::lock_guard lock(m_mutex);
    std::string src = source;
    std::int64_t count = 0;
    *m_session << sql(
        "SELECT COUNT(*) FROM urls WHERE source=? AND state IN ('pending', "
        "'leased', 'fetched')"),
        into(count), use(src), now;
    return count > 0;
}

std::map<std::string, std::int64_t> SqlStateStore::countByState(std::int64_t pass) {
    std::lock_guard lock(m_mutex);
    std::vector<std::string> states;
    std::vector<std::int64_t> counts;
    *m_session << sql("SELECT state, COUNT(*) FROM urls WHERE ?=0 OR pass=? GROUP BY state"),
        into(states), into(counts), use(pass), use(pass), now;
    std::map<std::string, std::int64_t> out;
    for (std::size_t i = 0; i < states.size(); ++i)
        out[states[i]] = counts[i];
    return out;
}

std::vector<UrlRecord> SqlStateStore::failures(std::int64_t pass) {
    std::lock_guard lock(m_mutex);
    Statement statement(*m_session);
    statement << sql(selectUrls("state='failed' AND pass=? ORDER BY id")), use(pass);
    return rows(statement);
}

void SqlStateStore::recordWithdrawn(std::int64_t id, const std::string& error, int httpStatus,
                                    const std::string& at) {
    std::lock_guard lock(m_mutex);
    std::string text = error, when = at;
    *m_session << sql(
        "UPDATE urls SET state='withdrawn', last_error=?, http_status=?, "
        "withdrawn_at=?, extracted=0, lease_owner='', lease_until=0 WHERE id=?"),
        use(text), use(httpStatus), use(when), use(id), now;
}

std::vector<UrlRecord> SqlStateStore::withdrawn() {
    std::lock_guard lock(m_mutex);
    Statement statement(*m_session);
    statement << selectUrls("state='withdrawn' ORDER BY id");
    return rows(statement);
}

std::vector<UrlRecord> SqlStateStore::parked() {
    std::lock_guard lock(m_mutex);
    Statement statement(*m_session);
    statement << selectUrls("state='parked' ORDER BY id");
    return rows(statement);
}

}  // namespace jikji
