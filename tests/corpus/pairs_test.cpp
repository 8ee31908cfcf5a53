#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "converters/registry.h"
#include "tests/support/char_f1.h"
#include "tests/support/fixtures.h"

namespace jikji {
namespace {

struct Group {
    std::string name;
    std::vector<std::string> members;
};

std::vector<Group> readPairs(const std::filesystem::path& corpus) {
    std::vector<Group> groups;
    std::ifstream in(corpus / "PAIRS.tsv");
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
        auto tab = line.find('\t');
        if (tab == std::string::npos) continue;
        Group group{line.substr(0, tab), {}};
        std::stringstream members(line.substr(tab + 1));
        std::string member;
        while (std::getline(members, member, '|')) {
            auto begin = member.find_first_not_of(' ');
            auto end = member.find_last_not_of(' ');
            if (begin != std::string::npos)
                group.members.push_back(member.substr(begin, end - begin + 1));
        }
        groups.push_back(std::move(group));
    }
    return groups;
}

// The same document saved by Hancom as HWP and as HWPX must give the same text.
TEST(CorpusPairs, HwpAndHwpxTwinsAgree) {
    auto corpus = test::corpusDir();
    if (!corpus) GTEST_SKIP() << "corpus absent";
    int compared = 0;
    for (const Group& group : readPairs(*corpus)) {
        std::vector<std::pair<std::string, Document>> documents;
        for (const std::string& member : group.members) {
            if (member.starts_with("hwp3/")) continue;
            std::string bytes = test::readBytes(*corpus / member);
            Document document = converters::convertInput({bytes, member});
            if (document.format != "hwp5" && document.format != "hwpx") continue;
            if (document.status == Status::Unsupported) continue;
            documents.emplace_back(member, std::move(document));
        }
        for (std::size_t i = 1; i < documents.size(); ++i) {
            double score = test::charF1(documents[i].second.text, documents[0].second.text);
            EXPECT_GE(score, 0.99)
                << group.name << ": " << documents[0].first << " vs " << documents[i].first;
            ++compared;
        }
    }
    RecordProperty("compared", compared);
}

}  // namespace
}  // namespace jikji
