// Issue #22 over loopback: the demo portal's eGovFrame board, whose items and attachments are
// reachable only through JavaScript calls, whose views are POSTs carrying the id, and whose
// downloads need the list page's session cookie and the view as Referer.
#include <gtest/gtest.h>

#include <Poco/JSON/Parser.h>
#include <Poco/Process.h>

#include <fstream>
#include <map>
#include <set>

#include "pipeline/archive.h"
#include "pipeline/sha256.h"
#include "tests/support/demo_portal_process.h"
#include "tests/support/fixtures.h"

namespace jikji {
namespace {

namespace fs = std::filesystem;
using Poco::JSON::Object;

class Boards : public ::testing::Test {
  protected:
    void SetUp() override {
        m_dir = test::makeTempDir("boards");
        m_portal = std::make_unique<test::DemoPortalProcess>(JIKJI_DEMO_PORTAL, m_dir / "portal");
        m_archive = m_dir / "archive";
    }
    void TearDown() override {
        m_portal.reset();
        fs::remove_all(m_dir);
    }

    /// fixtures/portal/demo.json with every `from` replaced by `to`.
    fs::path config(const std::vector<std::pair<std::string, std::string>>& edits = {}) {
        std::string text = test::demoPortalConfig(*m_portal, m_archive, {.delayMs = 0});
        for (const auto& [from, to] : edits) {
            std::size_t at = text.find(from);
            EXPECT_NE(at, std::string::npos) << from;
            for (; at != std::string::npos; at = text.find(from, at + to.size()))
                text.replace(at, from.size(), to);
        }
        fs::path file = m_dir / "demo.json";
        std::ofstream(file) << text;
        return file;
    }

    test::CommandResult ingestEgov(const fs::path& file) {
        return test::runJikji({"ingest", "--config", file.string(), "--source", "demo-egov"});
    }

    /// Every record of demo-egov, by the id its view was asked for (`nttId=…`).
    std::map<std::string, Object::Ptr> records() const {
        std::map<std::string, Object::Ptr> out;
        if (!fs::exists(m_archive / "records" / "demo-egov")) return out;
        for (const auto& entry :
             fs::recursive_directory_iterator(m_archive / "records" / "demo-egov")) {
            if (!entry.is_regular_file()) continue;
            Poco::JSON::Parser parser;
            auto record = parser.parse(test::readBytes(entry.path())).extract<Object::Ptr>();
            out[record->getObject("source")->optValue<std::string>("request_body", "")] = record;
        }
        return out;
    }

