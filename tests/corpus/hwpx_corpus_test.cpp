// Every real HWPX of the shared corpus converts without a failure status, its text agrees with
// the most complete peer's, and the distribution samples give their real text (skipped when the
// corpus is absent).
#include <gtest/gtest.h>

#include <filesystem>

#include "converters/registry.h"
#include "tests/support/char_f1.h"
#include "tests/support/fixtures.h"

namespace jikji::converters {
namespace {

Document convertFile(const std::filesystem::path& path) {
    std::string bytes = test::readBytes(path);
    return convertInput(Input{bytes, path.filename().string()});
}

// The paragraph heads (numbers and bullets) of `blocks` and of everything inside them.
std::string headsOf(const std::vector<Block>& blocks) {
    std::string out;
    for (const Block& block : blocks) {
        if (!block.mark.empty() && block.kind != BlockKind::Note) out += block.mark.str() + " ";
        out += headsOf(block.children) + headsOf(block.caption);
        for (const TableRow& row : block.rows)
            for (const TableCell& cell : row.cells)
                out += headsOf(cell.blocks);
    }
    return out;
}

// The text of the text boxes in `blocks` that `keep` selects, wherever they stand, as
// renderText would give it were every such box a plain text box.
template <typename Keep>
std::string boxText(const std::vector<Block>& blocks, Keep keep) {
    std::string out;
    for (const Block& block : blocks) {
        if (block.kind == BlockKind::TextBox && keep(block)) {
            out += renderText(block.children);
            continue;
        }
        out += boxText(block.children, keep) + boxText(block.caption, keep);
        for (const TableRow& row : block.rows)
            for (const TableCell& cell : row.cells)
                out += boxText(cell.blocks, keep);
    }
    return out;
}

TEST(HwpxCorpus, EveryDocumentConvertsWithoutFailure) {
    auto corpus = test::corpusDir();
    if (!corpus) GTEST_SKIP() << "no corpus";
    std::size_t count = 0;
    for (const char* folder : {"hwpx", "hwpx-distribution"}) {
        for (const auto& entry : std::filesystem::directory_iterator(*corpus / folder)) {
            if (!entry.is_regular_file()) continue;
            Document document = convertFile(entry.path());
            EXPECT_EQ(document.format, "hwpx") << entry.path();
            EXPECT_FALSE(isFailure(document.status))
                << entry.path() << ": " << toString(document.status);
            ++count;
        }
    }
    EXPECT_GT(count, 150u);
}

// Scored as ../shared/tools/charf1.py scores it against python-hwpx, every file reaches 0.99 but
// three where the peer is wrong: it prints nothing for 글자겹침 (SimpleCompose) and 덧말
// (SimpleDutmal), and it keeps the deleted text of a tracked change (ChangeTrack), where the
// final text is asked for. The peer also prints memos and hidden comments inline, which the
// text leaves out (they are kept in annotation blocks): they are counted back in. It prints
// nothing of form objects (SimpleButtons, SimpleEdit, the check boxes of m2_corpus_form_002),
// whose captions and content the text holds: they are counted out. It prints no caption numbers
// (`hp:autoNum`): SimpleRectangle's one caption is `그림 1` in Hancom, `그림` in the peer.
TEST(HwpxCorpus, TextAgreesWithThePythonHwpxPeer) {
    auto corpus = test::corpusDir();
    if (!corpus) GTEST_SKIP() << "no corpus";
    std::filesystem::path peer = *corpus / "peers/python-hwpx";
    if (!std::filesystem::is_directory(peer)) GTEST_SKIP() << "no python-hwpx texts";
    std::size_t scored = 0;
    for (const auto& entry : std::filesystem::directory_iterator(peer)) {
        if (entry.path().extension() != ".txt") continue;
        std::string name = entry.path().stem().string();  // the corpus file's name
        std::filesystem::path source = *corpus / "hwpx" / name;
        if (!std::filesystem::exists(source)) source = *corpus / "hwpx-distribution" / name;
        if (!std::filesystem::exists(source)) continue;
        std::string reference = test::readBytes(entry.path());
        Document document = convertFile(source);
        std::string text = document.text + boxText(document.blocks, [](const Block& b) {
                               return !b.annotation.empty();
                           });
        std::string forms =
            boxText(document.blocks, [](const Block& b) { return !b.form.empty(); });
        // A multiset score: the forms' letters and the paragraph heads (which the peer does not
        // number: `1.`, `가.` before headings and list items, as Hancom shows them) are added to
        // what the peer should have printed.
        std::string expected = reference + forms + headsOf(document.blocks);
        if (name.find("SimpleCompose") != std::string::npos ||
            name.find("SimpleDutmal") != std::string::npos) {
            EXPECT_EQ(test::charF1(reference, ""), 1.0) << name << ": the peer prints letters now";
            EXPECT_EQ(test::charF1(text, ""), 0.0) << name << ": no text";
        } else if (name.find("SimpleRectangle") != std::string::npos) {
            EXPECT_EQ(reference.find("그림 1"), std::string::npos) << name << ": the peer numbers";
            EXPECT_NE(text.find("그림 1"), std::string::npos) << name << ": caption number lost";
            EXPECT_GE(test::charF1(text, expected + "1"), 0.99) << name;
        } else if (name.find("ChangeTrack") != std::string::npos) {
            EXPECT_NE(reference.find("추적"), std::string::npos) << name;
            EXPECT_EQ(text.find("추적"), std::string::npos) << name << ": deleted text kept";
            EXPECT_NE(text.find("인간은"), std::string::npos) << name;
        } else {
            EXPECT_GE(test::charF1(text, expected), 0.99) << name;
        }
        ++scored;
    }
    EXPECT_GE(scored, 80u);
}

TEST(HwpxCorpus, EncryptedAndDecryptedPairGiveTheSameText) {
    auto corpus = test::corpusDir();
    if (!corpus) GTEST_SKIP() << "no corpus";
    Document encrypted = convertFile(*corpus / "hwpx-distribution/octopus__encrypted.hwpx");
    Document decrypted = convertFile(*corpus / "hwpx-distribution/octopus__decrypted.hwpx");
    EXPECT_EQ(encrypted.status, Status::Ok);
    EXPECT_EQ(encrypted.metadata["protection"], "distribution");
    EXPECT_EQ(decrypted.metadata.count("protection"), 0u);
    EXPECT_FALSE(encrypted.text.empty());
    EXPECT_EQ(encrypted.text, decrypted.text);
}

TEST(HwpxCorpus, KoreaKrDistributionDocumentsGiveTheirText) {
    auto corpus = test::corpusDir();
    if (!corpus) GTEST_SKIP() << "no corpus";
    for (const char* name : {"octopus__korea-156742140.hwpx", "octopus__korea-156742677.hwpx"}) {
        Document document = convertFile(*corpus / "hwpx-distribution" / name);
        EXPECT_EQ(document.status, Status::Ok) << name;
        EXPECT_EQ(document.metadata["protection"], "distribution") << name;
        EXPECT_GT(document.text.size(), 1000u) << name;
        // The real text, not the distribution placeholder or mojibake.
        EXPECT_EQ(document.text.find("\xEF\xBF\xBD"), std::string::npos) << name;
    }
}

}  // namespace
}  // namespace jikji::converters
