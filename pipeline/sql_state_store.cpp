#include "pipeline/sql_state_store.h"

#include <stdexcept>

#include "pipeline/state_store_sql.h"

namespace jikji {

std::int64_t SqlRows::number(std::size_t row, std::size_t column) const {
    const std::string& value = text(row, column);
    return value.empty() ? 0 : std::stoll(value);
}

std::vector<UrlRecord> SqlRows::urlRecords() const {
    if (values.empty()) return {};
    auto at = [&](std::string_view name) {
        for (std::size_t i = 0; i < columns.size(); ++i)
            if (columns[i] == name) return i;
        throw std::runtime_error("state store: no column " + std::string(name));
    };
    const std::size_t id = at("id"), source = at("source"), kind = at("kind"), url = at("url"),
                      method = at("method"), body = at("body"), contentType = at("content_type"),
                      parentId = at("parent_id"), pageNo = at("page_no"),
                      linkText = at("link_text"), state = at("state"), attempts = at("attempts"),
                      lastError = at("last_error"), etag = at("etag"),
                      lastModified = at("last_modified"), digest = at("digest"),
                      httpStatus = at("http_status"), fetchedAt = at("fetched_at"),
                      finalUrl = at("final_url"), responseType = at("response_type"),
                      pass = at("pass"), firstPass = at("first_pass"), changed = at("changed"),
                      extracted = at("extracted"), withdrawnAt = at("withdrawn_at");
    std::vector<UrlRecord> out;
    out.reserve(values.size());
    for (std::size_t row = 0; row < values.size(); ++row) {
        const std::vector<std::string>& v = values[row];
        UrlRecord r;
        r.id = number(row, id);
        r.spec.source = v[source];
        r.spec.kind = urlKindFromString(v[kind]);
        r.spec.url = v[url];
        r.spec.method = v[method];
        r.spec.body = v[body];
        r.spec.contentType = v[contentType];
        r.spec.parentId = number(row, parentId);
        r.spec.pageNo = static_cast<std::uint32_t>(number(row, pageNo));
        r.spec.linkText = v[linkText];
        r.state = urlStateFromString(v[state]);
        r.attempts = static_cast<std::uint32_t>(number(row, attempts));
        r.lastError = v[lastError];
        r.etag = v[etag];
        r.lastModified = v[lastModified];
        r.digest = v[digest];
        r.httpStatus = static_cast<int>(number(row, httpStatus));
        r.fetchedAt = v[fetchedAt];
        r.finalUrl = v[finalUrl];
        r.responseType = v[responseType];
        r.pass = number(row, pass);
        r.firstPass = number(row, firstPass);
        r.changed = number(row, changed) != 0;
        r.extracted = number(row, extracted) != 0;
        r.withdrawnAt = v[withdrawnAt];
        out.push_back(std::move(r));
    }
    return out;
}

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

std::vector<UrlRecord> SqlStateStore::selectUrls(std::string_view condition,
                                                 const std::vector<SqlValue>& params) {
    return query(sql("SELECT " + std::string(sql::kUrlColumns) + " FROM urls WHERE " +
                     std::string(condition)),
                 params)
        .urlRecords();
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
    return selectUrls("source=? AND state='fetched' ORDER BY id LIMIT ?",
                      {source, static_cast<std::int64_t>(limit)});
}

std::optional<UrlRecord> SqlStateStore::find(std::int64_t id) {
    std::lock_guard lock(m_mutex);
    std::vector<UrlRecord> found = selectUrls("id=?", {id});
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
    std::vector<UrlRecord> found =
        selectUrls(keyCondition(), {spec.source, spec.method, spec.url, spec.body});
    if (found.empty()) return std::nullopt;
    return found[0];
}

void SqlStateStore::linkAttachmentLocked(const UrlSpec& spec) {
    if (spec.kind != UrlKind::Attachment || spec.parentId == 0) return;
    SqlRows ids = query(sql("SELECT id FROM urls WHERE " + keyCondition()),
                        {spec.source, spec.method, spec.url, spec.body});
    if (ids.empty()) return;
    std::int64_t parent = spec.parentId, child = ids.number(0, 0);
    if (query(sql("SELECT COUNT(*) FROM links WHERE parent_id=? AND child_id=?"), {parent, child})
            .number(0, 0) > 0)
        return;
    query(sql("INSERT INTO links (parent_id, child_id) VALUES (?, ?)"), {parent, child});
    query(sql("UPDATE urls SET extracted=0 WHERE id=?"), {parent});
}

std::vector<UrlRecord> SqlStateStore::children(std::int64_t parentId) {
    std::lock_guard lock(m_mutex);
    return selectUrls(
        "parent_id=? OR id IN (SELECT child_id FROM links WHERE parent_id=?) ORDER BY id",
        {parentId, parentId});
}

std::vector<UrlRecord> SqlStateStore::itemsToExtract(const std::string& source, std::size_t limit) {
    std::lock_guard lock(m_mutex);
    return selectUrls(
        "source=? AND kind='item' AND state IN ('done', 'withdrawn') AND digest<>'' AND "
        "extracted=0 ORDER BY id LIMIT ?",
        {source, static_cast<std::int64_t>(limit)});
}

std::vector<UrlRecord> SqlStateStore::capturedItems(const std::string& source) {
    std::lock_guard lock(m_mutex);
    return selectUrls("source=? AND kind='item' AND digest<>'' ORDER BY id", {source});
}

bool SqlStateStore::hasWork(const std::string& source) {
    std::lock_guard lock(m_mutex);
    return query(sql("SELECT COUNT(*) FROM urls WHERE source=? AND state IN ('pending', "
                     "'leased', 'fetched')"),
                 {source})
               .number(0, 0) > 0;
}

std::map<std::string, std::int64_t> SqlStateStore::countByState(std::int64_t pass) {
    std::lock_guard lock(m_mutex);
    SqlRows counts = query(
        sql("SELECT state, COUNT(*) FROM urls WHERE ?=0 OR pass=? GROUP BY state"), {pass, pass});
    std::map<std::string, std::int64_t> out;
    for (std::size_t i = 0; i < counts.size(); ++i)
        out[counts.text(i, 0)] = counts.number(i, 1);
    return out;
}

std::vector<UrlRecord> SqlStateStore::failures(std::int64_t pass) {
    std::lock_guard lock(m_mutex);
    return selectUrls("state='failed' AND pass=? ORDER BY id", {pass});
}

void SqlStateStore::recordWithdrawn(std::int64_t id, const std::string& error, int httpStatus,
                                    const std::string& at) {
    std::lock_guard lock(m_mutex);
    query(sql("UPDATE urls SET state='withdrawn', last_error=?, http_status=?, withdrawn_at=?, "
              "extracted=0, lease_owner='', lease_until=0 WHERE id=?"),
          {error, static_cast<std::int64_t>(httpStatus), at, id});
}

std::vector<UrlRecord> SqlStateStore::withdrawn() {
    std::lock_guard lock(m_mutex);
    return selectUrls("state='withdrawn' ORDER BY id", {});
}

std::vector<UrlRecord> SqlStateStore::parked() {
    std::lock_guard lock(m_mutex);
    return selectUrls("state='parked' ORDER BY id", {});
}

}  // namespace jikji
