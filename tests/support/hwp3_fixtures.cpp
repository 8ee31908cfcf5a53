#include "tests/support/hwp3_fixtures.h"

namespace jikji::test::hwp3 {

namespace {

ParagraphBuilder text(const std::string& ascii) {
    ParagraphBuilder paragraph;
    paragraph.ascii(ascii);
    return paragraph;
}

}  // namespace

Document everyStructure() {
    Document document;
    document.title = "HWP3 fixture";
    document.author = "Jikji";

    ParagraphBuilder first;
    // 한글 (Johab D065 8B69), a tab, 漢 (Hanja index of KS F9D3), ㆍ-style old Hangul ᄒᆞᆫ, ·.
    first.chars({0xD065, 0x8B69}).tab().ascii("Hanja ");
    first.chars({static_cast<std::uint16_t>(0x4000 + (0xF9 - 0xCA) * 94 + (0xD3 - 0xA1))});
    first.ascii(" old ").chars({0x8000 | (20 << 10) | (30 << 5) | 5}).nonBreakingSpace();
    first.chars({0x3404});
    first.note(false, 0, {text("Footnote text")});
    first.note(true, 0, {text("Endnote text")});
    document.paragraphs.push_back(first);

    ParagraphBuilder page;
    page.headerFooter(false, {text("Header text")}).headerFooter(true, {text("Footer text")});
    page.ascii("Body after header");
    document.paragraphs.push_back(page);

    // A 2x2 grid whose first column is one cell two rows high.
    ParagraphBuilder table;
    table.ascii("Before table");
    table.box(0,
              {{0, 0, 1000, 2000, {text("Tall cell")}},
               {1000, 0, 1000, 1000, {text("Top right")}},
               {1000, 1000, 1000, 1000, {text("Bottom right")}}},
              {text("Table caption")});
    document.paragraphs.push_back(table);

    ParagraphBuilder boxes;
    boxes.box(1, {{0, 0, 3000, 1000, {text("Text box text")}}});
    boxes.box(2, {{0, 0, 3000, 1000, {text("a over b")}}});
    boxes.picture("image01.bmp");
    boxes.field("guide text").ascii("Field value").field("guide text");
    boxes.bookmark("mark").ascii("Last words");
    document.paragraphs.push_back(boxes);
    return document;
}

std::vector<std::pair<std::string, std::string>> fixtureFiles() {
    std::vector<std::pair<std::string, std::string>> out;
    Document document = everyStructure();
    std::string compressed = write(document);
    out.emplace_back("documents/hwp3/every-structure.hwp", compressed);
    Document plain = document;
    plain.compressed = false;
    out.emplace_back("documents/hwp3/every-structure-uncompressed.hwp", write(plain));
    Document locked = document;
    locked.encrypted = true;
    out.emplace_back("documents/hwp3/password.hwp", write(locked));

    out.emplace_back("hostile/hwp3-truncated.hwp", compressed.substr(0, compressed.size() - 120));
    std::string badDeflate = compressed;
    // The body starts after signature, information, summary and the 42-byte bookmark block.
    for (std::size_t i = 30 + 128 + 1008 + 42 + 6; i < badDeflate.size() && i < 1300; ++i)
        badDeflate[i] = static_cast<char>(0xFF);
    out.emplace_back("hostile/hwp3-bad-deflate.hwp", badDeflate);
    // A table claiming 65535 cells of which none follow, in an uncompressed body.
    Document absurd;
    ParagraphBuilder paragraph;
    paragraph.ascii("Before").box(0, {});
    absurd.paragraphs.push_back(paragraph);
    absurd.compressed = false;
    std::string bytes = write(absurd);
    std::size_t cells = bytes.find(std::string("\x0A\x00\x00\x00\x00\x00\x0A\x00", 8));
    bytes[cells + 8 + 80] = static_cast<char>(0xFF);
    bytes[cells + 8 + 81] = static_cast<char>(0xFF);
    out.emplace_back("hostile/hwp3-absurd-cell-count.hwp", bytes);
    return out;
}

}  // namespace jikji::test::hwp3
