#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

/// Typed values read from the text of Korean portal pages: dates and times, phone numbers,
/// file sizes, agency names with Hanja, contact lines. Every parser takes whitespace-normalised
/// UTF-8 and returns nothing rather than a guess when the text does not hold the value.
namespace jikji::typed {

/// The first date (and time, when one follows it) in `text`, as ISO 8601: a date with a time
/// is `YYYY-MM-DDTHH:MM:SS+09:00` (Korea Standard Time); a date alone is `YYYY-MM-DD` (a day
/// has no time zone). Reads `2019.10.30. 14:42`, `(2019.10.30. 14:42)`, `2019년 10월 21일 (월)`,
/// `2019-10-21`, `2019/10/21`, `19.10.21`, `2026. 1. 30.(금) 08:00`, `오후 2시 42분`.
/// Impossible dates (`2019.02.30`) and times (`25:00`) give nothing.
std::optional<std::string> parseDateTime(std::string_view text);

/// The first phone number in `text`, its groups joined by `-`: `063-281-2577`,
/// `010-1234-5678`, or `281-2577` when the text gives no area code and
/// `defaultAreaCode` is empty (with one, e.g. `063`, that area code is prefixed).
std::optional<std::string> parsePhone(std::string_view text, std::string_view defaultAreaCode = {});

/// A declared file size such as `105.0KB`, `(1.2 MB)`, `2,048 bytes` in bytes. Units are
/// binary, as Korean portals compute them: 1 KB = 1024 bytes.
std::optional<std::uint64_t> parseFileSize(std::string_view text);

/// Where a declared file size sits in a longer text (`(105.0KB)` after a file name): the size
/// as written (`105.0KB`) and its bytes.
struct FoundSize {
    std::string text;
    std::uint64_t bytes = 0;
    std::size_t offset = 0;
    std::size_t length = 0;
};
std::optional<FoundSize> findFileSize(std::string_view text);

/// An agency name with its Hanja in parentheses: `전주시(全州市)` → `전주시` and `全州市`.
/// Text without a Hanja part is the name whole.
struct Agency {
    std::string name;
    std::string nameHanja;
};
Agency parseAgency(std::string_view text);

/// A contact line such as `< 자료제공부서 및 문의처 : 전주시 관광산업과 281-2577>`: the
/// department and the phone number (see parsePhone).
struct Contact {
    std::string department;
    std::string phone;
};
Contact parseContact(std::string_view text, std::string_view defaultAreaCode = {});

/// A title without the decorative mark that portals put before it (`◈ `, `▣ `, `■ `, `□ `).
std::string stripLeadingMark(std::string_view text);

/// Appends `text` to `out` with every run of white space turned into one space, none at the
/// start of `out`; `pendingSpace` carries a run that ends `text` over to the next call.
void appendCollapsed(std::string& out, std::string_view text, bool& pendingSpace);

/// Collapses every run of white space (ASCII, no-break space, ideographic space, zero-width
/// characters) into one space and trims the ends.
std::string collapseWhitespace(std::string_view text);

}  // namespace jikji::typed
