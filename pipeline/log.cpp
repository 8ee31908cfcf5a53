#include "log.h"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <array>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <optional>
#include <utility>

#include "json_writer.h"

namespace jikji {

namespace {

LogFormat g_format = LogFormat::Text;
std::mutex g_runMutex;
std::string g_run;
struct ThreadContext {
    std::string source;
    std::string url;
    std::string stage;
};
thread_local ThreadContext t_context;

// One vocabulary: the names spdlog knows plus `warn`, each mapped to one level.
std::optional<spdlog::level::level_enum> levelOf(std::string_view name) {
    using spdlog::level::level_enum;
    static const std::array<std::pair<std::string_view, level_enum>, 8> kLevels{{
        {"trace", level_enum::trace},
        {"debug", level_enum::debug},
        {"info", level_enum::info},
        {"warn", level_enum::warn},
        {"warning", level_enum::warn},
        {"error", level_enum::err},
        {"critical", level_enum::critical},
        {"off", level_enum::off},
    }};
    for (const auto& [known, level] : kLevels)
        if (name == known) return level;
    return std::nullopt;
}

std::string_view levelName(spdlog::level::level_enum level) {
    switch (level) {
        case spdlog::level::trace:
            return "trace";
        case spdlog::level::debug:
            return "debug";
        case spdlog::level::info:
            return "info";
        case spdlog::level::warn:
            return "warn";
        case spdlog::level::err:
            return "error";
        case spdlog::level::critical:
            return "critical";
        default:
            return "off";
    }
}

// RFC 3339 in UTC with milliseconds: 2026-12-05T21:40:43.123Z.
std::string rfc3339(std::chrono::system_clock::time_point time) {
    std::time_t seconds = std::chrono::system_clock::to_time_t(time);
    auto millis =
        std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count() %
        1000;
    std::tm utc{};
    ::gmtime_r(&seconds, &utc);
    char buffer[40];
    std::size_t n = std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &utc);
    std::snprintf(buffer + n, sizeof buffer - n, ".%03dZ", static_cast<int>(millis));
    return buffer;
}

class JsonLinesSink final : public spdlog::sinks::base_sink<std::mutex> {
  protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
        auto object = makeObject();
        object->set("time", rfc3339(msg.time));
        object->set("level", std::string(levelName(msg.level)));
        object->set("msg", jsonString(std::string_view(msg.payload.data(), msg.payload.size())));
        {
            std::lock_guard lock(g_runMutex);
            if (!g_run.empty()) object->set("run", jsonString(g_run));
        }
        if (!t_context.source.empty()) object->set("source", jsonString(t_context.source));
        if (!t_context.url.empty()) object->set("url", jsonString(t_context.url));
        if (!t_context.stage.empty()) object->set("stage", t_context.stage);
        std::string line = toJsonString(object, 0);
        std::fwrite(line.data(), 1, line.size(), stderr);
    }
    void flush_() override { std::fflush(stderr); }
};

}  // namespace

bool setupLogging(LogFormat format, std::string_view level) {
    std::optional<spdlog::level::level_enum> parsed = levelOf(level);
    if (!parsed) return false;
    std::shared_ptr<spdlog::logger> logger;
    if (format == LogFormat::Json) {
        logger = std::make_shared<spdlog::logger>("jikji", std::make_shared<JsonLinesSink>());
    } else {
        logger = std::make_shared<spdlog::logger>(
            "jikji", std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
        logger->set_pattern("%^%l%$: %v");
    }
    logger->set_level(*parsed);
    spdlog::set_default_logger(logger);
    g_format = format;
    return true;
}

LogFormat logFormat() {
    return g_format;
}

void setLogRun(const std::string& runId) {
    std::lock_guard lock(g_runMutex);
    g_run = runId;
}

LogContext::LogContext(std::string source, std::string url, std::string stage)
    : m_source(std::exchange(t_context.source, std::move(source))),
      m_url(std::exchange(t_context.url, std::move(url))),
      m_stage(std::exchange(t_context.stage, std::move(stage))) {}

LogContext::~LogContext() {
    t_context = {std::move(m_source), std::move(m_url), std::move(m_stage)};
}

}  // namespace jikji
