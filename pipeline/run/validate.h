#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include <Poco/JSON/Object.h>

namespace jikji::run {

/// One thing wrong in an archive.
struct ValidationProblem {
    /// `record_json`, `record_schema`, `record_place`, `record_id`, `record_capture`,
    /// `capture_digest`, `capture_sidecar`, `capture_unexpected`, `manifest_line`, `manifest`.
    std::string check;
    std::string path;     ///< the file, relative to the archive (or as given)
    std::string pointer;  ///< where in the file: a JSON Pointer, or `line N` of the manifest
    std::string message;
};

struct ValidationReport {
    std::size_t records = 0;
    std::size_t invalidRecords = 0;
    std::size_t captures = 0;
    std::size_t badCaptures = 0;
    std::size_t manifestLines = 0;
    std::vector<ValidationProblem> problems;
    bool ok() const { return problems.empty(); }
};

/// `jikji validate --archive DIR`: every record under `records/` is read as JSON, validated
/// against `jikji.record/1` (its documents against `jikji.document/1`; schemas embedded in the
/// binary, judged as any JSON Schema 2020-12 validator judges them; `strict` adds the check that
/// no object holds a key its schema does not list), filed where its id, source and date say,
/// and its page and attachment captures must exist at the blob paths it names; every capture's
/// bytes must hash to the digest that names them (a bad one is reported with the records built
/// from it) and have a readable sidecar; and
/// `records.ndjson` must be whole lines of JSON whose last line for each record id names the
/// record's file and its SHA-256, and whose `seq` (where lines carry `seq`, `at` and `op`; older
/// lines do not) increases from line to line. Throws std::runtime_error when `archive` is not an
/// archive.
ValidationReport validateArchive(const std::filesystem::path& archive, bool strict = false);

/// Validates record files against the record schema only (`jikji validate FILE…`).
ValidationReport validateRecordFiles(const std::vector<std::filesystem::path>& files,
                                     bool strict = false);

/// The report as JSON: `ok`, counts and `problems`.
Poco::JSON::Object::Ptr validationToJson(const ValidationReport& report);

}  // namespace jikji::run
