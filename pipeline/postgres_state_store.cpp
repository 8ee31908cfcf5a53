#include "pipeline/postgres_state_store.h"

#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/PostgreSQL/PostgreSQLException.h>
#include <Poco/URI.h>

#include <algorithm>
#include <set>
#include <stdexcept>

#include "pipeline/state_store_sql.h"

namespace jikji {

using namespace Poco::Data::Keywords;
using Poco::Data::Statement;

namespace {

/// The server's clock in milliseconds: every worker reads time from one place.
constexpr const char* kNowMs = "(extract(epoch from clock_timestamp()) * 1000)::bigint";
/// Serialises schema migrations, pass and round changes across workers.
constexpr std::int64_t kSchemaLock = 0x6a696b6a6901;
constexpr std::int64_t kPassLock = 0x6a696b6a6902;

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

// Serialises the transaction it runs in against others that take the same key (workers that
// start together must not migrate, or open a pass or a round, twice).
void advisoryLock(Poco::Data::Session& session, std::int64_t key) {
    std::string ignored;
    session << "SELECT pg_advisory_xact_lock($1)::text", use(key), into(ignored), now;
}

/// Runs `body` in a transaction, again when the server aborted it for a deadlock or a
/// serialisation failure (workers inserting the same links at once).
template <typename Body>
void transaction(Poco::Data::Session& session, Body body) {
    for (int attempt = 1;; ++attempt) {
        session.begin();
        try {
            body();
            session.commit();
            return;
        } catch (const Poco::Exception& error) {
            try {
                session.rollback();
            } catch (const Poco::Exception&) {
            }
            std::string text = error.displayText();
            bool retry = text.find("deadlock") != std::string::npos ||
                         text.find("could not serialize") != std::string::npos;
            if (!retry || attempt == 5) throw;
        } catch (...) {
            try {
                session.rollback();
            } catch (const Poco::Exception&) {
            }
            throw;
        }
    }
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
    static std::once_flag registered;
    std::call_once(registered, [] { Poco::Data::PostgreSQL::Connector::registerConnector(); });
    // The password never appears in a message.
    std::string shown = uri;
    if (std::size_t at = shown.find('@'); at != std::string::npos)
        if (std::size_t colon = shown.find(':', shown.find("//") + 2); colon < at)
            shown.replace(colon + 1, at - colon - 1, "***");
    try {
        m_session =
            std::make_unique<Poco::Data::Session>("PostgreSQL", postgresConnectionString(uri));
        Poco::Data::Session& s = *m_session;
        // Notices ("already exists, skipping") are not for the user's terminal.
        s << "SET client_min_messages = warning", now;
        transaction(s, [&] {
            advisoryLock(s, kSchemaLock);
            s << "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                 "applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
                now;
            int version = 0;
            s << "SELECT COALESCE(MAX(version), 0) FROM schema_version", into(version), now;
            m_version = sql::migrate(
                s, version, migrations(),
                [&](int reached) {
                    s << "INSERT INTO schema_version (version) VALUES ($1)", use(reached), now;
                },
                false);
        });
    } catch (const Poco::Exception& error) {
        throw std::runtime_error("cannot open state store " + shown + ": " + error.displayText());
    } catch (const std::runtime_error& error) {
        throw std::runtime_error("cannot open state store " + shown + ": " + error.what());
    }
}

PostgresStateStore::~PostgresStateStore() = default;

PassInfo PostgresStateStore::beginPass() {
    std::lock_guard lock(m_mutex);
    Poco::Data::Session& s = *m_session;
    PassInfo info;
    transaction(s, [&] {
        advisoryLock(s, kPassLock);
        std::int64_t open = 0;
        s << "SELECT COALESCE(MAX(pass), 0) FROM passes WHERE finished_at=0", into(open), now;
        if (open > 0) {
            info = {open, true};
            return;
        }
        std::int64_t last = 0;
        s << "SELECT COALESCE(MAX(pass), 0) FROM passes", into(last), now;
        std::int64_t pass = last + 1;
        s << "INSERT INTO passes (pass, started_at) VALUES ($1, extract(epoch from now())::bigint)",
            use(pass), now;
        // Leases are not reset here: other workers may hold them; dead ones run out.
        s << "UPDATE urls SET state='pending', pass=$1 WHERE state='failed'", use(pass), now;
        info = {pass, false};
    });
    return info;
}

void PostgresStateStore::finishPass(std::int64_t pass) {
    std::lock_guard lock(m_mutex);
    *m_session << "UPDATE passes SET finished_at=extract(epoch from now())::bigint WHERE pass=$1 "
                  "AND finished_at=0",
        use(pass), now;
}

bool PostgresStateStore::scheduleLocked(const UrlSpec& spec, std::int64_t pass) {
    Poco::Data::Session& s = *m_session;
    std::string source = spec.source, method = spec.method, url = spec.url, body = spec.body;
    std::string kind = toString(spec.kind), contentType = spec.contentType,
                linkText = spec.linkText;
    std::int64_t parent = spec.parentId;
    std::int64_t page = spec.pageNo;
    std::vector<std::int64_t> inserted;
    s << "INSERT INTO urls (source, kind, url, method, body, content_type, parent_id, page_no, "
         "link_text, state, pass, first_pass) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
         "'pending', $10, $10) ON CONFLICT (source, method, md5(url), md5(body)) DO NOTHING "
         "RETURNING id",
        use(source), use(kind), use(url), use(method), use(body), use(contentType), use(parent),
        use(page), use(linkText), use(pass), into(inserted), now;
    if (!inserted.empty()) return false;
    std::vector<std::int64_t> ids, passes, firstPasses;
    std::vector<std::string> digests;
    s << "SELECT id, pass, first_pass, digest FROM urls WHERE source=$1 AND method=$2 AND "
         "md5(url)=md5($3) AND md5(body)=md5($4)",
        into(ids), into(passes), into(firstPasses), into(digests), use(source), use(method),
        use(url), use(body), now;
    if (ids.empty()) return false;
    bool known = !digests[0].empty() && firstPasses[0] < pass;
    if (passes[0] < pass) {
        std::int64_t id = ids[0];
        s << "UPDATE urls SET state='pending', pass=$1, page_no=$2, link_text=$3, parent_id=$4, "
             "last_error='' WHERE id=$5 AND pass<$1 AND state<>'withdrawn'",
            use(pass), use(page), use(linkText), use(parent), use(id), now;
    }
    return known;
}

std::optional<UrlRecord> PostgresStateStore::lease(const std::string& source,
                                                   const std::string& owner, int leaseSeconds) {
    std::lock_guard lock(m_mutex);
    Poco::Data::Session& s = *m_session;
    std::string src = source, who = owner;
    std::int64_t leaseMs = static_cast<std::int64_t>(leaseSeconds) * 1000;
    std::int64_t maxClaims = kMaxClaims;
    // A URL whose holders kept dying is set aside with what is known of it.
    s << withNowMs(
        "UPDATE urls SET state='parked', last_error='lease ran out ' || claims || ' times "
        "(last held by ' || lease_owner || ')' || CASE WHEN last_error='' THEN '' ELSE '; ' "
        "|| last_error END, lease_owner='', lease_until=0 WHERE source=$1 AND "
        "state='leased' AND lease_until<=NOW_MS AND claims>=$2"),
        use(src), use(maxClaims), now;
    // A page fetched by a worker that died before discovering its links is fetched again.
    s << withNowMs(
        "UPDATE urls SET state='pending', lease_owner='', lease_until=0 WHERE source=$1 AND "
        "state='fetched' AND lease_until>0 AND lease_until<=NOW_MS"),
        use(src), now;
    Statement statement(s);
    statement << withNowMs(
                     "WITH next AS (SELECT id FROM urls WHERE source=$1 AND (state='pending' OR "
                     "(state='leased' AND lease_until<=NOW_MS)) ORDER BY CASE kind WHEN 'list' "
                     "THEN 0 WHEN 'item' THEN 1 ELSE 2 END, id LIMIT 1 FOR UPDATE SKIP LOCKED) "
                     "UPDATE urls u SET state='leased', lease_owner=$2, lease_until=NOW_MS+$3, "
                     "claims=u.claims+1 FROM next WHERE u.id=next.id RETURNING ") +
                     columnsOf("u"),
        use(src), use(who), use(leaseMs);
    std::vector<UrlRecord> found = rows(statement);
    if (found.empty()) return std::nullopt;
    return found[0];
}

void PostgresStateStore::recordFetched(std::int64_t id, const FetchOutcome& outcome) {
    std::lock_guard lock(m_mutex);
    std::string digest = outcome.digest, etag = outcome.etag, lastModified = outcome.lastModified,
                fetchedAt = outcome.fetchedAt, finalUrl = outcome.finalUrl,
                responseType = outcome.responseType;
    int status = outcome.httpStatus;
    std::int64_t attempts = outcome.attempts;
    // Pages keep their lease until their links are discovered (completeDiscovery()).
    // A new attachment capture (one that failed before, an error page the last time) is part of
    // its item's record: the record is built again (one statement, so both or neither).
    *m_session << "WITH fetched AS (UPDATE urls SET state=CASE WHEN kind='attachment' THEN 'done' "
                  "ELSE 'fetched' END, digest=CASE WHEN $1='' THEN digest ELSE $1 END, "
                  "changed=CASE WHEN $1<>'' "
                  "AND $1<>digest THEN 1 ELSE 0 END, extracted=CASE WHEN $1<>'' AND $1<>digest "
                  "THEN 0 ELSE extracted END, etag=CASE WHEN $2='' THEN etag ELSE $2 END, "
                  "last_modified=CASE WHEN $3='' THEN last_modified ELSE $3 END, "
                  "final_url=CASE WHEN $4='' THEN final_url ELSE $4 END, response_type=CASE WHEN "
                  "$5='' THEN response_type ELSE $5 END, http_status=$6, fetched_at=$7, "
                  "attempts=attempts+$8, last_error='', claims=0, lease_owner=CASE WHEN "
                  "kind='attachment' THEN '' ELSE lease_owner END, lease_until=CASE WHEN "
                  "kind='attachment' THEN 0 ELSE lease_until END WHERE id=$9 RETURNING kind, "
                  "parent_id, changed) UPDATE urls SET extracted=0 FROM fetched WHERE "
                  "urls.id=fetched.parent_id AND fetched.kind='attachment' AND fetched.changed=1",
        use(digest), use(etag), use(lastModified), use(finalUrl), use(responseType), use(status),
        use(fetchedAt), use(attempts), use(id), now;
}

void PostgresStateStore::recordFailure(std::int64_t id, const std::string& error,
                                       std::uint32_t attempts, int httpStatus) {
    std::lock_guard lock(m_mutex);
    std::string text = error;
    std::int64_t count = attempts;
    *m_session << "UPDATE urls SET state='failed', last_error=$1, attempts=attempts+$2, "
                  "http_status=$3, lease_owner='', lease_until=0, claims=0 WHERE id=$4",
        use(text), use(count), use(httpStatus), use(id), now;
}

void PostgresStateStore::recordBlocked(std::int64_t id, const std::string& reason) {
    std::lock_guard lock(m_mutex);
    std::string text = reason;
    *m_session << "UPDATE urls SET state='blocked', last_error=$1, lease_owner='', lease_until=0, "
                  "claims=0 WHERE id=$2",
        use(text), use(id), now;
}

bool PostgresStateStore::isKnown(const UrlSpec& spec, std::int64_t pass) {
    std::lock_guard lock(m_mutex);
    std::string source = spec.source, method = spec.method, url = spec.url, body = spec.body;
    std::int64_t count = 0;
    *m_session << "SELECT COUNT(*) FROM urls WHERE source=$1 AND method=$2 AND md5(url)=md5($3) "
                  "AND md5(body)=md5($4) AND first_pass<$5",
        into(count), use(source), use(method), use(url), use(body), use(pass), now;
    return count > 0;
}

void PostgresStateStore::completeDiscovery(std::int64_t id, const std::vector<UrlSpec>& links,
                                           std::int64_t pass) {
    std::lock_guard lock(m_mutex);
    Poco::Data::Session& s = *m_session;
    transaction(s, [&] {
        for (const UrlSpec& link : links) {
            scheduleLocked(link, pass);
            linkAttachmentLocked(link);
        }
        s << "UPDATE urls SET state='done', lease_owner='', lease_until=0 WHERE id=$1", use(id),
            now;
    });
}

void PostgresStateStore::markExtracted(std::int64_t id) {
    std::lock_guard lock(m_mutex);
    *m_session << "UPDATE urls SET extracted=1, extract_owner='', extract_until=0, "
                  "extract_attempts=0, extract_error='' WHERE id=$1",
        use(id), now;
}

std::vector<UrlRecord> PostgresStateStore::parked() {
    std::vector<UrlRecord> out = SqlStateStore::parked();
    std::lock_guard lock(m_mutex);
    // Items whose record failed to build too often are left alone too.
    std::int64_t maxAttempts = kMaxExtractAttempts;
    Statement items(*m_session);
    items << "SELECT " << sql::kUrlColumns
          << " FROM urls WHERE extract_attempts>=$1 AND extracted=0 ORDER BY id",
        use(maxAttempts);
    std::vector<UrlRecord> failed = rows(items);
    std::vector<std::string> errors;
    *m_session << "SELECT extract_error FROM urls WHERE extract_attempts>=$1 AND extracted=0 "
                  "ORDER BY id",
        into(errors), use(maxAttempts), now;
    for (std::size_t i = 0; i < failed.size() && i < errors.size(); ++i) {
        failed[i].lastError =
            "record not built " + std::to_string(kMaxExtractAttempts) + " times: " + errors[i];
        out.push_back(std::move(failed[i]));
    }
    return out;
}

void PostgresStateStore::renewLeases(const std::string& owner, int leaseSeconds) {
    std::lock_guard lock(m_mutex);
    Poco::Data::Session& s = *m_session;
    std::string who = owner;
    std::int64_t leaseMs = static_cast<std::int64_t>(leaseSeconds) * 1000;
    s << withNowMs(
        "UPDATE urls SET lease_until=NOW_MS+$2 WHERE lease_owner=$1 AND state IN "
        "('leased', 'fetched')"),
        use(who), use(leaseMs), now;
    s << withNowMs("UPDATE urls SET extract_until=NOW_MS+$2 WHERE extract_owner=$1"), use(who),
        use(leaseMs), now;
    s << withNowMs("UPDATE urls SET reprocess_until=NOW_MS+$2 WHERE reprocess_owner=$1"), use(who),
        use(leaseMs), now;
    s << withNowMs("UPDATE host_slots SET until=NOW_MS+$2 WHERE owner=$1"), use(who), use(leaseMs),
        now;
}

void PostgresStateStore::releaseLeases(const std::string& owner) {
    std::lock_guard lock(m_mutex);
    Poco::Data::Session& s = *m_session;
    std::string who = owner;
    s << "UPDATE urls SET state='pending', lease_owner='', lease_until=0, "
         "claims=GREATEST(claims-1, "
         "0) WHERE lease_owner=$1 AND state IN ('leased', 'fetched')",
        use(who), now;
    s << "UPDATE urls SET extract_owner='', extract_until=0 WHERE extract_owner=$1", use(who), now;
    s << "UPDATE urls SET reprocess_owner='', reprocess_until=0 WHERE reprocess_owner=$1", use(who),
        now;
    s << "DELETE FROM host_slots WHERE owner=$1", use(who), now;
}

std::optional<int> PostgresStateStore::tryStartRequest(const std::string& host,
                                                       const std::string& owner,
                                                       unsigned concurrency, std::int64_t delayMs,
                                                       int slotSeconds, std::int64_t& waitMs) {
    std::lock_guard lock(m_mutex);
    Poco::Data::Session& s = *m_session;
    std::string name = host, who = owner;
    std::optional<int> taken;
    waitMs = 0;
    transaction(s, [&] {
        taken.reset();
        s << "INSERT INTO hosts (host) VALUES ($1) ON CONFLICT DO NOTHING", use(name), now;
        std::int64_t nextStart = 0, serverNow = 0;
        s << withNowMs("SELECT next_start, NOW_MS FROM hosts WHERE host=$1 FOR UPDATE"),
            into(nextStart), into(serverNow), use(name), now;
        if (serverNow < nextStart) {
            waitMs = nextStart - serverNow;
            return;
        }
        s << "DELETE FROM host_slots WHERE host=$1 AND until<=$2", use(name), use(serverNow), now;
        std::vector<int> used;
        s << "SELECT slot FROM host_slots WHERE host=$1", into(used), use(name), now;
        std::set<int> busy(used.begin(), used.end());
        if (busy.size() >= std::max(1u, concurrency)) {
            // Every slot is in use: poll, as an ending request sets no timer here.
            waitMs = 20;
            return;
        }
        int slot = 0;
        while (busy.count(slot))
            ++slot;
        std::int64_t until = serverNow + static_cast<std::int64_t>(slotSeconds) * 1000;
        s << "INSERT INTO host_slots (host, slot, owner, until) VALUES ($1, $2, $3, $4)", use(name),
            use(slot), use(who), use(until), now;
        std::int64_t next = serverNow + delayMs;
        s << "UPDATE hosts SET next_start=$2 WHERE host=$1", use(name), use(next), now;
        taken = slot;
    });
    return taken;
}

void PostgresStateStore::endRequest(const std::string& host, int slot, std::int64_t delayMs) {
    std::lock_guard lock(m_mutex);
    Poco::Data::Session& s = *m_session;
    std::string name = host;
    transaction(s, [&] {
        s << "DELETE FROM host_slots WHERE host=$1 AND slot=$2", use(name), use(slot), now;
        s << withNowMs("UPDATE hosts SET next_start=GREATEST(next_start, NOW_MS+$2) WHERE host=$1"),
            use(name), use(delayMs), now;
    });
}

void PostgresStateStore::holdHost(const std::string& host, std::int64_t delayMs) {
    std::lock_guard lock(m_mutex);
    std::string name = host;
    Poco::Data::Session& s = *m_session;
    s << "INSERT INTO hosts (host) VALUES ($1) ON CONFLICT DO NOTHING", use(name), now;
    s << withNowMs("UPDATE hosts SET next_start=GREATEST(next_start, NOW_MS+$2) WHERE host=$1"),
        use(name), use(delayMs), now;
}

std::optional<UrlRecord> PostgresStateStore::claimExtraction(const std::string& source,
                                                             const std::string& owner,
                                                             int leaseSeconds) {
    std::lock_guard lock(m_mutex);
    std::string src = source, who = owner;
    std::int64_t leaseMs = static_cast<std::int64_t>(leaseSeconds) * 1000;
    std::int64_t maxAttempts = kMaxExtractAttempts;
    Statement statement(*m_session);
    statement << withNowMs(
                     "WITH next AS (SELECT id FROM urls i WHERE source=$1 AND kind='item' AND "
                     "state IN ('done', 'withdrawn') AND digest<>'' AND extracted=0 AND "
                     "extract_until<=NOW_MS AND "
                     "extract_attempts<$4 AND NOT EXISTS (SELECT 1 FROM urls c WHERE "
                     "(c.parent_id=i.id OR c.id IN (SELECT child_id FROM links l WHERE "
                     "l.parent_id=i.id)) AND c.kind='attachment' AND c.state IN ('pending', "
                     "'leased')) ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) UPDATE urls u SET "
                     "extract_owner=$2, extract_until=NOW_MS+$3 FROM next WHERE u.id=next.id "
                     "RETURNING ") +
                     columnsOf("u"),
        use(src), use(who), use(leaseMs), use(maxAttempts);
    std::vector<UrlRecord> found = rows(statement);
    if (found.empty()) return std::nullopt;
    return found[0];
}

void PostgresStateStore::failExtraction(std::int64_t id, const std::string& error) {
    std::lock_guard lock(m_mutex);
    std::string text = error;
    // Not again in this run: the claim stays until it runs out.
    *m_session << "UPDATE urls SET extract_attempts=extract_attempts+1, extract_error=$2, "
                  "extract_owner='' WHERE id=$1",
        use(id), use(text), now;
}

RoundInfo PostgresStateStore::beginRound() {
    std::lock_guard lock(m_mutex);
    Poco::Data::Session& s = *m_session;
    RoundInfo info;
    transaction(s, [&] {
        advisoryLock(s, kPassLock);
        std::int64_t open = 0;
        s << "SELECT COALESCE(MAX(round), 0) FROM reprocess_rounds WHERE finished_at=0", into(open),
            now;
        if (open > 0) {
            info = {open, true};
            return;
        }
        std::int64_t last = 0;
        s << "SELECT COALESCE(MAX(round), 0) FROM reprocess_rounds", into(last), now;
        std::int64_t round = last + 1;
        s << "INSERT INTO reprocess_rounds (round, started_at) VALUES ($1, extract(epoch from "
             "now())::bigint)",
            use(round), now;
        info = {round, false};
    });
    return info;
}

std::optional<UrlRecord> PostgresStateStore::claimReprocess(const std::string& source,
                                                            std::int64_t round,
                                                            const std::string& owner,
                                                            int leaseSeconds) {
    std::lock_guard lock(m_mutex);
    std::string src = source, who = owner;
    std::int64_t leaseMs = static_cast<std::int64_t>(leaseSeconds) * 1000;
    Statement statement(*m_session);
    statement << withNowMs(
                     "WITH next AS (SELECT id FROM urls WHERE source=$1 AND kind='item' AND "
                     "digest<>'' AND reprocess_round<$2 AND reprocess_until<=NOW_MS ORDER BY id "
                     "LIMIT 1 FOR UPDATE SKIP LOCKED) UPDATE urls u SET reprocess_owner=$3, "
                     "reprocess_until=NOW_MS+$4 FROM next WHERE u.id=next.id RETURNING ") +
                     columnsOf("u"),
        use(src), use(round), use(who), use(leaseMs);
    std::vector<UrlRecord> found = rows(statement);
    if (found.empty()) return std::nullopt;
    return found[0];
}

void PostgresStateStore::finishReprocess(std::int64_t id, std::int64_t round) {
    std::lock_guard lock(m_mutex);
    *m_session << "UPDATE urls SET reprocess_round=$2, reprocess_owner='', reprocess_until=0 WHERE "
                  "id=$1",
        use(id), use(round), now;
}

std::int64_t PostgresStateStore::roundRemaining(std::int64_t round) {
    std::lock_guard lock(m_mutex);
    Poco::Data::Session& s = *m_session;
    std::int64_t left = 0;
    s << "SELECT COUNT(*) FROM urls WHERE kind='item' AND digest<>'' AND reprocess_round<$1",
        into(left), use(round), now;
    if (left == 0)
        s << "UPDATE reprocess_rounds SET finished_at=extract(epoch from now())::bigint WHERE "
             "round=$1 AND finished_at=0",
            use(round), now;
    return left;
}

}  // namespace jikji
