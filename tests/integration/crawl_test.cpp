// `jikji ingest` against the demo portal (build/jikji-demo-portal) over loopback. Timing is
// checked only with generous lower bounds, read from the server's own request log.
#include <gtest/gtest.h>

#include <Poco/JSON/Parser.h>
#include <Poco/Process.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "pipeline/archive.h"
#include "stages/fetch/page_decoding.h"
#include "tests/support/demo_portal_process.h"
#include "tests/support/fixtures.h"

namespace jikji {
namespace {

namespace fs = std::filesystem;

using Request = test::PortalRequest;

/// The demo portal on a free port of 127.0.0.1, stopped when the object goes.
class DemoPortal : public test::DemoPortalProcess {
  public:
    explicit DemoPortal(const fs::path& dir, const fs::path& root = {})
        : DemoPortalProcess(JIKJI_DEMO_PORTAL, dir, root) {}
};

std::string quoted(const std::string& text) {
    return "\"" + text + "\"";
}

/// A one-source config on the portal; `extra` is spliced into the source object.
std::string oneSource(const fs::path& archive, const std::vector<std::string>& startUrls,
                      const std::string& itemLinks, const std::string& extra) {
    std::string starts;
    for (const std::string& url : startUrls)
        starts += (starts.empty() ? "" : ", ") + (url.starts_with("{") ? url : quoted(url));
    return R"({"archive": )" + quoted(archive.string()) +
           R"(, "user_agent": "jikji-test/1", "sources": [{"name": "t", "start_urls": [)" + starts +
           R"(], "allowed_hosts": ["127.0.0.1"], "list": {"item_links": )" + quoted(itemLinks) +
           R"(, "next_page": "//div[@class='paging']/a[@class='next']", "max_pages": 1},
           "item": {"attachments": "//div[@id='article']/div[@class='files']//a"})" +
           extra + "}]}";
}

std::string demoConfig(const DemoPortal& portal, const fs::path& archive,
                       const std::string& delayMs = "50") {
    std::string text = test::readBytes(test::sourceDir() / "fixtures/portal/demo.json");
    for (std::size_t at; (at = text.find("${PORT}")) != std::string::npos;)
        text.replace(at, 7, std::to_string(portal.port()));
    for (std::size_t at = 0; (at = text.find("\"delay_ms\": 50", at)) != std::string::npos;) {
        text.replace(at, 14, "\"delay_ms\": " + delayMs);
        at += 14;
    }
    std::string from = "\"./archive/demo-portal\"";
    text.replace(text.find(from), from.size(), quoted(archive.string()));
    from = "\"sqlite:./archive/demo-portal/jikji.db\"";
    text.replace(text.find(from), from.size(), quoted("sqlite:" + (archive / "jikji.db").string()));
    return text;
}

fs::path writeConfig(const fs::path& dir, const std::string& name, const std::string& text) {
    fs::path file = dir / name;
    std::ofstream(file) << text;
    return file;
}

Poco::JSON::Object::Ptr reportOf(const test::CommandResult& result) {
    return test::runReportOf(result.out);
}

// Every record file under ARCHIVE/records, with its bytes.
std::map<std::string, std::string> recordFiles(const fs::path& archive) {
    std::map<std::string, std::string> out;
    if (!fs::exists(archive / "records")) return out;
    for (const auto& entry : fs::recursive_directory_iterator(archive / "records"))
        if (entry.is_regular_file()) out[entry.path().string()] = test::readBytes(entry.path());
    return out;
}

// Validates the records with the published schema and a real validator (python3-jsonschema).
int validateRecords(const fs::path& archive) {
    Poco::Process::Args args{(test::sourceDir() / "tests/support/validate_records.py").string(),
                             (test::sourceDir() / "schemas").string(),
                             (archive / "records").string()};
    return Poco::Process::launch("/usr/bin/python3", args).wait();
}

std::vector<Request> since(const std::vector<Request>& all, std::size_t from) {
    return std::vector<Request>(all.begin() + static_cast<std::ptrdiff_t>(from), all.end());
}

class Crawl : public ::testing::Test {
  protected:
    void SetUp() override { m_dir = test::makeTempDir("crawl"); }
    void TearDown() override { fs::remove_all(m_dir); }
    fs::path m_dir;
};

TEST_F(Crawl, DemoPortalIsCapturedThenRecrawledWithConditionalRequests) {
    DemoPortal portal(m_dir);
    fs::path archive = m_dir / "archive";
    fs::path config = writeConfig(m_dir, "demo.json", demoConfig(portal, archive));

    test::CommandResult first = test::runJikji({"ingest", "--config", config.string()});
    EXPECT_EQ(first.exitCode, 0) << first.out << first.err;
    std::vector<Request> firstRun = portal.requests();
    std::set<std::string> ok;
    for (const Request& r : firstRun)
        if (r.status == 200) ok.insert(r.target.substr(0, r.target.find('?')));
    for (int id = 1002; id <= 1032; ++id)
        EXPECT_TRUE(ok.count("/item/" + std::to_string(id) + ".html")) << id;
    for (int id = 2001; id <= 2006; ++id)
        EXPECT_TRUE(ok.count("/euc/item/" + std::to_string(id) + ".html")) << id;
    std::size_t files = std::count_if(ok.begin(), ok.end(), [](const std::string& t) {
        return t.starts_with("/files/") || t.starts_with("/euc/files/");
    });
    EXPECT_GE(files, 37u);
    // robots.txt disallows /private/: never asked for, reported as blocked.
    for (const Request& r : firstRun)
        EXPECT_FALSE(r.target.starts_with("/private/")) << r.target;
    auto report = reportOf(first);
    ASSERT_TRUE(report);
    ASSERT_EQ(report->getArray("blocked")->size(), 1u);
    EXPECT_NE(report->getArray("blocked")->getObject(0)->getValue<std::string>("url").find(
                  "/private/item/1099.html"),
              std::string::npos);
    std::size_t blobs = 0;
    for (const std::string& file : test::captureFiles(archive))
        blobs += !file.ends_with(".json");
    EXPECT_GE(blobs, 81u);  // 6 list pages, 37 items, 37 attachments, robots.txt
    // extract → normalize → emit: one record per item page, each valid against the schema.
    auto records = recordFiles(archive);
    EXPECT_EQ(records.size(), 42u);  // 32 + 6 + 4 (demo-egov)
    EXPECT_EQ(validateRecords(archive), 0);
    // The processor time per item is reported (#18), converter processes included: the 42
    // items the record pipeline took, a time for each, in the report and the summary line.
    auto cpu = report->getObject("cpu");
    ASSERT_TRUE(cpu);
    EXPECT_EQ(cpu->getValue<int>("items"), 42);
    EXPECT_GT(cpu->getValue<double>("user_s") + cpu->getValue<double>("sys_s"), 0);
    EXPECT_GT(cpu->getValue<double>("per_item_ms"), 0);
    EXPECT_GE(cpu->getValue<double>("user_s"), cpu->getValue<double>("children_user_s"));
    EXPECT_NE(first.out.find(" ms per item"), std::string::npos) << first.out;

    test::CommandResult second = test::runJikji({"ingest", "--config", config.string()});
    EXPECT_EQ(second.exitCode, 0) << second.out << second.err;
    std::vector<Request> secondRun = since(portal.requests(), firstRun.size());
    std::size_t notModified = 0;
    for (const Request& r : secondRun) {
        bool page = r.target.starts_with("/board/") || r.target.starts_with("/euc/list-") ||
                    r.target.starts_with("/egov/selectNoticeList.do") || r.target == "/robots.txt";
        if (page) continue;
        EXPECT_EQ(r.status, 304) << r.target;
        ++notModified;
    }
    EXPECT_GE(notModified, 14u);  // items and attachments of the first list pages
    auto again = reportOf(second);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->getObject("statuses")->getValue<int>("304"), static_cast<int>(notModified));
    EXPECT_FALSE(again->getObject("counts")->has("new_blobs"));
    // Nothing changed, so no record was rebuilt and every record file is byte-identical.
    EXPECT_FALSE(again->getObject("counts")->has("records_written"));
    EXPECT_EQ(recordFiles(archive), records);
    // No item taken: no time per item.
    EXPECT_EQ(again->getObject("cpu")->getValue<int>("items"), 0);
    EXPECT_FALSE(again->getObject("cpu")->has("per_item_ms"));
}

