#pragma once

#include <string>
#include <utility>
#include <vector>

/// The authored HWP fixtures: their relative paths under `fixtures/` and their bytes, as the
/// test-only writer makes them. `write_hwp5_fixtures` writes them; a test checks that the
/// committed files still equal them.
namespace jikji::test::hwp {

std::vector<std::pair<std::string, std::string>> documentFixtures();
std::vector<std::pair<std::string, std::string>> hostileFixtures();

}  // namespace jikji::test::hwp
