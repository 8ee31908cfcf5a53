#include "pipeline/postgres_state_store.h"

#include <libpq-fe.h>

#include <Poco/Data/DataException.h>
#include <Poco/URI.h>

#include <algorithm>
#include <stdexcept>

#include "pipeline/state_store_sql.h"

namespace jikji {

namespace {

/// The server's clock in milliseconds: every worker reads time from one place.
constexpr const char* kNowMs = "(extract(epoch from clock_timestamp()) * 1000)::bigint";
/// Serialises schema migrations, pass and round changes across workers.
constexpr std::int64_t kSchemaLock = 0x6a696b6a6901;
constexpr std::int64_t kPassLock = 0x6a696b6a6902;
/// The code of a StoreError the server raised for a deadlock or a serialisation failure: the
/// transaction may run again.
constexpr int kRetryable = 1;
/// The manifest's key in `manifest_seqs`: one store serves one archive (its frontier is the
/// archive's), whatever path each host mounts the archive at.
constexpr const char* kManifestKey = "records.ndjson";

/// One request start under shared politeness, in one round trip: the host's next start, its
/// slots in use, the slot taken and the next start, under the lock of the host's row. Returns
/// the slot taken (-1 for none) and how long to wait before asking again.
constexpr const char* kStartRequestFunction =
    "CREATE OR REPLACE FUNCTION jikji_start_request(p_host TEXT, p_owner TEXT, p_concurrency "
    "INTEGER, p_delay_ms BIGINT, p_slot_ms BIGINT, OUT o_slot INTEGER, OUT o_wait_ms BIGINT) AS "
    "$$ DECLARE now_ms BIGINT; next_at BIGINT; busy INTEGER; BEGIN o_slot := -1; o_wait_ms := 0; "
    "INSERT INTO hosts (host) VALUES (p_host) ON CONFLICT DO NOTHING; SELECT next_start INTO "
    "next_at FROM hosts WHERE host = p_host FOR UPDATE; now_ms := (extract(epoch from "
    "clock_timestamp()) * 1000)::bigint; IF now_ms < next_at THEN o_wait_ms := next_at - now_ms; "
    "RETURN; END IF; DELETE FROM host_slots WHERE host = p_host AND until <= now_ms; SELECT "
    "COUNT(*) INTO busy FROM host_slots WHERE host = p_host; IF busy >= GREATEST(p_concurrency, "
    "1) THEN o_wait_ms := 20; RETURN; END IF; SELECT MIN(n) INTO o_slot FROM generate_series(0, "
    "busy) n WHERE n NOT IN (SELECT h.slot FROM host_slots h WHERE h.host = p_host); INSERT INTO "
    "host_slots (host, slot, owner, until) VALUES (p_host, o_slot, p_owner, now_ms + p_slot_ms); "
    "UPDATE hosts SET next_start = now_ms + p_delay_ms WHERE host = p_host; END $$ LANGUAGE "
    "plpgsql";

std::string withNowMs(const std::string& sql) {
    std::string out = sql;
    for (std::size_t at; (at = out.find("NOW_MS")) != std::string::npos;)
        out.replace(at, 6, kNowMs);
    return out;
}

/// kUrlColumns qualified by a table alias (RETURNING after UPDATE … FROM needs it).
std::string columnsOf(const std::string& alias) {
    std::string out;
    std::string columns = sql::kUrlColumns;
    std::size_t start = 0;
    while (start < columns.size()) {
        std::size_t comma = columns.find(',', start);
        std::string name = columns.substr(start, comma - start);
        name.erase(0, name.find_first_not_of(' '));
        out += (out.empty() ? "" : ", ") + alias + "." + name;
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return out;
}

/// `ids` as a PostgreSQL array literal (`{1,2,3}`), for `= ANY($n::bigint[])`.
std::string idArray(const std::vector<std::int64_t>& ids) {
    std::string out = "{";
    for (std::int64_t id : ids)
        out += (out.size() > 1 ? "," : "") + std::to_string(id);
    return out + "}";
}

// Leases come back from UPDATE … RETURNING in no particular order: list pages first, then
// items, then attachments, each by id (as the frontier hands them out).
void sortInLeaseOrder(std::vector<UrlRecord>& records) {
    std::sort(records.begin(), records.end(), [](const UrlRecord& a, const UrlRecord& b) {
        auto rank = [](const UrlRecord& r) { return static_cast<int>(r.spec.kind); };
        return rank(a) != rank(b) ? rank(a) < rank(b) : a.id < b.id;
    });
}

const std::vector<sql::Migration>& migrations() {
    static const std::vector<sql::Migration> list{
        {1,
         {"CREATE TABLE passes (pass BIGINT PRIMARY KEY, started_at BIGINT NOT NULL, "
          "finished_at BIGINT NOT NULL DEFAULT 0)",
          "CREATE TABLE urls (id BIGSERIAL PRIMARY KEY, source TEXT NOT NULL, kind TEXT NOT "
          "NULL, url TEXT NOT NULL, method TEXT NOT NULL, body TEXT NOT NULL, content_type TEXT "
          "NOT NULL, parent_id BIGINT NOT NULL DEFAULT 0, page_no BIGINT NOT NULL DEFAULT 0, "
          "link_text TEXT NOT NULL DEFAULT '', state TEXT NOT NULL, attempts BIGINT NOT NULL "
          "DEFAULT 0, last_error TEXT NOT NULL DEFAULT '', etag TEXT NOT NULL DEFAULT '', "
          "last_modified TEXT NOT NULL DEFAULT '', digest TEXT NOT NULL DEFAULT '', http_status "
          "INTEGER NOT NULL DEFAULT 0, fetched_at TEXT NOT NULL DEFAULT '', final_url TEXT NOT "
          "NULL DEFAULT '', response_type TEXT NOT NULL DEFAULT '', pass BIGINT NOT NULL, "
          "first_pass BIGINT NOT NULL, changed INTEGER NOT NULL DEFAULT 0, extracted INTEGER NOT "
          "NULL DEFAULT 0, lease_owner TEXT NOT NULL DEFAULT '', lease_until BIGINT NOT NULL "
          "DEFAULT 0, claims INTEGER NOT NULL DEFAULT 0)",
          // Long URLs and form bodies do not fit a b-tree entry: the key holds their digests.
          "CREATE UNIQUE INDEX urls_key ON urls (source, method, md5(url), md5(body))",
          "CREATE INDEX urls_frontier ON urls (source, state, kind, id)",
          "CREATE INDEX urls_parent ON urls (parent_id)",
          "CREATE INDEX urls_lease_owner ON urls (lease_owner) WHERE lease_owner <> ''",
          "CREATE TABLE hosts (host TEXT PRIMARY KEY, next_start BIGINT NOT NULL DEFAULT 0)",
          "CREATE TABLE host_slots (host TEXT NOT NULL, slot INTEGER NOT NULL, owner TEXT NOT "
          "NULL, until BIGINT NOT NULL, PRIMARY KEY (host, slot))"}},
        {2,
         {"ALTER TABLE urls ADD COLUMN extract_owner TEXT NOT NULL DEFAULT '', ADD COLUMN "
          "extract_until BIGINT NOT NULL DEFAULT 0, ADD COLUMN extract_attempts INTEGER NOT NULL "
          "DEFAULT 0, ADD COLUMN extract_error TEXT NOT NULL DEFAULT '', ADD COLUMN "
          "reprocess_round BIGINT NOT NULL DEFAULT 0, ADD COLUMN reprocess_owner TEXT NOT NULL "
          "DEFAULT '', ADD COLUMN reprocess_until BIGINT NOT NULL DEFAULT 0",
          "CREATE TABLE reprocess_rounds (round BIGINT PRIMARY KEY, started_at BIGINT NOT NULL, "
          "finished_at BIGINT NOT NULL DEFAULT 0)"}},
        // An attachment linked by several items: one URL, a link to each item.
        {3,
         {"CREATE TABLE links (parent_id BIGINT NOT NULL, child_id BIGINT NOT NULL, PRIMARY KEY "
          "(parent_id, child_id))",
          "CREATE INDEX links_child ON links (child_id)",
          "INSERT INTO links (parent_id, child_id) SELECT parent_id, id FROM urls WHERE "
          "kind='attachment' AND parent_id<>0"}},
        {4, {"ALTER TABLE urls ADD COLUMN withdrawn_at TEXT NOT NULL DEFAULT ''"}},
        // Shared politeness in one round trip (tryStartRequest()).
        {5, {kStartRequestFunction}},
        // The manifest's seq, handed out by the store (appendWithSeqs()).
        {6, {"CREATE TABLE manifest_seqs (manifest TEXT PRIMARY KEY, seq BIGINT NOT NULL)"}},
    };
    return list;
}

std::string quoteValue(const std::string& value) {
    std::string out = "'";
    for (char c : value) {
        if (c == '\'' || c == '\\') out.push_back('\\');
        out.push_back(c);
    }
    return out + "'";
}

}  // namespace

std::string postgresConnectionString(const std::string& uri) {
    Poco::URI parsed;
    try {
        parsed = Poco::URI(uri);
    } catch (const Poco::Exception& error) {
        throw std::runtime_error("not a PostgreSQL URI: " + error.displayText());
    }
    if (parsed.getScheme() != "postgresql" && parsed.getScheme() != "postgres")
        throw std::runtime_error("not a PostgreSQL URI: " + uri);
    std::vector<std::string> parts;
    if (!parsed.getHost().empty()) parts.push_back("host=" + quoteValue(parsed.getHost()));
    if (parsed.getSpecifiedPort() != 0)
        parts.push_back("port=" + std::to_string(parsed.getSpecifiedPort()));
    std::string userInfo = parsed.getUserInfo();
    if (!userInfo.empty()) {
        std::size_t colon = userInfo.find(':');
        std::string user, password;
        Poco::URI::decode(userInfo.substr(0, colon), user);
        parts.push_back("user=" + quoteValue(user));
        if (colon != std::string::npos) {
            Poco::URI::decode(userInfo.substr(colon + 1), password);
            parts.push_back("password=" + quoteValue(password));
        }
    }
    std::string db = parsed.getPath();
    if (db.starts_with("/")) db.erase(0, 1);
    if (!db.empty()) parts.push_back("dbname=" + quoteValue(db));
    for (const auto& [key, value] : parsed.getQueryParameters()) {
        if (key.empty() || !std::all_of(key.begin(), key.end(),
                                        [](char c) { return std::isalnum(c) || c == '_'; }))
            throw std::runtime_error("bad parameter \"" + key + "\" in " + uri);
        parts.push_back(key + "=" + quoteValue(value));
    }
    std::string out;
    for (const std::string& part : parts)
        out += (out.empty() ? "" : " ") + part;
    return out;
}

PostgresStateStore::PostgresStateStore(const std::string& uri)
    : SqlStateStore(Placeholders::Numbered) {
    // The password never appears in a message.
    std::string shown = uri;
    if (std::size_t at = shown.find('@'); at != std::string::npos)
        if (std::size_t colon = shown.find(':', shown.find("//") + 2); colon < at)
            shown.replace(colon + 1, at - colon - 1, "***");
    try {
        m_connection = PQconnectdb(postgresConnectionString(uri).c_str());
        if (m_connection == nullptr || PQstatus(m_connection) != CONNECTION_OK) {
            std::string message = m_connection ? PQerrorMessage(m_connection) : "out of memory";
            while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
                message.pop_back();
            throw std::runtime_error(message);
        }
        // Notices ("already exists, skipping") are not for the user's terminal.
        query("SET client_min_messages = warning", {});
        transaction([&] {
            advisoryLock(kSchemaLock);
            query(
                "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                "applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
                {});
            int version = static_cast<int>(
                query("SELECT COALESCE(MAX(version), 0) FROM schema_version", {}).number(0, 0));
            int last = migrations().back().version;
            if (version > last)
                throw std::runtime_error("it was written by a newer jikji (schema " +
                                         std::to_string(version) + ", this one knows " +
                                         std::to_string(last) + ")");
            for (const sql::Migration& migration : migrations()) {
                if (migration.version <= version) continue;
                for (const std::string& statement : migration.statements)
                    query(statement, {});
                query("INSERT INTO schema_version (version) VALUES ($1)",
                      {static_cast<std::int64_t>(migration.version)});
                version = migration.version;
            }
            m_version = version;
        });
    } catch (const Poco::Exception& error) {
        PQfinish(m_connection);
        throw std::runtime_error("cannot open state store " + shown + ": " + error.displayText());
    } catch (const std::runtime_error& error) {
        PQfinish(m_connection);
        throw std::runtime_error("cannot open state store " + shown + ": " + error.what());
    }
}

PostgresStateStore::~PostgresStateStore() {
    PQfinish(m_connection);
}

SqlRows PostgresStateStore::query(const std::string& statement,
                                  const std::vector<SqlValue>& params) {
    // One round trip: PQexecParams parses, binds and executes an unnamed statement at once.
    std::vector<std::string> texts;
    texts.reserve(params.size());
    for (const SqlValue& value : params)
        texts.push_back(std::holds_alternative<std::string>(value)
                            ? std::get<std::string>(value)
                            : std::to_string(std::get<std::int64_t>(value)));
    std::vector<const char*> values;
    for (const std::string& text : texts)
        values.push_back(text.c_str());
    return rowsOf(PQexecParams(m_connection, statement.c_str(), static_cast<int>(values.size()),
                               nullptr, values.data(), nullptr, nullptr, 0));
}

SqlRows PostgresStateStore::script(const std::string& statements) {
    // The simple protocol runs several statements in one round trip and answers with the last
    // one's result (PQexec keeps the last).
    return rowsOf(PQexec(m_connection, statements.c_str()));
}

SqlRows PostgresStateStore::rowsOf(pg_result* answer) {
    std::unique_ptr<PGresult, void (*)(PGresult*)> result(answer, &PQclear);
    ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        const char* code = result ? PQresultErrorField(result.get(), PG_DIAG_SQLSTATE) : nullptr;
        bool retryable =
            code && (std::string_view(code) == "40001" || std::string_view(code) == "40P01");
        std::string message =
            result ? PQresultErrorMessage(result.get()) : PQerrorMessage(m_connection);
        while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
            message.pop_back();
        throw Poco::Data::DataException("PostgreSQL: " + message, retryable ? kRetryable : 0);
    }
    SqlRows out;
    int columns = PQnfields(result.get()), rows = PQntuples(result.get());
    for (int c = 0; c < columns; ++c)
        out.columns.emplace_back(PQfname(result.get(), c));
    out.values.reserve(static_cast<std::size_t>(rows));
    for (int r = 0; r < rows; ++r) {
        std::vector<std::string>& row = out.values.emplace_back();
        row.reserve(static_cast<std::size_t>(columns));
        for (int c = 0; c < columns; ++c)
            row.emplace_back(PQgetvalue(result.get(), r, c),
                             static_cast<std::size_t>(PQgetlength(result.get(), r, c)));
    }
    return out;
}

void PostgresStateStore::transaction(const std::function<void()>& body) {
    for (int attempt = 1;; ++attempt) {
        query("BEGIN", {});
        try {
            body();
            query("COMMIT", {});
            return;
        } catch (const Poco::Exception& error) {
            rollback();
            // A deadlock or a serialisation failure (workers inserting the same links at once).
            if (error.code() != kRetryable || attempt == 5) throw;
        } catch (...) {
            rollback();
            throw;
        }
    }
}

void PostgresStateStore::rollback() {
    try {
        query("ROLLBACK", {});
    } catch (const Poco::Exception&) {
    }
}

// Serialises the transaction it runs in against others that take the same key (workers that
// start together must not migrate, or open a pass or a round, twice).
void PostgresStateStore::advisoryLock(std::int64_t key) {
    query("SELECT pg_advisory_xact_lock($1)::text", {key});
}

PassInfo PostgresStateStore::beginPass() {
    std::lock_guard lock(m_mutex);
    PassInfo info;
    transaction([&] {
        advisoryLock(kPassLock);
        std::int64_t open =
            query("SELECT COALESCE(MAX(pass), 0) FROM passes WHERE finished_at=0", {}).number(0, 0);
        if (open > 0) {
            info = {open, true};
            return;
        }
        std::int64_t pass = query("SELECT COALESCE(MAX(pass), 0) FROM passes", {}).number(0, 0) + 1;
        query(
            "INSERT INTO passes (pass, started_at) VALUES ($1, extract(epoch from now())::bigint)",
            {pass});
        // Leases are not reset here: other workers may hold them; dead ones run out.
        query("UPDATE urls SET state='pending', pass=$1 WHERE state='failed'", {pass});
        info = {pass, false};
    });
    return info;
}

void PostgresStateStore::finishPass(std::int64_t pass) {
    std::lock_guard lock(m_mutex);
    query(
        "UPDATE passes SET finished_at=extract(epoch from now())::bigint WHERE pass=$1 AND "
        "finished_at=0",
        {pass});
}

bool PostgresStateStore::scheduleLocked(const UrlSpec& spec, std::int64_t pass) {
    std::int64_t parent = spec.parentId, page = spec.pageNo;
    if (!query("INSERT INTO urls (source, kind, url, method, body, content_type, parent_id, "
               "page_no, link_text, state, pass, first_pass) VALUES ($1, $2, $3, $4, $5, $6, $7, "
               "$8, $9, 'pending', $10, $10) ON CONFLICT (source, method, md5(url), md5(body)) DO "
               "NOTHING RETURNING id",
               {spec.source, toString(spec.kind), spec.url, spec.method, spec.body,
                spec.contentType, parent, page, spec.linkText, pass})
             .empty())
        return false;
    SqlRows found = query(
        "SELECT id, pass, first_pass, digest FROM urls WHERE source=$1 AND method=$2 AND "
        "md5(url)=md5($3) AND md5(body)=md5($4)",
        {spec.source, spec.method, spec.url, spec.body});
    if (found.empty()) return false;
    bool known = !found.text(0, 3).empty() && found.number(0, 2) < pass;
    if (found.number(0, 1) < pass)
        query(
            "UPDATE urls SET state='pending', pass=$1, page_no=$2, link_text=$3, parent_id=$4, "
            "last_error='' WHERE id=$5 AND pass<$1 AND state<>'withdrawn'",
            {pass, page, spec.linkText, parent, found.number(0, 0)});
    return known;
}

void PostgresStateStore::linkAttachmentLocked(const UrlSpec& spec) {
    if (spec.kind != UrlKind::Attachment || spec.parentId == 0) return;
    // A link new to an item makes its record due again: both in one statement.
    query(
        "WITH linked AS (INSERT INTO links (parent_id, child_id) SELECT $1, id FROM urls WHERE "
        "source=$2 AND method=$3 AND md5(url)=md5($4) AND md5(body)=md5($5) ON CONFLICT DO "
        "NOTHING RETURNING parent_id) UPDATE urls SET extracted=0 WHERE id IN (SELECT "
        "parent_id FROM linked)",
        {spec.parentId, spec.source, spec.method, spec.url, spec.body});
}

std::vector<UrlRecord> PostgresStateStore::claim(const std::string& update,
                                                 const std::vector<SqlValue>& params, bool lapsed) {
    SqlRows rows =
        query(withNowMs(update) + " RETURNING " + columnsOf("u") + (lapsed ? ", next.lapsed" : ""),
              params);
    std::vector<UrlRecord> claimed = rows.urlRecords();
    if (lapsed)
        for (std::size_t i = 0; i < claimed.size(); ++i)
            claimed[i].reclaimed = rows.number(i, rows.columns.size() - 1) != 0;
    sortInLeaseOrder(claimed);
    return claimed;
}

std::optional<UrlRecord> PostgresStateStore::lease(const std::string& source,
                                                   const std::string& owner, int leaseSeconds) {
    std::vector<UrlRecord> leased = leaseSome(source, owner, leaseSeconds, 1);
    if (leased.empty()) return std::nullopt;
    return std::move(leased[0]);
}

std::vector<UrlRecord> PostgresStateStore::leaseSome(const std::string& source,
                                                     const std::string& owner, int leaseSeconds,
                                                     std::size_t max) {
    std::lock_guard lock(m_mutex);
    // One statement: a URL whose holders kept dying is set aside with what is known of it; up
    // to `max` URLs are leased (pending ones, those whose lease ran out, and pages fetched by a
    // worker that died before discovering their links), skipping those other workers are
    // leasing at this moment.
    return claim(
        "WITH parked AS (UPDATE urls SET state='parked', last_error='lease ran out ' "
        "|| claims || ' times (last held by ' || lease_owner || ')' || CASE WHEN "
        "last_error='' THEN '' ELSE '; ' || last_error END, lease_owner='', "
        "lease_until=0 WHERE source=$1 AND state='leased' AND lease_until<=NOW_MS AND "
        "claims>=$4 RETURNING id), next AS (SELECT id FROM urls WHERE source=$1 AND "
        "(state='pending' OR (state='leased' AND lease_until<=NOW_MS AND claims<$4) "
        "OR (state='fetched' AND lease_until>0 AND lease_until<=NOW_MS)) ORDER BY "
        "CASE kind WHEN 'list' THEN 0 "
        "WHEN 'item' THEN 1 ELSE 2 END, id LIMIT $5 FOR UPDATE SKIP LOCKED) UPDATE "
        "urls u SET state='leased', lease_owner=$2, lease_until=NOW_MS+$3, "
        "claims=u.claims+1 FROM next WHERE u.id=next.id",
        {source, owner, static_cast<std::int64_t>(leaseSeconds) * 1000,
         static_cast<std::int64_t>(kMaxClaims), static_cast<std::int64_t>(max)});
}

void PostgresStateStore::recordFetched(std::int64_t id, const FetchOutcome& outcome) {
    std::lock_guard lock(m_mutex);
    // Pages keep their lease until their links are discovered (completeDiscovery()).
    // A new attachment capture (one that failed before, an error page the last time) is part of
    // its item's record: the record is built again (one statement, so both or neither).
    query(
        "WITH fetched AS (UPDATE urls SET state=CASE WHEN kind='attachment' THEN 'done' ELSE "
        "'fetched' END, digest=CASE WHEN $1='' THEN digest ELSE $1 END, changed=CASE WHEN "
        "$1<>'' AND $1<>digest THEN 1 ELSE 0 END, extracted=CASE WHEN $1<>'' AND $1<>digest "
        "THEN 0 ELSE extracted END, etag=CASE WHEN $2='' THEN etag ELSE $2 END, "
        "last_modified=CASE WHEN $3='' THEN last_modified ELSE $3 END, final_url=CASE WHEN "
        "$4='' THEN final_url ELSE $4 END, response_type=CASE WHEN $5='' THEN response_type "
        "ELSE $5 END, http_status=$6, fetched_at=$7, attempts=attempts+$8, last_error='', "
        "claims=0, lease_owner=CASE WHEN kind='attachment' THEN '' ELSE lease_owner END, "
        "lease_until=CASE WHEN kind='attachment' THEN 0 ELSE lease_until END WHERE id=$9 "
        "RETURNING kind, parent_id, changed) UPDATE urls SET extracted=0 FROM fetched WHERE "
        "urls.id=fetched.parent_id AND fetched.kind='attachment' AND fetched.changed=1",
        {outcome.digest, outcome.etag, outcome.lastModified, outcome.finalUrl, outcome.responseType,
         static_cast<std::int64_t>(outcome.httpStatus), outcome.fetchedAt,
         static_cast<std::int64_t>(outcome.attempts), id});
}

void PostgresStateStore::recordFailure(std::int64_t id, const std::string& error,
                                       std::uint32_t attempts, int httpStatus) {
    std::lock_guard lock(m_mutex);
    query(
        "UPDATE urls SET state='failed', last_error=$1, attempts=attempts+$2, http_status=$3, "
        "lease_owner='', lease_until=0, claims=0 WHERE id=$4",
        {error, static_cast<std::int64_t>(attempts), static_cast<std::int64_t>(httpStatus), id});
}

void PostgresStateStore::recordBlocked(std::int64_t id, const std::string& reason) {
    std::lock_guard lock(m_mutex);
    query(
        "UPDATE urls SET state='blocked', last_error=$1, lease_owner='', lease_until=0, "
        "claims=0 WHERE id=$2",
        {reason, id});
}

bool PostgresStateStore::isKnown(const UrlSpec& spec, std::int64_t pass) {
    std::lock_guard lock(m_mutex);
    return query(
               "SELECT COUNT(*) FROM urls WHERE source=$1 AND method=$2 AND md5(url)=md5($3) "
               "AND md5(body)=md5($4) AND first_pass<$5",
               {spec.source, spec.method, spec.url, spec.body, pass})
               .number(0, 0) > 0;
}

void PostgresStateStore::completeDiscovery(std::int64_t id, const std::vector<UrlSpec>& links,
                                           std::int64_t pass) {
    std::lock_guard lock(m_mutex);
    transaction([&] {
        for (const UrlSpec& link : links) {
            scheduleLocked(link, pass);
            linkAttachmentLocked(link);
        }
        query("UPDATE urls SET state='done', lease_owner='', lease_until=0 WHERE id=$1", {id});
    });
}

void PostgresStateStore::markExtracted(std::int64_t id) {
    markAllExtracted({id});
}

void PostgresStateStore::markAllExtracted(const std::vector<std::int64_t>& ids) {
    if (ids.empty()) return;
    std::lock_guard lock(m_mutex);
    query(
        "UPDATE urls SET extracted=1, extract_owner='', extract_until=0, extract_attempts=0, "
        "extract_error='' WHERE id=ANY($1::bigint[])",
        {idArray(ids)});
}

std::vector<UrlRecord> PostgresStateStore::parked() {
    std::vector<UrlRecord> out = SqlStateStore::parked();
    std::lock_guard lock(m_mutex);
    // Items whose record failed to build too often are left alone too.
    SqlRows found = query("SELECT " + std::string(sql::kUrlColumns) +
                              ", extract_error FROM urls WHERE extract_attempts>=$1 AND "
                              "extracted=0 ORDER BY id",
                          {static_cast<std::int64_t>(kMaxExtractAttempts)});
    std::vector<UrlRecord> failed = found.urlRecords();
    std::size_t error = found.columns.size() - 1;
    for (std::size_t i = 0; i < failed.size(); ++i) {
        failed[i].lastError = "record not built " + std::to_string(kMaxExtractAttempts) +
                              " times: " + found.text(i, error);
        out.push_back(std::move(failed[i]));
    }
    return out;
}

void PostgresStateStore::renewLeases(const std::string& owner, int leaseSeconds) {
    std::lock_guard lock(m_mutex);
    // One round trip for every kind of lease.
    query(withNowMs(
              "WITH slots AS (UPDATE host_slots SET until=NOW_MS+$2 WHERE owner=$1) UPDATE urls "
              "SET lease_until=CASE WHEN lease_owner=$1 AND state IN ('leased', 'fetched') THEN "
              "NOW_MS+$2 ELSE lease_until END, extract_until=CASE WHEN extract_owner=$1 THEN "
              "NOW_MS+$2 ELSE extract_until END, reprocess_until=CASE WHEN reprocess_owner=$1 "
              "THEN NOW_MS+$2 ELSE reprocess_until END WHERE lease_owner=$1 OR extract_owner=$1 "
              "OR reprocess_owner=$1"),
          {owner, static_cast<std::int64_t>(leaseSeconds) * 1000});
}

void PostgresStateStore::releaseLeases(const std::string& owner) {
    std::lock_guard lock(m_mutex);
    query(
        "WITH slots AS (DELETE FROM host_slots WHERE owner=$1) UPDATE urls SET state=CASE WHEN "
        "lease_owner=$1 AND state IN ('leased', 'fetched') THEN 'pending' ELSE state END, "
        "claims=CASE WHEN lease_owner=$1 AND state IN ('leased', 'fetched') THEN "
        "GREATEST(claims-1, 0) ELSE claims END, lease_until=CASE WHEN lease_owner=$1 AND state "
        "IN ('leased', 'fetched') THEN 0 ELSE lease_until END, lease_owner=CASE WHEN "
        "lease_owner=$1 AND state IN ('leased', 'fetched') THEN '' ELSE lease_owner END, "
        "extract_until=CASE WHEN extract_owner=$1 THEN 0 ELSE extract_until END, "
        "extract_owner=CASE WHEN extract_owner=$1 THEN '' ELSE extract_owner END, "
        "reprocess_until=CASE WHEN reprocess_owner=$1 THEN 0 ELSE reprocess_until END, "
        "reprocess_owner=CASE WHEN reprocess_owner=$1 THEN '' ELSE reprocess_owner END WHERE "
        "lease_owner=$1 OR extract_owner=$1 OR reprocess_owner=$1",
        {owner});
}

std::optional<int> PostgresStateStore::tryStartRequest(const std::string& host,
                                                       const std::string& owner,
                                                       unsigned concurrency, std::int64_t delayMs,
                                                       int slotSeconds, std::int64_t& waitMs) {
    std::lock_guard lock(m_mutex);
    SqlRows started = query("SELECT o_slot, o_wait_ms FROM jikji_start_request($1, $2, $3, $4, $5)",
                            {host, owner, static_cast<std::int64_t>(concurrency), delayMs,
                             static_cast<std::int64_t>(slotSeconds) * 1000});
    waitMs = started.number(0, 1);
    std::int64_t slot = started.number(0, 0);
    if (slot < 0) return std::nullopt;
    return static_cast<int>(slot);
}

void PostgresStateStore::endRequest(const std::string& host, int slot, std::int64_t delayMs) {
    std::lock_guard lock(m_mutex);
    query(withNowMs("WITH freed AS (DELETE FROM host_slots WHERE host=$1 AND slot=$2) UPDATE "
                    "hosts SET next_start=GREATEST(next_start, NOW_MS+$3) WHERE host=$1"),
          {host, static_cast<std::int64_t>(slot), delayMs});
}

void PostgresStateStore::holdHost(const std::string& host, std::int64_t delayMs) {
    std::lock_guard lock(m_mutex);
    query(withNowMs("INSERT INTO hosts (host, next_start) VALUES ($1, NOW_MS+$2) ON CONFLICT "
                    "(host) DO UPDATE SET next_start=GREATEST(hosts.next_start, "
                    "EXCLUDED.next_start)"),
          {host, delayMs});
}

std::vector<UrlRecord> PostgresStateStore::claimExtractions(const std::string& source,
                                                            const std::string& owner,
                                                            int leaseSeconds, std::size_t max) {
    std::lock_guard lock(m_mutex);
    // An owner left on a claim that ran out: markAllExtracted(), failExtraction() and
    // releaseLeases() clear it, so its worker died (or hung) with the item in hand.
    return claim(
        "WITH next AS (SELECT id, (extract_owner<>'')::int AS lapsed FROM urls i WHERE "
        "source=$1 AND kind='item' AND state IN ('done', 'withdrawn') AND digest<>'' AND "
        "extracted=0 AND extract_until<=NOW_MS AND extract_attempts<$4 AND NOT EXISTS "
        "(SELECT 1 FROM urls c WHERE (c.parent_id=i.id OR c.id IN (SELECT child_id FROM "
        "links l WHERE l.parent_id=i.id)) AND c.kind='attachment' AND c.state IN "
        "('pending', 'leased')) ORDER BY id LIMIT $5 FOR UPDATE SKIP LOCKED) UPDATE urls u "
        "SET extract_owner=$2, extract_until=NOW_MS+$3 FROM next WHERE u.id=next.id",
        {source, owner, static_cast<std::int64_t>(leaseSeconds) * 1000,
         static_cast<std::int64_t>(kMaxExtractAttempts), static_cast<std::int64_t>(max)},
        true);
}

void PostgresStateStore::failExtraction(std::int64_t id, const std::string& error) {
    std::lock_guard lock(m_mutex);
    // Not again in this run: the claim stays until it runs out.
    query(
        "UPDATE urls SET extract_attempts=extract_attempts+1, extract_error=$2, "
        "extract_owner='' WHERE id=$1",
        {id, error});
}

RoundInfo PostgresStateStore::beginRound() {
    std::lock_guard lock(m_mutex);
    RoundInfo info;
    transaction([&] {
        advisoryLock(kPassLock);
        std::int64_t open =
            query("SELECT COALESCE(MAX(round), 0) FROM reprocess_rounds WHERE finished_at=0", {})
                .number(0, 0);
        if (open > 0) {
            info = {open, true};
            return;
        }
        std::int64_t round =
            query("SELECT COALESCE(MAX(round), 0) FROM reprocess_rounds", {}).number(0, 0) + 1;
        query(
            "INSERT INTO reprocess_rounds (round, started_at) VALUES ($1, extract(epoch from "
            "now())::bigint)",
            {round});
        info = {round, false};
    });
    return info;
}

std::vector<UrlRecord> PostgresStateStore::claimReprocesses(const std::string& source,
                                                            std::int64_t round,
                                                            const std::string& owner,
                                                            int leaseSeconds, std::size_t max) {
    std::lock_guard lock(m_mutex);
    // As claimExtractions(): finishReprocesses() and releaseLeases() clear the owner.
    return claim(
        "WITH next AS (SELECT id, (reprocess_owner<>'')::int AS lapsed FROM urls WHERE "
        "source=$1 AND kind='item' AND digest<>'' AND reprocess_round<$2 AND "
        "reprocess_until<=NOW_MS ORDER BY id LIMIT $5 FOR UPDATE SKIP LOCKED) UPDATE urls u "
        "SET reprocess_owner=$3, reprocess_until=NOW_MS+$4 FROM next WHERE u.id=next.id",
        {source, round, owner, static_cast<std::int64_t>(leaseSeconds) * 1000,
         static_cast<std::int64_t>(max)},
        true);
}

void PostgresStateStore::finishReprocesses(const std::vector<std::int64_t>& ids,
                                           std::int64_t round) {
    if (ids.empty()) return;
    std::lock_guard lock(m_mutex);
    query(
        "UPDATE urls SET reprocess_round=$2, reprocess_owner='', reprocess_until=0 WHERE "
        "id=ANY($1::bigint[])",
        {idArray(ids), round});
}

std::int64_t PostgresStateStore::roundRemaining(std::int64_t round) {
    std::lock_guard lock(m_mutex);
    std::int64_t left = query(
                            "SELECT COUNT(*) FROM urls WHERE kind='item' AND digest<>'' AND "
                            "reprocess_round<$1",
                            {round})
                            .number(0, 0);
    if (left == 0)
        query(
            "UPDATE reprocess_rounds SET finished_at=extract(epoch from now())::bigint WHERE "
            "round=$1 AND finished_at=0",
            {round});
    return left;
}

std::uint64_t PostgresStateStore::appendWithSeqs(
    const std::function<std::uint64_t(std::uint64_t)>& append) {
    std::lock_guard lock(m_mutex);
    // The counter's row stays locked from the seqs' choice until their lines are in the
    // manifest and synced: writers on every host take their seqs one after the other. A writer
    // that dies before its COMMIT advances nothing; if its lines were written, the next writer
    // starts after the manifest's own highest seq (append() takes the larger of the two), so no
    // seq is used twice and none is skipped. Two round trips (simple-protocol scripts: nothing
    // in them comes from outside).
    const std::string key = "'" + std::string(kManifestKey) + "'";
    std::uint64_t last = 0;
    try {
        std::uint64_t counter = static_cast<std::uint64_t>(
            script("BEGIN; INSERT INTO manifest_seqs (manifest, seq) VALUES (" + key +
                   ", 0) ON CONFLICT (manifest) DO UPDATE SET seq=manifest_seqs.seq RETURNING seq")
                .number(0, 0));
        last = append(counter);
        script("UPDATE manifest_seqs SET seq=" + std::to_string(last) + " WHERE manifest=" + key +
               "; COMMIT");
    } catch (...) {
        rollback();
        throw;
    }
    return last;
}

std::uint64_t PostgresStateStore::manifestSeq() {
    std::lock_guard lock(m_mutex);
    SqlRows found =
        query("SELECT seq FROM manifest_seqs WHERE manifest=$1", {std::string(kManifestKey)});
    return found.empty() ? 0 : static_cast<std::uint64_t>(found.number(0, 0));
}

}  // namespace jikji
