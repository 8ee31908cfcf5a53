#include "pipeline/record.h"

#include <gtest/gtest.h>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

namespace jikji {
namespace {

Record full() {
    Record record;
    record.id = recordId("demo", "http://demo.example/item/1.html");
    record.source = {
        "demo",    "http://demo.example/item/1.html", "2026-11-20T09:00:00+09:00",      200,
        "\"abc\"", "Wed, 30 Oct 2019 05:42:00 GMT",   "sha256:" + std::string(64, 'a'), "euc-kr",
        "EUC-KR"};
    record.title = "제목";
    record.agency = {"전주시", "全州市"};
    record.department = "관광산업과";
    record.contact = {"관광산업과", "281-2577"};
    record.publishedAt = "2019-10-21";
    record.postedAt = "2019-10-30T14:42:00+09:00";
    record.keywords = {"전주시"};
    record.summary = "요약";
    record.body.format = "html";
    RecordAttachment attachment;
    attachment.name = "a.hwp";
    attachment.url = "http://demo.example/files/a.hwp";
    attachment.status = "unsupported";
    attachment.size = 3;
    attachment.sha256 = std::string(64, 'b');
    attachment.document = Document{};
    attachment.document->format = "unknown";
    record.attachments.push_back(attachment);
    record.related.push_back({"둘", "http://demo.example/item/2.html"});
    record.fields["writer"] = "홍길동";
    record.processing.jikjiVersion = "0.1.0";
    record.processing.converters["html"] = "0.1";
    return record;
}

TEST(Record, KeysComeInAFixedOrder) {
    std::string json = recordJson(full());
    std::vector<std::string> keys = {"schema",      "id",         "source",  "title",
                                     "agency",      "department", "contact", "published_at",
                                     "posted_at",   "keywords",   "summary", "body",
                                     "attachments", "related",    "fields",  "processing"};
    std::size_t last = 0;
    for (const std::string& key : keys) {
        std::size_t at = json.find("\n  \"" + key + "\"");
        ASSERT_NE(at, std::string::npos) << key;
        EXPECT_GT(at, last) << key;
        last = at;
    }
    Poco::JSON::Parser parser;
    auto object = parser.parse(json).extract<Poco::JSON::Object::Ptr>();
    EXPECT_EQ(object->getValue<std::string>("schema"), "jikji.record/1");
    EXPECT_EQ(object->getObject("source")->getObject("charset")->getValue<std::string>("declared"),
              "euc-kr");
    EXPECT_EQ(object->getObject("source")->getValue<int>("http_status"), 200);
    EXPECT_EQ(object->getArray("attachments")
                  ->getObject(0)
                  ->getObject("document")
                  ->getValue<std::string>("schema"),
              "jikji.document/1");
}

TEST(Record, UnknownOptionalValuesAreLeftOut) {
    Record record;
    record.id = recordId("demo", "http://demo.example/");
    record.source.name = "demo";
    record.source.url = "http://demo.example/";
    std::string json = recordJson(record);
    for (std::string_view key : {"agency", "department", "contact", "posted_at", "published_at",
                                 "summary", "http_status", "etag", "charset", "null"})
        EXPECT_EQ(json.find(key), std::string::npos) << key;
    EXPECT_NE(json.find("\"keywords\": ["), std::string::npos) << json;
}

TEST(Record, IdIsStableAndDependsOnSourceAndUrl) {
    std::string id = recordId("demo", "http://demo.example/item/1.html");
    EXPECT_EQ(id.size(), 20u);
    EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos);
    EXPECT_EQ(id, recordId("demo", "http://demo.example/item/1.html"));
    EXPECT_NE(id, recordId("other", "http://demo.example/item/1.html"));
    EXPECT_NE(id, recordId("demo", "http://demo.example/item/2.html"));
}

}  // namespace
}  // namespace jikji
