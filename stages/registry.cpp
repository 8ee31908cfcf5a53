#include "stages/registry.h"

#include <algorithm>

namespace jikji::stages {

const std::vector<StageInfo>& stageTable() {
    static const std::vector<StageInfo> table = {
        {"discover", "list and item pages captured", "URLs of items, next pages, attachments"},
        {"fetch", "URLs leased from the state store", "captures (bytes and sidecars)"},
        {"extract", "captured item pages and attachments", "documents, read by the source's rules"},
        {"normalize", "documents", "documents with ICU-normalised text"},
        {"facts", "normalised documents", "press-release facts (agency, contact, dates)"},
        {"emit", "records", "record files and manifest lines in the archive"},
    };
    return table;
}

bool isStage(std::string_view name) {
    const auto& table = stageTable();
    return std::any_of(table.begin(), table.end(),
                       [&](const StageInfo& stage) { return stage.name == name; });
}

}  // namespace jikji::stages