TEST_F(Crawl, EucKrPagesAndRawCp949FileNamesAreReadable) {
    DemoPortal portal(m_dir);
    fs::path archive = m_dir / "archive";
    std::string text =
        oneSource(archive, {portal.url("/euc/list-1.html")}, "//ul[@class='board']/li/a/@href",
                  R"(, "politeness": {"delay_ms": 0})");
    EXPECT_EQ(test::runJikji({"ingest", "--config", writeConfig(m_dir, "c.json", text).string()})
                  .exitCode,
              0);
    CaptureStore captures(archive);
    bool sawPage = false, sawFile = false;
    for (const std::string& file : test::captureFiles(archive)) {
        if (!file.ends_with(".json")) continue;
        std::string digest = fs::path(file).stem().string();
        CaptureInfo info = captures.sidecar(digest);
        if (info.url.ends_with("/euc/item/2001.html")) {
            std::string type;
            for (const auto& [name, value] : info.headers)
                if (name == "Content-Type") type = value;
            EXPECT_EQ(type, "text/html; charset=euc-kr");
            auto page = fetch::decodePage(captures.get(digest), type);
            EXPECT_EQ(page.used, "windows-949");
            EXPECT_NE(page.text.find("한옥마을 야간 관광 프로그램 운영"), std::string::npos);
            sawPage = true;
        }
        if (info.url.find("/euc/files/2001/") != std::string::npos) {
            for (const auto& [name, value] : info.headers) {
                if (name == "Content-Disposition") {
                    EXPECT_NE(value.find("한옥마을 야간 관광 프로그램 운영.hwpx"),
                              std::string::npos);
                }
            }
            sawFile = true;
        }
    }
    EXPECT_TRUE(sawPage);
    EXPECT_TRUE(sawFile);
}

