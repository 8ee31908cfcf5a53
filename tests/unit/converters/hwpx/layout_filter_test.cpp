#include "converters/hwpx/layout_filter.h"

#include <gtest/gtest.h>

#include <random>

#include "pipeline/limits.h"

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

std::string filterWith(const LayoutFilter::Rules& rules, std::string_view input, std::size_t step) {
    std::string out;
    LayoutFilter filter(rules, [&](std::string_view bytes) { out.append(bytes); });
    for (std::size_t i = 0; i < input.size(); i += step)
        filter.feed(input.substr(i, step));
    filter.finish();
    return out;
}

TEST(LayoutFilter, DropsSeveralNamesEvenWithGreaterThanInAttributeValues) {
    // `>` may stand unescaped in an attribute value; a close tag may have spaces before `>`.
    const std::string input =
        "<hp:tc><hp:cellSz width=\"1>2\" height='>'/><hp:t>a > b</hp:t>"
        "<hp:pos note=\"x>y\"><hp:inner/></hp:pos ><hp:posX a=\"1\"/>"
        "<hp:cellSz\n/><sz/><hp:t>끝</hp:t></hp:tc>";
    const std::string expected =
        "<hp:tc><hp:t>a > b</hp:t><hp:posX a=\"1\"/><hp:t>끝</hp:t></hp:tc>";
    for (std::size_t step = 1; step <= input.size(); ++step)
        ASSERT_EQ(filterWith({.drop = {"cellSz", "pos", "sz"}}, input, step), expected)
            << "step " << step;
}

TEST(LayoutFilter, BareNamesLoseTheirAttributesUnlessTheyDeclareANamespace) {
    const std::string input =
        "<hs:sec xmlns:hp=\"u\"><hp:subList id=\"\" vertAlign=\"a>b\"><hp:p paraPrIDRef=\"3\">"
        "<hp:run charPrIDRef=\"7\"/><hp:run>x</hp:run></hp:p></hp:subList>"
        "<hp:subList xmlns:x=\"v\" a=\"1\"/><hp:subListX a=\"1\"/></hs:sec>";
    const std::string expected =
        "<hs:sec xmlns:hp=\"u\"><hp:subList><hp:p paraPrIDRef=\"3\"><hp:run/><hp:run>x</hp:run>"
        "</hp:p></hp:subList><hp:subList xmlns:x=\"v\" a=\"1\"/><hp:subListX a=\"1\"/></hs:sec>";
    for (std::size_t step = 1; step <= input.size(); ++step)
        ASSERT_EQ(filterWith({.bare = {"subList", "run"}}, input, step), expected)
            << "step " << step;
}

const LayoutFilter::Rules kMixed{.drop = {"sz", "cellSz"},
                                 .bare = {"run"},
                                 .trim = {{"p", {"paraPrIDRef"}}, {"tbl", {"rowCnt"}}},
                                 .unwrap = {"subList"},
                                 .defaults = {{"cellSpan", " a=\"1\""}}};

TEST(LayoutFilter, OutputDoesNotDependOnChunkBoundaries) {
    // Random sequences of tag pieces, quotes and text, fed whole and in uneven chunks.
    const std::vector<std::string_view> pieces = {
        "<hp:sz",
        "<sz",
        "<hp:cellSz",
        "<hp:subList",
        "<hp:run",
        "<hp:p",
        "</hp:sz",
        "</hp:sz>",
        "</hp:cellSz >",
        "\"",
        "'",
        ">",
        "/>",
        "/",
        " ",
        "a=\"1\"",
        " b='>'",
        "x",
        "<",
        "xmlns:q=\"u\"",
        "\n",
        "글",
        "<hp:tbl",
        " paraPrIDRef=\"2\"",
        " rowCnt='1'",
        " long=\"0123456789012345678901234567890123456789\"",
        " long=\"01234567890123456789>0123456789<0123456789\"",
        "<hp:subList>",
        "</hp:subList>",
        "</hp:subList >",
        "</hp:run>",
        "</hp:p>",
        "<hp:cellSpan",
        " a=\"1\"",
        "<a.very-long_prefix.of:sz",
        "<x:y:run",
        "<p글:sz",
        "\t"};
    std::mt19937 random(7);
    for (int round = 0; round < 3000; ++round) {
        std::string input;
        for (std::size_t n = random() % 40; n > 0; --n)
            input += pieces[random() % pieces.size()];
        std::string whole, chunked;
        LayoutFilter one(kMixed, [&](std::string_view b) { whole.append(b); });
        one.feed(input);
        one.finish();
        LayoutFilter many(kMixed, [&](std::string_view b) { chunked.append(b); });
        for (std::size_t i = 0; i < input.size();) {
            std::size_t step = 1 + random() % 9;
            many.feed(std::string_view(input).substr(i, step));
            i += step;
        }
        many.finish();
        ASSERT_EQ(whole, chunked) << input;
    }
}

