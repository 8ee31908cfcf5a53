#include "stages/fetch/backoff.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeParser.h>
#include <Poco/Timestamp.h>

#include <algorithm>
#include <cctype>
#include <string>

namespace jikji::fetch {

std::chrono::milliseconds backoffDelay(std::uint32_t retry, std::uint32_t baseMs,
                                       std::uint32_t capMs, std::mt19937_64& random) {
    if (retry == 0 || baseMs == 0) return std::chrono::milliseconds(0);
    std::uint64_t full = baseMs;
    for (std::uint32_t i = 1; i < retry && full < capMs; ++i)
        full *= 2;
    full = std::min<std::uint64_t>(full, capMs);
    std::uniform_int_distribution<std::uint64_t> draw(full / 2, full);
    return std::chrono::milliseconds(draw(random));
}

std::optional<std::uint32_t> parseRetryAfter(std::string_view value,
                                             std::chrono::system_clock::time_point now) {
    while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front())))
        value.remove_prefix(1);
    while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back())))
        value.remove_suffix(1);
    if (value.empty()) return std::nullopt;
    if (std::all_of(value.begin(), value.end(),
                    [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
        if (value.size() > 9) return 1000000000u;
        return static_cast<std::uint32_t>(std::stoul(std::string(value)));
    }
    // HTTP-dates are 29 characters (RFC 9110); Poco's parser accepts far looser text.
    if (value.size() < 24 || value.find(':') == std::string_view::npos) return std::nullopt;
    Poco::DateTime date;
    int zone = 0;
    if (!Poco::DateTimeParser::tryParse(Poco::DateTimeFormat::HTTP_FORMAT, std::string(value), date,
                                        zone))
        return std::nullopt;
    auto when = std::chrono::system_clock::from_time_t(date.timestamp().epochTime() - zone);
    if (when <= now) return 0u;
    return static_cast<std::uint32_t>(
        std::chrono::duration_cast<std::chrono::seconds>(when - now).count());
}

}  // namespace jikji::fetch