TEST_F(Crawl, PolitenessDelayHoldsBetweenRequests) {
    DemoPortal portal(m_dir);
    std::string text = oneSource(m_dir / "archive", {portal.url("/board/list-4.html")},
                                 "//ul[@class='board']/li/a",
                                 R"(, "politeness": {"delay_ms": 300, "concurrency": 2})");
    EXPECT_EQ(test::runJikji({"ingest", "--config", writeConfig(m_dir, "c.json", text).string()})
                  .exitCode,
              0);
    std::vector<Request> requests = portal.requests();
    ASSERT_GE(requests.size(), 10u);  // robots.txt, the list page, its items and attachments
    for (std::size_t i = 1; i < requests.size(); ++i)
        EXPECT_GE(requests[i].ms - requests[i - 1].ms, 150) << requests[i].target;
}

TEST_F(Crawl, RetryAfterOf429IsHonoured) {
    DemoPortal portal(m_dir);
    // Spelled as the crawler asks for it: parameters sorted by name.
    std::string target = "/board/list-4.html?retry_after=2&status=429&times=1";
    std::string text = oneSource(m_dir / "archive", {portal.url(target)}, "//none",
                                 R"(, "politeness": {"delay_ms": 0})");
    test::CommandResult result =
        test::runJikji({"ingest", "--config", writeConfig(m_dir, "c.json", text).string()});
    EXPECT_EQ(result.exitCode, 0) << result.err;
    std::vector<Request> hits;
    for (const Request& r : portal.requests())
        if (r.target == target) hits.push_back(r);
    ASSERT_EQ(hits.size(), 2u);
    EXPECT_EQ(hits[0].status, 429);
    EXPECT_EQ(hits[1].status, 200);
    EXPECT_GE(hits[1].ms - hits[0].ms, 1500);
    EXPECT_EQ(reportOf(result)->getObject("counts")->getValue<int>("retry_after_honoured"), 1);
}

