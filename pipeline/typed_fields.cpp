#include "typed_fields.h"

#include <array>
#include <cmath>
#include <cstdio>
#include <regex>

namespace jikji::typed {

namespace {

// Longer texts are cut before matching: typed fields are short, and std::regex is recursive.
constexpr std::size_t kMaxTypedTextBytes = 4096;

std::string_view bounded(std::string_view text) {
    return text.substr(0, std::min(text.size(), kMaxTypedTextBytes));
}

int toInt(const std::csub_match& match) {
    int value = 0;
    for (char c : match.str()) {
        if (c < '0' || c > '9') break;
        value = value * 10 + (c - '0');
        if (value > 100000) break;
    }
    return value;
}

bool isLeapYear(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

bool validDate(int year, int month, int day) {
    static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
    int last = kDays[static_cast<std::size_t>(month - 1)] + (month == 2 && isLeapYear(year));
    return day <= last;
}

struct DateMatch {
    std::size_t position = std::string::npos;
    std::size_t end = 0;
    int year = 0, month = 0, day = 0;
};

// Each pattern: a non-digit (or the start) before the date, then year, month, day groups.
const std::array<std::regex, 3>& datePatterns() {
    static const std::array<std::regex, 3> patterns{
        std::regex(R"((?:^|\D)(\d{4})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일)"),
        std::regex(R"((?:^|\D)(\d{4})\s*[.\-/]\s*(\d{1,2})\s*[.\-/]\s*(\d{1,2})(?!\d)\.?)"),
        std::regex(R"((?:^|\D)(\d{2})\s*[.\-/]\s*(\d{1,2})\s*[.\-/]\s*(\d{1,2})(?!\d)\.?)"),
    };
    return patterns;
}

std::optional<DateMatch> findDate(std::string_view text) {
    std::optional<DateMatch> best;
    const auto& patterns = datePatterns();
    for (std::size_t i = 0; i < patterns.size(); ++i) {
        std::cmatch match;
        const char* begin = text.data();
        const char* end = text.data() + text.size();
        while (std::regex_search(begin, end, match, patterns[i])) {
            DateMatch found;
            found.position = static_cast<std::size_t>(match[1].first - text.data());
            found.end = static_cast<std::size_t>(match[0].second - text.data());
            found.year = toInt(match[1]);
            if (i == 2) found.year += found.year < 70 ? 2000 : 1900;
            found.month = toInt(match[2]);
            found.day = toInt(match[3]);
            if (validDate(found.year, found.month, found.day)) {
                if (!best || found.position < best->position) best = found;
                break;
            }
            begin = match[1].first + 1;
        }
    }
    return best;
}

}  // namespace

std::optional<std::string> parseDateTime(std::string_view input) {
    std::string text = collapseWhitespace(bounded(input));
    std::optional<DateMatch> date = findDate(text);
    if (!date) return std::nullopt;
    char out[64];
    std::snprintf(out, sizeof out, "%04d-%02d-%02d", date->year, date->month, date->day);
    std::string result = out;

    static const std::regex kTime(
        R"(^\s*\.?\s*(?:\([^)]{0,16}\))?\s*(?:(오전|오후|AM|PM|am|pm)\s*)?(\d{1,2})\s*(?::|시)\s*(?:(\d{1,2})\s*(?:분)?)?(?:\s*:\s*(\d{1,2})\s*(?:초)?)?)");
    std::string_view rest = std::string_view(text).substr(date->end);
    std::cmatch time;
    if (!std::regex_search(rest.data(), rest.data() + rest.size(), time, kTime)) return result;
    int hour = toInt(time[2]);
    int minute = time[3].matched ? toInt(time[3]) : 0;
    int second = time[4].matched ? toInt(time[4]) : 0;
    if (time[1].matched) {
        std::string half = time[1].str();
        bool afternoon = half == "오후" || half == "PM" || half == "pm";
        if (hour < 1 || hour > 12) return result;
        hour = (hour % 12) + (afternoon ? 12 : 0);
    }
    if (hour > 23 || minute > 59 || second > 59) return result;
    std::snprintf(out, sizeof out, "T%02d:%02d:%02d+09:00", hour, minute, second);
    return result + out;
}

namespace {

struct PhoneMatch {
    std::string phone;
    std::size_t position = 0;
    std::size_t end = 0;
};

std::optional<PhoneMatch> findPhone(std::string_view text, std::string_view defaultAreaCode) {
    static const std::regex kGrouped(
        R"((?:^|[^\d])(?:\(?(0\d{1,2})\)?[\s.\-)]*)?(\d{3,4})[\s.\-](\d{4})(?!\d))");
    static const std::regex kDigits(R"((?:^|[^\d])(0\d{8,10})(?!\d))");
    std::optional<PhoneMatch> best;
    std::cmatch match;
    const char* begin = text.data();
    const char* end = text.data() + text.size();
    if (std::regex_search(begin, end, match, kGrouped)) {
        PhoneMatch found;
        const auto& first = match[1].matched ? match[1] : match[2];
        found.position = static_cast<std::size_t>(first.first - text.data());
        found.end = static_cast<std::size_t>(match[0].second - text.data());
        std::string area = match[1].str();
        if (area.empty()) area = std::string(defaultAreaCode);
        found.phone = (area.empty() ? "" : area + "-") + match[2].str() + "-" + match[3].str();
        best = found;
    }
    if (std::regex_search(begin, end, match, kDigits)) {
        std::size_t position = static_cast<std::size_t>(match[1].first - text.data());
        if (!best || position < best->position) {
            std::string digits = match[1].str();
            std::size_t areaLength = digits.starts_with("02") ? 2 : 3;
            std::string area = digits.substr(0, areaLength);
            std::string local = digits.substr(areaLength);
            if (local.size() >= 7) {
                PhoneMatch found;
                found.position = position;
                found.end = static_cast<std::size_t>(match[0].second - text.data());
                found.phone = area + "-" + local.substr(0, local.size() - 4) + "-" +
                              local.substr(local.size() - 4);
                best = found;
            }
        }
    }
    return best;
}

}  // namespace

std::optional<std::string> parsePhone(std::string_view text, std::string_view defaultAreaCode) {
    std::string collapsed = collapseWhitespace(bounded(text));
    auto found = findPhone(collapsed, defaultAreaCode);
    if (!found) return std::nullopt;
    return found->phone;
}

std::optional<FoundSize> findFileSize(std::string_view input) {
    static const std::regex kSize(
        R"((\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*(bytes?|[KMGT]i?B|[KMGT]|B)(?![A-Za-z]))",
        std::regex::icase);
    std::string_view text = bounded(input);
    std::cmatch match;
    if (!std::regex_search(text.data(), text.data() + text.size(), match, kSize))
        return std::nullopt;
    std::string number;
    for (char c : match[1].str())
        if (c != ',') number += c;
    if (match[2].matched) number += "." + match[2].str();
    if (number.size() > 18) return std::nullopt;
    double value = std::strtod(number.c_str(), nullptr);
    std::string unit = match[3].str();
    char prefix = static_cast<char>(std::toupper(static_cast<unsigned char>(unit[0])));
    double multiplier = 1;
    if (unit.size() <= 2 || unit[1] == 'i' || unit[1] == 'I' || prefix != 'B') {
        switch (prefix) {
            case 'K':
                multiplier = 1024.0;
                break;
            case 'M':
                multiplier = 1024.0 * 1024;
                break;
            case 'G':
                multiplier = 1024.0 * 1024 * 1024;
                break;
            case 'T':
                multiplier = 1024.0 * 1024 * 1024 * 1024;
                break;
            default:
                multiplier = 1;
                break;
        }
    }
    double bytes = value * multiplier;
    if (!(bytes >= 0) || bytes > 1e18) return std::nullopt;
    FoundSize found;
    found.text = match[0].str();
    found.bytes = static_cast<std::uint64_t>(std::llround(bytes));
    found.offset = static_cast<std::size_t>(match[0].first - text.data());
    found.length = static_cast<std::size_t>(match[0].length());
    return found;
}

std::optional<std::uint64_t> parseFileSize(std::string_view text) {
    auto found = findFileSize(text);
    if (!found) return std::nullopt;
    return found->bytes;
}

namespace {

// Decodes one UTF-8 sequence at `i` (input already valid or sanitised); returns 0xFFFD for
// anything else and advances `i`.
char32_t nextCodePoint(std::string_view text, std::size_t& i) {
    auto byte = [&](std::size_t at) { return static_cast<unsigned char>(text[at]); };
    unsigned char lead = byte(i);
    std::size_t length = lead < 0x80 ? 1 : (lead >> 5) == 6 ? 2 : (lead >> 4) == 14 ? 3 : 4;
    if ((lead >= 0x80 && lead < 0xC0) || i + length > text.size()) {
        ++i;
        return 0xFFFD;
    }
    char32_t code = length == 1   ? lead
                    : length == 2 ? lead & 0x1F
                    : length == 3 ? lead & 0x0F
                                  : lead & 0x07;
    for (std::size_t k = 1; k < length; ++k)
        code = (code << 6) | (byte(i + k) & 0x3F);
    i += length;
    return code;
}

bool isHanja(char32_t c) {
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FA1F);
}

std::string trim(std::string_view text) {
    std::size_t begin = 0, end = text.size();
    while (begin < end && text[begin] == ' ')
        ++begin;
    while (end > begin && text[end - 1] == ' ')
        --end;
    return std::string(text.substr(begin, end - begin));
}

}  // namespace

void appendCollapsed(std::string& out, std::string_view text, bool& pendingSpace) {
    for (std::size_t i = 0; i < text.size();) {
        std::size_t start = i;
        char32_t c = nextCodePoint(text, i);
        bool space = c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0xA0 || c == 0x3000 ||
                     (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F || c == 0x1680;
        bool invisible = c == 0x200B || c == 0x200C || c == 0x200D || c == 0xFEFF;
        if (invisible) continue;
        if (space) {
            pendingSpace = pendingSpace || !out.empty();
            continue;
        }
        if (pendingSpace && !out.empty()) out += ' ';
        pendingSpace = false;
        out.append(text.substr(start, i - start));
    }
}

std::string collapseWhitespace(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool pendingSpace = false;
    appendCollapsed(out, text, pendingSpace);
    return out;
}

Agency parseAgency(std::string_view input) {
    std::string text = collapseWhitespace(bounded(input));
    Agency agency;
    agency.name = text;
    struct Pair {
        std::string_view open, close;
    };
    for (Pair pair : {Pair{"(", ")"}, Pair{"（", "）"}}) {
        if (!text.ends_with(pair.close)) continue;
        std::size_t open = text.rfind(pair.open);
        if (open == std::string::npos || open == 0) continue;
        std::size_t innerStart = open + pair.open.size();
        std::string inner = trim(std::string_view(text).substr(
            innerStart, text.size() - pair.close.size() - innerStart));
        if (inner.empty()) continue;
        bool allHanja = true;
        for (std::size_t i = 0; i < inner.size() && allHanja;)
            allHanja = isHanja(nextCodePoint(inner, i));
        if (!allHanja) continue;
        agency.name = trim(std::string_view(text).substr(0, open));
        agency.nameHanja = inner;
        break;
    }
    return agency;
}

Contact parseContact(std::string_view input, std::string_view defaultAreaCode) {
    std::string text = collapseWhitespace(bounded(input));
    // Brackets around the whole line: < … >, 〈 … 〉, [ … ], 【 … 】, ( … ).
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kBrackets{
        {{"<", ">"}, {"〈", "〉"}, {"《", "》"}, {"[", "]"}, {"【", "】"}, {"(", ")"}}};
    for (const auto& [open, close] : kBrackets) {
        if (text.starts_with(open) && text.ends_with(close) &&
            text.size() >= open.size() + close.size()) {
            text = trim(std::string_view(text).substr(open.size(),
                                                      text.size() - open.size() - close.size()));
            break;
        }
    }
    // A label before a colon (`자료제공부서 및 문의처 :`) names the line, not the department.
    for (std::string_view colon : {std::string_view(":"), std::string_view("：")}) {
        std::size_t at = text.find(colon);
        if (at != std::string::npos) {
            text = trim(std::string_view(text).substr(at + colon.size()));
            break;
        }
    }
    Contact contact;
    auto phone = findPhone(text, defaultAreaCode);
    std::string department = phone ? text.substr(0, phone->position) : text;
    if (phone) contact.phone = phone->phone;
    // What stands between the department and the number: ☎, TEL, 전화, an opening bracket.
    static const std::regex kTail(R"((\s|[(\[,/:]|☎|☏|TEL\.?|Tel\.?|tel\.?|전화|연락처)+$)");
    department = std::regex_replace(department, kTail, "");
    contact.department = trim(department);
    return contact;
}

std::string stripLeadingMark(std::string_view input) {
    std::string text = collapseWhitespace(input);
    static constexpr std::array<std::string_view, 12> kMarks{"◈", "▣", "■", "□", "◆", "◇",
                                                             "●", "○", "▶", "▷", "☞", "•"};
    for (std::string_view mark : kMarks) {
        if (text.starts_with(mark)) return trim(std::string_view(text).substr(mark.size()));
    }
    return text;
}

}  // namespace jikji::typed
