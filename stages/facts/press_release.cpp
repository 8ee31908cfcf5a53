#include "stages/facts/press_release.h"

#include "pipeline/typed_fields.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

#include <regex>
#include <span>
#include <sstream>

namespace jikji::facts {

namespace {

// One paragraph of the document in reading order, with the table cell it sits in.
struct Item {
    std::string text;
    int table = -1;
    std::uint32_t row = 0;
    std::uint32_t col = 0;
    int cellId = -1;
};

struct Flattened {
    std::vector<Item> items;
    std::vector<const Block*> tables;
    // Flattening stops once this many items are read.
    std::size_t maxItems = SIZE_MAX;
};

bool isSpace(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Collapses whitespace runs (including U+00A0 and U+3000) into one space and trims.
std::string tidy(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool space = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        std::size_t skip = 0;
        if (isSpace(c))
            skip = 1;
        else if (c == 0xC2 && i + 1 < text.size() &&
                 static_cast<unsigned char>(text[i + 1]) == 0xA0)
            skip = 2;
        else if (text.substr(i, 3) == "\xE3\x80\x80")
            skip = 3;
        if (skip) {
            space = !out.empty();
            i += skip - 1;
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += static_cast<char>(c);
    }
    return out;
}

// The text with every space removed, for comparing labels such as `담당 부서`.
std::string squash(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        if (isSpace(c)) continue;
        if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0) {
            ++i;
            continue;
        }
        if (text.substr(i, 3) == "\xE3\x80\x80") {
            i += 2;
            continue;
        }
        out += static_cast<char>(c);
    }
    return out;
}

void flattenBlocks(const std::vector<Block>& blocks, Flattened& out, int table, std::uint32_t row,
                   std::uint32_t col, int cellId, int& nextCell);

void flattenBlock(const Block& block, Flattened& out, int table, std::uint32_t row,
                  std::uint32_t col, int cellId, int& nextCell) {
    if (out.items.size() >= out.maxItems) return;
    switch (block.kind) {
        case BlockKind::Paragraph:
        case BlockKind::Heading:
        case BlockKind::ListItem: {
            // A line break inside a paragraph separates lines of the form as well.
            std::string text = block.inlineText();
            std::size_t start = 0;
            while (start <= text.size()) {
                std::size_t end = text.find('\n', start);
                std::string line = tidy(std::string_view(text).substr(
                    start, end == std::string::npos ? std::string::npos : end - start));
                if (!line.empty()) out.items.push_back(Item{line, table, row, col, cellId});
                if (end == std::string::npos || out.items.size() >= out.maxItems) break;
                start = end + 1;
            }
            break;
        }
        case BlockKind::Table: {
            int id = static_cast<int>(out.tables.size());
            out.tables.push_back(&block);
            for (const TableRow& tableRow : block.rows)
                for (const TableCell& cell : tableRow.cells)
                    flattenBlocks(cell.blocks, out, id, cell.row, cell.col, nextCell++, nextCell);
            flattenBlocks(block.caption, out, table, row, col, cellId, nextCell);
            break;
        }
        case BlockKind::TextBox:
            // A hidden comment, a memo or a deleted text box is no part of the release.
            if (block.inText())
                flattenBlocks(block.children, out, table, row, col, cellId, nextCell);
            break;
        case BlockKind::Note:
        case BlockKind::Header:
        case BlockKind::Footer:
        case BlockKind::Image:
        case BlockKind::Equation:
            break;
    }
}

void flattenBlocks(const std::vector<Block>& blocks, Flattened& out, int table, std::uint32_t row,
                   std::uint32_t col, int cellId, int& nextCell) {
    for (const Block& block : blocks)
        flattenBlock(block, out, table, row, col, cellId, nextCell);
}

constexpr std::array<std::string_view, 7> kKinds{
    "보도설명자료", "보도참고자료", "보도해명자료", "보도자료", "설명자료", "해명자료", "참고자료"};
constexpr std::array<std::string_view, 4> kEmbargoLabels{"보도시점", "보도일시", "보도일자",
                                                         "보도시간"};
constexpr std::array<std::string_view, 4> kReleaseLabels{"배포일시", "배포일자", "배포시점",
                                                         "배포"};
constexpr std::array<std::string_view, 5> kContactLabels{"담당부서", "담당부처", "담당기관",
                                                         "문의처", "담당과"};
constexpr std::array<std::string_view, 2> kRoles{"책임자", "담당자"};
constexpr std::array<std::string_view, 34> kJobTitles{
    "과장",   "팀장",   "국장",   "실장",   "사무관", "주무관", "서기관",  "행정관", "연구관",
    "연구사", "연구원", "부장",   "차장",   "단장",   "센터장", "계장",    "주사",   "담당관",
    "기획관", "정책관", "심의관", "원장",   "소장",   "본부장", "처장",    "대리",   "주임",
    "선임",   "책임",   "위원",   "감독관", "팀원",   "전문관", "국장대리"};

// What remains of an item's text after a label: the label itself, then `:` and spaces.
std::optional<std::string> afterLabel(const std::string& text, std::string_view label) {
    std::string flat = squash(text);
    if (!flat.starts_with(label)) return std::nullopt;
    // Walk the original text past the label's characters, spaces allowed in between.
    std::size_t matched = 0, i = 0;
    while (i < text.size() && matched < label.size()) {
        if (isSpace(static_cast<unsigned char>(text[i]))) {
            ++i;
            continue;
        }
        ++i;
        ++matched;
    }
    std::string rest = tidy(std::string_view(text).substr(i));
    while (!rest.empty() && (rest.front() == ':' || rest.front() == ' '))
        rest.erase(0, 1);
    if (rest.starts_with("：")) rest = tidy(rest.substr(3));
    return rest;
}

bool isLabel(const std::string& text) {
    std::string flat = squash(text);
    for (auto label : kEmbargoLabels)
        if (flat.starts_with(label)) return true;
    for (auto label : kReleaseLabels)
        if (flat == label || flat.starts_with(std::string(label) + ":")) return true;
    return false;
}

// The rows a table item's cell covers: a label cell spanning two rows owns both rows' values.
std::uint32_t rowSpanOf(const Flattened& flat, const Item& item) {
    if (item.table < 0) return 1;
    for (const TableRow& row : flat.tables[static_cast<std::size_t>(item.table)]->rows)
        for (const TableCell& cell : row.cells)
            if (cell.row == item.row && cell.col == item.col) return std::max(1u, cell.rowSpan);
    return 1;
}

struct LabelValue {
    std::size_t labelIndex = 0;
    std::size_t lastIndex = 0;
    std::string value;
};

// The value of a label: the rest of its paragraph, else the following cells of its row (or
// the next paragraph outside tables) up to the next label.
std::optional<LabelValue> findLabel(const Flattened& flat, std::span<const std::string_view> labels,
                                    bool strict) {
    for (std::size_t i = 0; i < flat.items.size(); ++i) {
        const Item& item = flat.items[i];
        for (auto label : labels) {
            auto rest = afterLabel(item.text, label);
            if (!rest) continue;
            // `배포 즉시 보도 가능` is a phrase, not the 배포 label.
            if (strict && !rest->empty() && !std::isdigit(static_cast<unsigned char>((*rest)[0])) &&
                (*rest)[0] != '(' && squash(item.text).substr(label.size(), 1) != ":")
                continue;
            LabelValue found{i, i, *rest};
            if (found.value.empty()) {
                for (std::size_t j = i + 1; j < flat.items.size() && j <= i + 4; ++j) {
                    const Item& next = flat.items[j];
                    if (isLabel(next.text)) break;
                    if (item.table >= 0 && (next.table != item.table || next.row < item.row ||
                                            next.row >= item.row + rowSpanOf(flat, item)))
                        break;
                    found.value += (found.value.empty() ? "" : " ") + next.text;
                    found.lastIndex = j;
                    if (item.table < 0) break;
                }
            }
            return found;
        }
    }
    return std::nullopt;
}

int firstYear(const std::string& text) {
    static const std::regex year("(19|20)\\d\\d");
    std::smatch match;
    if (std::regex_search(text, match, year)) return std::stoi(match.str());
    return 0;
}

std::string editionOf(const std::string& value) {
    if (value.find("조간") != std::string::npos) return "조간";
    if (value.find("석간") != std::string::npos) return "석간";
    if (value.find("즉시") != std::string::npos) return "즉시";
    return {};
}

bool startsWithAny(std::string_view text, std::initializer_list<std::string_view> prefixes) {
    for (auto prefix : prefixes)
        if (text.starts_with(prefix)) return true;
    return false;
}

// Markers that open a subtitle line under the title.
bool isSubtitleLine(const std::string& text) {
    return startsWithAny(text, {"-", "–", "―", "▴", "▲", "◈", "◇", "•", "·", "ㆍ", "☞", "→"});
}

std::optional<std::pair<int, std::string>> outlineMarker(const std::string& text) {
    static const std::array<std::pair<std::string_view, int>, 14> kMarkers{{
        {"□", 1},
        {"■", 1},
        {"◻", 1},
        {"○", 2},
        {"◦", 2},
        {"ㅇ", 2},
        {"●", 2},
        {"-", 3},
        {"–", 3},
        {"―", 3},
        {"‐", 3},
        {"·", 3},
        {"*", 4},
        {"※", 4},
    }};
    for (const auto& [marker, level] : kMarkers)
        if (text.starts_with(marker)) return std::make_pair(level, std::string(marker));
    return std::nullopt;
}

std::string stripMarker(const std::string& text, std::size_t markerBytes) {
    return tidy(std::string_view(text).substr(markerBytes));
}

bool contains(std::span<const std::string_view> list, std::string_view value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

const std::regex& phonePattern() {
    static const std::regex pattern("\\(?(0\\d{1,2})?\\)?[ .)-]*(\\d{3,4})[ .-]+(\\d{4})(?!\\d)");
    return pattern;
}

const std::regex& emailPattern() {
    static const std::regex pattern("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");
    return pattern;
}

// `담당부서`, also with a qualifier written in its cell (`담당부서 (총괄)`).
bool isContactLabel(const std::string& flat) {
    for (auto label : kContactLabels)
        if (flat.starts_with(label)) return true;
    return false;
}

bool hasLetterOrDigit(std::string_view text) {
    for (char c : text) {
        auto byte = static_cast<unsigned char>(c);
        // Any non-ASCII character counts: Hangul, Hanja; ASCII only by letters and digits.
        if (byte >= 0x80 || std::isalnum(byte)) return true;
    }
    return false;
}

bool isJobTitle(const std::string& flat) {
    if (contains(kJobTitles, flat)) return true;
    // Compound titles such as `홍보팀장` or `보건연구관`.
    for (auto title : kJobTitles)
        if (flat.size() > title.size() && flat.size() <= title.size() + 9 && flat.ends_with(title))
            return true;
    return false;
}

// The text around a match, without the parentheses that held only the match
// (`김도훈 (053-668-1310)` → `김도훈`).
std::string withoutMatch(const std::smatch& match) {
    std::string prefix = match.prefix().str(), suffix = match.suffix().str();
    std::string found = match.str();
    std::size_t end = prefix.find_last_not_of(' ');
    bool opened = found.starts_with("(");
    if (!opened && end != std::string::npos && prefix[end] == '(') {
        prefix.resize(end);
        opened = true;
    }
    std::size_t begin = suffix.find_first_not_of(' ');
    if (opened && begin != std::string::npos && suffix[begin] == ')') suffix.erase(0, begin + 1);
    return tidy(prefix + " " + suffix);
}

// A job title in the first words of `text` (`과 장 강병중`, `사무관 황예진`): moved to `title`.
void splitJobTitle(std::string& text, std::string& title) {
    std::vector<std::string> words;
    std::stringstream in(text);
    for (std::string word; in >> word;)
        words.push_back(word);
    std::string flat;
    for (std::size_t k = 0; k + 1 < words.size() && k < 3; ++k) {
        flat += words[k];
        if (!isJobTitle(flat)) continue;
        title = flat;
        std::string rest;
        for (std::size_t i = k + 1; i < words.size(); ++i)
            rest += (rest.empty() ? "" : " ") + words[i];
        text = rest;
        return;
    }
}

std::vector<PressContact> readContactTable(const Block& table) {
    std::vector<PressContact> contacts;
    std::string department;
    // A role cell spanning rows (`담당자` over three 사무관) names the role of every row it
    // covers; those rows start their values right of its column.
    struct SpanningRole {
        std::string role;
        std::uint32_t col = 0;
        std::uint32_t endRow = 0;
    };
    std::optional<SpanningRole> spanning;
    for (const TableRow& row : table.rows) {
        if (row.cells.empty()) continue;
        std::vector<std::string> cells;
        for (const TableCell& cell : row.cells) {
            std::string text;
            for (const Block& block : cell.blocks)
                if (block.kind == BlockKind::Paragraph || block.kind == BlockKind::Heading ||
                    block.kind == BlockKind::ListItem)
                    text += (text.empty() ? "" : " ") + tidy(block.inlineText());
            cells.push_back(tidy(text));
        }
        std::size_t roleAt = cells.size();
        for (std::size_t i = 0; i < cells.size(); ++i)
            if (contains(kRoles, squash(cells[i]))) {
                roleAt = i;
                break;
            }
        std::uint32_t rowIndex = row.cells.front().row;
        std::string role;
        // Cells [0, departmentEnd) may name the department, [valuesBegin, end) the person.
        std::size_t departmentEnd = cells.size(), valuesBegin = cells.size();
        if (roleAt < cells.size()) {
            role = squash(cells[roleAt]);
            departmentEnd = roleAt;
            valuesBegin = roleAt + 1;
            const TableCell& cell = row.cells[roleAt];
            if (cell.rowSpan > 1)
                spanning = SpanningRole{role, cell.col, rowIndex + cell.rowSpan};
            else
                spanning.reset();
        } else if (spanning && rowIndex < spanning->endRow) {
            role = spanning->role;
            departmentEnd = 0;
            while (departmentEnd < cells.size() && row.cells[departmentEnd].col < spanning->col)
                ++departmentEnd;
            valuesBegin = departmentEnd;
        } else {
            spanning.reset();
        }
        std::string rowDepartment;
        bool labelled = false;
        for (std::size_t i = 0; i < departmentEnd; ++i) {
            std::string flat = squash(cells[i]);
            if (flat.empty()) continue;
            if (isContactLabel(flat)) {
                labelled = true;
                continue;
            }
            if (role.empty() && std::regex_search(cells[i], phonePattern())) break;
            rowDepartment += (rowDepartment.empty() ? "" : " ") + cells[i];
        }
        if (labelled) department.clear();
        if (!rowDepartment.empty()) department = rowDepartment;
        if (role.empty()) continue;

        PressContact contact;
        contact.department = department;
        contact.role = role;
        for (std::size_t i = valuesBegin; i < cells.size(); ++i) {
            std::string text = cells[i];
            std::smatch match;
            if (std::regex_search(text, match, emailPattern())) {
                if (contact.email.empty()) contact.email = match.str();
                text = withoutMatch(match);
            }
            if (std::regex_search(text, match, phonePattern())) {
                if (contact.phone.empty()) contact.phone = normalizePhone(match.str());
                text = withoutMatch(match);
            }
            // One cell for title and name (`과 장 강병중`), as a PDF's table gives them when
            // the word processor drew no rule between their cells.
            if (contact.jobTitle.empty()) splitJobTitle(text, contact.jobTitle);
            std::string flat = squash(text);
            while (!flat.empty() && (flat.front() == '(' || flat.back() == ')')) {
                if (flat.front() == '(') flat.erase(0, 1);
                if (!flat.empty() && flat.back() == ')') flat.pop_back();
            }
            if (flat.empty()) continue;
            if (contact.jobTitle.empty() && isJobTitle(flat)) {
                contact.jobTitle = flat;
            } else if (contact.name.empty()) {
                contact.name = tidy(text);
                if (contact.name.front() == '(' && contact.name.back() == ')')
                    contact.name = contact.name.substr(1, contact.name.size() - 2);
            }
        }
        if (!contact.name.empty() || !contact.phone.empty()) contacts.push_back(std::move(contact));
    }
    return contacts;
}

bool isContactTable(const Block& table) {
    for (const TableRow& row : table.rows)
        for (const TableCell& cell : row.cells) {
            std::string text;
            for (const Block& block : cell.blocks)
                text += block.inlineText();
            std::string flat = squash(text);
            if (isContactLabel(flat) || contains(kRoles, flat)) return true;
        }
    return false;
}

}  // namespace

std::string parseKoreanDateTime(std::string_view input, int defaultYear) {
    std::string text = tidy(input);
    if (auto parsed = typed::parseDateTime(text)) return *parsed;
    // `1. 30.(금) 조간`: a month and day without a year, which the form's other date gives.
    static const std::regex shortForm(
        "(?:^|[^\\d.])(\\d{1,2})\\s*\\.\\s*(\\d{1,2})\\s*\\.?\\s*\\(\\s*(?:월|화|수|목|금|토|일)"
        "\\s*\\)\\s*((?:(?:오전|오후)\\s*)?(?:\\d{1,2}\\s*(?::|시)\\s*(?:\\d{2})?)?)");
    std::smatch match;
    if (!defaultYear || !std::regex_search(text, match, shortForm)) return {};
    return typed::parseDateTime(std::to_string(defaultYear) + ". " + match.str(1) + ". " +
                                match.str(2) + ". " + match.str(3))
        .value_or("");
}

std::string normalizePhone(std::string_view text) {
    return typed::parsePhone(text).value_or(tidy(text));
}

// The form's name among the first lines: the kind of press release and the line it is on.
constexpr std::size_t kKindWithin = 30;

std::optional<std::pair<std::string_view, std::size_t>> findKind(const Flattened& flat) {
    for (std::size_t i = 0; i < std::min(flat.items.size(), kKindWithin); ++i) {
        std::string text = squash(flat.items[i].text);
        for (auto kind : kKinds)
            if (text == kind || (text.starts_with(kind) && text.size() <= kind.size() + 12 &&
                                 text.find("자료") == text.rfind("자료")))
                return std::pair{kind, i};
    }
    return std::nullopt;
}

std::optional<PressRelease> extractPressRelease(const Document& document) {
    // Most documents are not press releases, and the form names itself in its first lines:
    // those are read first, and the whole document only when they name the form.
    int nextCell = 0;
    Flattened head;
    head.maxItems = kKindWithin;
    flattenBlocks(document.blocks, head, -1, 0, 0, -1, nextCell);
    if (!findKind(head)) return std::nullopt;

    Flattened flat;
    nextCell = 0;
    flattenBlocks(document.blocks, flat, -1, 0, 0, -1, nextCell);
    // The form names itself near the top: `보도자료`, `보도설명자료`, ...
    PressRelease press;
    auto [kind, kindIndex] = *findKind(flat);
    press.kind = std::string(kind);
    auto embargo = findLabel(flat, kEmbargoLabels, false);
    auto released = findLabel(flat, kReleaseLabels, true);
    std::vector<const Block*> contactTables;
    for (const Block* table : flat.tables)
        if (isContactTable(*table)) contactTables.push_back(table);
    if (!embargo && !released && contactTables.empty()) return std::nullopt;

    // `보도시점 : 배포 즉시 보도 가능 / 배포 : 2024. 5. 20.(월)`: both labels in one line.
    if (embargo && !released) {
        static const std::regex inner("배\\s*포\\s*(?:일\\s*시)?\\s*:\\s*(.+)$");
        std::smatch match;
        if (std::regex_search(embargo->value, match, inner) &&
            !parseKoreanDateTime(match.str(1)).empty()) {
            released = LabelValue{embargo->labelIndex, embargo->lastIndex, match.str(1)};
            embargo->value = match.prefix().str();
        }
    }
    int year = 0;
    if (released) year = firstYear(released->value);
    if (!year && embargo) year = firstYear(embargo->value);
    if (released) {
        press.releasedAt = parseKoreanDateTime(released->value, year);
        press.edition = editionOf(released->value) == "즉시" ? "" : editionOf(released->value);
    }
    if (embargo) {
        press.embargoAt = parseKoreanDateTime(embargo->value, year);
        std::string edition = editionOf(embargo->value);
        if (!edition.empty()) press.edition = edition;
        if (edition == "즉시" && press.embargoAt.empty()) press.embargoAt = press.releasedAt;
    }

    // The issuer stands just before the form's name, or just after it.
    auto isIssuer = [&](const Item& item) {
        std::string text = squash(item.text);
        // At least three syllables (two are a fragment of a logo) and the name of a public
        // body: `…부`, `…청`, `…위원회`, `…시` (a survey's name such as `소비자물가조사` is not).
        static constexpr std::array<std::string_view, 16> kBodies{
            "부", "처", "청", "원",   "회",   "시",   "도",   "군",
            "구", "실", "단", "공사", "공단", "재단", "은행", "센터"};
        bool body = std::any_of(kBodies.begin(), kBodies.end(),
                                [&](std::string_view suffix) { return text.ends_with(suffix); });
        return body && text.size() >= 9 && item.text.size() <= 60 && !isLabel(item.text) &&
               parseKoreanDateTime(item.text).empty() &&
               std::none_of(kKinds.begin(), kKinds.end(),
                            [&](std::string_view kind) { return text.starts_with(kind); });
    };
    if (kindIndex > 0 && isIssuer(flat.items[kindIndex - 1]) &&
        (flat.items[kindIndex - 1].table == flat.items[kindIndex].table || kindIndex == 1))
        press.issuer = flat.items[kindIndex - 1].text;

    // The title is the first line after the header labels and their values.
    std::size_t headerEnd = kindIndex;
    if (embargo) headerEnd = std::max(headerEnd, embargo->lastIndex);
    if (released) headerEnd = std::max(headerEnd, released->lastIndex);
    std::size_t titleIndex = flat.items.size();
    for (std::size_t i = headerEnd + 1; i < flat.items.size(); ++i) {
        const Item& item = flat.items[i];
        if (isLabel(item.text) || squash(item.text).size() < 6) continue;
        bool inContactTable = false;
        for (const Block* table : contactTables)
            inContactTable =
                inContactTable || (item.table >= 0 && flat.tables[item.table] == table);
        if (inContactTable || outlineMarker(item.text)) break;
        titleIndex = i;
        break;
    }
    std::size_t bodyStart = headerEnd + 1;
    if (titleIndex < flat.items.size()) {
        const Item& title = flat.items[titleIndex];
        press.title = title.text;
        bodyStart = titleIndex + 1;
        for (std::size_t i = titleIndex + 1; i < flat.items.size() && press.subtitles.size() < 12;
             ++i) {
            const Item& item = flat.items[i];
            bool sameCell = title.cellId >= 0 && item.cellId == title.cellId;
            if (!sameCell && !isSubtitleLine(item.text)) break;
            if (!sameCell && outlineMarker(item.text) && !isSubtitleLine(item.text)) break;
            std::string text = item.text;
            if (isSubtitleLine(text)) {
                std::size_t cut = text.find(' ');
                text = cut == std::string::npos ? std::string() : tidy(text.substr(cut));
                // Markers written without a space after them.
                if (text.empty()) text = item.text;
            }
            // A line of punctuation alone (a stray backtick) is no subtitle.
            if (hasLetterOrDigit(text)) press.subtitles.push_back(text);
            bodyStart = i + 1;
        }
    }

    for (const Block* table : contactTables)
        for (PressContact& contact : readContactTable(*table))
            press.contacts.push_back(std::move(contact));

    for (std::size_t i = bodyStart; i < flat.items.size(); ++i) {
        const Item& item = flat.items[i];
        std::string text = squash(item.text);
        if (text.starts_with("붙임") || text.starts_with("[붙임") || text.starts_with("<붙임")) {
            static const std::regex appendix(
                "^[\\[<(]?\\s*붙\\s*임\\s*(?:\\d+\\s*[.):]?)?\\s*[\\]>):.]?\\s*(.*)$");
            std::smatch match;
            std::string rest;
            if (std::regex_match(item.text, match, appendix)) rest = tidy(match.str(1));
            if (!rest.empty()) {
                press.appendices.push_back(rest);
                continue;
            }
            for (std::size_t j = i + 1; j < flat.items.size() && j <= i + 20; ++j) {
                const std::string& next = flat.items[j].text;
                if (!std::isdigit(static_cast<unsigned char>(next[0]))) break;
                static const std::regex numbered("^\\d+\\s*[.)]\\s*(.+)$");
                std::smatch entry;
                if (std::regex_match(next, entry, numbered))
                    press.appendices.push_back(tidy(entry.str(1)));
            }
            continue;
        }
        if (item.table >= 0 || press.outline.size() >= 1000) continue;
        if (auto marker = outlineMarker(item.text)) {
            std::string body = stripMarker(item.text, marker->second.size());
            if (!body.empty())
                press.outline.push_back(OutlineItem{marker->first, marker->second, body});
        }
    }
    return press;
}

void addPressRelease(Document& document) {
    document.pressRelease = extractPressRelease(document);
}

}  // namespace jikji::facts
