// Issue #17: every item once, every attachment in every record, no capture trusted unverified.
// Each test crawls a small board authored here, served by the demo portal over loopback.
#include <gtest/gtest.h>

#include <Poco/JSON/Parser.h>
#include <Poco/Process.h>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <future>
#include <map>
#include <set>
#include <sstream>

#include "tests/support/demo_portal_process.h"
#include "tests/support/fixtures.h"

namespace jikji {
namespace {

namespace fs = std::filesystem;
using Poco::JSON::Object;

class Portal : public test::DemoPortalProcess {
  public:
    Portal(const fs::path& dir, const fs::path& root)
        : DemoPortalProcess(JIKJI_DEMO_PORTAL, dir, root) {}
    /// Requests whose target, without its query, is `path`.
    std::vector<test::PortalRequest> hits(const std::string& path) const {
        std::vector<test::PortalRequest> out;
        for (const test::PortalRequest& r : requests())
            if (r.target.substr(0, r.target.find('?')) == path) out.push_back(r);
        return out;
    }
};

void writeFile(const fs::path& path, const std::string& bytes) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

std::string listPage(const std::vector<std::string>& hrefs, const std::string& next = {}) {
    std::string items;
    for (const std::string& href : hrefs)
        items += "<li><a href=\"" + href + "\">item</a></li>\n";
    std::string paging = next.empty() ? "" : "<a class=\"next\" href=\"" + next + "\">next</a>";
    return "<html><body><ul class=\"board\">\n" + items + "</ul>" + paging + "</body></html>";
}

std::string itemPage(const std::string& title, const std::vector<std::string>& attachments) {
    std::string links;
    for (const std::string& href : attachments)
        links += "<a href=\"" + href + "\">보도자료.hwp</a> ";
    return "<html><head><meta charset=\"utf-8\"></head><body><h2>" + title +
           "</h2><div class=\"content\"><p>" + title + " 본문</p></div><div class=\"files\">" +
           links + "</div></body></html>";
}

// A real HWP 5 document authored by the project's writer.
std::string hwpDocument() {
    return test::readBytes(test::sourceDir() / "fixtures/documents/hwp5/jeonju-press-release.hwp");
}

std::string config(const fs::path& archive, const Portal& portal, const std::string& start,
                   const std::string& extra = {}) {
    return R"({"archive": ")" + archive.string() +
           R"(", "user_agent": "jikji-test/1", "sources": [{"name": "t", "start_urls": [")" +
           portal.url(start) + R"("], "allowed_hosts": ["127.0.0.1"],
        "politeness": {"delay_ms": 0, "concurrency": 2},
        "list": {"item_links": "//ul[@class='board']/li/a", "next_page": "//a[@class='next']"},
        "item": {"fields": {"title": "//h2"}, "body": "//div[@class='content']",
                 "attachments": "//div[@class='files']//a"})" +
           extra + "}]}";
}

std::map<std::string, std::string> recordFiles(const fs::path& archive) {
    std::map<std::string, std::string> out;
    if (!fs::exists(archive / "records")) return out;
    for (const auto& entry : fs::recursive_directory_iterator(archive / "records"))
        if (entry.is_regular_file())
            out[fs::relative(entry.path(), archive).generic_string()] =
                test::readBytes(entry.path());
    return out;
}

Object::Ptr parse(const std::string& json) {
    Poco::JSON::Parser parser;
    return parser.parse(json).extract<Object::Ptr>();
}

fs::path blobOf(const fs::path& archive, std::string digest) {
    if (digest.starts_with("sha256:")) digest = digest.substr(7);
    return archive / "captures" / "sha256" / digest.substr(0, 2) / digest;
}

void flipAByte(const fs::path& file) {
    std::string bytes = test::readBytes(file);
    bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x20);
    writeFile(file, bytes);
}

class Integrity : public ::testing::Test {
  protected:
    void SetUp() override {
        m_dir = test::makeTempDir("integrity");
        m_site = m_dir / "site";
        m_archive = m_dir / "archive";
    }
    void TearDown() override { fs::remove_all(m_dir); }

