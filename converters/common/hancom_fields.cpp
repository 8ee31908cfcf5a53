#include "converters/common/hancom_fields.h"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <string>
#include <utility>

#include "pipeline/unicode.h"

namespace jikji::converters {

std::string hyperlinkTarget(std::string_view command) {
    std::string out;
    for (std::size_t i = 0; i < command.size(); ++i) {
        char c = command[i];
        if (c == '\\' && i + 1 < command.size()) {
            out += command[++i];
        } else if (c == ';') {
            break;
        } else {
            out += c;
        }
    }
    std::size_t begin = 0, end = out.size();
    while (begin < end && static_cast<unsigned char>(out[begin]) <= ' ')
        ++begin;
    while (end > begin && static_cast<unsigned char>(out[end - 1]) <= ' ')
        --end;
    return out.substr(begin, end - begin);
}

std::string wstringParameter(std::string_view parameters, std::string_view name) {
    std::string key = std::string(name) + ":wstring:";
    std::size_t at = 0;
    // The key starts the string or follows a space or a set's `set:N:`.
    while ((at = parameters.find(key, at)) != std::string_view::npos) {
        if (at == 0 || parameters[at - 1] == ' ' || parameters[at - 1] == ':') break;
        ++at;
    }
    if (at == std::string_view::npos) return {};
    at += key.size();
    std::size_t units = 0;
    for (; at < parameters.size() && parameters[at] >= '0' && parameters[at] <= '9'; ++at)
        units = std::min<std::size_t>(units * 10 + static_cast<std::size_t>(parameters[at] - '0'),
                                      parameters.size());
    if (at >= parameters.size() || parameters[at] != ':') return {};
    std::size_t begin = ++at;
    // L counts UTF-16 code units: a four-byte UTF-8 sequence is two of them.
    while (units > 0 && at < parameters.size()) {
        auto lead = static_cast<unsigned char>(parameters[at]);
        std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        units -= std::min<std::size_t>(units, length == 4 ? 2 : 1);
        at = std::min(at + length, parameters.size());
    }
    return trim(parameters.substr(begin, at - begin));
}

std::string clickHereGuide(std::string_view command) {
    constexpr std::string_view kPrefix = "Clickhere:";
    if (command.substr(0, kPrefix.size()) != kPrefix) return hyperlinkTarget(command);
    return wstringParameter(command, "Direction");
}

std::string formObjectText(std::string_view parameters) {
    std::string caption = wstringParameter(parameters, "Caption");
    return caption.empty() ? wstringParameter(parameters, "Text") : caption;
}

void warnKeptApart(DocumentSink& sink, const KeptApart& kept, std::string_view where) {
    struct Kind {
        std::size_t count;
        std::string_view code;
        std::string_view what;
    };
    const Kind kinds[] = {
        {kept.trackedChanges, "tracked_changes",
         " tracked change(s): the text is the final text; deleted and inserted runs are kept in "
         "the blocks, marked"},
        {kept.annotations, "annotations",
         " hidden comment(s) or memo(s): their text is kept in text boxes marked as such, no "
         "part of the text"},
        {kept.instructions, "field_instructions",
         " click-here field(s): their guide text is kept in the blocks, marked as such, no part "
         "of the text"},
    };
    for (const Kind& kind : kinds)
        if (kind.count)
            sink.warn(kind.code, std::to_string(kind.count) + std::string(kind.what), where);
}

std::string mediaTypeForExtension(std::string_view extension) {
    std::string lower(extension);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower == "jpg" || lower == "jpeg") return "image/jpeg";
    if (lower == "png") return "image/png";
    if (lower == "gif") return "image/gif";
    if (lower == "bmp") return "image/bmp";
    if (lower == "tif" || lower == "tiff") return "image/tiff";
    if (lower == "wmf") return "image/wmf";
    if (lower == "emf") return "image/emf";
    if (lower == "svg") return "image/svg+xml";
    if (lower == "ole") return "application/x-ole-storage";
    return "application/octet-stream";
}

std::string trim(std::string_view text) {
    std::size_t begin = 0, end = text.size();
    while (begin < end && static_cast<unsigned char>(text[begin]) <= ' ')
        ++begin;
    while (end > begin && static_cast<unsigned char>(text[end - 1]) <= ' ')
        --end;
    return std::string(text.substr(begin, end - begin));
}

