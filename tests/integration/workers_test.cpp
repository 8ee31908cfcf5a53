// Three `jikji ingest --worker` processes sharing one crawl of the demo portal through a
// PostgreSQL state store (the throwaway server of tests/support/pg_scratch.sh; skipped without
// it) and one archive folder. Compared with one SQLite run of the same portal: the same
// captures and records; every item asked for once; the host's delay kept over all workers (read
// from the portal's own request log); and a worker killed with -9 leaves its work to the others.
#include <gtest/gtest.h>

#include <Poco/JSON/Parser.h>
#include <Poco/Process.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <future>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "pipeline/postgres_state_store.h"
#include "pipeline/sha256.h"
#include "tests/support/demo_portal_process.h"
#include "tests/support/fixtures.h"
#include "tests/support/postgres.h"
#include "tests/support/processes.h"

namespace jikji {
namespace {

namespace fs = std::filesystem;
using test::DemoPortalProcess;
using test::PortalRequest;

constexpr int kDelayMs = 200;

fs::path writeFile(const fs::path& file, const std::string& text) {
    std::ofstream(file) << text;
    return file;
}

// Record files with their bytes; `fetched_at` (when this run fetched the page) masked.
std::map<std::string, std::string> recordFiles(const fs::path& archive) {
    std::map<std::string, std::string> out;
    if (!fs::exists(archive / "records")) return out;
    static const std::regex fetchedAt("\"fetched_at\": \"[^\"]*\"");
    for (const auto& entry : fs::recursive_directory_iterator(archive / "records"))
        if (entry.is_regular_file())
            out[fs::relative(entry.path(), archive).string()] =
                std::regex_replace(test::readBytes(entry.path()), fetchedAt, "\"fetched_at\": _");
    return out;
}

std::size_t lines(const fs::path& file) {
    std::ifstream in(file);
    std::size_t n = 0;
    for (std::string line; std::getline(in, line);)
        ++n;
    return n;
}

bool isItemOrFile(const std::string& target) {
    return target.find("/item/") != std::string::npos ||
           target.find("/files/") != std::string::npos;
}

class Workers : public ::testing::Test {
  protected:
    void SetUp() override {
        std::optional<std::string> database = test::scratchDatabase();
        if (!database) GTEST_SKIP() << "no PostgreSQL server binaries";
        m_database = *database;
        m_dir = test::makeTempDir("workers");
        m_portal = std::make_unique<DemoPortalProcess>(JIKJI_DEMO_PORTAL, m_dir);
        // The reference: one process, the embedded store.
        m_reference = m_dir / "reference";
        fs::path config =
            writeFile(m_dir / "reference.json", test::demoPortalConfig(*m_portal, m_reference));
        test::CommandResult single = test::runJikji({"ingest", "--config", config.string()});
        ASSERT_EQ(single.exitCode, 0) << single.out << single.err;
        m_before = m_portal->requests().size();
        m_archive = m_dir / "shared";
        m_config = writeFile(m_dir / "shared.json",
                             test::demoPortalConfig(*m_portal, m_archive,
                                                    {.state = m_database, .delayMs = kDelayMs}));
    }
    void TearDown() override {
        m_portal.reset();
        if (!m_dir.empty()) fs::remove_all(m_dir);
    }