std::string filterTrimmed(std::string_view input, std::size_t step) {
    return filterWith({.drop = {"sz"},
                       .bare = {"run"},
                       .trim = {{"p", {"paraPrIDRef"}}, {"tbl", {"rowCnt", "colCnt"}}}},
                      input, step);
}

TEST(LayoutFilter, TrimmedNamesKeepOnlyTheirNamedAttributes) {
    const std::string input =
        "<hs:sec><hp:p id=\"2147483648\" paraPrIDRef=\"100\" styleIDRef=\"16\" "
        "pageBreak=\"1\" columnBreak=\"0\" merged=\"0\"><hp:run charPrIDRef=\"1\">"
        "<hp:tbl id=\"1\" zOrder=\"1\" colCnt = '3' note=\"a>b\" rowCnt=\"2\" lock=\"0\"/>"
        "</hp:run></hp:p><hp:p merged=\"0\"/><hp:pX id=\"1\"/></hs:sec>";
    const std::string expected =
        "<hs:sec><hp:p paraPrIDRef=\"100\"><hp:run><hp:tbl colCnt = '3' rowCnt=\"2\"/>"
        "</hp:run></hp:p><hp:p/><hp:pX id=\"1\"/></hs:sec>";
    for (std::size_t step = 1; step <= input.size(); ++step)
        ASSERT_EQ(filterTrimmed(input, step), expected) << "step " << step;
}

TEST(LayoutFilter, TrimmedAttributesKeptOnlyForTheValuesAsked) {
    LayoutFilter::Rules rules{
        .trim = {{"p", {"paraPrIDRef"}, [](std::string_view value) { return value == "7"; }}}};
    const std::string input =
        "<s><hp:p id=\"1\" paraPrIDRef=\"7\"/><hp:p paraPrIDRef=\"3\" id=\"2\"/>"
        "<hp:p paraPrIDRef=\"&#55;\"/><hp:p paraPrIDRef='7'></hp:p></s>";
    const std::string expected =
        "<s><hp:p paraPrIDRef=\"7\"/><hp:p/><hp:p paraPrIDRef=\"&#55;\"/>"
        "<hp:p paraPrIDRef='7'></hp:p></s>";
    for (std::size_t step = 1; step <= input.size(); ++step)
        ASSERT_EQ(filterWith(rules, input, step), expected) << "step " << step;
}

TEST(LayoutFilter, TrimmedTagsWhoseAttributesDoNotReadAsPairsPassUnchanged) {
    // A name without a value before the kept one: the parser judges the tag as written.
    EXPECT_EQ(filterTrimmed("<a><hp:p junk paraPrIDRef=\"1\" id=\"2\"></hp:p></a>", 4),
              "<a><hp:p junk paraPrIDRef=\"1\" id=\"2\"></hp:p></a>");
    EXPECT_EQ(filterTrimmed("<a><hp:p id=2 paraPrIDRef=\"1\"/></a>", 7),
              "<a><hp:p id=2 paraPrIDRef=\"1\"/></a>");
    EXPECT_EQ(filterTrimmed("<a><hp:p xmlns:q=\"u\" id=\"2\"/></a>", 3),
              "<a><hp:p xmlns:q=\"u\" id=\"2\"/></a>");
}

TEST(LayoutFilter, LongStartTagsEndAtTheirOwnGreaterThan) {
    // Start tags longer than the 64 bytes looked at per step: a `>` inside a double-quoted value
    // in either block, single-quoted values, and a `<` inside a value far from the name.
    const std::string longValue(70, 'v');
    const std::string input = "<r><hp:sz a=\"" + longValue + "\" b=\"x>y\" c=\"" + longValue +
                              ">\"/>" + "<hp:run d=\"" + longValue + "\" e='>' f='\"'>t</hp:run>" +
                              "<hp:sz g=\"" + longValue + "\"></hp:sz><hp:run h=\"" + longValue +
                              "<\"/></r>";
    const std::string expected = "<r><hp:run>t</hp:run><hp:run h=\"" + longValue + "<\"/></r>";
    for (std::size_t step : {1, 5, 63, 64, 65, 200, 1000})
        EXPECT_EQ(filterTrimmed(input, step), expected) << "step " << step;
}