namespace {

std::string lowerWithoutUnderscores(std::string_view name) {
    std::string out;
    for (char c : name)
        if (c != '_') out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// Korean (사십이) or Chinese (四十二) numerals up to 9999, `units` the digits 1–9 and `powers`
// 10, 100, 1000; a leading one of a power is not written (십, 十).
std::string numerals(std::uint32_t number, const char* const units[9],
                     const char* const powers[3]) {
    std::string out;
    for (int power = 3; power >= 0; --power) {
        std::uint32_t scale = power == 3 ? 1000 : power == 2 ? 100 : power == 1 ? 10 : 1;
        std::uint32_t digit = number / scale % 10;
        if (digit == 0) continue;
        if (digit > 1 || power == 0) out += units[digit - 1];
        if (power > 0) out += powers[power - 1];
    }
    return out;
}

}  // namespace

NumberShape numberShapeOf(unsigned code) {
    return code <= static_cast<unsigned>(NumberShape::CircledIdeograph)
               ? static_cast<NumberShape>(code)
               : NumberShape::Digit;
}

NumberShape numberShapeOf(std::string_view name) {
    static const char* const kNames[] = {"digit",
                                         "circleddigit",
                                         "romancapital",
                                         "romansmall",
                                         "latincapital",
                                         "latinsmall",
                                         "circledlatincapital",
                                         "circledlatinsmall",
                                         "hangulsyllable",
                                         "circledhangulsyllable",
                                         "hanguljamo",
                                         "circledhanguljamo",
                                         "hangulphonetic",
                                         "ideograph",
                                         "circledideograph"};
    std::string key = lowerWithoutUnderscores(name);
    for (unsigned code = 0; code < std::size(kNames); ++code)
        if (key == kNames[code]) return static_cast<NumberShape>(code);
    return NumberShape::Digit;
}

std::string formatNumber(std::uint32_t number, NumberShape shape) {
    // A shape of single signs: the first sign's code point and how many there are.
    auto run = [number](char32_t first, std::uint32_t count) -> char32_t {
        return number >= 1 && number <= count ? first + number - 1 : 0;
    };
    static const char* const kSyllables[] = {"가", "나", "다", "라", "마", "바", "사",
                                             "아", "자", "차", "카", "타", "파", "하"};
    static const char* const kJamo[] = {"ㄱ", "ㄴ", "ㄷ", "ㄹ", "ㅁ", "ㅂ", "ㅅ",
                                        "ㅇ", "ㅈ", "ㅊ", "ㅋ", "ㅌ", "ㅍ", "ㅎ"};
    static const char* const kKoreanUnits[] = {"일", "이", "삼", "사", "오",
                                               "육", "칠", "팔", "구"};
    static const char* const kKoreanPowers[] = {"십", "백", "천"};
    static const char* const kChineseUnits[] = {"一", "二", "三", "四", "五",
                                                "六", "七", "八", "九"};
    static const char* const kChinesePowers[] = {"十", "百", "千"};
    char32_t codePoint = 0;
    switch (shape) {
        case NumberShape::Digit:
            break;
        case NumberShape::CircledDigit:
            // Three runs in Unicode: ① … ⑳, ㉑ … ㉟, ㊱ … ㊿.
            codePoint = number <= 20   ? run(U'\u2460', 20)
                        : number <= 35 ? U'\u3251' + number - 21
                        : number <= 50 ? U'\u32B1' + number - 36
                                       : 0;
            break;
        case NumberShape::RomanCapital:
        case NumberShape::RomanSmall: {
            if (number < 1 || number > 3999) break;
            static const std::pair<std::uint32_t, const char*> kRoman[] = {
                {1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"},
                {90, "XC"},  {50, "L"},   {40, "XL"}, {10, "X"},   {9, "IX"},
                {5, "V"},    {4, "IV"},   {1, "I"}};
            std::string out;
            std::uint32_t rest = number;
            for (const auto& [value, letters] : kRoman)
                for (; rest >= value; rest -= value)
                    out += letters;
            if (shape == NumberShape::RomanSmall)
                for (char& c : out)
                    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            return out;
        }
        case NumberShape::LatinCapital:
            codePoint = run(U'A', 26);
            break;
        case NumberShape::LatinSmall:
            codePoint = run(U'a', 26);
            break;
        case NumberShape::CircledLatinCapital:
            codePoint = run(U'\u24B6', 26);
            break;
        case NumberShape::CircledLatinSmall:
            codePoint = run(U'\u24D0', 26);
            break;
        case NumberShape::HangulSyllable: {
            if (number >= 1 && number <= 14) return kSyllables[number - 1];
            // Past 하 the fourteen initials run again with the next vowel: 거 … 허, 고 … 호,
            // 구 … 후, 그 … 흐, 기 … 히 (Hancom's 15th is 거, as kordoc writes it too).
            static constexpr unsigned kInitials[] = {0,  2,  3,  5,  6,  7,  9,
                                                     11, 12, 14, 15, 16, 17, 18};
            static constexpr unsigned kVowels[] = {0, 4, 8, 13, 18, 20};
            if (number < 1 || number > 14 * std::size(kVowels)) break;
            unsigned index = number - 1;
            codePoint = 0xAC00 + (kInitials[index % 14] * 21 + kVowels[index / 14]) * 28;
            break;
        }
        case NumberShape::CircledHangulSyllable:
            codePoint = run(U'\u326E', 14);
            break;
        case NumberShape::HangulJamo:
            if (number >= 1 && number <= 14) return kJamo[number - 1];
            break;
        case NumberShape::CircledHangulJamo:
            codePoint = run(U'\u3260', 14);
            break;
        case NumberShape::HangulPhonetic:
            if (number >= 1 && number <= 9999) return numerals(number, kKoreanUnits, kKoreanPowers);
            break;
        case NumberShape::Ideograph:
            if (number >= 1 && number <= 9999)
                return numerals(number, kChineseUnits, kChinesePowers);
            break;
        case NumberShape::CircledIdeograph:
            codePoint = run(U'\u3280', 10);
            break;
    }
    if (!codePoint) return std::to_string(number);
    std::string out;
    unicode::appendCodePoint(codePoint, out);
    return out;
}

bool isCaptionNumberType(std::string_view type) {
    std::string key = lowerWithoutUnderscores(type);
    return key == "picture" || key == "table" || key == "equation";
}

}  // namespace jikji::converters
