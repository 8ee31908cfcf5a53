#include "status.h"

#include <array>
#include <utility>

namespace jikji {

namespace {
constexpr std::array<std::pair<Status, std::string_view>, 6> kStatusNames{{
    {Status::Ok, "ok"},
    {Status::Partial, "partial"},
    {Status::Encrypted, "encrypted"},
    {Status::Unsupported, "unsupported"},
    {Status::Corrupt, "corrupt"},
    {Status::LimitExceeded, "limit_exceeded"},
}};
}  // namespace

std::string_view toString(Status status) {
    for (const auto& [value, name] : kStatusNames)
        if (value == status) return name;
    return "corrupt";
}

std::optional<Status> statusFromString(std::string_view text) {
    for (const auto& [value, name] : kStatusNames)
        if (name == text) return value;
    return std::nullopt;
}

bool isFailure(Status status) {
    return status == Status::Corrupt || status == Status::LimitExceeded;
}

}  // namespace jikji