    Poco::ProcessHandle startWorker(int index) {
        Poco::Process::Args args{"ingest",   "--config",        m_config.string(),
                                 "--worker", "--lease-seconds", "2"};
        fs::path out = m_dir / ("worker" + std::to_string(index) + ".out");
        return Poco::Process::launch(
            "/bin/sh",
            {"-c", "exec \"$0\" \"$@\" >" + out.string() + " 2>&1", test::jikjiBinary().string(),
             args[0], args[1], args[2], args[3], args[4], args[5]});
    }
    std::string output(int index) const {
        return test::readBytes(m_dir / ("worker" + std::to_string(index) + ".out"));
    }
    std::vector<PortalRequest> sharedRequests() const {
        std::vector<PortalRequest> all = m_portal->requests();
        return std::vector<PortalRequest>(all.begin() + static_cast<std::ptrdiff_t>(m_before),
                                          all.end());
    }
    // Two starts of requests to the portal are never closer than the delay allows (half of it:
    // the server logs arrivals, not the starts the workers agreed on, and a loaded machine may
    // hold a worker for tens of milliseconds between the two).
    void expectDelayHeld(const std::vector<PortalRequest>& requests) const {
        ASSERT_GE(requests.size(), 80u);
        for (std::size_t i = 1; i < requests.size(); ++i)
            EXPECT_GE(requests[i].ms - requests[i - 1].ms, kDelayMs / 2) << requests[i].target;
    }
    // `firstSeq`: the store's counter outlives a manifest removed by hand.
    void expectSameArchiveAsReference(std::uint64_t firstSeq = 1) const {
        EXPECT_EQ(test::captureFiles(m_archive), test::captureFiles(m_reference));
        auto records = recordFiles(m_archive);
        EXPECT_EQ(records.size(), 42u);  // 32 + 6 + 4 (demo-egov)
        EXPECT_EQ(records, recordFiles(m_reference));
        // Each record was emitted by one worker: one manifest line each.
        EXPECT_EQ(lines(m_archive / "records.ndjson"), 42u);
        // Three workers appended to one manifest: its lines are numbered 1…42, none twice, with
        // numbers the store handed out (its counter is at the last one).
        std::istringstream manifest(test::readBytes(m_archive / "records.ndjson"));
        std::uint64_t seq = firstSeq - 1;
        for (std::string line; std::getline(manifest, line);)
            EXPECT_NE(line.find(",\"seq\":" + std::to_string(++seq) + ","), std::string::npos)
                << line;
        EXPECT_EQ(PostgresStateStore(m_database).manifestSeq(), seq);
    }