    test::CommandResult ingest(const std::string& text) {
        writeFile(m_dir / "c.json", text);
        return test::runJikji({"ingest", "--config", (m_dir / "c.json").string()});
    }

    fs::path m_dir, m_site, m_archive;
};

// Three items linked one attachment: one record got it, the other two said `not_fetched`.
TEST_F(Integrity, AttachmentSharedByThreeItemsIsFetchedOnceAndInEveryRecord) {
    writeFile(m_site / "list.html", listPage({"/a.html", "/b.html", "/c.html"}));
    writeFile(m_site / "a.html", itemPage("가", {"/files/a.hwp"}));
    writeFile(m_site / "b.html", itemPage("나", {"files/./a.hwp#download"}));
    writeFile(m_site / "c.html", itemPage("다", {"/files/../files/a.hwp"}));
    writeFile(m_site / "files/a.hwp", hwpDocument());
    Portal portal(m_dir, m_site);

    test::CommandResult result = ingest(config(m_archive, portal, "/list.html"));
    ASSERT_EQ(result.exitCode, 0) << result.out << result.err;
    EXPECT_EQ(portal.hits("/files/a.hwp").size(), 1u);
    std::map<std::string, std::string> records = recordFiles(m_archive);
    ASSERT_EQ(records.size(), 3u);
    std::set<std::string> digests;
    for (const auto& [path, bytes] : records) {
        auto attachments = parse(bytes)->getArray("attachments");
        ASSERT_EQ(attachments->size(), 1u) << path;
        Object::Ptr attachment = attachments->getObject(0);
        EXPECT_EQ(attachment->getValue<std::string>("status"), "ok") << path;
        EXPECT_EQ(attachment->getValue<std::string>("url"), portal.url("/files/a.hwp")) << path;
        ASSERT_TRUE(attachment->has("document")) << path;
        digests.insert(attachment->getValue<std::string>("sha256"));
    }
    EXPECT_EQ(digests.size(), 1u);

    // A second pass fetches it once more (conditionally) and leaves every record as it was.
    EXPECT_EQ(ingest(config(m_archive, portal, "/list.html")).exitCode, 0);
    EXPECT_EQ(portal.hits("/files/a.hwp").size(), 2u);
    EXPECT_EQ(recordFiles(m_archive), records);
    // reprocess finds the attachment of every item too.
    EXPECT_EQ(test::runJikji({"reprocess", "--archive", m_archive.string()}).exitCode, 0);
    EXPECT_EQ(recordFiles(m_archive), records);
}

// eGovFrame boards put paging and search state in item links: the item that moved to page 2
// was fetched twice and recorded twice.
TEST_F(Integrity, ItemUnderFourSpellingsOverTwoPagesAndTwoPassesIsOneRecord) {
    writeFile(m_site / "list-1.html",
              listPage({"view.html?idx=1&pageIndex=1", "view.html?pageIndex=1&idx=1#comments"},
                       "list-2.html"));
    writeFile(m_site / "list-2.html",
              listPage({"./view.html?idx=1&pageIndex=2&searchWrd=%EA%B0%80"}));
    writeFile(m_site / "view.html", itemPage("한 건", {}));
    Portal portal(m_dir, m_site);
    std::string text = config(m_archive, portal, "/list-1.html",
                              R"(, "canonical": {"drop_query": ["pageIndex", "searchWrd"]})");

    ASSERT_EQ(ingest(text).exitCode, 0);
    EXPECT_EQ(portal.hits("/list-2.html").size(), 1u);
    EXPECT_EQ(portal.hits("/view.html").size(), 1u);
    // The next night the item has moved to page 2, and its link says so first.
    writeFile(m_site / "list-1.html", listPage({"view.html?pageIndex=2&idx=1"}, "list-2.html"));
    ASSERT_EQ(ingest(text).exitCode, 0);
    EXPECT_EQ(portal.hits("/view.html").size(), 2u);

    std::map<std::string, std::string> records = recordFiles(m_archive);
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(parse(records.begin()->second)->getObject("source")->getValue<std::string>("url"),
              portal.url("/view.html?idx=1"));
}

// A flipped byte was read into a record that still named the original digest; a deleted blob
// turned an attachment into `fetch_failed`. Both with exit 0.
TEST_F(Integrity, DamagedOrMissingCapturesLeaveRecordsUntouchedAndTheNextIngestHeals) {
    writeFile(m_site / "list.html", listPage({"/a.html"}));
    writeFile(m_site / "a.html", itemPage("가", {"/files/a.hwp"}));
    writeFile(m_site / "files/a.hwp", hwpDocument());
    Portal portal(m_dir, m_site);
    std::string text = config(m_archive, portal, "/list.html");
    ASSERT_EQ(ingest(text).exitCode, 0);
    std::map<std::string, std::string> records = recordFiles(m_archive);
    ASSERT_EQ(records.size(), 1u);
    const std::string recordPath = records.begin()->first;
    Object::Ptr record = parse(records.begin()->second);
    fs::path page =
        blobOf(m_archive, record->getObject("source")->getValue<std::string>("capture_digest"));
    fs::path attachment = blobOf(
        m_archive, record->getArray("attachments")->getObject(0)->getValue<std::string>("sha256"));

    struct Damage {
        std::string name;
        std::function<void()> apply;
        std::string code;
        std::string healedPath;
    };
    std::vector<Damage> damages{
        {"flipped page byte", [&] { flipAByte(page); }, "capture_damaged", "/a.html"},
        {"flipped attachment byte", [&] { flipAByte(attachment); }, "capture_damaged",
         "/files/a.hwp"},
        {"deleted attachment", [&] { fs::remove(attachment); }, "capture_missing", "/files/a.hwp"},
    };
    for (const Damage& damage : damages) {
        SCOPED_TRACE(damage.name);
        damage.apply();
        test::CommandResult reprocess =
            test::runJikji({"reprocess", "--archive", m_archive.string()});
        EXPECT_EQ(reprocess.exitCode, 1) << reprocess.out << reprocess.err;
        EXPECT_EQ(recordFiles(m_archive), records);
        Object::Ptr report = test::runReportOf(reprocess.out);
        ASSERT_TRUE(report);
        auto failures = report->getArray("failures");
        ASSERT_EQ(failures->size(), 1u);
        EXPECT_EQ(failures->getObject(0)->getValue<std::string>("code"), damage.code);
        EXPECT_EQ(failures->getObject(0)->getValue<std::string>("url"), portal.url("/a.html"));

        test::CommandResult validate =
            test::runJikji({"validate", "--archive", m_archive.string()});
        EXPECT_EQ(validate.exitCode, 1);
        EXPECT_NE(validate.out.find(recordPath), std::string::npos) << validate.out;

        std::size_t before = portal.hits(damage.healedPath).size();
        test::CommandResult healing = ingest(text);
        EXPECT_EQ(healing.exitCode, 0) << healing.out << healing.err;
        std::vector<test::PortalRequest> hits = portal.hits(damage.healedPath);
        ASSERT_EQ(hits.size(), before + 1);
        EXPECT_EQ(hits.back().status, 200);  // asked for as if new, not If-None-Match
        test::CommandResult healed = test::runJikji({"validate", "--archive", m_archive.string()});
        EXPECT_EQ(healed.exitCode, 0) << healed.out;
        EXPECT_EQ(test::runJikji({"reprocess", "--archive", m_archive.string()}).exitCode, 0);
        EXPECT_EQ(recordFiles(m_archive), records);
    }
}

// The manifest line of each record written (id → path and sha256), whatever the order.
std::set<std::string> manifestEntries(const fs::path& archive) {
    std::set<std::string> out;
    std::ifstream in(archive / "records.ndjson");
    for (std::string line; std::getline(in, line);) {
        Object::Ptr entry = parse(line);
        out.insert(entry->getValue<std::string>("id") + " " + entry->getValue<std::string>("path") +
                   " " + entry->getValue<std::string>("sha256"));
    }
    return out;
}

// `reprocess --shard 0/2` and `--shard 1/2` at once: one exited 3, "locked by another run".
TEST_F(Integrity, FourShardsAtOnceWriteWhatOneRunWrites) {
    {
        Portal portal(m_dir, test::sourceDir() / "fixtures/portal/site");
        std::string text = test::demoPortalConfig(portal, m_archive);
        ASSERT_EQ(ingest(text).exitCode, 0);
    }
    Poco::Process::Args args{m_archive.string(), "5000"};
    ASSERT_EQ(Poco::Process::launch(JIKJI_REPROCESS_BENCH_ARCHIVE, args).wait(), 0);
    fs::remove_all(m_archive / "records");
    fs::remove(m_archive / "records.ndjson");
    fs::path sharded = m_dir / "sharded";
    fs::copy(m_archive, sharded, fs::copy_options::recursive);

    test::CommandResult whole = test::runJikji({"reprocess", "--archive", m_archive.string()});
    ASSERT_EQ(whole.exitCode, 0) << whole.out << whole.err;
    std::vector<std::future<test::CommandResult>> shards;
    for (int i = 0; i < 4; ++i)
        shards.push_back(std::async(std::launch::async, [&, i] {
            return test::runJikji(
                {"reprocess", "--archive", sharded.string(), "--shard", std::to_string(i) + "/4"});
        }));
    for (auto& shard : shards) {
        test::CommandResult result = shard.get();
        EXPECT_EQ(result.exitCode, 0) << result.out << result.err;
    }
    std::map<std::string, std::string> expected = recordFiles(m_archive);
    EXPECT_GE(expected.size(), 5000u);
    EXPECT_TRUE(recordFiles(sharded) == expected);
    EXPECT_EQ(manifestEntries(sharded), manifestEntries(m_archive));
    test::CommandResult validate = test::runJikji({"validate", "--archive", sharded.string()});
    EXPECT_EQ(validate.exitCode, 0) << validate.out.substr(0, 2000);
    // The four shards appended at once and still numbered the lines 1, 2, 3… (issue #20).
    std::ifstream in(sharded / "records.ndjson");
    std::uint64_t seq = 0;
    for (std::string line; std::getline(in, line);)
        ASSERT_EQ(parse(line)->getValue<std::uint64_t>("seq"), ++seq) << line;
    EXPECT_GE(seq, 5000u);
}

// An exclusive holder (an ingest, an unsharded reprocess) still keeps shards out, and shards
// keep it out.
TEST_F(Integrity, ShardsShareTheLockThatIngestHoldsAlone) {
    fs::create_directories(m_archive);
    // Held shared by a shard of this test process, an exclusive run is refused...
    test::CommandResult ingestWhileShard;
    {
        int fd = ::open((m_archive / "jikji.lock").c_str(), O_RDWR | O_CREAT, 0644);
        ASSERT_GE(fd, 0);
        ASSERT_EQ(::flock(fd, LOCK_SH), 0);
        writeFile(m_site / "list.html", listPage({}));
        Portal portal(m_dir, m_site);
        ingestWhileShard = ingest(config(m_archive, portal, "/list.html"));
        ::close(fd);
    }
    EXPECT_EQ(ingestWhileShard.exitCode, 3);
    EXPECT_NE(ingestWhileShard.err.find("locked by another run"), std::string::npos)
        << ingestWhileShard.err;
}

// An item that had a capture and then answers 404 made every nightly run exit 1, for ever.
TEST_F(Integrity, ItemGoneInTwoConsecutivePassesIsWithdrawnAndItsRecordKept) {
    writeFile(m_site / "list.html", listPage({"/a.html", "/b.html"}));
    writeFile(m_site / "a.html", itemPage("가", {}));
    writeFile(m_site / "b.html", itemPage("나", {}));
    Portal portal(m_dir, m_site);
    std::string text = config(m_archive, portal, "/list.html");
    ASSERT_EQ(ingest(text).exitCode, 0);
    std::map<std::string, std::string> records = recordFiles(m_archive);
    ASSERT_EQ(records.size(), 2u);

    fs::remove(m_site / "b.html");
    test::CommandResult once = ingest(text);
    EXPECT_EQ(once.exitCode, 1) << once.out;  // once may be a hiccup of the portal
    test::CommandResult twice = ingest(text);
    EXPECT_EQ(twice.exitCode, 0) << twice.out << twice.err;
    EXPECT_EQ(test::runReportOf(twice.out)->getObject("counts")->getValue<int>("withdrawn"), 1);
    std::size_t asked = portal.hits("/b.html").size();
    EXPECT_EQ(asked, 3u);
    test::CommandResult after = ingest(text);
    EXPECT_EQ(after.exitCode, 0) << after.out;
    EXPECT_EQ(portal.hits("/b.html").size(), asked);  // not asked for again

    std::map<std::string, std::string> now = recordFiles(m_archive);
    ASSERT_EQ(now.size(), 2u);
    std::size_t withdrawn = 0;
    for (const auto& [path, bytes] : now) {
        Object::Ptr record = parse(bytes);
        if (record->getValue<std::string>("title") == "나") {
            ++withdrawn;
            EXPECT_TRUE(record->has("withdrawn_at")) << bytes;
        } else {
            EXPECT_EQ(bytes, records[path]);
        }
    }
    EXPECT_EQ(withdrawn, 1u);
    // The feed tells it: the last manifest line of that record says `withdrawn`, the other's
    // `upsert` (issue #20).
    std::map<std::string, std::string> ops;
    std::ifstream manifest(m_archive / "records.ndjson");
    for (std::string line; std::getline(manifest, line);) {
        Object::Ptr entry = parse(line);
        ops[entry->getValue<std::string>("path")] = entry->getValue<std::string>("op");
    }
    ASSERT_EQ(ops.size(), 2u);
    for (const auto& [path, bytes] : now)
        EXPECT_EQ(ops[path], parse(bytes)->has("withdrawn_at") ? "withdrawn" : "upsert") << path;
    test::CommandResult status = test::runJikji({"status", "--archive", m_archive.string()});
    EXPECT_NE(status.out.find("withdrawn: " + portal.url("/b.html")), std::string::npos)
        << status.out;
    EXPECT_EQ(test::runJikji({"validate", "--archive", m_archive.string()}).exitCode, 0);
    // reprocess keeps the mark.
    EXPECT_EQ(test::runJikji({"reprocess", "--archive", m_archive.string()}).exitCode, 0);
    EXPECT_EQ(recordFiles(m_archive), now);
}

// `2019-13-45` passed the schema, and validate called the record misfiled under 2019/13/.
TEST_F(Integrity, RecordWithAnImpossibleDateIsInvalidNotMisfiled) {
    writeFile(m_site / "list.html", listPage({"/a.html"}));
    writeFile(m_site / "a.html", itemPage("가", {}));
    Portal portal(m_dir, m_site);
    ASSERT_EQ(ingest(config(m_archive, portal, "/list.html")).exitCode, 0);
    auto [path, bytes] = *recordFiles(m_archive).begin();
    for (const char* date : {"2019-13-45", "2019-02-29", "2019-04-31T10:00:00+09:00"}) {
        Object::Ptr record = parse(bytes);
        record->set("posted_at", std::string(date));
        std::ostringstream out;
        record->stringify(out);
        writeFile(m_archive / path, out.str());
        test::CommandResult result = test::runJikji({"validate", "--archive", m_archive.string()});
        EXPECT_EQ(result.exitCode, 1) << date;
        EXPECT_NE(result.out.find(path + "#/posted_at"), std::string::npos) << date << result.out;
        EXPECT_EQ(result.out.find("[record_place]"), std::string::npos) << result.out;
    }
    Object::Ptr record = parse(bytes);
    record->set("posted_at", std::string("2020-02-29"));
    std::ostringstream out;
    record->stringify(out);
    writeFile(m_dir / "r.json", out.str());
    EXPECT_EQ(test::runJikji({"validate", (m_dir / "r.json").string()}).exitCode, 0);
}

}  // namespace
}  // namespace jikji
