#include <gtest/gtest.h>

#include "converters/common/whole_inflate.h"
#include "converters/hwp5/hwp5_body.h"
#include "converters/hwp5/hwp5_distribution.h"
#include "converters/hwp5/hwp5_records.h"
#include "converters/hwp5/hwp5_summary.h"
#include "converters/registry.h"
#include "pipeline/document_builder.h"
#include "pipeline/errors.h"
#include "pipeline/limits.h"
#include "tests/support/fixtures.h"
#include "tests/support/hwp5_fixtures.h"
#include "tests/support/hwp_writer.h"
#include "tests/support/kept_apart.h"

namespace jikji::converters::hwp5 {
namespace {

namespace hwp = test::hwp;

Document convertBytes(const std::string& bytes, const std::string& name = "test.hwp") {
    return convertInput(Input{bytes, name});
}

Document convertFixture(const std::string& relative) {
    std::string bytes = test::readBytes(test::sourceDir() / "fixtures" / relative);
    return convertBytes(bytes, relative);
}

const Block* findBlock(const std::vector<Block>& blocks, BlockKind kind) {
    for (const Block& block : blocks) {
        if (block.kind == kind) return &block;
        for (const std::vector<Block>* inner : {&block.children, &block.caption})
            if (const Block* found = findBlock(*inner, kind)) return found;
        for (const TableRow& row : block.rows)
            for (const TableCell& cell : row.cells)
                if (const Block* found = findBlock(cell.blocks, kind)) return found;
    }
    return nullptr;
}

bool hasWarning(const Document& document, std::string_view code) {
    for (const Warning& warning : document.warnings)
        if (warning.code == code) return true;
    return false;
}

TEST(Hwp5Records, SizeEscapeReadsTheExtraDword) {
    std::string payload(5000, 'x');
    std::string stream = hwp::record(67, 1, payload) + hwp::record(68, 1, "abcd");
    RecordList list = parseRecords(stream);
    ASSERT_EQ(list.records.size(), 2u);
    EXPECT_EQ(list.records[0].payload.size(), 5000u);
    EXPECT_EQ(list.records[0].level, 1);
    EXPECT_EQ(list.records[1].payload, "abcd");
    EXPECT_EQ(list.truncatedAt, std::string_view::npos);
}

TEST(Hwp5Records, RecordClaimingMoreThanTheStreamStopsTheList) {
    std::string stream = hwp::record(66, 0, std::string(24, '\0'));
    std::string claim = hwp::record(67, 1, std::string(10, 'a')).substr(0, 4) + "abc";
    RecordList list = parseRecords(stream + claim);
    EXPECT_EQ(list.records.size(), 1u);
    EXPECT_EQ(list.truncatedAt, stream.size());
}

// Found by detect_fuzz: a damaged deflate stream inflated to 72 MB of zeros, which parsed as
// 18 million empty records of tag 0 (500 MB of memory, seconds of work) for a 300 KB file.
TEST(Hwp5Records, ZerosAfterTheRecordsStopTheListAtAnInvalidTag) {
    std::string stream = hwp::record(66, 0, "para") + hwp::record(67, 1, "text");
    RecordList list = parseRecords(stream + std::string(1 << 20, '\0'));
    EXPECT_EQ(list.records.size(), 2u);
    EXPECT_EQ(list.truncatedAt, stream.size());
    EXPECT_TRUE(list.invalidTag);
    EXPECT_NE(list.stopReason.find("below HWPTAG_BEGIN"), std::string::npos);
}

// Found by hwp5_fuzz: the same stream took seconds and 300 MB because it was inflated whole
// before the records were read.
TEST(Hwp5Records, RecordStreamStopsInflatingWhereTheRecordsStop) {
    std::string records = hwp::record(66, 0, "para") + hwp::record(67, 1, std::string(5000, 'x'));
    std::string packed = hwp::deflateRaw(records + std::string(64 << 20, '\0'));
    Inflated inflated = inflateRecords(packed, 256 << 20);
    EXPECT_FALSE(inflated.complete);
    EXPECT_LT(inflated.bytes.size(), 1u << 20);
    EXPECT_EQ(inflated.bytes.compare(0, records.size(), records), 0);
    EXPECT_EQ(parseRecords(inflated.bytes).records.size(), 2u);
    // Whole record streams inflate whole.
    Inflated whole = inflateRecords(hwp::deflateRaw(records), 1 << 20);
    EXPECT_TRUE(whole.complete);
    EXPECT_EQ(whole.bytes, records);
}

// The one-call inflate behind inflateRaw/inflateRecords: exact output past its first guess,
// and a refusal (so that the streaming inflate takes over) for truncation, damage and the limit.
TEST(Hwp5Records, WholeInflateIsExactOrRefuses) {
    std::string text(300000, 'a');
    for (std::size_t i = 0; i < text.size(); i += 97)
        text[i] = static_cast<char>('b' + i % 13);
    std::string packed = hwp::deflateRaw(text);
    ASSERT_LT(packed.size() * 8, text.size());  // larger than the first buffer tried
    std::string out;
    EXPECT_TRUE(inflateWhole(packed, 1 << 20, out));
    EXPECT_EQ(out, text);
    EXPECT_FALSE(inflateWhole(packed.substr(0, packed.size() / 2), 1 << 20, out));
    EXPECT_TRUE(out.empty());
    EXPECT_FALSE(inflateWhole(packed, text.size() - 1, out));
    std::string damaged = packed;
    damaged[0] = static_cast<char>(0xFF);  // BTYPE 11: reserved
    EXPECT_FALSE(inflateWhole(damaged, 1 << 20, out));
}

TEST(Hwp5Records, InflateStopsAtTheLimit) {
    std::string packed = hwp::deflateRaw(std::string(100000, 'a'));
    EXPECT_EQ(inflateRaw(packed, 100000).bytes.size(), 100000u);
    EXPECT_THROW(inflateRaw(packed, 99999), LimitError);
}

TEST(Hwp5Records, TruncatedDeflateKeepsWhatCameBefore) {
    std::string text;
    for (int i = 0; i < 5000; ++i)
        text += std::to_string(i * 7919 % 10007) + ",";
    std::string packed = hwp::deflateRaw(text);
    Inflated inflated = inflateRaw(packed.substr(0, packed.size() / 2), 1 << 20);
    EXPECT_FALSE(inflated.complete);
    EXPECT_GT(inflated.bytes.size(), 1000u);
    EXPECT_EQ(text.compare(0, inflated.bytes.size(), inflated.bytes), 0);
}

std::string units(std::u16string_view text) {
    std::string out;
    for (char16_t c : text) {
        out += static_cast<char>(c & 0xFF);
        out += static_cast<char>(c >> 8);
    }
    return out;
}

// An 8-unit extended control character carrying `id` (four ASCII characters, spec order).
std::u16string controlChar(char16_t code, const char (&id)[5]) {
    std::uint32_t value = makeCtrlId(id);
    return std::u16string{
        code, static_cast<char16_t>(value & 0xFFFF), static_cast<char16_t>(value >> 16), 0, 0, 0, 0,
        code};
}

std::string ctrlHeader(const char (&id)[5], std::size_t extra) {
    std::string out;
    std::uint32_t value = makeCtrlId(id);
    for (int i = 0; i < 4; ++i)
        out += static_cast<char>((value >> (8 * i)) & 0xFF);
    return out + std::string(extra, '\0');
}

Document walk(const std::string& stream) {
    BodyStats stats;
    DocumentBuilder builder;
    RecordList list = parseRecords(stream);
    ParagraphHeads heads;
    emitSection(list.records, DocInfo{}, heads, builder, stats);
    return builder.finish(Status::Ok);
}

// Fields name themselves `%%me` in the text but `%unk` in their header (english.hwp): they
// were reported as malformed controls; they pair in order, and later controls still pair.
TEST(Hwp5Body, FieldWhoseIdDiffersFromItsHeaderKeepsLaterControlsPaired) {
    std::u16string text = controlChar(3, "%%me") + u"메모 글" + controlChar(4, "%%me") +
                          controlChar(11, "tbl ") + u"\r";
    std::string cell(24, '\0');
    cell[12] = 1;  // colspan
    cell[14] = 1;  // rowspan
    std::string stream =
        hwp::record(66, 0, std::string(24, '\0')) + hwp::record(67, 1, units(text)) +
        hwp::record(71, 1, ctrlHeader("%unk", 20)) + hwp::record(71, 1, ctrlHeader("tbl ", 42)) +
        hwp::record(77, 2, std::string(22, '\0')) + hwp::record(72, 2, cell) +
        hwp::record(66, 2, std::string(24, '\0')) + hwp::record(67, 3, units(u"칸\r"));
    DocumentBuilder builder;
    BodyStats stats;
    ParagraphHeads heads;
    emitSection(parseRecords(stream).records, DocInfo{}, heads, builder, stats);
    EXPECT_EQ(stats.malformedControls, 0u);
    Document doc = builder.finish(Status::Ok);
    EXPECT_EQ(doc.text, "메모 글\n칸\n");
    ASSERT_EQ(doc.blocks.size(), 2u);
    EXPECT_EQ(doc.blocks[1].kind, BlockKind::Table);
}

// basic_etc.hwp hangs a LIST_HEADER directly under a paragraph, outside any control: its
// paragraphs ("D") were lost.
TEST(Hwp5Body, ListHungUnderAParagraphKeepsItsText) {
    std::string stream =
        hwp::record(66, 0, std::string(24, '\0')) + hwp::record(67, 1, units(u"본문\r")) +
        hwp::record(72, 1, std::string(16, '\0')) + hwp::record(66, 1, std::string(24, '\0')) +
        hwp::record(67, 2, units(u"D\r"));
    EXPECT_EQ(walk(stream).text, "본문\nD\n");
}

std::string rangeTag(std::uint32_t start, std::uint32_t end, std::uint32_t tag) {
    std::string out;
    for (std::uint32_t value : {start, end, tag})
        for (int i = 0; i < 4; ++i)
            out += static_cast<char>((value >> (8 * i)) & 0xFF);
    return out;
}

// Range tags may overlap, run past the text, or come by the thousand: a deletion inside an
// insertion wins, ranges are clipped to the text, other kinds are no change, and every range
// costs one pass over the text, not one per character.
TEST(Hwp5Body, OverlappingChangeRangesAreClippedAndDeletionWins) {
    std::string tags = rangeTag(0, 6, 0x10000001) + rangeTag(2, 4, 0x11000002) +
                       rangeTag(5, 1000000, 0x11000002) + rangeTag(0, 6, 0x01000000);
    for (int i = 0; i < 20000; ++i)
        tags += rangeTag(0, 3, 0x10000001);
    std::string stream = hwp::record(66, 0, std::string(24, '\0')) +
                         hwp::record(67, 1, units(u"가나다라마바\r")) + hwp::record(70, 1, tags);
    BodyStats stats;
    DocumentBuilder builder;
    ParagraphHeads heads;
    emitSection(parseRecords(stream).records, DocInfo{}, heads, builder, stats);
    Document doc = builder.finish(Status::Ok);
    ASSERT_EQ(doc.blocks.size(), 1u);
    std::vector<std::pair<std::string, std::string>> spans;
    for (const Span& span : doc.blocks[0].spans)
        spans.emplace_back(span.text, span.change);
    EXPECT_EQ(
        spans,
        (std::vector<std::pair<std::string, std::string>>{
            {"가나", "inserted"}, {"다라", "deleted"}, {"마", "inserted"}, {"바", "deleted"}}));
    EXPECT_EQ(doc.text, "가나마\n");
    EXPECT_EQ(stats.kept.trackedChanges, 20003u);
}

TEST(Hwp5Distribution, KeyRoundTripsThroughThePayload) {
    std::string key = "0123456789abcdef";
    for (std::uint32_t seed : {0u, 1u, 0x12345678u, 0xFFFFFFFFu})
        EXPECT_EQ(distributionKey(makeDistributionPayload(seed, key)), key) << seed;
}

TEST(Hwp5Summary, HancomRevisionStringNamesTheApplication) {
    EXPECT_TRUE(isHancomRevision("10, 0, 0, 5429 WIN32LEWindows_8"));
    EXPECT_TRUE(isHancomRevision("12.30.0.6313 MAC64LEDarwin_25.3.0"));
    EXPECT_TRUE(isHancomRevision("6, 0, 2, 738 6"));
    EXPECT_FALSE(isHancomRevision("hwpers 0.3"));
    EXPECT_FALSE(isHancomRevision("10, 0, 0"));
    EXPECT_FALSE(isHancomRevision("10, 0, 0, 5429"));
    Document doc = convertFixture("documents/hwp5/structure.hwp");
    EXPECT_EQ(doc.metadata["application"], "Hancom Office Hangul");
    EXPECT_EQ(doc.metadata["application_version"], "13, 0, 0, 1 WIN32LEWindows_10");
    Document noSummary = convertFixture("documents/hwp5/no-summary.hwp");
    EXPECT_EQ(noSummary.metadata.count("application"), 0u);
}

TEST(Hwp5Summary, FileTimeBecomesIso8601) {
    EXPECT_EQ(fileTimeToIso(132161220000000000ull), "2019-10-21T09:00:00Z");
    EXPECT_EQ(fileTimeToIso(0), "");
}

TEST(Hwp5Converter, StructureDocumentKeepsEveryPieceOfText) {
    Document doc = convertFixture("documents/hwp5/structure.hwp");
    EXPECT_EQ(doc.format, "hwp5");
    EXPECT_EQ(doc.status, Status::Ok);
    for (const char* piece :
         {"문화재생·복지·탄소산업, 전주를 배워라!", "첫째 항목", "이름\t전주시\n전화\t281-2577",
          "전주시 누리집", "2019년 9월 말 기준.", "공보담당관 자료.", "머리말: 전주시 보도자료",
          "꼬리말 1쪽", "팔복예술공장", "합계 176", "표 1. 방문 기관 수", "글상자 안의 글",
          "둘째 구역의 문단."})
        EXPECT_NE(doc.text.find(piece), std::string::npos) << piece;
    // No control junk: the text holds no C0 character other than tab and newline.
    for (char c : doc.text)
        EXPECT_TRUE(static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n');
}

TEST(Hwp5Converter, OutlineParagraphIsAHeadingAndNumberedOneAListItem) {
    Document doc = convertFixture("documents/hwp5/structure.hwp");
    const Block* heading = findBlock(doc.blocks, BlockKind::Heading);
    ASSERT_NE(heading, nullptr);
    EXPECT_EQ(heading->level, 1);
    EXPECT_EQ(heading->inlineText(), "문화재생·복지·탄소산업, 전주를 배워라!");
    const Block* item = nullptr;
    for (const Block& block : doc.blocks)
        if (block.kind == BlockKind::ListItem && block.inlineText() == "첫째 항목") item = &block;
    ASSERT_NE(item, nullptr);
    EXPECT_EQ(item->level, 1);
}

TEST(Hwp5Converter, TableCellsKeepRowsColumnsAndSpans) {
    Document doc = convertFixture("documents/hwp5/structure.hwp");
    const Block* table = findBlock(doc.blocks, BlockKind::Table);
    ASSERT_NE(table, nullptr);
    ASSERT_EQ(table->rows.size(), 3u);
    const TableCell& merged = table->rows[1].cells[0];
    EXPECT_EQ(merged.rowSpan, 2u);
    EXPECT_EQ(merged.blocks.front().inlineText(), "팔복예술공장");
    const TableCell& total = table->rows[2].cells[0];
    EXPECT_EQ(total.col, 1u);
    EXPECT_EQ(total.colSpan, 2u);
    ASSERT_FALSE(table->caption.empty());
    EXPECT_EQ(table->caption.front().inlineText(), "표 1. 방문 기관 수");
}

TEST(Hwp5Converter, NotesHeadersLinksEquationsAndImagesAreStructured) {
    Document doc = convertFixture("documents/hwp5/structure.hwp");
    const Block* note = findBlock(doc.blocks, BlockKind::Note);
    ASSERT_NE(note, nullptr);
    EXPECT_EQ(note->noteKind, NoteKind::Foot);
    EXPECT_EQ(note->mark, "1");
    ASSERT_NE(findBlock(doc.blocks, BlockKind::Header), nullptr);
    ASSERT_NE(findBlock(doc.blocks, BlockKind::Footer), nullptr);
    ASSERT_NE(findBlock(doc.blocks, BlockKind::TextBox), nullptr);
    const Block* equation = findBlock(doc.blocks, BlockKind::Equation);
    ASSERT_NE(equation, nullptr);
    EXPECT_EQ(equation->script, "{a+b} over {c}");
    EXPECT_EQ(doc.text.find("over"), std::string::npos);
    const Block* image = findBlock(doc.blocks, BlockKind::Image);
    ASSERT_NE(image, nullptr);
    EXPECT_EQ(image->target, "BinData/BIN0001.png");
    EXPECT_EQ(image->mediaType, "image/png");
    bool linked = false;
    for (const Block& block : doc.blocks)
        for (const Span& span : block.spans)
            if (span.text == "전주시 누리집" && span.href == "https://www.jeonju.go.kr/")
                linked = true;
    EXPECT_TRUE(linked);
}

// Nothing dropped silently: the markup view's deleted runs stay in the blocks, marked, out of
// the text, which is BodyText's final text; inserted runs are marked and part of it.
TEST(Hwp5Converter, TrackedChangesKeepDeletedAndInsertedRunsMarked) {
    Document doc = convertFixture("documents/hwp5/track-changes.hwp");
    EXPECT_EQ(doc.status, Status::Ok);
    ASSERT_EQ(doc.blocks.size(), 9u);
    const std::vector<Span>& spans = doc.blocks[0].spans;
    ASSERT_EQ(spans.size(), 4u);
    EXPECT_EQ(spans[1].text, "10월 21일");
    EXPECT_EQ(spans[1].change, "deleted");
    EXPECT_EQ(spans[2].text, "10월 28일");
    EXPECT_EQ(spans[2].change, "inserted");
    EXPECT_EQ(spans[3].change, "");
    ASSERT_EQ(doc.blocks[1].spans.size(), 1u);
    EXPECT_EQ(doc.blocks[1].spans[0].text, "이 문단은 지워졌다.");
    EXPECT_EQ(doc.blocks[1].spans[0].change, "deleted");
    EXPECT_EQ(doc.blocks[2].inlineText(), "바뀌지 않은 문단.");
    EXPECT_TRUE(hasWarning(doc, "tracked_changes"));
    // Without the flag the same streams are read as before: BodyText, final text only.
    EXPECT_FALSE(hasWarning(convertFixture("documents/hwp5/structure.hwp"), "tracked_changes"));
}

// A table whose control characters lie in a deletion range was deleted whole: it is kept,
// marked, and its cells' text is no part of the text; an inserted picture is marked too.
TEST(Hwp5Converter, ObjectsInsideAChangeRangeAreMarkedAndADeletedOnesTextStaysOut) {
    Document doc = convertFixture("documents/hwp5/track-changes.hwp");
    ASSERT_EQ(doc.blocks.size(), 9u);
    const Block& table = doc.blocks[4];
    ASSERT_EQ(table.kind, BlockKind::Table);
    EXPECT_EQ(table.change, "deleted");
    ASSERT_EQ(table.rows.size(), 1u);
    ASSERT_EQ(table.rows[0].cells.size(), 2u);
    EXPECT_EQ(renderText(table.rows[0].cells[0].blocks), "지운 표\n");
    EXPECT_EQ(doc.text.find("지운 표"), std::string::npos);
    const Block& picture = doc.blocks[6];
    ASSERT_EQ(picture.kind, BlockKind::Image);
    EXPECT_EQ(picture.change, "inserted");
    EXPECT_EQ(picture.target, "BinData/BIN0001.png");
    // The paragraphs that hold them are no change themselves.
    EXPECT_EQ(doc.blocks[3].spans.size(), 1u);
    EXPECT_EQ(doc.blocks[3].spans[0].change, "");
}

// A deletion range over a paragraph's end (char 13) deleted its break: the block keeps the
// paragraph, marked, and the text joins it with the next one as the final view shows it.
TEST(Hwp5Converter, DeletedParagraphBreakJoinsTheParagraphsInTheText) {
    Document doc = convertFixture("documents/hwp5/track-changes.hwp");
    ASSERT_EQ(doc.blocks.size(), 9u);
    EXPECT_EQ(doc.blocks[7].breakChange, "deleted");
    EXPECT_EQ(doc.blocks[7].inlineText(), "이 문단의 끝은 ");
    EXPECT_EQ(doc.blocks[8].breakChange, "");
    EXPECT_EQ(doc.text,
              "회의는 10월 28일에 열린다.\n바뀌지 않은 문단.\n표가 지워졌다:\n그림이 들어갔다:\n"
              "이 문단의 끝은 지워져 다음 문단과 이어진다.\n");
}

// DocInfo's TRACK_CHANGE records (numbered by the range tags) say when, and name the
// TRACK_CHANGE_AUTHOR record that says who: runs and objects carry both.
TEST(Hwp5Converter, TrackedChangesNameTheirAuthorAndTime) {
    Document doc = convertFixture("documents/hwp5/track-changes.hwp");
    ASSERT_EQ(doc.blocks.size(), 9u);
    const Span& deleted = doc.blocks[0].spans[1];
    EXPECT_EQ(deleted.changeBy.author(), "이검토");
    EXPECT_EQ(deleted.changeBy.date(), "2026-06-15T04:31:00Z");
    const Span& inserted = doc.blocks[0].spans[2];
    EXPECT_EQ(inserted.changeBy.author(), "김수정");
    EXPECT_EQ(inserted.changeBy.date(), "2026-06-15T04:30:00Z");
    EXPECT_EQ(doc.blocks[4].changeBy.author(), "이검토");
    EXPECT_EQ(doc.blocks[6].changeBy.date(), "2026-06-15T04:30:00Z");
}

// Hostile TRACK_CHANGE records: an author name longer than its limit, a record cut short, a
// time that is no time, an author number past the list. Each loses only what it cannot give.
TEST(Hwp5Body, TrackChangeRecordsAreBoundsChecked) {
    auto u16 = [](std::uint32_t v) { return std::string{char(v & 0xFF), char(v >> 8)}; };
    auto u32 = [&](std::uint32_t v) { return u16(v & 0xFFFF) + u16(v >> 16); };
    std::string name = u32(2) + units(u"김이");
    std::string huge = u32(static_cast<std::uint32_t>(limits::kMaxAuthorNameUnits + 1)) +
                       std::string(2 * (limits::kMaxAuthorNameUnits + 1), 'a');
    auto change = [&](std::uint32_t month, std::uint32_t author) {
        return u32(0x11) + u16(2026) + u16(month) + u16(15) + u16(4) + u16(31) + u16(author) +
               std::string(10, '\0');
    };
    std::string stream = hwp::record(97, 1, name) + hwp::record(97, 1, huge) +
                         hwp::record(96, 1, change(6, 1)) + hwp::record(96, 1, change(13, 2)) +
                         hwp::record(96, 1, u32(0x10)) + hwp::record(96, 1, change(6, 9));
    DocInfo info = parseDocInfo(parseRecords(stream).records);
    ASSERT_EQ(info.trackChanges.size(), 4u);
    EXPECT_EQ(info.trackChanges[0].author, "김이");
    EXPECT_EQ(info.trackChanges[0].date, "2026-06-15T04:31:00Z");
    EXPECT_EQ(info.trackChanges[1].author, "");
    EXPECT_EQ(info.trackChanges[1].date, "");
    EXPECT_EQ(info.trackChanges[2].date, "");
    EXPECT_EQ(info.trackChanges[3].author, "");
    EXPECT_EQ(info.trackChanges[3].date, "2026-06-15T04:31:00Z");
}

TEST(Hwp5Converter, HiddenCommentsAndMemosAreAnnotationsOutOfTheText) {
    Document doc = convertFixture("documents/hwp5/annotations.hwp");
    EXPECT_EQ(doc.status, Status::Ok);
    EXPECT_EQ(test::annotations(doc), (std::vector<std::pair<std::string, std::string>>{
                                          {"hidden_comment", "숨은 설명: 검토 뒤 지울 것\n"},
                                          {"memo", "메모: 금액을 다시 확인\n"}}));
    EXPECT_EQ(doc.text.find("숨은 설명"), std::string::npos);
    EXPECT_EQ(doc.text.find("메모:"), std::string::npos);
    // The memo's anchor is body text.
    EXPECT_NE(doc.text.find("올해 예산은 늘었다."), std::string::npos);
    EXPECT_TRUE(hasWarning(doc, "annotations"));
}

// Hancom stores memo bodies at the end of the section; they are given at their anchors, so the
// HWP 5 and HWPX fixtures of one document give the same blocks.
TEST(Hwp5Converter, MemosStandAtTheirAnchorsAsInHwpx) {
    Document hwp = convertFixture("documents/hwp5/annotations.hwp");
    Document hwpx = convertFixture("documents/hwpx/annotations.hwpx");
    auto shape = [](const Document& doc) {
        std::vector<std::pair<BlockKind, std::string>> out;
        for (const Block& block : doc.blocks)
            out.emplace_back(block.kind, block.annotation.empty() ? renderText(block)
                                                                  : renderText(block.children));
        return out;
    };
    EXPECT_EQ(shape(hwp), shape(hwpx));
    ASSERT_GE(hwp.blocks.size(), 4u);
    EXPECT_EQ(hwp.blocks[2].inlineText(), "올해 예산은 늘었다.");
    EXPECT_EQ(hwp.blocks[3].annotation, "memo");
}

TEST(Hwp5Converter, ClickHereGuideIsAFieldInstructionOutOfTheText) {
    Document doc = convertFixture("documents/hwp5/annotations.hwp");
    EXPECT_EQ(test::fieldInstructions(doc),
              (std::vector<std::string>{"이름을 입력하세요", "기관명을 입력하세요"}));
    EXPECT_NE(doc.text.find("신청인:"), std::string::npos) << doc.text;
    EXPECT_NE(doc.text.find("\n기관: 전주시\n"), std::string::npos) << doc.text;
    EXPECT_EQ(doc.text.find("입력하세요"), std::string::npos);
    EXPECT_TRUE(hasWarning(doc, "field_instructions"));
}

// A check box's caption, a combo box's and an edit's text, from FORM_OBJECT's parameters.
TEST(Hwp5Converter, FormObjectsKeepTheTextTheyShow) {
    using Forms = std::vector<std::pair<std::string, std::string>>;
    EXPECT_EQ(test::formObjects(convertFixture("documents/hwp5/annotations.hwp")),
              (Forms{{"check_button", "개인정보 이용에 동의함\n"},
                     {"combo_box", "서울특별시\n"},
                     {"edit", "홍길동\n"}}));
}

// hwplib's FormObjectType knows five ids; a push button is a button, and an id none of them is
// `unknown`, not taken for a button.
TEST(Hwp5Body, FormObjectOfAnUnknownIdIsLabelledUnknown) {
    auto number = [](std::size_t n) {
        std::string digits = std::to_string(n);
        return std::u16string(digits.begin(), digits.end());
    };
    auto form = [&](std::string type, std::u16string caption) {
        hwp::Item item;
        item.kind = hwp::Item::Kind::Form;
        item.target = std::move(type);
        item.text = u"CommonSet:set:40:Name:wstring:4:form Printable:bool:1  ButtonSet:set:" +
                    number(26 + caption.size()) + u":Caption:wstring:" + number(caption.size()) +
                    u":" + caption + u" Value:int:0  ";
        return item;
    };
    hwp::Paragraph paragraph;
    paragraph.items = {form("+pbt", u"확인"), form("+zzz", u"새 양식")};
    std::string stream = hwp::sectionRecords({paragraph});
    BodyStats stats;
    DocumentBuilder builder;
    ParagraphHeads heads;
    emitSection(parseRecords(stream).records, DocInfo{}, heads, builder, stats);
    Document doc = builder.finish(Status::Ok);
    using Forms = std::vector<std::pair<std::string, std::string>>;
    EXPECT_EQ(test::formObjects(doc), (Forms{{"button", "확인\n"}, {"unknown", "새 양식\n"}}));
}

TEST(Hwp5Converter, UncompressedDocumentGivesTheSameText) {
    Document packed = convertFixture("documents/hwp5/structure.hwp");
    Document plain = convertFixture("documents/hwp5/structure-uncompressed.hwp");
    EXPECT_EQ(plain.status, Status::Ok);
    EXPECT_EQ(plain.text, packed.text);
}

TEST(Hwp5Converter, SummaryFillsMetadata) {
    Document doc = convertFixture("documents/hwp5/structure.hwp");
    EXPECT_EQ(doc.metadata["title"], "구조 시험 문서");
    EXPECT_EQ(doc.metadata["author"], "지킴이");
    EXPECT_EQ(doc.metadata["description"], "지킴이 시험용으로 만든 문서");
    EXPECT_EQ(doc.metadata["keywords"], "표, 각주, 머리말");
    EXPECT_EQ(doc.metadata["created"], "2019-10-21T09:00:00Z");
    EXPECT_EQ(doc.metadata["modified"], "2019-10-30T05:42:00Z");
    EXPECT_EQ(doc.metadata["last_saved_by"], "jikji");
    EXPECT_EQ(doc.metadata["application_version"], "13, 0, 0, 1 WIN32LEWindows_10");
    EXPECT_EQ(doc.metadata["format_version"], "5.1.1.0");
}

TEST(Hwp5Converter, DistributionDocumentIsDecryptedNotThePlaceholder) {
    Document doc = convertFixture("documents/hwp5/distribution.hwp");
    EXPECT_EQ(doc.status, Status::Ok);
    EXPECT_EQ(doc.metadata["protection"], "distribution");
    EXPECT_NE(doc.text.find("배포용 문서의 실제 본문입니다."), std::string::npos);
    EXPECT_NE(doc.text.find("배포용 표 오른쪽"), std::string::npos);
    EXPECT_NE(doc.text.find("둘째 구역도 암호화되어 있습니다."), std::string::npos);
    EXPECT_EQ(doc.text.find("배포용 문서입니다"), std::string::npos);
}

TEST(Hwp5Converter, PasswordDocumentIsEncryptedWithSummary) {
    Document doc = convertFixture("documents/hwp5/password.hwp");
    EXPECT_EQ(doc.status, Status::Encrypted);
    EXPECT_TRUE(hasWarning(doc, "password_required"));
    EXPECT_EQ(doc.metadata["protection"], "password");
    EXPECT_EQ(doc.metadata["title"], "암호 문서");
    EXPECT_TRUE(doc.text.empty());
}

TEST(Hwp5Converter, MissingSummaryIsAWarningNotAFailure) {
    Document doc = convertFixture("documents/hwp5/no-summary.hwp");
    EXPECT_EQ(doc.status, Status::Ok);
    EXPECT_TRUE(hasWarning(doc, "summary_missing"));
    EXPECT_NE(doc.text.find("작은 문서의 본문."), std::string::npos);
}

TEST(Hwp5Converter, PressReleaseHoldsTheSeedBody) {
    Document doc = convertFixture("documents/hwp5/jeonju-press-release.hwp");
    EXPECT_EQ(doc.status, Status::Ok);
    EXPECT_EQ(doc.metadata["title"], "문화재생·복지·탄소산업, 전주를 배워라!");
    EXPECT_EQ(doc.text.rfind("문화재생·복지·탄소산업, 전주를 배워라!\n- 전주시의", 0), 0u);
    EXPECT_NE(doc.text.find("< 자료제공부서 및 문의처 : 전주시 관광산업과 281-2577>"),
              std::string::npos);
}

// The HWP 3 converter takes it (converters/hwp3): headers without a body are corrupt.
TEST(Hwp5Converter, Hwp3SignatureGoesToTheHwp3Converter) {
    Document doc = convertFixture("hostile/hwp3-signature-only.hwp");
    EXPECT_EQ(doc.format, "hwp3");
    EXPECT_EQ(doc.status, Status::Corrupt);
    ASSERT_FALSE(doc.warnings.empty());
    EXPECT_EQ(doc.warnings.front().code, "body_damaged");
}

// A garbage BodyText stream: the preview stream gives the text, marked partial.
TEST(Hwp5Converter, UnreadableBodyFallsBackToPrvText) {
    Document doc = convertFixture("hostile/hwp5-garbage-section.hwp");
    EXPECT_EQ(doc.status, Status::Partial);
    EXPECT_TRUE(hasWarning(doc, "preview_fallback"));
    EXPECT_NE(doc.text.find("미리보기 글"), std::string::npos);
}

TEST(Hwp5Converter, TruncatedDeflateKeepsTheParagraphsBeforeTheCut) {
    Document doc = convertFixture("hostile/hwp5-truncated-deflate.hwp");
    EXPECT_EQ(doc.status, Status::Partial);
    EXPECT_TRUE(hasWarning(doc, "stream_damaged"));
    EXPECT_FALSE(hasWarning(doc, "preview_fallback"));
    EXPECT_NE(doc.text.find("잘린 압축 흐름 앞의 문단 가"), std::string::npos);
}

struct HostileCase {
    const char* file;
    Status status;
};

TEST(Hwp5Hostile, EveryAuthoredHostileFileGetsItsStatus) {
    const HostileCase cases[] = {
        {"hwp5-huge-record.hwp", Status::Partial},
        {"hwp5-deflate-bomb.hwp", Status::LimitExceeded},
        {"hwp5-truncated-deflate.hwp", Status::Partial},
        {"hwp5-garbage-section.hwp", Status::Partial},
        {"hwp5-deep-nesting.hwp", Status::Partial},
        {"hwp5-cfb-directory-cycle.hwp", Status::Corrupt},
        {"hwp5-cfb-sector-out-of-range.hwp", Status::Partial},
        {"hwp5-ministream-past-the-end.hwp", Status::Corrupt},
        {"hwp5-truncated-cfb.hwp", Status::Corrupt},
        {"hwp5-broken-summary.hwp", Status::Ok},
        {"hwp5-short-fileheader.hwp", Status::Corrupt},
    };
    for (const HostileCase& c : cases) {
        Document doc = convertFixture(std::string("hostile/") + c.file);
        EXPECT_EQ(toString(doc.status), toString(c.status)) << c.file;
        if (c.status != Status::Ok) {
            EXPECT_FALSE(doc.warnings.empty()) << c.file;
        }
    }
}

// A real download cut after the directory gave `ok` with no text: libgsf cannot open a stream
// whose sectors are gone and the converter took that for an absent stream.
TEST(Hwp5Hostile, StreamsListedButUnreadableAreDamageNotAbsence) {
    Document doc = convertFixture("hostile/hwp5-ministream-past-the-end.hwp");
    EXPECT_EQ(toString(doc.status), "corrupt");
    ASSERT_FALSE(doc.warnings.empty());
    EXPECT_NE(doc.warnings.front().message.find("sectors cannot be read"), std::string::npos)
        << doc.warnings.front().message;
}

TEST(Hwp5Hostile, BrokenSummaryIsAWarning) {
    Document doc = convertFixture("hostile/hwp5-broken-summary.hwp");
    EXPECT_TRUE(hasWarning(doc, "summary_unreadable"));
    EXPECT_NE(doc.text.find("작은 문서의 본문."), std::string::npos);
}

// A caption's number is an auto number control (`atno`) holding the number Hancom laid out:
// "표 ." was all the text had of "표 1." (hhp__table-ko.hwp, hwpspec.hwp's 500 captions).
TEST(Hwp5Converter, CaptionNumbersComeFromTheirAutoNumbers) {
    hwp::Document document;
    auto paragraph = [](std::vector<hwp::Item> items) {
        hwp::Paragraph p;
        p.items = std::move(items);
        return p;
    };
    document.sections = {{
        paragraph(
            {hwp::textItem(u"그림 "), hwp::autoNumberItem(3, 12, 2), hwp::textItem(u" 구조")}),
        paragraph({hwp::textItem(u"수식 "), hwp::autoNumberItem(5, 3, 8), hwp::textItem(u")")}),
        // Page numbers are the layout's, not text; 0 is no number laid out.
        paragraph({hwp::textItem(u"쪽 "), hwp::autoNumberItem(0, 7)}),
        paragraph({hwp::textItem(u"표 "), hwp::autoNumberItem(4, 0), hwp::textItem(u".")}),
    }};
    Document converted = convertBytes(hwp::write(document));
    EXPECT_EQ(converted.status, Status::Ok);
    EXPECT_EQ(converted.text, "그림 XII 구조\n수식 다)\n쪽 \n표 .\n");
}

// Numbering 1: `^1.` in digits, then `^2)` in 가나다; numbering 2 cut after 20 bytes; numbering
// 3: `제^1장` from 3; bullet 1: ●. Head shapes 0, 1 number on levels 1 and 2 of numbering 1,
// 2 is an outline level 1, 3 the bullet, 4 names the cut numbering.
hwp::Document headsDocument(std::vector<std::vector<hwp::Paragraph>> sections) {
    hwp::Document document;
    document.numberings = {
        {{{u"^1.", 0, 1}, {u"^2)", 8, 1}}}, {{{u"^1.", 0, 1}}, 20}, {{{u"제^1장", 0, 3}}}};
    document.bullets = {u'●'};
    document.headShapes = {{2, 0, 1}, {2, 1, 1}, {1, 0, 0}, {3, 0, 1}, {2, 0, 2}};
    document.sections = std::move(sections);
    return document;
}

const hwp::Shape kFirstLevel = hwp::headShape(0);
const hwp::Shape kSecondLevel = hwp::headShape(1);
const hwp::Shape kOutline = hwp::headShape(2);
const hwp::Shape kBullet = hwp::headShape(3);
const hwp::Shape kCutNumbering = hwp::headShape(4);

hwp::Paragraph withSectionDefinition(std::uint16_t outlineNumbering, std::u16string text,
                                     hwp::Shape shape = hwp::Shape::Plain) {
    hwp::Paragraph p = hwp::text(std::move(text), shape);
    p.items.insert(p.items.begin(), hwp::sectionDefinition(outlineNumbering));
    return p;
}

TEST(Hwp5Converter, NumberedParagraphsCountPerLevelRestartTheDeeperLevelAndRunOnAcrossSections) {
    Document converted = convertBytes(hwp::write(headsDocument({
        {withSectionDefinition(3, u"사과", kFirstLevel), hwp::text(u"빨강", kSecondLevel),
         hwp::text(u"초록", kSecondLevel), hwp::text(u"배", kFirstLevel),
         hwp::text(u"노랑", kSecondLevel)},
        {withSectionDefinition(3, u"감", kFirstLevel)},
    })));
    EXPECT_EQ(converted.status, Status::Ok);
    EXPECT_EQ(converted.text, "1. 사과\n가) 빨강\n나) 초록\n2. 배\n가) 노랑\n3. 감\n");
    ASSERT_EQ(converted.blocks.size(), 6u);
    EXPECT_EQ(converted.blocks[1].kind, BlockKind::ListItem);
    EXPECT_EQ(converted.blocks[1].mark, "가)");
}

// Hancom numbers paragraphs in document order, those in table cells included.
TEST(Hwp5Converter, NumberedParagraphInATableCellCountsInDocumentOrder) {
    hwp::Item table;
    table.kind = hwp::Item::Kind::Table;
    table.rows = 1;
    table.cols = 1;
    hwp::Cell cell;
    cell.paragraphs = {hwp::text(u"배", kFirstLevel)};
    table.cells = {cell};
    hwp::Paragraph holder;
    holder.items = {table};
    Document converted =
        convertBytes(hwp::write(headsDocument({{withSectionDefinition(3, u"사과", kFirstLevel),
                                                holder, hwp::text(u"감", kFirstLevel)}})));
    EXPECT_NE(converted.text.find("1. 사과\n"), std::string::npos) << converted.text;
    EXPECT_NE(converted.text.find("2. 배"), std::string::npos) << converted.text;
    EXPECT_NE(converted.text.find("3. 감\n"), std::string::npos) << converted.text;
}

// The section definition names the numbering outline paragraphs count on; the cut numbering
// before it still holds id 2, so `제^1장` stays numbering 3.
TEST(Hwp5Converter, OutlineHeadingCountsOnTheNumberingItsSectionDefinitionNames) {
    Document converted = convertBytes(
        hwp::write(headsDocument({{withSectionDefinition(3, u"개요", kOutline), hwp::text(u"본문"),
                                   hwp::text(u"자료형", kOutline)}})));
    EXPECT_EQ(converted.text, "제3장 개요\n본문\n제4장 자료형\n");
    const Block* heading = findBlock(converted.blocks, BlockKind::Heading);
    ASSERT_NE(heading, nullptr);
    EXPECT_EQ(heading->mark, "제3장");
    EXPECT_EQ(heading->level, 1);
}

TEST(Hwp5Converter, BulletedParagraphShowsItsSign) {
    Document converted = convertBytes(hwp::write(headsDocument(
        {{withSectionDefinition(3, u"첫 점", kBullet), hwp::text(u"둘째 점", kBullet)}})));
    EXPECT_EQ(converted.text, "● 첫 점\n● 둘째 점\n");
}

TEST(Hwp5Converter, EmptyNumberedParagraphShowsNoHead) {
    hwp::Paragraph empty;
    empty.shape = kFirstLevel;
    Document converted = convertBytes(
        hwp::write(headsDocument({{withSectionDefinition(3, u"사과", kFirstLevel), empty}})));
    EXPECT_EQ(converted.text, "1. 사과\n");
    EXPECT_EQ(converted.blocks.size(), 1u);
}

// A NUMBERING record cut inside its levels defines nothing: its paragraphs stay list items
// without a head, and no crash; the records after it keep their ids (see the outline test).
TEST(Hwp5Converter, TruncatedNumberingRecordGivesNoHeadAndLaterRecordsKeepTheirIds) {
    Document converted = convertBytes(hwp::write(headsDocument(
        {{withSectionDefinition(3, u"잘린 번호", kCutNumbering), hwp::text(u"장", kOutline)}})));
    EXPECT_EQ(converted.status, Status::Ok);
    EXPECT_EQ(converted.text, "잘린 번호\n제3장 장\n");
    ASSERT_EQ(converted.blocks.size(), 2u);
    EXPECT_EQ(converted.blocks[0].kind, BlockKind::ListItem);
    EXPECT_EQ(converted.blocks[0].mark, "");

    DocInfo info = parseDocInfo(parseRecords(hwp::docInfoRecords(headsDocument({}))).records);
    ASSERT_EQ(info.numberings.size(), 3u);
    EXPECT_TRUE(info.numberings[1].empty());
    ASSERT_EQ(info.numberings[2].size(), 7u);
    EXPECT_EQ(info.numberings[2][0].format, "제^1장");
    EXPECT_EQ(info.numberings[2][0].start, 3u);
}

}  // namespace
}  // namespace jikji::converters::hwp5