    std::string m_database;
    fs::path m_dir, m_reference, m_archive, m_config;
    std::unique_ptr<DemoPortalProcess> m_portal;
    std::size_t m_before = 0;
};

TEST_F(Workers, ThreeWorkersCaptureEveryItemOnceAndKeepTheHostDelay) {
    std::vector<Poco::ProcessHandle> workers;
    for (int i = 0; i < 3; ++i)
        workers.push_back(startWorker(i));
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(workers[static_cast<std::size_t>(i)].wait(), 0) << output(i);

    std::vector<PortalRequest> requests = sharedRequests();
    std::map<std::string, int> asked;
    for (const PortalRequest& r : requests)
        if (isItemOrFile(r.target)) ++asked[r.target];
    EXPECT_GE(asked.size(), 74u);  // 37 items and their attachments
    for (const auto& [target, count] : asked)
        EXPECT_EQ(count, 1) << target;
    expectDelayHeld(requests);
    expectSameArchiveAsReference();

    // Every worker wrote its own run report, named after it.
    std::set<std::string> ids;
    for (const auto& entry : fs::directory_iterator(m_archive / "runs")) {
        Poco::JSON::Parser parser;
        auto report =
            parser.parse(test::readBytes(entry.path())).extract<Poco::JSON::Object::Ptr>();
        ASSERT_TRUE(report->getObject("worker")) << entry.path();
        ids.insert(report->getObject("worker")->getValue<std::string>("id"));
    }
    EXPECT_EQ(ids.size(), 3u);
    test::CommandResult status = test::runJikji({"status", "--archive", m_archive.string()});
    EXPECT_EQ(status.exitCode, 0) << status.err;
    EXPECT_NE(status.out.find("state: postgresql, schema version 6"), std::string::npos)
        << status.out;

    // Three reprocess workers share one round: every record is rebuilt once, the same bytes.
    fs::remove_all(m_archive / "records");
    fs::remove(m_archive / "records.ndjson");
    std::vector<Poco::ProcessHandle> rebuilders;
    for (int i = 0; i < 3; ++i)
        rebuilders.push_back(Poco::Process::launch(
            "/bin/sh", {"-c",
                        "exec \"$0\" \"$@\" >" + (m_dir / "reprocess.out").string() + "." +
                            std::to_string(i) + " 2>&1",
                        test::jikjiBinary().string(), "reprocess", "--archive", m_archive.string(),
                        "--worker"}));
    for (auto& rebuilder : rebuilders)
        EXPECT_EQ(rebuilder.wait(), 0);
    expectSameArchiveAsReference(43);
}

TEST_F(Workers, AWorkerKilledMidRunLeavesItsWorkToTheOthers) {
    std::vector<Poco::ProcessHandle> workers;
    for (int i = 0; i < 3; ++i)
        workers.push_back(startWorker(i));
    // Kill -9 once a third of the crawl has been asked for, wherever the worker then is.
    while (sharedRequests().size() < 28) {
        ASSERT_TRUE(Poco::Process::isRunning(workers[0])) << "the crawl ended before the kill";
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    Poco::Process::kill(workers[0]);
    workers[0].wait();
    EXPECT_EQ(workers[1].wait(), 0) << output(1);
    EXPECT_EQ(workers[2].wait(), 0) << output(2);

    expectSameArchiveAsReference();
    std::vector<PortalRequest> requests = sharedRequests();
    expectDelayHeld(requests);
    // Only what the dead worker had in flight is asked for twice.
    std::map<std::string, int> asked;
    for (const PortalRequest& r : requests)
        if (isItemOrFile(r.target)) ++asked[r.target];
    int repeated = 0;
    for (const auto& [target, count] : asked) {
        EXPECT_LE(count, 2) << target;
        repeated += count - 1;
    }
    EXPECT_LE(repeated, 4);
    test::CommandResult status =
        test::runJikji({"status", "--archive", m_archive.string(), "--json"});
    ASSERT_EQ(status.exitCode, 0) << status.err;
    Poco::JSON::Parser parser;
    auto summary = parser.parse(status.out).extract<Poco::JSON::Object::Ptr>();
    EXPECT_EQ(summary->getArray("parked")->size(), 0u) << status.out;
    // 83 of demo-board and demo-euc-kr (their shared attachment once), 12 of demo-egov (2 list
    // pages, 4 views, 6 files).
    EXPECT_EQ(summary->getObject("urls")->getValue<int>("done"), 95);
}

// The changes feed with workers (issue #20): workers never hold the archive lock, so none
// repairs the manifest at start as a locked run does. A worker killed between putting a record
// file in place and appending its manifest line leaves a record that the worker taking over its
// item finds unchanged: that worker must give it its line, with a seq never used before.
struct ManifestLine {
    std::string id, path, sha256, action;
    std::uint64_t seq = 0;
};

std::vector<ManifestLine> manifestLines(const fs::path& archive) {
    std::vector<ManifestLine> out;
    std::istringstream in(test::readBytes(archive / "records.ndjson"));
    for (std::string line; std::getline(in, line);) {
        Poco::JSON::Parser parser;
        auto object = parser.parse(line).extract<Poco::JSON::Object::Ptr>();
        out.push_back({object->getValue<std::string>("id"), object->getValue<std::string>("path"),
                       object->getValue<std::string>("sha256"),
                       object->getValue<std::string>("action"),
                       object->getValue<std::uint64_t>("seq")});
    }
    return out;
}

bool announcedSince(const std::vector<ManifestLine>& lines, const std::string& path,
                    std::uint64_t since) {
    return std::any_of(lines.begin(), lines.end(), [&](const ManifestLine& line) {
        return line.path == path && line.seq > since;
    });
}

// Record id → its file, relative to the archive.
std::map<std::string, std::string> recordIds(const fs::path& archive) {
    std::map<std::string, std::string> out;
    for (const auto& entry : fs::recursive_directory_iterator(archive / "records"))
        if (entry.is_regular_file()) {
            Poco::JSON::Parser parser;
            auto record =
                parser.parse(test::readBytes(entry.path())).extract<Poco::JSON::Object::Ptr>();
            out[record->getValue<std::string>("id")] =
                fs::relative(entry.path(), archive).generic_string();
        }
    return out;
}

constexpr std::size_t kFeedRecords = 18;  // the board cut to its first list page

class WorkerFeed : public ::testing::Test {
  protected:
    void SetUp() override {
        std::optional<std::string> database = test::scratchDatabase();
        if (!database) GTEST_SKIP() << "no PostgreSQL server binaries";
        m_database = *database;
        m_dir = test::makeTempDir("worker-feed");
        m_portal = std::make_unique<DemoPortalProcess>(JIKJI_DEMO_PORTAL, m_dir);
        m_archive = m_dir / "archive";
        m_config = writeFile(
            m_dir / "shared.json",
            test::demoPortalConfig(*m_portal, m_archive, {.state = m_database, .boardPages = 1}));
    }
    void TearDown() override {
        m_portal.reset();
        if (!m_dir.empty()) fs::remove_all(m_dir);
    }

    std::vector<std::string> ingestArgs() const {
        return {"ingest", "--config", m_config.string(), "--worker", "--lease-seconds", "1"};
    }
    std::vector<std::string> reprocessArgs() const {
        return {"reprocess", "--archive", m_archive.string(), "--worker", "--lease-seconds", "1"};
    }

    // Runs `args` in a worker killed at its durable step `killOn` (JIKJI_TEST_KILL_ON); returns
    // that step's path, relative to the archive. Then waits until the dead worker's claims have
    // run out (its leases last 1 s from its last renewal).
    std::string killWorkerAt(const std::vector<std::string>& args, const std::string& killOn) {
        fs::path steps = m_dir / "killed.steps";
        fs::remove(steps);
        test::ProcessResult killed = test::runJikjiWith(
            args, {{"JIKJI_TEST_KILL_ON", killOn}, {"JIKJI_TEST_STEP_LOG", steps.string()}},
            m_dir / "killed");
        EXPECT_EQ(killed.signal, SIGKILL) << killed.err;
        std::string log = test::readBytes(steps);
        std::string last = log.substr(log.rfind('\n', log.size() - 2) + 1);
        EXPECT_NE(last.find(" " + killOn.substr(0, killOn.find(':')) + " "), std::string::npos)
            << last;
        std::string path =
            last.substr(last.find(m_archive.string()) + m_archive.string().size() + 1);
        path.pop_back();  // the newline
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));
        return path;
    }
    // A worker killed as it puts its `nth` record file in place, before that record's manifest
    // line; returns the record's path.
    std::string killBetweenRecordAndLine(const std::vector<std::string>& args, int nth) {
        return killWorkerAt(args, "rename:/records/:" + std::to_string(nth));
    }

