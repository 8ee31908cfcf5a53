// The authored hostile inputs in fixtures/hostile/: each one gets its status and warning, and
// nothing escapes the converter.
#include <gtest/gtest.h>

#include <filesystem>

#include "converters/registry.h"
#include "tests/support/fixtures.h"

namespace jikji::converters {
namespace {

struct HostileCase {
    const char* file;
    Status status;
    const char* warning;
};

class HwpxHostile : public ::testing::TestWithParam<HostileCase> {};

TEST_P(HwpxHostile, GetsItsStatusAndWarning) {
    const HostileCase& c = GetParam();
    std::string bytes = test::readBytes(test::sourceDir() / "fixtures/hostile" / c.file);
    ASSERT_FALSE(bytes.empty());
    Document document = convertInput(Input{bytes, c.file});
    EXPECT_EQ(toString(document.status), toString(c.status));
    bool found = false;
    for (const Warning& warning : document.warnings)
        found = found || warning.code == c.warning;
    EXPECT_TRUE(found) << "no warning " << c.warning;
    EXPECT_EQ(document.text.find("root:"), std::string::npos);
    EXPECT_EQ(document.text.find("lollol"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(
    Files, HwpxHostile,
    ::testing::Values(HostileCase{"zip-bomb.hwpx", Status::LimitExceeded, "limit_exceeded"},
                      HostileCase{"billion-laughs.hwpx", Status::Partial, "xml_doctype_refused"},
                      HostileCase{"external-entity.hwpx", Status::Partial, "xml_doctype_refused"},
                      HostileCase{"deep-nesting.hwpx", Status::LimitExceeded, "limit_exceeded"},
                      HostileCase{"truncated.hwpx", Status::Corrupt, "corrupt"}),
    [](const auto& info) {
        std::string name = info.param.file;
        name = name.substr(0, name.find('.'));
        for (char& c : name)
            if (c == '-') c = '_';
        return name;
    });

// Entry names such as `../../tmp/x` are only looked up, never opened as paths.
TEST(HwpxHostile, DotDotEntryNamesConvertAndWriteNothing) {
    std::string bytes = test::readBytes(test::sourceDir() / "fixtures/hostile/dotdot-entries.hwpx");
    Document document = convertInput(Input{bytes, "dotdot-entries.hwpx"});
    EXPECT_EQ(document.status, Status::Ok);
    EXPECT_EQ(document.text, "경로 이름은 쓰지 않는다\n");
    EXPECT_FALSE(std::filesystem::exists("/tmp/jikji-escape.txt"));
    EXPECT_FALSE(std::filesystem::exists("/etc/jikji-absolute.txt"));
}

// The batch goes on after a hostile file: the command converts the next input.
TEST(HwpxHostile, BatchContinuesPastHostileFiles) {
    std::filesystem::path out = test::makeTempDir("hostile");
    std::filesystem::path hostile = test::sourceDir() / "fixtures/hostile";
    test::CommandResult result =
        test::runJikji({"convert", "--format", "text", "--out", out.string(),
                        (hostile / "truncated.hwpx").string(), (hostile / "zip-bomb.hwpx").string(),
                        (hostile / "dotdot-entries.hwpx").string()});
    EXPECT_EQ(result.exitCode, 1);
    EXPECT_EQ(test::readBytes(out / "dotdot-entries.hwpx.txt"), "경로 이름은 쓰지 않는다\n");
    std::filesystem::remove_all(out);
}

}  // namespace
}  // namespace jikji::converters
