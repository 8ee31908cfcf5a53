#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace jikji {

/// The outcome of converting one document, in the few categories the record knows.
enum class Status { Ok, Partial, Encrypted, Unsupported, Corrupt, LimitExceeded };

/// The record spelling of a status: `ok`, `partial`, `encrypted`, `unsupported`, `corrupt`,
/// `limit_exceeded`.
std::string_view toString(Status status);
std::optional<Status> statusFromString(std::string_view text);

/// True when a document with this status counts as a failed input (exit code 1).
bool isFailure(Status status);

/// A non-fatal problem met while converting: a stable code, a readable message and where it
/// happened (an entry name, a stream, a byte offset).
struct Warning {
    std::string code;
    std::string message;
    std::string where;
};

}  // namespace jikji
