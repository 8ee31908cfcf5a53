#include "log.h"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <mutex>

#include "json_writer.h"

namespace jikji {

namespace {

class JsonLinesSink final : public spdlog::sinks::base_sink<std::mutex> {
  protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
        auto object = makeObject();
        spdlog::memory_buf_t time;
        formatter_->format(msg, time);
        object->set("time", std::string(time.data(), time.size()));
        object->set("level", std::string(spdlog::level::to_string_view(msg.level).data(),
                                         spdlog::level::to_string_view(msg.level).size()));
        object->set("message",
                    jsonString(std::string_view(msg.payload.data(), msg.payload.size())));
        std::string line = toJsonString(object, 0);
        std::fwrite(line.data(), 1, line.size(), stderr);
    }
    void flush_() override { std::fflush(stderr); }
};

}  // namespace

void setupLogging(LogFormat format, std::string_view level) {
    std::shared_ptr<spdlog::logger> logger;
    if (format == LogFormat::Json) {
        auto sink = std::make_shared<JsonLinesSink>();
        sink->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z");
        logger = std::make_shared<spdlog::logger>("jikji", sink);
    } else {
        logger = std::make_shared<spdlog::logger>(
            "jikji", std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
        logger->set_pattern("%^%l%$: %v");
    }
    logger->set_level(spdlog::level::from_str(std::string(level)));
    spdlog::set_default_logger(logger);
}

}  // namespace jikji
