#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <random>
#include <string_view>

namespace jikji::fetch {

/// The wait before retry number `retry` (1 for the first retry): `baseMs · 2^(retry−1)`, capped
/// at `capMs`, with "equal jitter" (a uniform draw in the upper half) so that many workers do
/// not retry in lockstep.
std::chrono::milliseconds backoffDelay(std::uint32_t retry, std::uint32_t baseMs,
                                       std::uint32_t capMs, std::mt19937_64& random);

/// Seconds to wait from a `Retry-After` value: delta-seconds or an HTTP-date (relative to
/// `now`). nullopt when the value is neither; a date in the past gives 0.
std::optional<std::uint32_t> parseRetryAfter(std::string_view value,
                                             std::chrono::system_clock::time_point now);

}  // namespace jikji::fetch
