#pragma once

#include <string>
#include <string_view>

namespace jikji {

enum class LogFormat { Text, Json };

/// Sends spdlog's default logger to stderr, as readable lines or as JSON lines (one object per
/// line: `time` in RFC 3339, `level`, `msg`, and `run`, `source`, `url`, `stage` when a run or a
/// LogContext sets them). Levels: trace, debug, info, warn (or warning), error, critical, off.
/// Returns false, changing nothing, for another level name.
bool setupLogging(LogFormat format, std::string_view level = "info");

/// The format setupLogging() chose.
LogFormat logFormat();

/// The run every log line names from now on (empty: none).
void setLogRun(const std::string& runId);

/// While it lives, every log line of this thread names the source, the URL and the stage being
/// worked on (JSON logs).
class LogContext {
  public:
    LogContext(std::string source, std::string url, std::string stage);
    ~LogContext();
    LogContext(const LogContext&) = delete;
    LogContext& operator=(const LogContext&) = delete;

  private:
    // What the thread's context was before this one: restored when it ends.
    std::string m_source;
    std::string m_url;
    std::string m_stage;
};

}  // namespace jikji
