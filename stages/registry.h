#pragma once

#include <string_view>
#include <vector>

namespace jikji::stages {

/// One stage of the pipeline: what it takes and what it makes.
struct StageInfo {
    std::string_view name;  ///< also the `stage` of a failure in a run report
    std::string_view takes;
    std::string_view makes;
};

/// The stages in data-flow order: discover → fetch → extract → normalize → facts → emit. Adding
/// a stage is one line here.
const std::vector<StageInfo>& stageTable();

/// True for a name of stageTable().
bool isStage(std::string_view name);

}  // namespace jikji::stages