TEST_F(Crawl, ServerErrorsDropsAndTimeoutsAreRetriedThenReported) {
    DemoPortal portal(m_dir);
    std::vector<std::string> targets = {
        "/board/list-4.html?status=500&times=2", "/board/list-4.html?drop=1",
        "/board/list-4.html?status=503", "/board/list-4.html?delay_ms=1500"};
    std::vector<std::string> urls;
    for (const std::string& t : targets)
        urls.push_back(portal.url(t));
    std::string text = oneSource(m_dir / "archive", urls, "//none",
                                 R"(, "politeness": {"delay_ms": 0, "concurrency": 4},
                                 "http": {"max_attempts": 3, "backoff_base_ms": 50,
                                          "read_timeout_ms": 300})");
    test::CommandResult result =
        test::runJikji({"ingest", "--config", writeConfig(m_dir, "c.json", text).string()});
    EXPECT_EQ(result.exitCode, 1) << result.err;
    std::map<std::string, std::vector<int>> statuses;
    // robots.txt, 3 + 2 + 3 + 3 attempts
    for (const Request& r : portal.requestsAtLeast(12))
        statuses[r.target].push_back(r.status);
    EXPECT_EQ(statuses[targets[0]], (std::vector<int>{500, 500, 200}));
    EXPECT_EQ(statuses[targets[1]], (std::vector<int>{0, 200}));  // 0: dropped
    EXPECT_EQ(statuses[targets[2]], (std::vector<int>{503, 503, 503}));
    EXPECT_EQ(statuses[targets[3]].size(), 3u);  // each attempt timed out
    auto failures = reportOf(result)->getArray("failures");
    ASSERT_EQ(failures->size(), 2u);
    std::string errors = failures->getObject(0)->getValue<std::string>("message") + " " +
                         failures->getObject(1)->getValue<std::string>("message");
    EXPECT_NE(errors.find("HTTP 503"), std::string::npos) << errors;
    EXPECT_NE(errors.find("imeout"), std::string::npos) << errors;
}

TEST_F(Crawl, RedirectsAreFollowedOnlyWithinAllowedHosts) {
    DemoPortal portal(m_dir);
    std::string inside = "/go?to=/board/list-4.html";
    std::string outside = "/go?to=http://10.1.2.3/secret";
    std::string text = oneSource(m_dir / "archive", {portal.url(inside), portal.url(outside)},
                                 "//none", R"(, "politeness": {"delay_ms": 0})");
    test::CommandResult result =
        test::runJikji({"ingest", "--config", writeConfig(m_dir, "c.json", text).string()});
    EXPECT_EQ(result.exitCode, 1);
    auto failures = reportOf(result)->getArray("failures");
    ASSERT_EQ(failures->size(), 1u);
    EXPECT_NE(failures->getObject(0)->getValue<std::string>("message").find("allowed_hosts"),
              std::string::npos);
    bool listFetched = false;
    for (const Request& r : portal.requests())
        listFetched |= r.target == "/board/list-4.html";
    EXPECT_TRUE(listFetched);
}

TEST_F(Crawl, FormPostBoard) {
    DemoPortal portal(m_dir);
    std::string start =
        R"({"url": ")" + portal.url("/post/list.do") + R"(", "method": "POST", "body": "page=4"})";
    std::string text = oneSource(m_dir / "archive", {start}, "//ul[@class='board']/li/a",
                                 R"(, "politeness": {"delay_ms": 0})");
    EXPECT_EQ(test::runJikji({"ingest", "--config", writeConfig(m_dir, "c.json", text).string()})
                  .exitCode,
              0);
    std::vector<Request> requests = portal.requests();
    ASSERT_GE(requests.size(), 2u);
    EXPECT_EQ(requests[1].method, "POST");
    EXPECT_EQ(requests[1].status, 200);
    bool itemFetched = false;
    for (const Request& r : requests)
        itemFetched |= r.target == "/item/1032.html";
    EXPECT_TRUE(itemFetched);
}

