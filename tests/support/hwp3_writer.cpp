#include "tests/support/hwp3_writer.h"

#include "tests/support/hwp_writer.h"

namespace jikji::test::hwp3 {

namespace {

void put16(std::string& out, std::uint16_t value) {
    out.push_back(static_cast<char>(value & 0xFF));
    out.push_back(static_cast<char>(value >> 8));
}

void put32(std::string& out, std::uint32_t value) {
    put16(out, static_cast<std::uint16_t>(value & 0xFFFF));
    put16(out, static_cast<std::uint16_t>(value >> 16));
}

// ASCII as a zero-padded hchar array of `units` characters.
std::string hcharArray(const std::string& text, std::size_t units) {
    std::string out;
    for (char c : text)
        put16(out, static_cast<unsigned char>(c));
    out.resize(units * 2, '\0');
    return out;
}

constexpr std::size_t kCharShapeBytes = 31;
constexpr std::size_t kParaShapeBytes = 187;

}  // namespace

ParagraphBuilder& ParagraphBuilder::chars(const std::vector<std::uint16_t>& codes) {
    for (std::uint16_t code : codes) {
        put16(m_chars, code);
        ++m_count;
    }
    return *this;
}

ParagraphBuilder& ParagraphBuilder::ascii(const std::string& text) {
    std::vector<std::uint16_t> codes;
    for (char c : text)
        codes.push_back(static_cast<unsigned char>(c));
    return chars(codes);
}

void ParagraphBuilder::special(std::uint16_t code, std::uint16_t extraUnits,
                               const std::string& after) {
    put16(m_chars, code);
    m_chars += after;
    m_count = static_cast<std::uint16_t>(m_count + 1 + extraUnits);
}

ParagraphBuilder& ParagraphBuilder::tab() {
    std::string rest;
    put16(rest, 1000);  // width
    put16(rest, 0);     // leader
    put16(rest, 9);
    special(9, 3, rest);
    return *this;
}

ParagraphBuilder& ParagraphBuilder::nonBreakingSpace() {
    std::string rest;
    put16(rest, 30);
    special(30, 1, rest);
    return *this;
}

namespace {
// The 8-byte identification of a structured special character: code, dword, code.
std::string identification(std::uint16_t code, std::uint32_t value = 0) {
    std::string out;
    put32(out, value);
    put16(out, code);
    return out;
}
}  // namespace

ParagraphBuilder& ParagraphBuilder::note(bool endnote, std::uint16_t number,
                                         const std::vector<ParagraphBuilder>& paragraphs) {
    std::string rest = identification(17);
    std::string info(8, '\0');
    put16(info, number);
    put16(info, endnote ? 1 : 0);
    put16(info, 30000);
    rest += info + paragraphList(paragraphs);
    special(17, 3, rest);
    return *this;
}

ParagraphBuilder& ParagraphBuilder::headerFooter(bool footer,
                                                 const std::vector<ParagraphBuilder>& paragraphs) {
    std::string rest = identification(16);
    std::string info(8, '\0');
    info.push_back(footer ? 1 : 0);
    info.push_back(0);
    rest += info + paragraphList(paragraphs);
    special(16, 3, rest);
    return *this;
}

ParagraphBuilder& ParagraphBuilder::box(std::uint16_t kind, const std::vector<Cell>& cells,
                                        const std::vector<ParagraphBuilder>& caption) {
    std::string rest = identification(10);
    std::string info(84, '\0');
    info[16] = 10;
    info[78] = static_cast<char>(kind);
    info[80] = static_cast<char>(cells.size() & 0xFF);
    info[81] = static_cast<char>(cells.size() >> 8);
    rest += info;
    for (std::size_t k = 0; k < cells.size(); ++k) {
        std::string cell;
        cell.push_back(0);
        cell.push_back(static_cast<char>(k));
        put16(cell, 0);
        put16(cell, cells[k].x);
        put16(cell, cells[k].y);
        put16(cell, cells[k].width);
        put16(cell, cells[k].height);
        cell.resize(27, '\0');
        cell[18] = 1;
        rest += cell;
    }
    for (const Cell& cell : cells)
        rest += paragraphList(cell.paragraphs);
    rest += paragraphList(caption);
    special(10, 3, rest);
    return *this;
}

ParagraphBuilder& ParagraphBuilder::picture(const std::string& name) {
    std::string rest = identification(11);
    std::string info(348, '\0');  // extra length 0 at offset 0
    info[16] = 11;
    info[74] = 2;  // embedded image
    info.replace(83, name.size(), name);
    rest += info + paragraphList({});
    special(11, 3, rest);
    return *this;
}

ParagraphBuilder& ParagraphBuilder::field(const std::string& guide) {
    for (std::uint16_t position : {1, 0}) {
        std::string detail(46, '\0');
        detail[0] = 4;  // 누름틀
        detail[6] = static_cast<char>(position);
        std::string strings = hcharArray(guide, guide.size() + 1);
        std::string lengths;
        put32(lengths, 0);
        put32(lengths, static_cast<std::uint32_t>(strings.size()));
        put32(lengths, 0);
        put32(lengths, 0);
        detail.replace(30, 16, lengths);
        detail += strings;
        special(5, 3, identification(5, static_cast<std::uint32_t>(detail.size())) + detail);
    }
    return *this;
}

ParagraphBuilder& ParagraphBuilder::bookmark(const std::string& name) {
    std::string rest = identification(6, 34) + hcharArray(name, 16);
    put16(rest, 0);
    special(6, 3, rest);
    return *this;
}

ParagraphBuilder& ParagraphBuilder::outline(std::uint16_t kind, std::uint8_t level,
                                            const std::vector<std::uint16_t>& numbers,
                                            const std::vector<std::uint16_t>& shapes,
                                            const std::vector<std::pair<char, char>>& signs) {
    std::string rest;
    put16(rest, kind);
    rest.push_back(0);
    rest.push_back(static_cast<char>(level));
    for (std::size_t k = 0; k < 7; ++k)
        put16(rest, k < numbers.size() ? numbers[k] : 0);
    for (std::size_t k = 0; k < 7; ++k)
        put16(rest, k < shapes.size() ? shapes[k] : 0);
    for (std::size_t k = 0; k < 7; ++k) {
        put16(rest, k < signs.size() ? static_cast<unsigned char>(signs[k].first) : 0);
        put16(rest, k < signs.size() ? static_cast<unsigned char>(signs[k].second) : 0);
    }
    put16(rest, 28);
    special(28, 31, rest);
    return *this;
}

std::string ParagraphBuilder::bytes() const {
    std::string out;
    out.push_back(0);  // a paragraph shape of its own follows
    put16(out, static_cast<std::uint16_t>(m_count + 1));
    put16(out, 1);     // one line
    out.push_back(0);  // one character shape for all
    out.push_back(0);  // flags
    put32(out, 0);     // special character flags
    out.push_back(0);  // style
    out.append(kCharShapeBytes, '\0');
    out.append(kParaShapeBytes, '\0');
    out.append(14, '\0');  // the line
    out += m_chars;
    put16(out, 13);
    return out;
}

std::string paragraphList(const std::vector<ParagraphBuilder>& paragraphs) {
    std::string out;
    for (const ParagraphBuilder& paragraph : paragraphs)
        out += paragraph.bytes();
    out.append(43, '\0');
    return out;
}

std::string body(const Document& document) {
    std::string out;
    for (int language = 0; language < 7; ++language) {
        put16(out, 1);
        std::string name = "Batang";
        name.resize(40, '\0');
        out += name;
    }
    put16(out, 0);  // no styles
    out += paragraphList(document.paragraphs);
    out.append(8, '\0');  // no additional information blocks
    return out;
}

std::string write(const Document& document) {
    std::string out("HWP Document File V3.00 \x1A\x01\x02\x03\x04\x05", 30);
    std::string info(128, '\0');
    info[96] = document.encrypted ? 1 : 0;
    info[124] = document.compressed ? 1 : 0;
    info[125] = 1;
    std::string bookmarks;
    put16(bookmarks, 1);
    put16(bookmarks, 38);
    bookmarks += hcharArray("mark", 16) + std::string(6, '\0');
    info[126] = static_cast<char>(bookmarks.size());
    out += info;
    std::string summary =
        hcharArray(document.title, 56) + std::string(112, '\0') + hcharArray(document.author, 56);
    summary.resize(1008, '\0');
    out += summary + bookmarks;
    std::string content = body(document);
    out += document.compressed ? hwp::deflateRaw(content) : content;
    return out + document.trailer;
}

}  // namespace jikji::test::hwp3
