#include "converters/hwp5/hwp5_summary.h"

#include <chrono>
#include <cstdio>

#include "converters/common/binary_reader.h"
#include "pipeline/errors.h"
#include "pipeline/limits.h"
#include "pipeline/unicode.h"

namespace jikji::converters::hwp5 {

namespace {

constexpr std::uint32_t kVtI4 = 3;
constexpr std::uint32_t kVtLpstr = 30;
constexpr std::uint32_t kVtLpwstr = 31;
constexpr std::uint32_t kVtFiletime = 64;

std::string_view keyFor(std::uint32_t pid) {
    switch (pid) {
        case 2:
            return "title";
        case 3:
            return "subject";
        case 4:
            return "author";
        case 5:
            return "keywords";
        case 6:
            return "description";
        case 8:
            return "last_saved_by";
        case 9:
            return "application_version";
        case 11:
            return "printed";
        case 12:
            return "created";
        case 13:
            return "modified";
        case 14:
            return "pages";
        case 20:
            return "date";
        default:
            return {};
    }
}

std::string trimNul(std::string text) {
    while (!text.empty() && (text.back() == '\0' || text.back() == ' '))
        text.pop_back();
    if (auto nul = text.find('\0'); nul != std::string::npos) text.resize(nul);
    return text;
}

}  // namespace

std::string fileTimeToIso(std::uint64_t fileTime) {
    if (fileTime == 0) return {};
    constexpr std::uint64_t kTicksPerSecond = 10'000'000;
    constexpr std::int64_t kUnixEpochSeconds = 11'644'473'600;
    std::int64_t seconds =
        static_cast<std::int64_t>(fileTime / kTicksPerSecond) - kUnixEpochSeconds;
    using namespace std::chrono;
    sys_seconds time{std::chrono::seconds(seconds)};
    auto days = floor<std::chrono::days>(time);
    year_month_day date{days};
    if (!date.ok() || date.year() < year(1980) || date.year() > year(9999)) return {};
    hh_mm_ss clock{time - days};
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02dZ",
                  static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                  static_cast<unsigned>(date.day()), static_cast<int>(clock.hours().count()),
                  static_cast<int>(clock.minutes().count()),
                  static_cast<int>(clock.seconds().count()));
    return buffer;
}

bool isHancomRevision(std::string_view revision) {
    // Four version numbers joined by `, ` (Windows, Linux) or `.` (macOS), then a space.
    std::size_t at = 0;
    for (int part = 0; part < 4; ++part) {
        std::size_t digits = at;
        while (at < revision.size() && revision[at] >= '0' && revision[at] <= '9')
            ++at;
        if (at == digits) return false;
        if (part == 3) break;
        if (revision.substr(at, 2) == ", ") {
            at += 2;
        } else if (at < revision.size() && revision[at] == '.') {
            ++at;
        } else {
            return false;
        }
    }
    return at < revision.size() && revision[at] == ' ';
}

std::map<std::string, std::string> parseSummary(std::string_view stream) {
    std::map<std::string, std::string> out;
    BinaryReader header(stream, "summary information");
    if (header.u16() != 0xFFFE) throw CorruptError("summary information: bad byte order mark");
    header.skip(2 + 4 + 16);
    std::uint32_t sections = header.u32();
    if (sections == 0) throw CorruptError("summary information: no property section");
    header.skip(16);
    std::uint32_t sectionOffset = header.u32();
    if (sectionOffset >= stream.size())
        throw CorruptError("summary information: section offset beyond the stream");
    std::string_view section = stream.substr(sectionOffset);
    BinaryReader reader(section, "summary section");
    std::uint32_t sectionSize = reader.u32();
    if (sectionSize < section.size()) section = section.substr(0, sectionSize);
    reader = BinaryReader(section, "summary section");
    reader.skip(4);
    std::size_t count =
        BinaryReader::checkedCount(reader.u32(), limits::kMaxSummaryProperties, "properties");
    for (std::size_t i = 0; i < count; ++i) {
        std::uint32_t pid = reader.u32();
        std::uint32_t offset = reader.u32();
        std::string_view key = keyFor(pid);
        if (key.empty() || offset >= section.size()) continue;
        BinaryReader value(section.substr(offset), "summary property");
        std::uint32_t type = value.u32() & 0xFFFF;
        std::string text;
        if (type == kVtLpwstr) {
            std::size_t chars = BinaryReader::checkedCount(value.u32(), value.remaining() / 2,
                                                           "summary string length");
            unicode::appendUtf16Le(value.bytes(chars * 2), text);
        } else if (type == kVtLpstr) {
            // Hancom writes UTF-16 in real files; a narrow string is taken as ASCII/UTF-8.
            std::size_t bytes =
                BinaryReader::checkedCount(value.u32(), value.remaining(), "summary string length");
            text = std::string(value.bytes(bytes));
        } else if (type == kVtFiletime) {
            text = fileTimeToIso(value.u64());
        } else if (type == kVtI4) {
            text = std::to_string(value.i32());
        }
        text = trimNul(std::move(text));
        // The revision string is the one Hancom Office Hangul writes as `appVersion` in the
        // HWPX twin of a document, whose `application` names the program.
        if (key == "application_version" && isHancomRevision(text))
            out["application"] = "Hancom Office Hangul";
        if (!text.empty()) out[std::string(key)] = std::move(text);
    }
    return out;
}

}  // namespace jikji::converters::hwp5
