#pragma once

#include <string_view>

namespace jikji {

enum class LogFormat { Text, Json };

/// Sends spdlog's default logger to stderr, as readable lines or as JSON lines (one object per
/// line: time, level, message).
void setupLogging(LogFormat format, std::string_view level = "info");

}  // namespace jikji
