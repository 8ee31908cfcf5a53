// The record of the seed item page of the demo portal (fixtures/portal/site/item/1001.html),
// pinned in fixtures/portal/expected/1001.record.json. Regenerate the golden with
// JIKJI_UPDATE_GOLDENS=1 and review the diff.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>

#include "converters/html/page_extractor.h"
#include "pipeline/atomic_file.h"
#include "pipeline/record.h"
#include "pipeline/sha256.h"
#include "stages/emit/emit.h"
#include "stages/extract/record_builder.h"
#include "tests/support/fixtures.h"
#include "tests/support/record_support.h"

namespace jikji {
namespace {

constexpr std::string_view kPageUrl = "http://demo.jikji.test/item/1001.html";
constexpr std::string_view kTitle = "문화재생·복지·탄소산업, 전주를 배워라!";

std::filesystem::path portalDir() {
    return test::sourceDir() / "fixtures/portal";
}

Record seedRecord(std::vector<stages::AttachmentInput> attachments = {}) {
    std::string html = test::readBytes(portalDir() / "site/item/1001.html");
    auto rules = test::loadItemRules(test::sourceDir() / "tests/golden/portal_item_rules.json");
    auto page = converters::html::extractPage(html, kPageUrl, rules);
    stages::SourceInfo source;
    source.name = "demo";
    source.url = std::string(kPageUrl);
    source.fetchedAt = "2026-11-20T09:00:00+09:00";
    source.httpStatus = 200;
    source.captureDigest = "sha256:" + sha256Hex(html);
    source.charsetDeclared = "utf-8";
    source.charsetUsed = "UTF-8";
    return stages::buildRecord(source, page, std::move(attachments));
}

TEST(PortalRecord, SeedRecordMatchesItsGolden) {
    std::string json = recordJson(seedRecord());
    std::filesystem::path golden = portalDir() / "expected/1001.record.json";
    if (std::getenv("JIKJI_UPDATE_GOLDENS")) writeFileAtomically(golden, json);
    ASSERT_TRUE(std::filesystem::exists(golden)) << "run with JIKJI_UPDATE_GOLDENS=1";
    EXPECT_EQ(json, test::readBytes(golden));
}

TEST(PortalRecord, SeedRecordFields) {
    Record record = seedRecord();
    EXPECT_EQ(record.title, kTitle);
    EXPECT_EQ(record.agency.name, "전주시");
    EXPECT_EQ(record.agency.nameHanja, "全州市");
    EXPECT_EQ(record.postedAt, "2019-10-30T14:42:00+09:00");
    EXPECT_EQ(record.publishedAt, "");
    EXPECT_EQ(record.keywords, (std::vector<std::string>{"전주시", "2019년", "2019년 10월",
                                                         "10월 21일 (월)", std::string(kTitle)}));
    EXPECT_EQ(record.contact.department, "전주시 관광산업과");
    EXPECT_EQ(record.contact.phone, "281-2577");
    EXPECT_EQ(record.department, "전주시 관광산업과");
    EXPECT_EQ(record.source.url, kPageUrl);
    EXPECT_EQ(record.id, recordId("demo", kPageUrl));
    EXPECT_EQ(record.id.size(), 20u);
}

TEST(PortalRecord, SummaryIsTheLeadAndItsPointsApartFromTheBody) {
    Record record = seedRecord();
    EXPECT_TRUE(record.summary.starts_with("○ 전주형 문화재생사례와")) << record.summary;
    EXPECT_NE(record.summary.find("발길이 줄을 잇고 있다.【공보담당관】\n"), std::string::npos);
    for (std::string_view point :
         {"- 전주시의 우수한 정책과 선진사례를 배우기 위한 전국 지자체징 벤치마킹 줄이어",
          "- 문화재생 대표사례인 팔복예술공장, 성매매집결지를 문화예술마을로 만드는 서노송예출촌 "
          "등 방문 이어져",
          "- 대일 무역분쟁으로 소재 국산화 중요성 부각되면서 탄소산업 배우려는 한국탄소융합기술원 "
          "방문도 증가"})
        EXPECT_NE(record.summary.find(point), std::string::npos) << point;
    EXPECT_EQ(record.summary.find("○ 특히"), std::string::npos);
    EXPECT_EQ(record.body.text.find("【공보담당관】"), std::string::npos);
    EXPECT_EQ(record.body.text.find("- 전주시의 우수한"), std::string::npos);

    // The body: the eleven ○ paragraphs, as level-1 list items, and nothing else.
    ASSERT_EQ(record.body.blocks.size(), 11u);
    for (const Block& block : record.body.blocks) {
        EXPECT_EQ(block.kind, BlockKind::ListItem);
        EXPECT_EQ(block.level, 1);
        EXPECT_TRUE(block.inlineText().starts_with("○ ")) << block.inlineText();
    }
    EXPECT_TRUE(record.body.blocks[1].inlineText().starts_with("○ 특히 올해 대일 무역분쟁으로"));
    EXPECT_TRUE(record.body.blocks[10].inlineText().ends_with("노력하겠다”고 말했다."));
}

TEST(PortalRecord, AttachmentAndRelatedLinks) {
    Record record = seedRecord();
    ASSERT_EQ(record.attachments.size(), 1u);
    const RecordAttachment& attachment = record.attachments[0];
    EXPECT_EQ(attachment.name, std::string(kTitle) + ".hwp");
    EXPECT_EQ(attachment.url,
              "http://demo.jikji.test/files/1001/"
              "%EB%AC%B8%ED%99%94%EC%9E%AC%EC%83%9D%C2%B7%EB%B3%B5%EC%A7%80%C2%B7%ED%83%84%EC%86%8C"
              "%EC%82%B0%EC%97%85%2C%20%EC%A0%84%EC%A3%BC%EB%A5%BC%20%EB%B0%B0%EC%9B%8C%EB%9D%BC%21"
              ".hwp");
    EXPECT_EQ(attachment.declaredSizeText, "105.0KB");
    EXPECT_EQ(attachment.declaredSize, 107520u);
    EXPECT_EQ(attachment.status, kAttachmentNotFetched);
    EXPECT_FALSE(attachment.document);

    // The related list names this item too; a record does not relate to itself.
    ASSERT_EQ(record.related.size(), 2u);
    EXPECT_EQ(record.related[0].title, "전주시 학교 밖 청소년의 운전면허 취득 도와");
    EXPECT_EQ(record.related[0].url, "http://demo.jikji.test/item/1002.html");
    EXPECT_EQ(record.related[1].title, "고운 한복 차려 입고 즐기는 축제 열린다!");
    EXPECT_EQ(record.related[1].url, "http://demo.jikji.test/item/1003.html");
}

TEST(PortalRecord, NoSiteChromeAnywhereInTheRecord) {
    std::string json = recordJson(seedRecord());
    for (std::string_view chrome :
         {"추천 : 0", "로그인", "페이스북", "트위터", "공유하기", "반갑습니다", "about 전주시",
          "내서재", "구독자수", "커뮤니티", "참조 지식지도", "General Libraries", "내메모",
          "원문보기", "첨부 :", "recommendCount"})
        EXPECT_EQ(json.find(chrome), std::string::npos) << chrome;
}

// With a body rule as wide as the whole article and no exclude rules, the built-in boilerplate
// removal alone keeps the chrome inside the article out of the body.
TEST(PortalRecord, ABroadBodyRuleStillLeavesTheChromeOut) {
    std::string html = test::readBytes(portalDir() / "site/item/1001.html");
    auto rules = test::loadItemRules(test::sourceDir() / "tests/golden/portal_item_rules.json");
    rules.body = "//div[@id='article']";
    rules.exclude.clear();
    auto page = converters::html::extractPage(html, kPageUrl, rules);
    EXPECT_NE(page.body.text.find("○ 특히 올해"), std::string::npos);
    EXPECT_NE(page.body.text.find("전주시 관광산업과 281-2577"), std::string::npos);
    for (std::string_view chrome : {"추천 : 0", "페이스북", "트위터", "공유하기"})
        EXPECT_EQ(page.body.text.find(chrome), std::string::npos) << chrome;
}

TEST(PortalRecord, RecordsAreByteIdenticalAcrossBuilds) {
    std::string first = recordJson(seedRecord());
    std::string second = recordJson(seedRecord());
    EXPECT_EQ(first, second);

    auto archiveA = test::makeTempDir("records-a");
    auto archiveB = test::makeTempDir("records-b");
    auto written = stages::emitRecord(archiveA, seedRecord(), "run-1");
    EXPECT_EQ(written.outcome, stages::EmitOutcome::Written);
    EXPECT_EQ(written.path, std::filesystem::path("records/demo/2019/10") /
                                (recordId("demo", kPageUrl) + ".json"));
    // The same inputs again: nothing is written, the manifest does not grow.
    auto again = stages::emitRecord(archiveA, seedRecord(), "run-2");
    EXPECT_EQ(again.outcome, stages::EmitOutcome::Unchanged);
    std::string manifest = test::readBytes(archiveA / "records.ndjson");
    EXPECT_EQ(std::count(manifest.begin(), manifest.end(), '\n'), 1);
    stages::emitRecord(archiveB, seedRecord(), "run-3");
    EXPECT_EQ(test::readBytes(archiveA / written.path), test::readBytes(archiveB / written.path));
    EXPECT_EQ(test::readBytes(archiveA / written.path), first);

    std::string output;
    EXPECT_EQ(test::validateRecords({archiveA / "records"}, output), 0) << output;
    std::filesystem::remove_all(archiveA);
    std::filesystem::remove_all(archiveB);
}

TEST(PortalRecord, AttachmentBytesAreConvertedAndFailuresKeepTheRecord) {
    Record plain = seedRecord();
    const std::string url = plain.attachments[0].url;
    std::string bytes =
        test::readBytes(test::sourceDir() / "fixtures/documents/jeonju-press-release.hwpx");

    Record record = seedRecord({{url, bytes, {}, "captures/sha256/ab/abcd", {}}});
    ASSERT_EQ(record.attachments.size(), 1u);
    const RecordAttachment& attachment = record.attachments[0];
    EXPECT_EQ(attachment.size, bytes.size());
    EXPECT_EQ(attachment.sha256, sha256Hex(bytes));
    EXPECT_EQ(attachment.blobPath, "captures/sha256/ab/abcd");
    ASSERT_TRUE(attachment.document);
    EXPECT_EQ(attachment.status, toString(attachment.document->status));
    EXPECT_EQ(attachment.document->format, "hwpx");
    EXPECT_FALSE(attachment.mediaType.empty());
    EXPECT_EQ(attachment.declaredSize, 107520u);

    Record failed = seedRecord({{url, std::nullopt, "HTTP 404", {}, {}}});
    EXPECT_EQ(failed.title, kTitle);
    ASSERT_EQ(failed.attachments.size(), 1u);
    EXPECT_EQ(failed.attachments[0].status, kAttachmentFetchFailed);
    EXPECT_EQ(failed.attachments[0].error, "HTTP 404");

    // Garbage bytes: a status on the attachment, the record is whole.
    Record garbage =
        seedRecord({{url, std::string("\xD0\xCF\x11\xE0 not really", 15), {}, {}, {}}});
    ASSERT_EQ(garbage.attachments.size(), 1u);
    EXPECT_TRUE(garbage.attachments[0].document);
    EXPECT_NE(garbage.attachments[0].status, "ok");
    EXPECT_EQ(garbage.body.blocks.size(), 11u);

    // The server's file name is used only when the link text is not a file name.
    Record named = seedRecord({{url, bytes, {}, {}, "다른 이름.hwpx"}});
    EXPECT_EQ(named.attachments[0].name, std::string(kTitle) + ".hwp");

    auto archive = test::makeTempDir("records-attachments");
    stages::emitRecord(archive, record);
    auto dir = test::makeTempDir("records-attachments-2");
    stages::emitRecord(dir, failed);
    auto dir3 = test::makeTempDir("records-attachments-3");
    stages::emitRecord(dir3, garbage);
    std::string output;
    EXPECT_EQ(
        test::validateRecords({archive / "records", dir / "records", dir3 / "records"}, output), 0)
        << output;
    for (const auto& path : {archive, dir, dir3})
        std::filesystem::remove_all(path);
}

// The validator the tests rely on must be able to say no.
TEST(PortalRecord, SchemaRejectsARecordThatBreaksIt) {
    auto dir = test::makeTempDir("records-invalid");
    Record record = seedRecord();
    record.postedAt = "2019/10/30";
    writeFileAtomically(dir / "bad-date.json", recordJson(record));
    record = seedRecord();
    record.attachments[0].status = "ok";  // ok without size, sha256 and document
    writeFileAtomically(dir / "bad-attachment.json", recordJson(record));
    std::string output;
    EXPECT_EQ(test::validateRecords({dir / "bad-date.json"}, output), 1) << output;
    EXPECT_NE(output.find("posted_at"), std::string::npos) << output;
    output.clear();
    EXPECT_EQ(test::validateRecords({dir / "bad-attachment.json"}, output), 1) << output;
    EXPECT_NE(output.find("attachments"), std::string::npos) << output;
    std::filesystem::remove_all(dir);
}

// Links named `다운로드` take the server's file name; captures no link names are kept too.
TEST(PortalRecord, AttachmentNamesWhenTheLinkTextIsNoFileName) {
    converters::html::ExtractedPage page;
    page.url = "http://demo.jikji.test/item/9.html";
    page.attachments.push_back({"http://demo.jikji.test/down?id=1", "다운로드", "1KB"});
    stages::SourceInfo source;
    source.name = "demo";
    source.url = page.url;
    Record record = stages::buildRecord(
        source, page,
        {{"http://demo.jikji.test/down?id=1", std::string("abc"), {}, {}, "붙임 1. 계획.hwp"},
         {"http://demo.jikji.test/files/%EB%B6%99%EC%9E%842.hwpx",
          std::string("xyz"),
          {},
          {},
          {}}});
    ASSERT_EQ(record.attachments.size(), 2u);
    EXPECT_EQ(record.attachments[0].name, "붙임 1. 계획.hwp");
    EXPECT_EQ(record.attachments[0].declaredSize, 1024u);
    EXPECT_EQ(record.attachments[0].size, 3u);
    EXPECT_EQ(record.attachments[1].name, "붙임2.hwpx");
    EXPECT_EQ(record.attachments[1].status, "unsupported");
    EXPECT_TRUE(std::any_of(record.processing.warnings.begin(), record.processing.warnings.end(),
                            [](const Warning& warning) { return warning.code == "no_title"; }));
}

}  // namespace
}  // namespace jikji
