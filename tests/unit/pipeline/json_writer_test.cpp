#include "pipeline/json_writer.h"

#include <gtest/gtest.h>

#include <Poco/JSON/Parser.h>

#include <sstream>

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

// Ids say where a block stands, so the same bytes give the same ids (issue 20).
TEST(JsonWriter, BlockIdsFollowTheirPlaceInTheTree) {
    DocumentBuilder builder;
    builder.openParagraph(BlockKind::Paragraph, 0);
    builder.insertText("머리");
    builder.closeParagraph();
    builder.openTable(1, 2);
    builder.openCell({0, 1, 1, 1});
    builder.openParagraph(BlockKind::Paragraph, 0);
    builder.insertText("셀");
    builder.closeParagraph();
    builder.closeCell();
    builder.openCaption();
    builder.openParagraph(BlockKind::Paragraph, 0);
    builder.insertText("표 1");
    builder.closeParagraph();
    builder.closeCaption();
    builder.closeTable();
    builder.openNote(NoteKind::Foot, "1");
    builder.openParagraph(BlockKind::Paragraph, 0);
    builder.insertText("주");
    builder.closeParagraph();
    builder.closeNote();
    Document document = builder.finish(Status::Ok);
    auto blocks = documentToJson(document)->getArray("blocks");
    ASSERT_EQ(blocks->size(), 3u);
    EXPECT_EQ(blocks->getObject(0)->getValue<std::string>("id"), "b0");
    auto table = blocks->getObject(1);
    EXPECT_EQ(table->getValue<std::string>("id"), "b1");
    auto cell = table->getArray("rows")->getObject(0)->getArray("cells")->getObject(0);
    EXPECT_EQ(cell->getArray("blocks")->getObject(0)->getValue<std::string>("id"), "b1.r0.c0.b0");
    EXPECT_EQ(table->getArray("caption")->getObject(0)->getValue<std::string>("id"), "b1.cap.b0");
    EXPECT_EQ(blocks->getObject(2)->getArray("blocks")->getObject(0)->getValue<std::string>("id"),
              "b2.b0");
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

// Every block kind, empty and nested containers, a press release, dropped warnings, control
// characters and ill-formed UTF-8: what the streamed writer must lay out exactly like the tree.
Document everyShape() {
    Document document = sample();
    document.droppedWarnings = 7;
    document.metadata["bad\x01key"] = std::string("v \xC3\x28\x1F/</script>");
    Block heading;
    heading.kind = BlockKind::Heading;
    heading.level = 3;
    heading.spans = {{"링크 ", ""}, {"here", "https://example.kr/?a=1&b=\"2\""}};
    document.blocks.push_back(heading);
    Block list;
    list.kind = BlockKind::ListItem;
    list.level = 0;
    document.blocks.push_back(list);
    Block table;
    table.kind = BlockKind::Table;
    TableCell cell;
    cell.row = 1;
    cell.col = 4294967295u;
    cell.rowSpan = 2;
    cell.blocks.push_back(heading);
    TableCell emptyCell;
    table.rows = {TableRow{{cell, emptyCell}}, TableRow{}};
    Block caption;
    caption.spans = {{"표 1", ""}};
    table.caption.push_back(caption);
    Block inner = table;
    inner.caption.clear();
    table.rows[0].cells[0].blocks.push_back(inner);
    document.blocks.push_back(table);
    Block emptyTable;
    emptyTable.kind = BlockKind::Table;
    document.blocks.push_back(emptyTable);
    for (BlockKind kind :
         {BlockKind::Note, BlockKind::Header, BlockKind::Footer, BlockKind::TextBox}) {
        Block holder;
        holder.kind = kind;
        holder.noteKind = NoteKind::End;
        holder.mark = kind == BlockKind::Note ? "1)" : "";
        if (kind != BlockKind::Footer) holder.children.push_back(caption);
        document.blocks.push_back(holder);
    }
    Block image;
    image.kind = BlockKind::Image;
    image.target = "BinData/image1.png";
    image.mediaType = "image/png";
    image.alt = "그림\n설명";
    document.blocks.push_back(image);
    Block bareImage;
    bareImage.kind = BlockKind::Image;
    document.blocks.push_back(bareImage);
    PressRelease press;
    press.kind = "보도자료";
    press.embargoAt = "2024-01-02T06:00+09:00";
    press.title = "제목";
    press.subtitles = {"부제 1", "부제\t2"};
    press.contacts = {{"과", "담당자", "사무관", "홍길동", "02-1234-5678", "a@b.kr"}, {}};
    press.outline = {{1, "□", "개요"}, {4, "※", ""}};
    document.pressRelease = press;
    return document;
}

TEST(JsonWriter, StreamedJsonIsByteIdenticalToTheObjectTree) {
    for (const Document& document : {everyShape(), Document{}, sample()}) {
        for (unsigned indent : {0u, 2u, 4u}) {
            std::ostringstream streamed;
            writeDocumentJson(document, streamed, indent);
            EXPECT_EQ(streamed.str(), toJsonString(documentToJson(document), indent))
                << "indent " << indent;
        }
    }
    Document empty;
    empty.pressRelease = PressRelease{};
    EXPECT_EQ(documentJsonString(empty), toJsonString(documentToJson(empty)));
}

}  // namespace
}  // namespace jikji
