// The StateStore contract, run against both stores: the embedded SQLite one and the PostgreSQL
// one (on the throwaway server of tests/support/pg_scratch.sh; skipped without it). Then what
// only a shared store does: leases that run out, parking, shared politeness, claimed records
// and reprocess rounds, checked with two connections standing for two workers.
#include "pipeline/state_store.h"

#include <gtest/gtest.h>

#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>

#include <set>
#include <sstream>
#include <thread>

#include "pipeline/json_writer.h"
#include "pipeline/postgres_state_store.h"
#include "pipeline/sqlite_state_store.h"
#include "stages/emit/manifest_append.h"
#include "tests/support/fixtures.h"
#include "tests/support/postgres.h"

namespace jikji {
namespace {

namespace fs = std::filesystem;

UrlSpec item(const std::string& url, std::int64_t parent = 0, UrlKind kind = UrlKind::Item) {
    UrlSpec spec;
    spec.source = "s";
    spec.kind = kind;
    spec.url = url;
    spec.parentId = parent;
    return spec;
}

FetchOutcome captured(char fill) {
    FetchOutcome outcome;
    outcome.httpStatus = 200;
    outcome.digest = std::string(64, fill);
    return outcome;
}

/// One store per backend; `open()` gives another connection to the same one.
class StateStoreTest : public ::testing::TestWithParam<std::string> {
  protected:
    void SetUp() override {
        m_dir = test::makeTempDir("state");
        if (GetParam() == "sqlite") {
            m_state = "sqlite:" + (m_dir / "jikji.db").string();
        } else {
            std::optional<std::string> database = test::scratchDatabase();
            if (!database) GTEST_SKIP() << "no PostgreSQL server binaries";
            m_state = *database;
        }
    }
    void TearDown() override { fs::remove_all(m_dir); }
    std::unique_ptr<StateStore> open() { return openStateStore(m_state); }