std::string filterUnwrapped(std::string_view input, std::size_t step) {
    return filterWith({.drop = {"sz"}, .unwrap = {"run", "subList"}}, input, step);
}

TEST(LayoutFilter, UnwrappedNamesLoseTheirTagsAndKeepTheirContent) {
    const std::string input =
        "<hs:sec><hp:p><hp:run charPrIDRef=\"1\"><hp:t>가</hp:t></hp:run><hp:run/>"
        "<hp:run><hp:tbl><hp:tc><hp:subList id=\"\"><hp:p><hp:run><hp:t>나</hp:t></hp:run >"
        "</hp:p></hp:subList><hp:sz/></hp:tc></hp:tbl></hp:run><hp:runX/></hp:p>"
        "<hp:run xmlns:x=\"u\"><hp:t>다</hp:t><hp:run>라</hp:run></hp:run></hs:sec>";
    const std::string expected =
        "<hs:sec><hp:p><hp:t>가</hp:t><hp:tbl><hp:tc><hp:p><hp:t>나</hp:t></hp:p></hp:tc>"
        "</hp:tbl><hp:runX/></hp:p><hp:run xmlns:x=\"u\"><hp:t>다</hp:t>라</hp:run></hs:sec>";
    for (std::size_t step = 1; step <= input.size(); ++step)
        ASSERT_EQ(filterUnwrapped(input, step), expected) << "step " << step;
}

TEST(LayoutFilter, UnwrappedEndTagsThatCloseNothingOpenPassForTheParser) {
    // Mismatched or unopened end tags stay, so that the parser still rejects the part.
    EXPECT_EQ(filterUnwrapped("<a><hp:run>x</hq:run></a>", 3), "<a>x</hq:run></a>");
    EXPECT_EQ(filterUnwrapped("<a></hp:run><hp:run>y</hp:run></a>", 4), "<a></hp:run>y</a>");
    EXPECT_EQ(filterUnwrapped("<a><hp:run>z</hp:run x></a>", 5), "<a>z</hp:run x></a>");
}

TEST(LayoutFilter, UnwrappingStopsAtTheDepthLimit) {
    std::string input, expected;
    for (std::size_t i = 0; i < limits::kMaxXmlDepth + 2; ++i)
        input += "<hp:run>";
    for (std::size_t i = 0; i < limits::kMaxXmlDepth + 2; ++i)
        input += "</hp:run>";
    for (std::size_t i = 0; i < 2; ++i)
        expected += "<hp:run>";
    for (std::size_t i = 0; i < 2; ++i)
        expected += "</hp:run>";
    EXPECT_EQ(filterUnwrapped(input, 100), expected);
}

TEST(LayoutFilter, EmptyElementsSayingOnlyTheDefaultAreDropped) {
    const LayoutFilter::Rules rules{.defaults = {{"cellSpan", " colSpan=\"1\" rowSpan=\"1\""}}};
    const std::string input =
        "<hp:tc><hp:cellAddr colAddr=\"0\"/><hp:cellSpan colSpan=\"1\" rowSpan=\"1\"/></hp:tc>"
        "<hp:tc><hp:cellSpan colSpan=\"1\" rowSpan=\"2\"/><hp:cellSpan rowSpan=\"1\" "
        "colSpan=\"1\"/><hp:cellSpan colSpan=\"1\" rowSpan=\"1\"></hp:cellSpan>"
        "<x:cellSpan colSpan=\"1\" rowSpan=\"1\"/></hp:tc>";
    const std::string expected =
        "<hp:tc><hp:cellAddr colAddr=\"0\"/></hp:tc>"
        "<hp:tc><hp:cellSpan colSpan=\"1\" rowSpan=\"2\"/><hp:cellSpan rowSpan=\"1\" "
        "colSpan=\"1\"/><hp:cellSpan colSpan=\"1\" rowSpan=\"1\"></hp:cellSpan></hp:tc>";
    for (std::size_t step = 1; step <= input.size(); ++step)
        ASSERT_EQ(filterWith(rules, input, step), expected) << "step " << step;
}

TEST(LayoutFilter, MalformedStartTagsAreLeftToTheParser) {
    // A `<` inside a start tag is malformed: the tag passes through unchanged.
    EXPECT_EQ(filterWith({.drop = {"sz"}, .bare = {"run"}},
                         "<a><hp:sz w=\"1\" <b/><hp:run x=\"<\"/></a>", 5),
              "<a><hp:sz w=\"1\" <b/><hp:run x=\"<\"/></a>");
}

}  // namespace
}  // namespace jikji::converters::hwpx
