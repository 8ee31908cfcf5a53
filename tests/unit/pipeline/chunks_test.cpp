#include "pipeline/chunks.h"

#include <gtest/gtest.h>

#include <sstream>

#include <Poco/JSON/Parser.h>

#include "pipeline/document_builder.h"
#include "tests/support/document_events.h"

namespace jikji {
namespace {

void paragraph(DocumentBuilder& builder, std::string_view text,
               BlockKind kind = BlockKind::Paragraph, int level = 0) {
    test::addParagraph(builder, text, kind, level);
}

std::string repeat(std::string_view word, std::size_t times) {
    std::string out;
    for (std::size_t i = 0; i < times; ++i)
        out += word;
    return out;
}

// Every character of `text` in exactly one chunk: the chunks meet and cover it end to end.
void expectExactCoverage(const Document& document, const std::vector<Chunk>& chunks) {
    ASSERT_FALSE(chunks.empty());
    EXPECT_EQ(chunks.front().textStart, 0u);
    for (std::size_t i = 1; i < chunks.size(); ++i)
        EXPECT_EQ(chunks[i].textStart, chunks[i - 1].textEnd) << i;
    EXPECT_EQ(chunks.back().textEnd, countCodePoints(document.text));
}

// A document of three heading levels: 1 > 1.1 > 1.1.1, then 1.2 and 2.
Document threeLevels() {
    DocumentBuilder builder;
    paragraph(builder, "머리글 없는 서문");
    paragraph(builder, "1 총칙", BlockKind::Heading, 1);
    paragraph(builder, "총칙 본문");
    paragraph(builder, "1.1 목적", BlockKind::Heading, 2);
    paragraph(builder, "목적 본문");
    paragraph(builder, "1.1.1 세부 목적", BlockKind::Heading, 3);
    paragraph(builder, repeat("세부 목적 본문 ", 15));
    paragraph(builder, repeat("둘째 문단 ", 15));
    paragraph(builder, "1.2 정의", BlockKind::Heading, 2);
    paragraph(builder, "정의 본문");
    paragraph(builder, "2 보칙", BlockKind::Heading, 1);
    paragraph(builder, "보칙 본문");
    return builder.finish(Status::Ok);
}

TEST(Chunks, HeadingPathsFollowThreeLevels) {
    Document document = threeLevels();
    std::vector<Chunk> chunks = makeChunks(document, {.maxChars = 200, .markdown = {}});
    std::vector<std::vector<std::string>> paths;
    for (const Chunk& chunk : chunks)
        paths.push_back(chunk.headingPath);
    using Path = std::vector<std::string>;
    ASSERT_EQ(chunks.size(), 7u);
    EXPECT_EQ(paths[0], Path{});
    EXPECT_EQ(paths[1], (Path{"1 총칙"}));
    EXPECT_EQ(paths[2], (Path{"1 총칙", "1.1 목적"}));
    EXPECT_EQ(paths[3], (Path{"1 총칙", "1.1 목적", "1.1.1 세부 목적"}));
    // The long section goes on in a second chunk under the same path.
    EXPECT_EQ(paths[4], (Path{"1 총칙", "1.1 목적", "1.1.1 세부 목적"}));
    EXPECT_EQ(paths[5], (Path{"1 총칙", "1.2 정의"}));
    EXPECT_EQ(paths[6], (Path{"2 보칙"}));
    EXPECT_EQ(chunks[3].blockIds, (std::vector<std::string>{"b5", "b6"}));
    EXPECT_EQ(chunks[4].blockIds, (std::vector<std::string>{"b7"}));
    expectExactCoverage(document, chunks);
    for (const Chunk& chunk : chunks) {
        EXPECT_LE(countCodePoints(chunk.markdown), 200u) << chunk.markdown;
        EXPECT_FALSE(chunk.oversize);
    }
}

Document bigTable(std::size_t rows) {
    DocumentBuilder builder;
    paragraph(builder, "표 앞");
    builder.openTable(static_cast<std::uint32_t>(rows), 3);
    for (std::uint32_t r = 0; r < rows; ++r) {
        for (std::uint32_t c = 0; c < 3; ++c) {
            builder.openCell({r, c, 1, 1});
            paragraph(builder, r == 0 ? "머리" + std::to_string(c)
                                      : "값 " + std::to_string(r) + "-" + std::to_string(c));
            builder.closeCell();
        }
    }
    builder.closeTable();
    paragraph(builder, "표 뒤");
    return builder.finish(Status::Ok);
}

// A table larger than a chunk is cut between rows; every part repeats the header row.
TEST(Chunks, BigTableSplitsBetweenRowsRepeatingItsHeader) {
    Document document = bigTable(60);
    std::vector<Chunk> chunks = makeChunks(document, {.maxChars = 300, .markdown = {}});
    std::size_t parts = 0;
    std::size_t nextRow = 0;
    for (const Chunk& chunk : chunks) {
        EXPECT_LE(countCodePoints(chunk.markdown), 300u);
        if (!chunk.rows) continue;
        ++parts;
        EXPECT_EQ(chunk.blockIds, std::vector<std::string>{"b1"});
        EXPECT_EQ(chunk.rows->first, nextRow);
        nextRow = chunk.rows->second;
        EXPECT_EQ(chunk.markdown.rfind("| 머리0 | 머리1 | 머리2 |\n| --- | --- | --- |\n", 0), 0u)
            << chunk.markdown;
    }
    EXPECT_EQ(nextRow, 60u);
    EXPECT_GT(parts, 3u);
    expectExactCoverage(document, chunks);
}

// A row that is itself over the limit is a chunk of its own, flagged.
TEST(Chunks, RowLargerThanTheLimitIsFlagged) {
    DocumentBuilder builder;
    builder.openTable(3, 1);
    for (std::uint32_t r = 0; r < 3; ++r) {
        builder.openCell({r, 0, 1, 1});
        paragraph(builder, r == 1 ? repeat("긴 칸 ", 100) : "짧은 칸");
        builder.closeCell();
    }
    builder.closeTable();
    Document document = builder.finish(Status::Ok);
    std::vector<Chunk> chunks = makeChunks(document, {.maxChars = 100, .markdown = {}});
    std::size_t flagged = 0;
    for (const Chunk& chunk : chunks) {
        if (countCodePoints(chunk.markdown) > 100) {
            EXPECT_TRUE(chunk.oversize);
            ++flagged;
        }
    }
    EXPECT_EQ(flagged, 1u);
    expectExactCoverage(document, chunks);
}

// Rows tied by a row span stay in one part.
TEST(Chunks, RowSpanIsNeverCut) {
    Block table;
    table.kind = BlockKind::Table;
    for (std::uint32_t r = 0; r < 40; ++r) {
        TableRow row;
        if (r % 2 == 0) {
            TableCell merged{r, 0, 2, 1, {}};
            Block text;
            text.spans.push_back({"묶음 " + std::to_string(r), {}});
            merged.blocks.push_back(text);
            row.cells.push_back(merged);
        }
        TableCell value{r, 1, 1, 1, {}};
        Block text;
        text.spans.push_back({"값 " + std::to_string(r), {}});
        value.blocks.push_back(text);
        row.cells.push_back(value);
        table.rows.push_back(row);
    }
    Document spanned;
    spanned.blocks.push_back(table);
    spanned.text = renderText(spanned.blocks);
    std::vector<Chunk> chunks = makeChunks(spanned, {.maxChars = 250, .markdown = {}});
    ASSERT_GT(chunks.size(), 2u);
    for (const Chunk& chunk : chunks) {
        ASSERT_TRUE(chunk.rows);
        EXPECT_EQ(chunk.rows->first % 2, 0u);
        EXPECT_EQ(chunk.rows->second % 2, 0u);
        // Every part after the first repeats the first row group (rows 0 and 1).
        EXPECT_NE(chunk.markdown.find("묶음 0"), std::string::npos);
    }
    expectExactCoverage(spanned, chunks);
}

TEST(Chunks, NdjsonLinesCarryProvenanceAndOffsets) {
    Document document = threeLevels();
    document.provenance = Provenance{"rule.hwpx", 1234, std::string(64, 'a')};
    std::ostringstream out;
    writeChunks(document, {.maxChars = 200, .markdown = {}}, out);
    std::istringstream lines(out.str());
    std::string line;
    std::size_t count = 0;
    while (std::getline(lines, line)) {
        Poco::JSON::Parser parser;
        auto object = parser.parse(line).extract<Poco::JSON::Object::Ptr>();
        EXPECT_EQ(object->getValue<std::string>("id"), "c" + std::to_string(count));
        EXPECT_EQ(object->getObject("provenance")->getValue<std::string>("file_name"), "rule.hwpx");
        EXPECT_TRUE(object->has("text_start"));
        EXPECT_TRUE(object->has("markdown"));
        EXPECT_FALSE(object->has("page"));
        ++count;
    }
    EXPECT_EQ(count, 7u);
}

// A format that records pages (PDF) gives each chunk the page its first block starts on.
TEST(Chunks, ChunksCarryThePageOfTheirFirstBlock) {
    Document document = threeLevels();
    for (std::size_t i = 0; i < document.blocks.size(); ++i)
        document.blocks[i].page = static_cast<std::uint32_t>(i / 4 + 1);
    std::vector<Chunk> chunks = makeChunks(document, {.maxChars = 200, .markdown = {}});
    ASSERT_EQ(chunks.size(), 7u);
    for (const Chunk& chunk : chunks) {
        ASSERT_FALSE(chunk.blockIds.empty());
        std::size_t first = std::stoul(chunk.blockIds.front().substr(1));
        EXPECT_EQ(chunk.page, first / 4 + 1) << chunk.blockIds.front();
    }
    std::ostringstream out;
    writeChunks(document, {.maxChars = 200, .markdown = {}}, out);
    EXPECT_NE(out.str().find("\"page\":3"), std::string::npos);
}

}  // namespace
}  // namespace jikji
