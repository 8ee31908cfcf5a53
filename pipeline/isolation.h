#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string_view>

#include "document.h"

namespace jikji {

/// How much one isolated conversion may take.
struct IsolationLimits {
    std::chrono::milliseconds timeout{120'000};
    /// Address space the child may add to what it inherits from the parent.
    std::uint64_t memoryBytes = 2ull << 30;
};

/// Runs `work` in a forked child process under a time and memory limit, so that a document
/// that crashes, hangs or eats memory never takes the batch down. The document comes back
/// through a pipe. A child that times out is killed and gives `limit_exceeded`; one that dies by
/// a signal gives `corrupt` (or `limit_exceeded` when it ran out of memory); either way with a
/// warning. `format` and `mediaType` fill such failure documents.
Document runIsolated(const std::function<Document()>& work, const IsolationLimits& limits,
                     std::string_view format, std::string_view mediaType);

}  // namespace jikji
