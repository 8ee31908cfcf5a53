// The HWP 3 converter on documents written by tests/support/hwp3_writer: every structure it
// reads, both compressions, a password-protected file and hostile inputs.
#include <gtest/gtest.h>

#include <algorithm>

#include "converters/hwp3/hwp3_converter.h"
#include "converters/registry.h"
#include "tests/support/hwp3_fixtures.h"

namespace jikji::converters::hwp3 {
namespace {

Document convertBytes(const std::string& bytes) {
    return convertInput(Input{bytes, "test.hwp"});
}

std::string fixture(const std::string& name) {
    for (const auto& [path, bytes] : test::hwp3::fixtureFiles())
        if (path == name) return bytes;
    ADD_FAILURE() << "no fixture " << name;
    return {};
}

// Every block, depth first, inside notes, boxes, captions and cells too.
void collect(const std::vector<Block>& blocks, std::vector<const Block*>& out) {
    for (const Block& block : blocks) {
        out.push_back(&block);
        collect(block.children, out);
        collect(block.caption, out);
        for (const TableRow& row : block.rows)
            for (const TableCell& cell : row.cells)
                collect(cell.blocks, out);
    }
}

std::vector<const Block*> blocksOf(const Document& doc, BlockKind kind) {
    std::vector<const Block*> all, out;
    collect(doc.blocks, all);
    for (const Block* block : all)
        if (block->kind == kind) out.push_back(block);
    return out;
}

const Block* findBlock(const Document& doc, BlockKind kind) {
    auto found = blocksOf(doc, kind);
    return found.empty() ? nullptr : found.front();
}

bool hasWarning(const Document& document, const std::string& code) {
    return std::any_of(document.warnings.begin(), document.warnings.end(),
                       [&](const Warning& warning) { return warning.code == code; });
}

TEST(Hwp3Converter, ProbesOnlyTheHwp3Signature) {
    Hwp3Converter converter;
    EXPECT_EQ(converter.probe({fixture("documents/hwp3/every-structure.hwp"), "x"}), 100);
    EXPECT_EQ(converter.probe({"HWP Document File V5.00", "x"}), 0);
    EXPECT_EQ(converter.probe({"", "x"}), 0);
}

TEST(Hwp3Converter, ReadsTextOfEveryStructure) {
    Document doc = convertBytes(fixture("documents/hwp3/every-structure.hwp"));
    EXPECT_EQ(doc.format, "hwp3");
    EXPECT_EQ(doc.status, Status::Ok);
    for (const char* piece :
         {"한글\tHanja 漢 old ᄒᆞᆫ ·", "Footnote text", "Endnote text", "Header text",
          "Footer text", "Body after header", "Before table", "Tall cell", "Top right",
          "Bottom right", "Table caption", "Text box text", "Field value", "Last words"})
        EXPECT_NE(doc.text.find(piece), std::string::npos) << piece << "\n" << doc.text;
    EXPECT_EQ(doc.text.find("guide text"), std::string::npos) << "a field's guide is no content";
    EXPECT_EQ(doc.text.find("mark"), std::string::npos) << "a bookmark's name is no content";
}

// HWP 3 writes each outline paragraph's number into it (special character 28 with the levels'
// numbers, shapes and signs): shown as the paragraph's head, as HWP 5 and HWPX show theirs
// (SO-SUEOP and its HWPX twin: `I.`, `1)`, `(1)`, `가.`, `①`); an outline shape shows nothing.
TEST(Hwp3Converter, OutlineNumbersAreTheHeadsOfTheirParagraphs) {
    const std::vector<std::uint16_t> shapes = {1, 0, 0, 5, 5, 5, 8};
    const std::vector<std::pair<char, char>> signs = {{0, '.'}, {0, ')'},   {'(', ')'}, {0, '.'},
                                                      {0, ')'}, {'(', ')'}, {0, 0}};
    test::hwp3::Document document;
    document.paragraphs.push_back(
        test::hwp3::ParagraphBuilder().outline(0, 0, {}, shapes, signs).ascii("title"));
    document.paragraphs.push_back(
        test::hwp3::ParagraphBuilder().outline(1, 0, {2}, shapes, signs).ascii("second"));
    document.paragraphs.push_back(
        test::hwp3::ParagraphBuilder().outline(1, 2, {2, 1, 3}, shapes, signs).ascii("third"));
    document.paragraphs.push_back(
        test::hwp3::ParagraphBuilder().outline(1, 3, {2, 1, 3, 2}, shapes, signs).ascii("x"));
    document.paragraphs.push_back(
        test::hwp3::ParagraphBuilder().outline(1, 6, {2, 1, 3, 2, 1, 1, 4}, shapes, signs));
    Document converted = convertBytes(test::hwp3::write(document));
    EXPECT_EQ(converted.text, "title\nII. second\n(3) third\n나. x\n");
    ASSERT_EQ(converted.blocks.size(), 4u);
    EXPECT_EQ(converted.blocks[1].kind, BlockKind::ListItem);
    EXPECT_EQ(converted.blocks[1].mark, "II.");
    EXPECT_EQ(converted.blocks[2].level, 2);
}

TEST(Hwp3Converter, SummaryBecomesMetadata) {
    Document doc = convertBytes(fixture("documents/hwp3/every-structure.hwp"));
    EXPECT_EQ(doc.metadata["title"], "HWP3 fixture");
    EXPECT_EQ(doc.metadata["author"], "Jikji");
    EXPECT_EQ(doc.metadata["format_version"], "3.0.1");
}

TEST(Hwp3Converter, CompressedAndUncompressedBodiesGiveTheSameDocument) {
    Document compressed = convertBytes(fixture("documents/hwp3/every-structure.hwp"));
    Document plain = convertBytes(fixture("documents/hwp3/every-structure-uncompressed.hwp"));
    EXPECT_EQ(plain.status, Status::Ok);
    EXPECT_EQ(plain.text, compressed.text);
    EXPECT_EQ(plain.blocks.size(), compressed.blocks.size());
}

TEST(Hwp3Converter, TableSpansComeFromCellGeometry) {
    Document doc = convertBytes(fixture("documents/hwp3/every-structure.hwp"));
    const Block* table = findBlock(doc, BlockKind::Table);
    ASSERT_NE(table, nullptr);
    std::vector<const TableCell*> cells;
    for (const TableRow& row : table->rows)
        for (const TableCell& cell : row.cells)
            cells.push_back(&cell);
    ASSERT_EQ(cells.size(), 3u);
    EXPECT_EQ(cells[0]->rowSpan, 2u);
    EXPECT_EQ(cells[0]->row, 0u);
    EXPECT_EQ(cells[0]->col, 0u);
    EXPECT_EQ(cells[1]->row, 0u);
    EXPECT_EQ(cells[1]->col, 1u);
    EXPECT_EQ(cells[2]->row, 1u);
    EXPECT_EQ(cells[2]->col, 1u);
    ASSERT_EQ(table->caption.size(), 1u);
    EXPECT_EQ(table->caption[0].inlineText(), "Table caption");
}

TEST(Hwp3Converter, NotesHeadersEquationsAndPicturesAreTheirOwnBlocks) {
    Document doc = convertBytes(fixture("documents/hwp3/every-structure.hwp"));
    EXPECT_NE(findBlock(doc, BlockKind::Header), nullptr);
    EXPECT_NE(findBlock(doc, BlockKind::Footer), nullptr);
    EXPECT_NE(findBlock(doc, BlockKind::TextBox), nullptr);
    const Block* equation = findBlock(doc, BlockKind::Equation);
    ASSERT_NE(equation, nullptr);
    EXPECT_EQ(equation->script, "a over b");
    const Block* image = findBlock(doc, BlockKind::Image);
    ASSERT_NE(image, nullptr);
    EXPECT_EQ(image->target, "image01.bmp");
    EXPECT_EQ(image->mediaType, "image/bmp");
    auto notes = blocksOf(doc, BlockKind::Note);
    ASSERT_EQ(notes.size(), 2u);
    EXPECT_EQ(notes[0]->noteKind, NoteKind::Foot);
    EXPECT_EQ(notes[1]->noteKind, NoteKind::End);
}

TEST(Hwp3Converter, PasswordDocumentIsEncryptedWithItsSummary) {
    Document doc = convertBytes(fixture("documents/hwp3/password.hwp"));
    EXPECT_EQ(doc.status, Status::Encrypted);
    EXPECT_EQ(doc.metadata["title"], "HWP3 fixture");
    EXPECT_TRUE(hasWarning(doc, "password_required"));
    EXPECT_TRUE(doc.text.empty());
}

TEST(Hwp3Converter, TruncatedFileKeepsWhatCameBeforeTheCut) {
    Document doc = convertBytes(fixture("hostile/hwp3-truncated.hwp"));
    EXPECT_TRUE(doc.status == Status::Partial || doc.status == Status::Corrupt)
        << toString(doc.status);
    EXPECT_TRUE(hasWarning(doc, "stream_damaged") || hasWarning(doc, "body_damaged"));
}

TEST(Hwp3Converter, BadDeflateIsCorrupt) {
    Document doc = convertBytes(fixture("hostile/hwp3-bad-deflate.hwp"));
    EXPECT_EQ(doc.status, Status::Corrupt);
    EXPECT_TRUE(hasWarning(doc, "stream_damaged"));
}

TEST(Hwp3Converter, AbsurdCellCountStopsAtTheEndOfTheBody) {
    Document doc = convertBytes(fixture("hostile/hwp3-absurd-cell-count.hwp"));
    EXPECT_EQ(doc.status, Status::Partial);
    EXPECT_TRUE(hasWarning(doc, "body_damaged"));
    EXPECT_NE(doc.text.find("Before"), std::string::npos);
}

TEST(Hwp3Converter, EveryPrefixOfADocumentConvertsWithoutCrashing) {
    std::string bytes = fixture("documents/hwp3/every-structure-uncompressed.hwp");
    // The last 16 bytes end the additional blocks and the file; text does not need them.
    for (std::size_t size = 0; size + 16 < bytes.size(); size += 7) {
        Document doc = convertBytes(bytes.substr(0, size));
        EXPECT_NE(doc.status, Status::Ok) << size;
    }
}

TEST(Hwp3Converter, DeeplyNestedTablesStopAtTheNestingLimit) {
    test::hwp3::ParagraphBuilder inner;
    inner.ascii("deep");
    for (int level = 0; level < 40; ++level) {
        test::hwp3::ParagraphBuilder outer;
        outer.ascii("x").box(0, {{0, 0, 100, 100, {inner}}});
        inner = outer;
    }
    test::hwp3::Document document;
    document.paragraphs.push_back(inner);
    Document doc = convertBytes(test::hwp3::write(document));
    EXPECT_EQ(doc.status, Status::Partial);
    EXPECT_TRUE(hasWarning(doc, "limit_exceeded"));
}

}  // namespace
}  // namespace jikji::converters::hwp3