    // Two workers at once, no locked run: both finish.
    void runTwoWorkers(const std::vector<std::string>& args) {
        auto run = [&](const std::string& name) {
            return std::async(std::launch::async,
                              [&, name] { return test::runJikjiWith(args, {}, m_dir / name); });
        };
        auto a = run("a"), b = run("b");
        test::ProcessResult first = a.get(), second = b.get();
        EXPECT_EQ(first.exitCode, 0) << first.err;
        EXPECT_EQ(second.exitCode, 0) << second.err;
    }

    // The feed holds every record once, by its last line, which names its file as it is; the
    // lines are numbered 1, 2, 3… without a gap or a repeat, to the store's counter; the record
    // the dead worker left has exactly one line since `since`, with a seq nobody used before.
    void expectWholeFeed(std::size_t linesWanted, std::uint64_t since, const std::string& left,
                         const std::vector<ManifestLine>& beforeKill) {
        std::vector<ManifestLine> lines = manifestLines(m_archive);
        ASSERT_EQ(lines.size(), linesWanted);
        for (std::size_t i = 0; i < lines.size(); ++i)
            EXPECT_EQ(lines[i].seq, i + 1) << lines[i].id;
        EXPECT_EQ(PostgresStateStore(m_database).manifestSeq(), lines.size());
        std::map<std::string, std::string> files = recordIds(m_archive);
        ASSERT_EQ(files.size(), kFeedRecords);
        std::map<std::string, ManifestLine> last;
        for (const ManifestLine& line : lines)
            last[line.id] = line;
        for (const auto& [id, path] : files) {
            ASSERT_TRUE(last.count(id)) << "no manifest line for " << path;
            EXPECT_EQ(last[id].path, path);
            EXPECT_EQ(last[id].sha256, sha256Hex(test::readBytes(m_archive / path))) << path;
        }
        std::string leftId;
        for (const auto& [id, path] : files)
            if (path == left) leftId = id;
        ASSERT_FALSE(leftId.empty()) << left;
        std::size_t leftLines = 0;
        for (const ManifestLine& line : lines)
            if (line.id == leftId && line.seq > since) {
                ++leftLines;
                for (const ManifestLine& old : beforeKill)
                    EXPECT_NE(old.seq, line.seq) << "seq " << line.seq << " used twice";
            }
        EXPECT_EQ(leftLines, 1u) << left;

        // `export --since` gives each record changed since the cursor once, that one included.
        test::ProcessResult exported = test::runJikjiWith(
            {"export", "--archive", m_archive.string(), "--since", std::to_string(since)}, {},
            m_dir / "export");
        ASSERT_EQ(exported.exitCode, 0) << exported.err;
        std::map<std::string, int> ids;
        std::istringstream out(exported.out);
        for (std::string line; std::getline(out, line);) {
            Poco::JSON::Parser parser;
            ++ids[parser.parse(line).extract<Poco::JSON::Object::Ptr>()->getValue<std::string>(
                "id")];
        }
        EXPECT_EQ(ids.size(), kFeedRecords);
        for (const auto& [id, count] : ids)
            EXPECT_EQ(count, 1) << id;
        EXPECT_EQ(ids.count(leftId), 1u);
        EXPECT_NE(exported.err.find("cursor: " + std::to_string(lines.size())), std::string::npos)
            << exported.err;
    }