    fs::path m_dir;
    fs::path m_archive;
    std::unique_ptr<test::DemoPortalProcess> m_portal;
};

// The bytes of the file the demo portal keeps for FileDown.do?atchFileId=F&fileSn=N.
std::string fixtureFile(const std::string& url) {
    auto param = [&](const std::string& name) {
        std::size_t at = url.find(name + "=") + name.size() + 1;
        return url.substr(at, url.find('&', at) - at);
    };
    fs::path folder = test::sourceDir() / "fixtures/portal/site/egov/files" / param("atchFileId") /
                      param("fileSn");
    for (const auto& entry : fs::directory_iterator(folder))
        return test::readBytes(entry.path());
    return {};
}

TEST_F(Boards, EgovBoardIsCrawledThroughJavaScriptLinksWithSessionAndReferer) {
    test::CommandResult run = ingestEgov(config());
    EXPECT_EQ(run.exitCode, 0) << run.out << run.err;

    std::multiset<std::string> asked;
    for (const test::PortalRequest& r : m_portal->requests()) {
        if (r.target == "/robots.txt") continue;
        asked.insert(r.method + " " + r.target.substr(0, r.target.find('?')));
        EXPECT_EQ(r.status, 200) << r.target;
        // The first list page starts the session; every later request brings it back.
        if (r.target != "/egov/selectNoticeList.do?pageIndex=1") {
            EXPECT_TRUE(r.cookie.starts_with("JSESSIONID=DEMO")) << r.target;
        }
    }
    EXPECT_EQ(asked.count("GET /egov/selectNoticeList.do"), 2u);  // next_page via onclick
    EXPECT_EQ(asked.count("POST /egov/selectNoticeView.do"), 4u);
    EXPECT_EQ(asked.count("GET /cmm/fms/FileDown.do"), 6u);

    // One record per view, told apart by the id in the POST body; every attachment is the file
    // itself, byte for byte, named as the page names it.
    auto found = records();
    std::map<std::string, std::string> titles = {
        {"nttId=50387", "2026년 지역 문화 예술 지원 사업 공고"},
        {"nttId=50388", "청년 주거 안정 지원 신청 안내"},
        {"nttId=50389", "농촌 체험 마을 운영자 모집"},
        {"nttId=50390", "공공 도서관 야간 개방 시행"}};
    ASSERT_EQ(found.size(), 4u);
    std::set<std::string> ids, names;
    for (const auto& [body, title] : titles) {
        ASSERT_TRUE(found.count(body)) << body;
        Object::Ptr record = found[body];
        EXPECT_EQ(record->getValue<std::string>("title"), title);
        ids.insert(record->getValue<std::string>("id"));
        auto attachments = record->getArray("attachments");
        ASSERT_GE(attachments->size(), 1u) << body;
        for (unsigned i = 0; i < attachments->size(); ++i) {
            Object::Ptr attachment = attachments->getObject(i);
            std::string url = attachment->getValue<std::string>("url");
            EXPECT_EQ(attachment->getValue<std::string>("status"), "ok") << url;
            EXPECT_EQ(attachment->optValue<std::string>("sha256", ""), sha256Hex(fixtureFile(url)))
                << url;
            names.insert(attachment->getValue<std::string>("name"));
        }
    }
    EXPECT_EQ(ids.size(), 4u);
    EXPECT_EQ(names, (std::set<std::string>{"공고문.hwpx", "서식.hwp", "신청서.hwpx", "안내문.hwpx",
                                            "모집 공고.hwp", "시행 안내.hwpx"}));
    // The archive never holds the session: no sidecar keeps a Set-Cookie header.
    for (const std::string& file : test::captureFiles(m_archive)) {
        if (file.ends_with(".json")) {
            EXPECT_EQ(test::readBytes(m_archive / file).find("JSESSIONID"), std::string::npos)
                << file;
        }
    }
    test::CommandResult valid = test::runJikji({"validate", "--archive", m_archive.string()});
    EXPECT_EQ(valid.exitCode, 0) << valid.out;
}

// Without the session or without the Referer the portal answers 200 with an HTML page: each is
// a failed download (`error_page`, the page's text in the report), never the attachment's
// capture, and the run exits 1. The next pass with both options captures every file and builds
// the records again.
TEST_F(Boards, DownloadOutsideTheSessionIsAnErrorPageAndExitsOne) {
    for (const auto& [cookies, referer] :
         {std::pair{"false", "false"}, std::pair{"true", "false"}, std::pair{"false", "true"}}) {
        fs::remove_all(m_archive);
        test::CommandResult run = ingestEgov(
            config({{"\"cookies\": true", std::string("\"cookies\": ") + cookies},
                    {"\"send_referer\": true", std::string("\"send_referer\": ") + referer}}));
        EXPECT_EQ(run.exitCode, 1) << cookies << referer << run.out << run.err;
        auto report = test::runReportOf(run.out);
        ASSERT_TRUE(report);
        auto failures = report->getArray("failures");
        ASSERT_EQ(failures->size(), 6u) << cookies << referer;
        for (unsigned i = 0; i < failures->size(); ++i) {
            std::string error = failures->getObject(i)->getValue<std::string>("message");
            EXPECT_EQ(error, "error_page: 오류 잘못된 접근입니다. 처음으로");
        }
        EXPECT_EQ(report->getObject("counts")->getValue<int>("error_pages"), 6);
        std::string errorPage =
            test::readBytes(test::sourceDir() / "fixtures/portal/site/egov/error.html");
        for (const std::string& file : test::captureFiles(m_archive))
            EXPECT_FALSE(fs::path(file).filename().string().starts_with(sha256Hex(errorPage)))
                << "the error page became a capture";
        for (const auto& [body, record] : records()) {
            auto attachments = record->getArray("attachments");
            for (unsigned i = 0; i < attachments->size(); ++i) {
                EXPECT_EQ(attachments->getObject(i)->getValue<std::string>("status"),
                          "fetch_failed");
                EXPECT_NE(attachments->getObject(i)->getValue<std::string>("error").find(
                              "잘못된 접근입니다"),
                          std::string::npos);
            }
        }
    }

    test::CommandResult again = ingestEgov(config());
    EXPECT_EQ(again.exitCode, 0) << again.out << again.err;
    auto found = records();
    ASSERT_EQ(found.size(), 4u);
    for (const auto& [body, record] : found) {
        auto attachments = record->getArray("attachments");
        for (unsigned i = 0; i < attachments->size(); ++i) {
            Object::Ptr attachment = attachments->getObject(i);
            EXPECT_EQ(attachment->getValue<std::string>("status"), "ok") << body;
            EXPECT_EQ(attachment->optValue<std::string>("sha256", ""),
                      sha256Hex(fixtureFile(attachment->getValue<std::string>("url"))));
        }
    }
}

// The portal renamed its JavaScript function: the rule's XPath still selects the links, its
// pattern matches none of them. Nothing fails, but the run report says so.
TEST_F(Boards, LinkPatternThatStopsMatchingIsAWarningInTheReport) {
    test::CommandResult run =
        ingestEgov(config({{"fn_egov_inqire_notice\\\\(", "fn_egov_select_notice\\\\("}}));
    EXPECT_EQ(run.exitCode, 0) << run.out << run.err;
    auto report = test::runReportOf(run.out);
    ASSERT_TRUE(report);
    auto warnings = report->getArray("warnings");
    ASSERT_EQ(warnings->size(), 2u);  // both list pages
    for (unsigned i = 0; i < warnings->size(); ++i) {
        Object::Ptr warning = warnings->getObject(i);
        EXPECT_EQ(warning->getValue<std::string>("source"), "demo-egov");
        EXPECT_NE(warning->getValue<std::string>("url").find("/egov/selectNoticeList.do"),
                  std::string::npos);
        EXPECT_NE(warning->getValue<std::string>("message").find(
                      "list.item_links: the pattern matched none of the 3 values"),
                  std::string::npos)
            << warning->getValue<std::string>("message");
    }
    EXPECT_TRUE(records().empty());
}

// Two sources on one host, both keeping cookies: the eGov board's session never reaches the
// other source's requests.
TEST_F(Boards, CookiesAreNeverSentToAnotherSource) {
    test::CommandResult run = test::runJikji(
        {"ingest", "--config",
         config({{"\"name\": \"demo-board\",", "\"name\": \"demo-board\", \"cookies\": true,"}})
             .string(),
         "--source", "demo-board", "--source", "demo-egov"});
    EXPECT_EQ(run.exitCode, 0) << run.out << run.err;
    std::size_t withSession = 0, other = 0;
    for (const test::PortalRequest& r : m_portal->requests()) {
        bool egov = r.target.starts_with("/egov/") || r.target.starts_with("/cmm/");
        if (egov) {
            withSession += !r.cookie.empty();
        } else {
            ++other;
            EXPECT_EQ(r.cookie, "") << r.target;
        }
    }
    EXPECT_EQ(withSession, 11u);
    EXPECT_GE(other, 60u);
}

TEST_F(Boards, InvalidTemplateInTheConfigIsExitTwoNamingFileSourceAndKey) {
    fs::path file = config({{"\"url\": \"/cmm/fms/FileDown.do?atchFileId={1}&fileSn={2}\"",
                             "\"url\": \"/cmm/fms/FileDown.do?atchFileId={1}&fileSn={3}\""}});
    test::CommandResult run = ingestEgov(file);
    EXPECT_EQ(run.exitCode, 2);
    EXPECT_NE(run.err.find(file.string()), std::string::npos) << run.err;
    EXPECT_NE(run.err.find("demo-egov"), std::string::npos) << run.err;
    EXPECT_NE(run.err.find("item.attachments.url"), std::string::npos) << run.err;
    EXPECT_NE(run.err.find("{3}"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace jikji