    fs::path m_dir;
    std::string m_state;
};

TEST_P(StateStoreTest, PassesResumeAndKnownUrls) {
    {
        auto store = open();
        PassInfo first = store->beginPass();
        EXPECT_EQ(first.pass, 1);
        EXPECT_FALSE(first.resumed);
        EXPECT_FALSE(store->schedule(item("http://p.kr/1"), 1));
        EXPECT_FALSE(store->schedule(item("http://p.kr/1"), 1));
        auto leased = store->lease("s", "run", 60);
        ASSERT_TRUE(leased);
        EXPECT_FALSE(store->lease("s", "run", 60));
        // The run dies. A shared store does not know it: the lease runs out (here at once).
        if (store->shared()) store->renewLeases("run", 0);
    }
    {
        // The pass resumes and the URL is pending again.
        auto store = open();
        PassInfo again = store->beginPass();
        EXPECT_EQ(again.pass, 1);
        EXPECT_TRUE(again.resumed);
        auto leased = store->lease("s", "run2", 60);
        ASSERT_TRUE(leased);
        FetchOutcome outcome = captured('a');
        outcome.etag = "\"e1\"";
        store->recordFetched(leased->id, outcome);
        store->completeDiscovery(leased->id, {}, 1);
        EXPECT_FALSE(store->hasWork("s"));
        store->finishPass(1);
        EXPECT_EQ(store->itemsToExtract("s", 10).size(), 1u);
        store->markExtracted(leased->id);
        EXPECT_TRUE(store->itemsToExtract("s", 10).empty());

        PassInfo second = store->beginPass();
        EXPECT_EQ(second.pass, 2);
        EXPECT_FALSE(second.resumed);
        EXPECT_TRUE(store->isKnown(item("http://p.kr/1"), 2));
        EXPECT_FALSE(store->isKnown(item("http://p.kr/2"), 2));
        EXPECT_TRUE(store->schedule(item("http://p.kr/1"), 2));
        auto due = store->lease("s", "run3", 60);
        ASSERT_TRUE(due);
        EXPECT_EQ(due->etag, "\"e1\"");
        EXPECT_EQ(due->digest, std::string(64, 'a'));
        // 304: the capture stays, nothing changed, nothing to extract again.
        FetchOutcome notModified;
        notModified.httpStatus = 304;
        store->recordFetched(due->id, notModified);
        auto row = store->find(due->id);
        EXPECT_EQ(row->digest, std::string(64, 'a'));
        EXPECT_FALSE(row->changed);
        EXPECT_TRUE(row->extracted);
        EXPECT_EQ(row->state, UrlState::Fetched);
        // A new capture: changed, and to be extracted again.
        store->recordFetched(due->id, captured('b'));
        row = store->find(due->id);
        EXPECT_TRUE(row->changed);
        EXPECT_FALSE(row->extracted);
    }
}

TEST_P(StateStoreTest, FailedUrlsAreRetriedInTheNextPass) {
    auto store = open();
    store->beginPass();
    store->schedule(item("http://p.kr/x"), 1);
    auto leased = store->lease("s", "run", 60);
    store->recordFailure(leased->id, "HTTP 500", 4, 500);
    EXPECT_EQ(store->failures(1).size(), 1u);
    EXPECT_EQ(store->failures(1)[0].lastError, "HTTP 500");
    EXPECT_EQ(store->countByState(1)["failed"], 1);
    store->finishPass(1);
    store->beginPass();
    auto retried = store->lease("s", "run", 60);
    ASSERT_TRUE(retried);
    EXPECT_EQ(retried->attempts, 4u);
}

TEST_P(StateStoreTest, ListsFirstThenItemsThenAttachmentsAndChildrenInOrder) {
    auto store = open();
    store->beginPass();
    store->schedule(item("http://p.kr/a", 0, UrlKind::Attachment), 1);
    store->schedule(item("http://p.kr/i"), 1);
    UrlSpec list = item("http://p.kr/list", 0, UrlKind::List);
    list.pageNo = 1;
    store->schedule(list, 1);
    std::vector<UrlKind> order;
    while (auto next = store->lease("s", "run", 60))
        order.push_back(next->spec.kind);
    EXPECT_EQ(order, (std::vector<UrlKind>{UrlKind::List, UrlKind::Item, UrlKind::Attachment}));
}

TEST_P(StateStoreTest, SchemaIsMigratedOnceToTheLastVersion) {
    int version = open()->schemaVersion();
    // SQLite: 2 links attachments to every item, 3 withdrawn_at; PostgreSQL: 3 and 4, 5 the
    // politeness function, 6 the manifest's seq counter.
    EXPECT_EQ(version, GetParam() == "sqlite" ? 3 : 6);
    EXPECT_EQ(open()->schemaVersion(), version);
}

// One attachment linked by two items is one URL, a child of both; a link new to an item whose
// record was built makes the record due again.
TEST_P(StateStoreTest, SharedAttachmentIsAChildOfEveryItemThatLinksIt) {
    auto store = open();
    std::int64_t pass = store->beginPass().pass;
    UrlSpec a{.source = "s", .kind = UrlKind::Item, .url = "http://x.kr/a"};
    UrlSpec b{.source = "s", .kind = UrlKind::Item, .url = "http://x.kr/b"};
    store->schedule(a, pass);
    store->schedule(b, pass);
    std::int64_t idA = store->findUrl(a)->id, idB = store->findUrl(b)->id;
    UrlSpec file{.source = "s", .kind = UrlKind::Attachment, .url = "http://x.kr/f.hwp"};
    file.parentId = idA;
    store->completeDiscovery(idA, {file}, pass);
    store->markExtracted(idB);
    file.parentId = idB;
    store->completeDiscovery(idB, {file}, pass);
    ASSERT_EQ(store->children(idA).size(), 1u);
    ASSERT_EQ(store->children(idB).size(), 1u);
    EXPECT_EQ(store->children(idA)[0].id, store->children(idB)[0].id);
    EXPECT_FALSE(store->find(idB)->extracted);
    // Discovering the same link again changes nothing.
    store->markExtracted(idB);
    store->completeDiscovery(idB, {file}, pass);
    EXPECT_TRUE(store->find(idB)->extracted);
}

INSTANTIATE_TEST_SUITE_P(Backends, StateStoreTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

TEST(SqliteStateStore, StoreOfANewerJikjiIsRefused) {
    auto dir = test::makeTempDir("state");
    { SqliteStateStore store(dir / "jikji.db"); }
    {
        Poco::Data::SQLite::Connector::registerConnector();
        Poco::Data::Session session("SQLite", (dir / "jikji.db").string());
        session << "PRAGMA user_version=99", Poco::Data::Keywords::now;
    }
    try {
        SqliteStateStore store(dir / "jikji.db");
        ADD_FAILURE() << "opened";
    } catch (const std::runtime_error& error) {
        EXPECT_NE(std::string(error.what()).find("newer jikji (schema 99"), std::string::npos)
            << error.what();
    }
    fs::remove_all(dir);
}

TEST(PostgresStateStore, UriBecomesALibpqConnectionString) {
    EXPECT_EQ(
        postgresConnectionString("postgresql://u:p%40ss@db.example:5433/jikji?sslmode=require"),
        "host='db.example' port=5433 user='u' password='p@ss' dbname='jikji' "
        "sslmode='require'");
    EXPECT_EQ(postgresConnectionString("postgres://jikji@/archive?host=/run/postgresql"),
              "user='jikji' dbname='archive' host='/run/postgresql'");
    EXPECT_THROW(postgresConnectionString("mysql://u@h/db"), std::runtime_error);
    EXPECT_THROW(postgresConnectionString("postgresql://h/db?bad%20key=1"), std::runtime_error);
}

/// Two connections to one fresh database: two workers.
class SharedStore : public ::testing::Test {
  protected:
    void SetUp() override {
        std::optional<std::string> database = test::scratchDatabase();
        if (!database) GTEST_SKIP() << "no PostgreSQL server binaries";
        m_uri = *database;
        a = std::make_unique<PostgresStateStore>(m_uri);
        b = std::make_unique<PostgresStateStore>(m_uri);
    }
    std::string m_uri;
    std::unique_ptr<PostgresStateStore> a, b;
};

TEST_F(SharedStore, TwoWorkersNeverLeaseTheSameUrl) {
    PassInfo first = a->beginPass();
    PassInfo joined = b->beginPass();
    EXPECT_EQ(joined.pass, first.pass);
    EXPECT_TRUE(joined.resumed);
    for (int i = 0; i < 20; ++i) {
        a->schedule(item("http://p.kr/" + std::to_string(i)), 1);
        b->schedule(item("http://p.kr/" + std::to_string(i)), 1);
    }
    std::set<std::int64_t> ids;
    std::size_t leases = 0;
    for (bool more = true; more;) {
        auto fromA = a->lease("s", "a", 60);
        auto fromB = b->lease("s", "b", 60);
        if (fromA) ids.insert(fromA->id), ++leases;
        if (fromB) ids.insert(fromB->id), ++leases;
        more = fromA || fromB;
    }
    EXPECT_EQ(leases, 20u);
    EXPECT_EQ(ids.size(), 20u);
    EXPECT_TRUE(a->hasWork("s"));  // leased, not done
}

TEST_F(SharedStore, LeaseOfADeadWorkerGoesToAnotherThenTheUrlIsParked) {
    a->beginPass();
    a->schedule(item("http://p.kr/poison"), 1);
    // Each holder "dies": its lease of 0 seconds runs out at once.
    auto first = a->lease("s", "w1", 0);
    ASSERT_TRUE(first);
    auto second = b->lease("s", "w2", 0);
    ASSERT_TRUE(second);
    EXPECT_EQ(second->id, first->id);
    auto third = a->lease("s", "w3", 0);
    ASSERT_TRUE(third);
    EXPECT_FALSE(b->lease("s", "w4", 60));
    std::vector<UrlRecord> parked = b->parked();
    ASSERT_EQ(parked.size(), 1u);
    EXPECT_EQ(parked[0].state, UrlState::Parked);
    EXPECT_NE(parked[0].lastError.find("lease ran out 3 times (last held by w3)"),
              std::string::npos)
        << parked[0].lastError;
    EXPECT_FALSE(a->hasWork("s"));
    EXPECT_EQ(a->countByState(0)["parked"], 1);
}

TEST_F(SharedStore, LiveWorkersKeepTheirLeasesAndStoppingOnesGiveThemBack) {
    a->beginPass();
    a->schedule(item("http://p.kr/1"), 1);
    auto held = a->lease("s", "a", 0);
    ASSERT_TRUE(held);
    a->renewLeases("a", 60);  // the heartbeat
    EXPECT_FALSE(b->lease("s", "b", 60));
    a->releaseLeases("a");
    auto taken = b->lease("s", "b", 60);
    ASSERT_TRUE(taken);
    EXPECT_EQ(taken->id, held->id);
}

TEST_F(SharedStore, PageOfAWorkerThatDiedBeforeDiscoveryIsFetchedAgain) {
    a->beginPass();
    a->schedule(item("http://p.kr/list", 0, UrlKind::List), 1);
    auto page = a->lease("s", "a", 0);
    ASSERT_TRUE(page);
    a->recordFetched(page->id, captured('c'));
    // `a` dies before completeDiscovery(): its lease on the fetched page runs out.
    auto again = b->lease("s", "b", 60);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->id, page->id);
    EXPECT_EQ(again->digest, std::string(64, 'c'));
}

TEST_F(SharedStore, HostDelayConcurrencyAndRetryAfterHoldAcrossWorkers) {
    std::int64_t wait = 0;
    // Delay: the second worker waits for the first one's start.
    std::optional<int> slot = a->tryStartRequest("h:80", "a", 2, 60000, 60, wait);
    ASSERT_TRUE(slot);
    EXPECT_FALSE(b->tryStartRequest("h:80", "b", 2, 60000, 60, wait));
    EXPECT_GT(wait, 50000);
    // Concurrency, without delay: two slots, the third request waits for one to end.
    auto x = a->tryStartRequest("k:80", "a", 2, 0, 60, wait);
    auto y = b->tryStartRequest("k:80", "b", 2, 0, 60, wait);
    ASSERT_TRUE(x && y);
    EXPECT_NE(*x, *y);
    EXPECT_FALSE(b->tryStartRequest("k:80", "b", 2, 0, 60, wait));
    a->endRequest("k:80", *x, 0);
    EXPECT_TRUE(b->tryStartRequest("k:80", "b", 2, 0, 60, wait));
    // The slot of a dead worker runs out.
    ASSERT_TRUE(a->tryStartRequest("d:80", "a", 1, 0, 0, wait));
    EXPECT_TRUE(b->tryStartRequest("d:80", "b", 1, 0, 60, wait));
    // Retry-After seen by one worker holds the host for all.
    b->holdHost("r:80", 60000);
    EXPECT_FALSE(a->tryStartRequest("r:80", "a", 2, 0, 60, wait));
    EXPECT_GT(wait, 50000);
}

TEST_F(SharedStore, ARecordIsClaimedOnceAndOnlyWhenItsAttachmentsAreSettled) {
    a->beginPass();
    a->schedule(item("http://p.kr/i"), 1);
    auto page = a->lease("s", "a", 60);
    a->recordFetched(page->id, captured('d'));
    a->completeDiscovery(page->id, {item("http://p.kr/f.hwp", page->id, UrlKind::Attachment)}, 1);
    EXPECT_FALSE(a->claimExtraction("s", "a", 60));
    auto file = b->lease("s", "b", 60);
    ASSERT_TRUE(file);
    b->recordFetched(file->id, captured('e'));
    auto claimed = a->claimExtraction("s", "a", 60);
    ASSERT_TRUE(claimed);
    EXPECT_EQ(claimed->id, page->id);
    EXPECT_FALSE(b->claimExtraction("s", "b", 60));
    a->failExtraction(page->id, "converter crashed");
    EXPECT_FALSE(b->claimExtraction("s", "b", 60));  // not again before its claim runs out
    a->markExtracted(page->id);
    EXPECT_FALSE(b->claimExtraction("s", "b", 60));
    EXPECT_TRUE(b->itemsToExtract("s", 10).empty());
}

TEST_F(SharedStore, ARecordThatFailsToBuildThreeTimesIsParked) {
    a->beginPass();
    a->schedule(item("http://p.kr/bad"), 1);
    auto page = a->lease("s", "a", 60);
    a->recordFetched(page->id, captured('f'));
    a->completeDiscovery(page->id, {}, 1);
    for (int attempt = 1; attempt <= PostgresStateStore::kMaxExtractAttempts; ++attempt) {
        // A claim of 0 seconds: the next one may come at once.
        auto claimed = (attempt % 2 ? a : b)->claimExtraction("s", "w", 0);
        ASSERT_TRUE(claimed) << attempt;
        (attempt % 2 ? a : b)->failExtraction(claimed->id, "HWP record too large");
    }
    EXPECT_FALSE(a->claimExtraction("s", "w", 0));
    std::vector<UrlRecord> parked = b->parked();
    ASSERT_EQ(parked.size(), 1u);
    EXPECT_EQ(parked[0].id, page->id);
    EXPECT_EQ(parked[0].lastError, "record not built 3 times: HWP record too large");
}

TEST_F(SharedStore, ReprocessRoundGivesEveryItemToOneWorker) {
    a->beginPass();
    for (int i = 0; i < 6; ++i) {
        a->schedule(item("http://p.kr/" + std::to_string(i)), 1);
        auto leased = a->lease("s", "a", 60);
        a->recordFetched(leased->id, captured(static_cast<char>('a' + i)));
        a->completeDiscovery(leased->id, {}, 1);
    }
    RoundInfo round = a->beginRound();
    EXPECT_FALSE(round.joined);
    RoundInfo joined = b->beginRound();
    EXPECT_TRUE(joined.joined);
    EXPECT_EQ(joined.round, round.round);
    std::multiset<std::int64_t> done;
    for (bool more = true; more;) {
        auto fromA = a->claimReprocess("s", round.round, "a", 60);
        auto fromB = b->claimReprocess("s", round.round, "b", 60);
        if (fromA) done.insert(fromA->id), a->finishReprocess(fromA->id, round.round);
        if (fromB) done.insert(fromB->id), b->finishReprocess(fromB->id, round.round);
        more = fromA || fromB;
    }
    EXPECT_EQ(done.size(), 6u);
    EXPECT_EQ(std::set<std::int64_t>(done.begin(), done.end()).size(), 6u);
    EXPECT_EQ(a->roundRemaining(round.round), 0);
    RoundInfo next = b->beginRound();
    EXPECT_EQ(next.round, round.round + 1);
    EXPECT_FALSE(next.joined);
}

// Claims and leases come several per round trip: two workers asking for batches at once split
// the items, none twice, and each batch comes in order.
TEST_F(SharedStore, BatchedClaimsAndLeasesNeverOverlap) {
    a->beginPass();
    for (int i = 0; i < 10; ++i)
        a->schedule(item("http://p.kr/" + std::to_string(i)), 1);
    std::vector<UrlRecord> first = a->leaseSome("s", "a", 60, 4);
    std::vector<UrlRecord> second = b->leaseSome("s", "b", 60, 4);
    ASSERT_EQ(first.size(), 4u);
    ASSERT_EQ(second.size(), 4u);
    EXPECT_EQ(a->leaseSome("s", "a", 60, 4).size(), 2u);
    std::set<std::int64_t> ids;
    for (const auto* batch : {&first, &second}) {
        for (std::size_t i = 1; i < batch->size(); ++i)
            EXPECT_LT((*batch)[i - 1].id, (*batch)[i].id);
        for (const UrlRecord& record : *batch) {
            ids.insert(record.id);
            a->recordFetched(record.id, captured(static_cast<char>('a' + ids.size())));
            a->completeDiscovery(record.id, {}, 1);
        }
    }
    EXPECT_EQ(ids.size(), 8u);
    std::vector<UrlRecord> claimedA = a->claimExtractions("s", "a", 60, 5);
    std::vector<UrlRecord> claimedB = b->claimExtractions("s", "b", 60, 5);
    EXPECT_EQ(claimedA.size(), 5u);
    EXPECT_EQ(claimedB.size(), 3u);
    std::vector<std::int64_t> doneA;
    for (const UrlRecord& record : claimedA) {
        EXPECT_TRUE(ids.erase(record.id)) << record.id;
        doneA.push_back(record.id);
    }
    for (const UrlRecord& record : claimedB)
        EXPECT_TRUE(ids.erase(record.id)) << record.id;
    a->markAllExtracted(doneA);
    // b's claims are given back (a worker stopping): only those are due again.
    b->releaseLeases("b");
    EXPECT_EQ(a->itemsToExtract("s", 10).size(), 3u);
    EXPECT_EQ(a->claimExtractions("s", "a", 60, 10).size(), 3u);
}

// The store hands out the manifest's seq (several hosts append to one manifest): the counter
// row follows the lines; a writer that died after writing its lines but before the store
// counted them (kill -9 between the two) makes the next writer start after the manifest's own
// highest seq, so no seq is used twice and none is skipped.
TEST_F(SharedStore, ManifestSeqsComeFromTheStoreAndAreNeverReused) {
    fs::path dir = test::makeTempDir("seqs");
    fs::path manifest = dir / "records.ndjson";
    auto lines = [](int n) {
        std::vector<Poco::JSON::Object::Ptr> out;
        for (int i = 0; i < n; ++i) {
            Poco::JSON::Object::Ptr line = new Poco::JSON::Object;
            line->set("id", "r" + std::to_string(i));
            out.push_back(line);
        }
        return out;
    };
    stages::appendManifestLines(manifest, lines(3), a.get());
    EXPECT_EQ(a->manifestSeq(), 3u);
    stages::appendManifestLines(manifest, lines(2), b.get());
    EXPECT_EQ(b->manifestSeq(), 5u);
    EXPECT_THROW(a->appendWithSeqs([&](std::uint64_t) -> std::uint64_t {
        stages::appendManifestLines(manifest, lines(2));  // seqs 6 and 7 are written…
        throw std::runtime_error("killed");               // …and the store never counts them
    }),
                 std::runtime_error);
    EXPECT_EQ(b->manifestSeq(), 5u);
    stages::appendManifestLines(manifest, lines(1), b.get());
    EXPECT_EQ(a->manifestSeq(), 8u);
    std::istringstream text(test::readBytes(manifest));
    std::uint64_t seq = 0;
    for (std::string line; std::getline(text, line);)
        EXPECT_NE(line.find("\"seq\":" + std::to_string(++seq) + "}"), std::string::npos) << line;
    EXPECT_EQ(seq, 8u);
    // A manifest removed by hand: the store's counter goes on (a consumer's cursor never meets
    // a number twice).
    fs::remove(manifest);
    stages::appendManifestLines(manifest, lines(1), a.get());
    EXPECT_NE(test::readBytes(manifest).find("\"seq\":9}"), std::string::npos);
    fs::remove_all(dir);
}

// A claim that ran out with its owner still on it (the worker died with the item in hand) is
// reported to the next claimer, which must see to the record's manifest line; a claim given
// back (a stopping worker), failed or finished is not.
TEST_F(SharedStore, AClaimTakenOverFromADeadWorkerSaysSo) {
    a->beginPass();
    for (int i = 0; i < 3; ++i) {
        a->schedule(item("http://p.kr/" + std::to_string(i)), 1);
        auto leased = a->lease("s", "a", 60);
        a->recordFetched(leased->id, captured(static_cast<char>('a' + i)));
        a->completeDiscovery(leased->id, {}, 1);
    }
    // Claims of 0 seconds run out at once: their holder is as good as dead.
    std::vector<UrlRecord> first = a->claimExtractions("s", "dead", 0, 3);
    ASSERT_EQ(first.size(), 3u);
    for (const UrlRecord& claimed : first)
        EXPECT_FALSE(claimed.reclaimed) << claimed.id;
    a->failExtraction(first[2].id, "converter crashed");
    std::vector<UrlRecord> second = b->claimExtractions("s", "b", 0, 3);
    ASSERT_EQ(second.size(), 3u);
    EXPECT_TRUE(second[0].reclaimed);
    EXPECT_TRUE(second[1].reclaimed);
    EXPECT_FALSE(second[2].reclaimed);  // it failed: no record was written
    b->releaseLeases("b");
    for (const UrlRecord& claimed : a->claimExtractions("s", "a", 60, 3))
        EXPECT_FALSE(claimed.reclaimed) << claimed.id;

    RoundInfo round = a->beginRound();
    std::vector<UrlRecord> dead = a->claimReprocesses("s", round.round, "dead", 0, 2);
    ASSERT_EQ(dead.size(), 2u);
    b->finishReprocess(dead[1].id, round.round);
    std::vector<UrlRecord> again = b->claimReprocesses("s", round.round, "b", 60, 3);
    ASSERT_EQ(again.size(), 2u);
    EXPECT_EQ(again[0].id, dead[0].id);
    EXPECT_TRUE(again[0].reclaimed);
    EXPECT_FALSE(again[1].reclaimed);  // never claimed before
}

// Two workers that both take a dead worker's record for unannounced at once (a claim that ran
// out while its holder hung) append its line once between them; one whose line is there appends
// none; the seqs go on without a gap.
TEST_F(SharedStore, AMissingManifestLineIsAppendedOnceWhoeverAppendsIt) {
    fs::path dir = test::makeTempDir("missing-lines");
    fs::path manifest = dir / "records.ndjson";
    auto line = [](const std::string& id, const std::string& sha) {
        Poco::JSON::Object::Ptr out = makeObject();  // keys in the order set, as emit sets them
        out->set("id", id);
        out->set("path", "records/s/" + id + ".json");
        out->set("action", std::string("unchanged"));
        out->set("sha256", sha);
        return out;
    };
    stages::appendManifestLines(manifest, {line("r1", "1"), line("r2", "2")}, a.get());
    std::size_t added = 0;
    std::thread other(
        [&] { added += stages::appendMissingManifestLines(manifest, {line("r3", "3")}, b.get()); });
    std::size_t here = stages::appendMissingManifestLines(manifest, {line("r3", "3")}, a.get());
    other.join();
    EXPECT_EQ(here + added, 1u);
    // r1 is announced with these bytes; r2 changed since its line.
    EXPECT_EQ(
        stages::appendMissingManifestLines(manifest, {line("r1", "1"), line("r2", "two")}, a.get()),
        1u);
    std::istringstream text(test::readBytes(manifest));
    std::vector<std::string> lines;
    for (std::string next; std::getline(text, next);)
        lines.push_back(next);
    ASSERT_EQ(lines.size(), 4u);
    EXPECT_NE(lines[2].find(R"("id":"r3","path":"records/s/r3.json","action":"written")"),
              std::string::npos)
        << lines[2];
    EXPECT_NE(lines[3].find(R"("id":"r2","path":"records/s/r2.json","action":"replaced")"),
              std::string::npos)
        << lines[3];
    for (std::size_t i = 0; i < lines.size(); ++i)
        EXPECT_NE(lines[i].find("\"seq\":" + std::to_string(i + 1) + ","), std::string::npos)
            << lines[i];
    EXPECT_EQ(a->manifestSeq(), 4u);
    fs::remove_all(dir);
}

TEST_F(SharedStore, StoreOfANewerJikjiIsRefused) {
    {
        Poco::Data::Session session("PostgreSQL", postgresConnectionString(m_uri));
        session << "INSERT INTO schema_version (version) VALUES (99)", Poco::Data::Keywords::now;
    }
    try {
        PostgresStateStore store(m_uri);
        ADD_FAILURE() << "opened";
    } catch (const std::runtime_error& error) {
        EXPECT_NE(std::string(error.what()).find("newer jikji (schema 99"), std::string::npos)
            << error.what();
    }
}

}  // namespace
}  // namespace jikji