TEST_F(Crawl, LockHeldByAnotherRunExitsThree) {
    fs::path archive = m_dir / "archive";
    ArchiveLock held(archive);
    std::string text = oneSource(archive, {"http://127.0.0.1:9/"}, "//a", "");
    test::CommandResult result =
        test::runJikji({"ingest", "--config", writeConfig(m_dir, "c.json", text).string()});
    EXPECT_EQ(result.exitCode, 3);
    EXPECT_NE(result.err.find("locked"), std::string::npos) << result.err;
}

TEST_F(Crawl, KilledRunResumesToTheSameCaptures) {
    DemoPortal portal(m_dir);
    fs::path whole = m_dir / "whole";
    fs::path killed = m_dir / "killed";
    fs::path wholeConfig = writeConfig(m_dir, "whole.json", demoConfig(portal, whole, "0"));
    EXPECT_EQ(test::runJikji({"ingest", "--config", wholeConfig.string()}).exitCode, 0);
    std::size_t before = portal.requests().size();

    fs::path killedConfig = writeConfig(m_dir, "killed.json", demoConfig(portal, killed, "40"));
    Poco::Process::Args args{"ingest", "--config", killedConfig.string()};
    Poco::ProcessHandle run =
        Poco::Process::launch(test::jikjiBinary().string(), args, nullptr, nullptr, nullptr);
    // Kill -9 once a third of the crawl has been asked for, wherever the crawl then is.
    while (portal.requests().size() < before + 28) {
        ASSERT_TRUE(Poco::Process::isRunning(run)) << "the crawl ended before it was killed";
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    Poco::Process::kill(run);
    run.wait();
    std::size_t atKill = portal.requests().size();
    EXPECT_LT(test::captureFiles(killed).size(), test::captureFiles(whole).size());

    test::CommandResult resumed = test::runJikji({"ingest", "--config", killedConfig.string()});
    EXPECT_EQ(resumed.exitCode, 0) << resumed.err;
    EXPECT_TRUE(reportOf(resumed)->getValue<bool>("resumed"));
    EXPECT_EQ(test::captureFiles(killed), test::captureFiles(whole));

    // Once captured, nothing is fetched again: only requests in flight at the kill repeat.
    std::map<std::string, int> asked;
    for (const Request& r : since(portal.requests(), before))
        if (r.target.starts_with("/item/") || r.target.find("/files/") != std::string::npos)
            ++asked[r.target];
    int repeated = 0;
    for (const auto& [target, count] : asked) {
        EXPECT_LE(count, 2) << target;
        repeated += count - 1;
    }
    EXPECT_LE(repeated, 4);
    EXPECT_GT(portal.requests().size(), atKill);
}

// A sidecar belongs to the first URL that produced its bytes: when the portal moved to another
// port, the links of an unchanged list page were resolved against the old port.
TEST_F(Crawl, UnchangedPageAtAnotherUrlYieldsLinksOnItsOwnUrl) {
    fs::path archive = m_dir / "archive";
    fs::create_directories(m_dir / "a");
    fs::create_directories(m_dir / "b");
    auto config = [&](const DemoPortal& portal) {
        return writeConfig(
            m_dir, "c.json",
            oneSource(archive, {portal.url("/board/list-4.html")}, "//ul[@class='board']/li/a",
                      R"(, "politeness": {"delay_ms": 0})"));
    };
    {
        DemoPortal first(m_dir / "a");
        EXPECT_EQ(test::runJikji({"ingest", "--config", config(first).string()}).exitCode, 0);
    }
    DemoPortal second(m_dir / "b");
    test::CommandResult result = test::runJikji({"ingest", "--config", config(second).string()});
    EXPECT_EQ(result.exitCode, 0) << result.err;
    bool itemFetched = false;
    for (const Request& r : second.requests())
        itemFetched |= r.target == "/item/1032.html";
    EXPECT_TRUE(itemFetched);
}

TEST_F(Crawl, MaxItemsStopsAndTheNextRunFinishesThePass) {
    DemoPortal portal(m_dir);
    fs::path archive = m_dir / "archive";
    std::string text = oneSource(archive, {portal.url("/board/list-4.html")},
                                 "//ul[@class='board']/li/a", R"(, "politeness": {"delay_ms": 0})");
    fs::path config = writeConfig(m_dir, "c.json", text);
    test::CommandResult first =
        test::runJikji({"ingest", "--config", config.string(), "--max-items", "3"});
    EXPECT_EQ(first.exitCode, 0) << first.err;
    EXPECT_FALSE(reportOf(first)->getValue<bool>("pass_complete"));
    std::size_t items = 0;
    for (const Request& r : portal.requests())
        items += r.target.starts_with("/item/");
    EXPECT_EQ(items, 3u);

    test::CommandResult second = test::runJikji({"ingest", "--config", config.string()});
    EXPECT_EQ(second.exitCode, 0) << second.err;
    auto report = reportOf(second);
    EXPECT_TRUE(report->getValue<bool>("resumed"));
    EXPECT_TRUE(report->getValue<bool>("pass_complete"));
    std::map<std::string, int> asked;
    for (const Request& r : portal.requests())
        if (r.target.starts_with("/item/")) ++asked[r.target];
    EXPECT_EQ(asked.size(), 8u);  // list page 4 holds 8 items
    for (const auto& [target, count] : asked)
        EXPECT_EQ(count, 1) << target;
}

TEST_F(Crawl, ChangedItemIsCapturedAgainAndTheRestIsNotModified) {
    fs::path site = m_dir / "site";
    fs::copy(test::sourceDir() / "fixtures/portal/site", site, fs::copy_options::recursive);
    DemoPortal portal(m_dir, site);
    fs::path archive = m_dir / "archive";
    fs::path config =
        writeConfig(m_dir, "c.json",
                    oneSource(archive, {portal.url("/board/list-4.html")},
                              "//ul[@class='board']/li/a", R"(, "politeness": {"delay_ms": 0})"));
    EXPECT_EQ(test::runJikji({"ingest", "--config", config.string()}).exitCode, 0);
    std::size_t before = portal.requests().size();
    std::ofstream(site / "item/1032.html", std::ios::app) << "<!-- corrected -->\n";

    test::CommandResult second = test::runJikji({"ingest", "--config", config.string()});
    EXPECT_EQ(second.exitCode, 0) << second.err;
    for (const Request& r : since(portal.requests(), before)) {
        if (r.target == "/item/1032.html") {
            EXPECT_EQ(r.status, 200);
        } else if (r.target.starts_with("/item/") || r.target.starts_with("/files/")) {
            EXPECT_EQ(r.status, 304) << r.target;
        }
    }
    auto counts = reportOf(second)->getObject("counts");
    EXPECT_EQ(counts->getValue<int>("changed"), 1);
    EXPECT_EQ(counts->getValue<int>("new_blobs"), 1);
}

TEST_F(Crawl, AServerThatDripsBytesHitsTheResponseDeadline) {
    DemoPortal portal(m_dir);
    std::string target = "/board/list-4.html?drip_ms=150";
    std::string text = oneSource(m_dir / "archive", {portal.url(target)}, "//none",
                                 R"(, "politeness": {"delay_ms": 0},
                                 "http": {"max_attempts": 1, "max_response_ms": 300})");
    test::CommandResult result =
        test::runJikji({"ingest", "--config", writeConfig(m_dir, "c.json", text).string()});
    EXPECT_EQ(result.exitCode, 1);
    auto failures = reportOf(result)->getArray("failures");
    ASSERT_EQ(failures->size(), 1u);
    EXPECT_NE(failures->getObject(0)->getValue<std::string>("message").find("longer than allowed"),
              std::string::npos);
}

}  // namespace
}  // namespace jikji

