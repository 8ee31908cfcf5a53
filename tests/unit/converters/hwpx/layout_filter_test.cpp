#include "converters/hwpx/layout_filter.h"

#include <gtest/gtest.h>

namespace jikji::converters::hwpx {
namespace {

std::string filterInChunks(std::string_view name, std::string_view input, std::size_t step) {
    std::string out;
    LayoutFilter filter(name, [&](std::string_view bytes) { out.append(bytes); });
    for (std::size_t i = 0; i < input.size(); i += step)
        filter.feed(input.substr(i, step));
    filter.finish();
    return out;
}

TEST(LayoutFilter, DropsLinesegArraysWhateverTheChunkBoundaries) {
    const std::string input =
        "<hs:sec><hp:p><hp:run><hp:t>linesegarray 글</hp:t></hp:run><hp:linesegarray>"
        "<hp:lineseg textpos=\"0\" flags=\"1\"/></hp:linesegarray></hp:p><x:linesegarray/>"
        "<hp:linesegarrayX a=\"1\"/><p><linesegarray><lineseg/></linesegarray></p></hs:sec>";
    const std::string expected =
        "<hs:sec><hp:p><hp:run><hp:t>linesegarray 글</hp:t></hp:run></hp:p>"
        "<hp:linesegarrayX a=\"1\"/><p></p></hs:sec>";
    for (std::size_t step = 1; step <= input.size(); ++step)
        ASSERT_EQ(filterInChunks("linesegarray", input, step), expected) << "step " << step;
}

TEST(LayoutFilter, PassesAnUnfinishedStartTagThrough) {
    EXPECT_EQ(filterInChunks("switch", "<a><hp:switch", 3), "<a><hp:switch");
    EXPECT_EQ(filterInChunks("switch", "<a>text</a>", 4), "<a>text</a>");
}

}  // namespace
}  // namespace jikji::converters::hwpx
