#include "pipeline/run/run_report.h"

#include <Poco/DateTimeFormatter.h>
#include <Poco/JSON/Array.h>
#include <Poco/Timestamp.h>

#include <cmath>
#include <cstdio>

#include "pipeline/atomic_file.h"
#include "pipeline/json_writer.h"

namespace jikji::run {

std::string errorCode(const std::string& stage) {
    if (stage == "state") return "state_store";
    if (stage == "emit") return "archive_unwritable";
    if (stage == "extract") return "record_not_built";
    return "network";
}

std::optional<double> CpuUse::perItemMs() const {
    if (items <= 0) return std::nullopt;
    return (userSeconds + systemSeconds) * 1000 / static_cast<double>(items);
}

std::string CpuUse::summary() const {
    char text[96];
    std::snprintf(text, sizeof text, "CPU %.2f s user + %.2f s sys", userSeconds, systemSeconds);
    std::string out = text;
    if (std::optional<double> perItem = perItemMs()) {
        std::snprintf(text, sizeof text, ", %.1f ms per item", *perItem);
        out += text;
    }
    return out;
}

std::string timestampNow() {
    return Poco::DateTimeFormatter::format(Poco::Timestamp(), "%Y-%m-%dT%H:%M:%S.%iZ");
}

Poco::JSON::Object::Ptr toJson(const RunReport& report) {
    auto object = makeObject();
    object->set("schema", "jikji.run/1");
    object->set("run_id", jsonString(report.runId));
    object->set("command", jsonString(report.command));
    Poco::JSON::Array::Ptr arguments = new Poco::JSON::Array;
    for (const std::string& argument : report.arguments)
        arguments->add(jsonString(argument));
    object->set("arguments", arguments);
    if (report.worker) {
        auto worker = makeObject();
        worker->set("id", jsonString(report.worker->id));
        worker->set("host", jsonString(report.worker->host));
        worker->set("pid", report.worker->pid);
        worker->set("lease_seconds", report.worker->leaseSeconds);
        object->set("worker", worker);
    }
    object->set("started_at", report.startedAt);
    object->set("finished_at", report.finishedAt);
    object->set("duration_ms", report.durationMs);
    auto counts = makeObject();
    for (const auto& [name, value] : report.counts)
        counts->set(name, value);
    object->set("counts", counts);
    Poco::JSON::Array::Ptr failures = new Poco::JSON::Array;
    for (const RunFailure& failure : report.failures) {
        auto item = makeObject();
        if (!failure.source.empty()) item->set("source", jsonString(failure.source));
        if (!failure.url.empty()) item->set("url", jsonString(failure.url));
        item->set("stage", failure.stage);
        item->set("code", failure.code);
        item->set("message", jsonString(failure.message));
        failures->add(item);
    }
    object->set("failures", failures);
    object->set("exit_code", report.exitCode);
    if (report.cpu) {
        // Milliseconds of precision are all the kernel's accounting is worth.
        auto rounded = [](double value) { return std::round(value * 1000) / 1000; };
        auto cpu = makeObject();
        cpu->set("user_s", rounded(report.cpu->userSeconds));
        cpu->set("sys_s", rounded(report.cpu->systemSeconds));
        cpu->set("children_user_s", rounded(report.cpu->childrenUserSeconds));
        cpu->set("children_sys_s", rounded(report.cpu->childrenSystemSeconds));
        cpu->set("items", report.cpu->items);
        if (std::optional<double> perItem = report.cpu->perItemMs())
            cpu->set("per_item_ms", rounded(*perItem));
        object->set("cpu", cpu);
    }
    if (report.details)
        for (const auto& [key, value] : *report.details)
            object->set(key, value);
    return object;
}

std::filesystem::path writeRunReport(const std::filesystem::path& archive,
                                     const RunReport& report) {
    std::filesystem::path path = std::filesystem::path("runs") / (report.runId + ".json");
    writeFileAtomically(archive / path, toJsonString(toJson(report)), archive / "tmp");
    return path;
}

}  // namespace jikji::run