namespace jikji {
namespace {

// Records rebuilt from the captures alone, in parallel or in shards, are the records ingest
// wrote, byte for byte; a second reprocess rewrites nothing.
TEST_F(Crawl, ReprocessRebuildsTheSameRecordsWithoutTheNetwork) {
    fs::path archive = m_dir / "archive";
    std::map<std::string, std::string> records;
    {
        DemoPortal portal(m_dir);
        fs::path config = writeConfig(m_dir, "demo.json", demoConfig(portal, archive));
        test::CommandResult ingest = test::runJikji({"ingest", "--config", config.string()});
        ASSERT_EQ(ingest.exitCode, 0) << ingest.err;
        records = recordFiles(archive);
        ASSERT_EQ(records.size(), 42u);
    }  // the portal is gone: reprocess needs no network

    fs::remove_all(archive / "records");
    test::CommandResult parallel =
        test::runJikji({"reprocess", "--archive", archive.string(), "--jobs", "2"});
    EXPECT_EQ(parallel.exitCode, 0) << parallel.out << parallel.err;
    EXPECT_EQ(recordFiles(archive), records);
    // Its processor time counts the two converter processes it waited for, per item rebuilt.
    auto cpu = test::runReportOf(parallel.out)->getObject("cpu");
    EXPECT_EQ(cpu->getValue<int>("items"), 42);
    EXPECT_GT(cpu->getValue<double>("children_user_s") + cpu->getValue<double>("children_sys_s"),
              0);
    EXPECT_NE(parallel.out.find(" ms per item"), std::string::npos) << parallel.out;
    test::CommandResult valid = test::runJikji({"validate", "--archive", archive.string()});
    EXPECT_EQ(valid.exitCode, 0) << valid.out;

    test::CommandResult again = test::runJikji({"reprocess", "--archive", archive.string()});
    EXPECT_EQ(again.exitCode, 0) << again.err;
    EXPECT_NE(again.out.find("0 written, 0 replaced, 42 unchanged"), std::string::npos)
        << again.out;

    fs::remove_all(archive / "records");
    for (const char* shard : {"0/3", "1/3", "2/3"}) {
        test::CommandResult part =
            test::runJikji({"reprocess", "--archive", archive.string(), "--shard", shard});
        EXPECT_EQ(part.exitCode, 0) << shard << part.err;
    }
    EXPECT_EQ(recordFiles(archive), records);

    EXPECT_EQ(
        test::runJikji({"reprocess", "--archive", archive.string(), "--shard", "3/3"}).exitCode, 2);
    EXPECT_EQ(test::runJikji({"reprocess", "--archive", (m_dir / "nothing").string()}).exitCode, 2);
}

// `jikji validate` passes a crawled archive, then names every damaged file, where in it, and
// exits 1: a blob with one byte changed, a record without a required field, a truncated record,
// a record that is not JSON, and a record with a key the schema does not know.
TEST_F(Crawl, ValidateReportsEveryDamagedFileWithItsPath) {
    fs::path archive = m_dir / "archive";
    {
        DemoPortal portal(m_dir);
        fs::path config = writeConfig(m_dir, "demo.json", demoConfig(portal, archive));
        ASSERT_EQ(test::runJikji({"ingest", "--config", config.string()}).exitCode, 0);
    }
    test::CommandResult clean = test::runJikji({"validate", "--archive", archive.string()});
    EXPECT_EQ(clean.exitCode, 0) << clean.out << clean.err;
    EXPECT_NE(clean.out.find("valid: 42 records (0 invalid), 96 captures (0 bad)"),
              std::string::npos)
        << clean.out;

    std::vector<fs::path> records;
    for (const auto& [path, bytes] : recordFiles(archive))
        records.push_back(path);
    ASSERT_GE(records.size(), 4u);
    auto relative = [&](const fs::path& path) {
        return fs::relative(path, archive).generic_string();
    };
    auto rewrite = [](const fs::path& path, const std::function<std::string(std::string)>& edit) {
        std::string bytes = edit(test::readBytes(path));
        std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
    };
    std::string blob = *test::captureFiles(archive).begin();
    ASSERT_EQ(blob.find(".json"), std::string::npos) << blob;
    rewrite(archive / blob, [](std::string bytes) {
        bytes[bytes.size() / 2] ^= 1;
        return bytes;
    });
    rewrite(records[0], [](std::string bytes) {
        std::size_t at = bytes.find("\n  \"title\": ");
        return bytes.erase(at, bytes.find('\n', at + 1) - at);
    });
    rewrite(records[1], [](std::string bytes) { return bytes.substr(0, bytes.size() / 2); });
    rewrite(records[2], [](std::string) { return std::string("not json {"); });
    rewrite(records[3], [](std::string bytes) {
        return bytes.insert(bytes.find("\"processing\""), "\"surprise\": 1,\n  ");
    });

    test::CommandResult damaged =
        test::runJikji({"validate", "--archive", archive.string(), "--json"});
    EXPECT_EQ(damaged.exitCode, 1) << damaged.err;
    Poco::JSON::Parser parser;
    auto report = parser.parse(damaged.out).extract<Poco::JSON::Object::Ptr>();
    EXPECT_FALSE(report->getValue<bool>("ok"));
    // An unknown key is what any JSON Schema validator accepts; --strict reports it.
    EXPECT_EQ(report->getValue<int>("invalid_records"), 3);
    EXPECT_EQ(report->getValue<int>("bad_captures"), 1);
    std::set<std::string> found;
    auto problems = report->getArray("problems");
    for (unsigned i = 0; i < problems->size(); ++i) {
        auto problem = problems->getObject(i);
        found.insert(problem->getValue<std::string>("check") + " " +
                     problem->getValue<std::string>("path") + " " +
                     problem->getValue<std::string>("pointer"));
    }
    EXPECT_TRUE(found.count("capture_digest " + blob + " ")) << damaged.out;
    EXPECT_TRUE(found.count("record_schema " + relative(records[0]) + " ")) << damaged.out;
    EXPECT_TRUE(found.count("record_json " + relative(records[1]) + " ")) << damaged.out;
    EXPECT_TRUE(found.count("record_json " + relative(records[2]) + " ")) << damaged.out;
    EXPECT_FALSE(found.count("record_schema " + relative(records[3]) + " /surprise"))
        << damaged.out;
    test::CommandResult strict =
        test::runJikji({"validate", "--strict", "--archive", archive.string()});
    EXPECT_NE(strict.out.find(relative(records[3]) + "#/surprise: "), std::string::npos)
        << strict.out;
    EXPECT_NE(strict.out.find("(4 invalid)"), std::string::npos) << strict.out;
    // Every changed record also disagrees with its manifest line.
    EXPECT_TRUE(found.count("manifest " + relative(records[2]) + " ")) << damaged.out;

    // A rebuild from the captures repairs the records and appends manifest lines; the changed
    // blob stays reported.
    test::runJikji({"reprocess", "--archive", archive.string()});
    test::CommandResult repaired = test::runJikji({"validate", "--archive", archive.string()});
    EXPECT_EQ(repaired.exitCode, 1);
    EXPECT_NE(repaired.out.find("0 invalid), 96 captures (1 bad)"), std::string::npos)
        << repaired.out;
    EXPECT_NE(repaired.out.find("; 1 problems"), std::string::npos) << repaired.out;
}

}  // namespace
}  // namespace jikji
