#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "converters/html/item_rules.h"
#include "pipeline/record.h"

namespace jikji::test {

/// The `item` rules of a JSON file shaped like a source config's item section.
converters::html::ItemRules loadItemRules(const std::filesystem::path& path);

/// Runs tests/support/validate_records.py over `paths` (record files or folders of them) with
/// the project's schemas; returns its exit code and puts its output in `output`.
int validateRecords(const std::vector<std::filesystem::path>& paths, std::string& output);

/// A minimal record of source `demo` for `url`, dated `postedAt` (may be empty).
Record sampleRecord(const std::string& url, std::string postedAt);

}  // namespace jikji::test