    std::string m_database;
    fs::path m_dir, m_archive, m_config;
    std::unique_ptr<DemoPortalProcess> m_portal;
};

TEST_F(WorkerFeed, IngestWorkerKilledBetweenRecordAndLineLeavesTheRecordToTheNextWorkersFeed) {
    std::string left = killBetweenRecordAndLine(ingestArgs(), 3);
    std::vector<ManifestLine> beforeKill = manifestLines(m_archive);
    ASSERT_EQ(beforeKill.size(), 2u);  // the lines of the first two records (one job)
    ASSERT_FALSE(announcedSince(beforeKill, left, 0));
    ASSERT_TRUE(fs::exists(m_archive / left));
    runTwoWorkers(ingestArgs());
    // One line per record written, the one the dead worker left included.
    expectWholeFeed(kFeedRecords, 0, left, beforeKill);
}

// The other side: a worker killed once its line is in the manifest, before it reported its items
// done. The next worker finds those records unchanged and in the manifest: no second line.
TEST_F(WorkerFeed, IngestWorkerKilledAfterItsLinesLeavesNoDuplicateLine) {
    killWorkerAt(ingestArgs(), "append:records.ndjson:3");
    std::vector<ManifestLine> beforeKill = manifestLines(m_archive);
    ASSERT_EQ(beforeKill.size(), 3u);
    runTwoWorkers(ingestArgs());
    std::vector<ManifestLine> lines = manifestLines(m_archive);
    ASSERT_EQ(lines.size(), kFeedRecords);
    std::set<std::string> ids;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        EXPECT_EQ(lines[i].seq, i + 1);
        EXPECT_TRUE(ids.insert(lines[i].id).second) << "two lines for " << lines[i].path;
    }
    EXPECT_EQ(PostgresStateStore(m_database).manifestSeq(), kFeedRecords);
}

TEST_F(WorkerFeed, ReprocessWorkerKilledBetweenRecordAndLineLeavesTheRecordToTheNextWorkersFeed) {
    test::ProcessResult ingest = test::runJikjiWith(ingestArgs(), {}, m_dir / "ingest");
    ASSERT_EQ(ingest.exitCode, 0) << ingest.err;
    ASSERT_EQ(manifestLines(m_archive).size(), kFeedRecords);
    // Every record changes in the round: the killed worker rewrites its second one.
    test::changeDemoRules(m_archive);
    std::string left = killBetweenRecordAndLine(reprocessArgs(), 2);
    std::vector<ManifestLine> beforeKill = manifestLines(m_archive);
    // The other job's record may have its line already.
    ASSERT_LE(beforeKill.size(), kFeedRecords + 1);
    ASSERT_FALSE(announcedSince(beforeKill, left, kFeedRecords));
    runTwoWorkers(reprocessArgs());
    expectWholeFeed(2 * kFeedRecords, kFeedRecords, left, beforeKill);
}

}  // namespace
}  // namespace jikji
