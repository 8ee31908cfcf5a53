#include <gtest/gtest.h>

#include <Poco/JSON/Parser.h>

#include "pipeline/json_writer.h"
#include "pipeline/run/run_report.h"
#include "tests/support/fixtures.h"

namespace jikji::run {
namespace {

RunReport sample() {
    RunReport report;
    report.runId = "reprocess-20261125T150000.000Z-1";
    report.command = "reprocess";
    report.arguments = {"--archive", "/srv/a"};
    report.startedAt = "2026-11-25T15:00:00.000Z";
    report.finishedAt = "2026-11-25T15:01:00.000Z";
    report.durationMs = 60000;
    report.exitCode = 1;
    report.counts["records_written"] = 3;
    report.failures.push_back(
        {"demo", "http://demo.example/x", "extract", errorCode("extract"), "no such capture"});
    return report;
}

// The report is named after its run id (reprocess reports were not: `:` in the id, `_` in the
// name) and is a valid jikji.run/1 for the in-house validator.
TEST(RunReport, FileIsNamedAfterTheRunIdAndValidates) {
    auto archive = test::makeTempDir("run-report");
    auto path = writeRunReport(archive, sample());
    EXPECT_EQ(path, "runs/reprocess-20261125T150000.000Z-1.json");
    std::string json = test::readBytes(archive / path);
    EXPECT_TRUE(test::runReportProblems(json).empty());
    Poco::JSON::Parser parser;
    auto object = parser.parse(json).extract<Poco::JSON::Object::Ptr>();
    EXPECT_EQ(object->getValue<std::string>("schema"), "jikji.run/1");
    EXPECT_EQ(object->getArray("failures")->getObject(0)->getValue<std::string>("code"),
              "record_not_built");
    std::filesystem::remove_all(archive);
}

// The validator is not a rubber stamp: a report without its exit code or with an unknown
// failure code is reported.
TEST(RunReport, BrokenReportsAreRejected) {
    auto object = toJson(sample());
    object->remove("exit_code");
    EXPECT_FALSE(test::runReportProblems(toJsonString(object)).empty());
    RunReport report = sample();
    report.failures[0].code = "oops";
    EXPECT_FALSE(test::runReportProblems(toJsonString(toJson(report))).empty());
}

// A failure whose stage named no code gets its stage's (the fetch stage names its own: see
// HostileHttp.EachHostileResponseFailsAtItsLimitAndTheRunGoesOn).
TEST(RunReport, FailuresWithoutACodeGetTheirStagesCode) {
    EXPECT_EQ(errorCode("state"), "state_store");
    EXPECT_EQ(errorCode("emit"), "archive_unwritable");
    EXPECT_EQ(errorCode("extract"), "record_not_built");
    EXPECT_EQ(errorCode("fetch"), "network");
}

}  // namespace
}  // namespace jikji::run
