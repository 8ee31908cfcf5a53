#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
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

// The kinds of every block in document order, descending into cells, captions and containers.
void appendKinds(const std::vector<Block>& blocks, std::vector<std::string>& out) {
    for (const Block& block : blocks) {
        out.emplace_back(toString(block.kind));
        for (const TableRow& row : block.rows)
            for (const TableCell& cell : row.cells)
                appendKinds(cell.blocks, out);
        appendKinds(block.caption, out);
        appendKinds(block.children, out);
    }
}

std::vector<std::string> kindsOf(const Document& document, std::string_view ignored = {}) {
    std::vector<std::string> kinds;
    appendKinds(document.blocks, kinds);
    if (!ignored.empty()) std::erase(kinds, std::string(ignored));
    return kinds;
}

// Twins known to differ, and how they are compared instead (the reason with each).
struct Relaxed {
    bool anyOrder = false;
    std::string_view ignoredKind;
};
const std::map<std::string, Relaxed, std::less<>> kRelaxed = {
    // A picture's caption: HWP 5 stores it before the picture, HWPX after it.
    {"WBmaker2/rhwp:hwp3-sample", {.anyOrder = true}},
    {"WBmaker2/rhwp:WBmaker2__rhwp__hwp3-sample", {.anyOrder = true}},
    {"WBmaker2/rhwp:WBmaker2__rhwp__hwp3-sample-2022", {.anyOrder = true}},
    {"WBmaker2/rhwp:WBmaker2__rhwp__hwp3-sample14", {.anyOrder = true}},
    {"WBmaker2/rhwp:WBmaker2__rhwp__hwp3-sample14-hwp5-2022", {.anyOrder = true}},
    // Master pages: the HWPX converter reads them (as text boxes), the HWP 5 one does not yet.
    {"neolord0/hwp2hwpx:여러섹션", {.ignoredKind = "text_box"}},
    // The HWP holds 54 paragraphs more, of characters the HWPX does not save (same text F1).
    {"WBmaker2/rhwp:80168_regulatory_analysis", {.ignoredKind = "paragraph"}},
    {"WBmaker2/rhwp:WBmaker2__rhwp__80168_regulatory_analysis-2022", {.ignoredKind = "paragraph"}},
};

std::vector<std::pair<std::string, Document>> convertTwins(const std::filesystem::path& corpus,
                                                           const Group& group) {
    std::vector<std::pair<std::string, Document>> documents;
    for (const std::string& member : group.members) {
        if (member.starts_with("hwp3/") || member.starts_with("pdf/")) continue;
        std::string bytes = test::readBytes(corpus / member);
        Document document = converters::convertInput({bytes, member});
        if (document.format != "hwp5" && document.format != "hwpx") continue;
        if (document.status == Status::Unsupported || document.status == Status::Encrypted)
            continue;
        documents.emplace_back(member, std::move(document));
    }
    return documents;
}

// The same document saved by Hancom as HWP and as HWPX gives the same blocks: one policy for
// empty paragraphs (none are blocks), objects after the text of their paragraph, OLE objects
// as image references in both.
TEST(CorpusPairs, HwpAndHwpxTwinsGiveTheSameBlockKinds) {
    auto corpus = test::corpusDir();
    if (!corpus) GTEST_SKIP() << "corpus absent";
    int compared = 0;
    for (const Group& group : readPairs(*corpus)) {
        auto documents = convertTwins(*corpus, group);
        auto relaxed = kRelaxed.find(group.name);
        Relaxed rule = relaxed == kRelaxed.end() ? Relaxed{} : relaxed->second;
        for (std::size_t i = 1; i < documents.size(); ++i) {
            auto a = kindsOf(documents[0].second, rule.ignoredKind);
            auto b = kindsOf(documents[i].second, rule.ignoredKind);
            if (rule.anyOrder) {
                std::sort(a.begin(), a.end());
                std::sort(b.begin(), b.end());
            }
            EXPECT_EQ(a.size(), b.size())
                << group.name << ": " << documents[0].first << " vs " << documents[i].first;
            EXPECT_TRUE(a == b) << group.name << ": block kinds differ";
            ++compared;
        }
    }
    EXPECT_GE(compared, 70);
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
