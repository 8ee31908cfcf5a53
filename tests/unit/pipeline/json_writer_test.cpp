#include "pipeline/json_writer.h"

#include <gtest/gtest.h>

#include <Poco/JSON/Parser.h>

#include "pipeline/document_builder.h"

namespace jikji {
namespace {

Document sample() {
    DocumentBuilder builder;
    builder.setFormat("hwpx", "application/hwp+zip");
    builder.setMetadata("title", "문화재생·복지·탄소산업");
    builder.setMetadata("creator", "전주시");
    builder.warn("w1", "a \"quoted\" message", "Contents/section0.xml");
    builder.openParagraph(BlockKind::Paragraph, 0);
    builder.insertText("탭\t\"따옴표\" \\ 끝");
    builder.closeParagraph();
    builder.insertEquation("{a} over {b}");
    return builder.finish(Status::Partial);
}

TEST(JsonWriter, KeysComeInAFixedOrder) {
    std::string json = toJsonString(documentToJson(sample()), 0);
    std::vector<std::string> keys = {"\"schema\"",   "\"format\"",   "\"media_type\"", "\"status\"",
                                     "\"warnings\"", "\"metadata\"", "\"blocks\"",     "\"text\""};
    std::size_t last = 0;
    for (const std::string& key : keys) {
        std::size_t at = json.find(key);
        ASSERT_NE(at, std::string::npos) << key;
        EXPECT_GT(at, last == 0 ? 0 : last) << key;
        last = at;
    }
    // Metadata keys are sorted, whatever order they were set in.
    EXPECT_LT(json.find("\"creator\""), json.find("\"title\""));
}

TEST(JsonWriter, OutputParsesBackWithEscapesIntact) {
    std::string json = toJsonString(documentToJson(sample()));
    Poco::JSON::Parser parser;
    auto object = parser.parse(json).extract<Poco::JSON::Object::Ptr>();
    EXPECT_EQ(object->getValue<std::string>("schema"), "jikji.document/1");
    EXPECT_EQ(object->getValue<std::string>("status"), "partial");
    EXPECT_EQ(object->getValue<std::string>("text"), "탭\t\"따옴표\" \\ 끝\n");
    auto blocks = object->getArray("blocks");
    ASSERT_EQ(blocks->size(), 2u);
    EXPECT_EQ(blocks->getObject(1)->getValue<std::string>("type"), "equation");
    EXPECT_EQ(blocks->getObject(1)->getValue<std::string>("script"), "{a} over {b}");
    EXPECT_EQ(object->getObject("metadata")->getValue<std::string>("creator"), "전주시");
}

TEST(JsonWriter, SameDocumentGivesIdenticalBytes) {
    EXPECT_EQ(toJsonString(documentToJson(sample())), toJsonString(documentToJson(sample())));
}

TEST(JsonWriter, IllFormedUtf8IsReplacedNotPassedThrough) {
    Document document;
    document.format = "unknown";
    document.text = std::string("ok \xC3\x28 end");
    std::string json = toJsonString(documentToJson(document), 0);
    EXPECT_NE(json.find("ok \xEF\xBF\xBD( end"), std::string::npos);
}

}  // namespace
}  // namespace jikji
