#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "pipeline/chunks.h"
#include "pipeline/markdown_writer.h"
#include "stages/extract/extract.h"
#include "tests/support/fixtures.h"

namespace jikji {
namespace {

Document extract(const std::filesystem::path& file) {
    std::string bytes = test::readBytes(file);
    return stages::extractDocument({bytes, file.filename().string()}, {.isolate = false});
}

// The Markdown of four corpus documents, pinned under fixtures/corpus-goldens/markdown/ (the
// corpus files stay in ../shared): a table-heavy press release, a form of merged cells,
// footnotes, equations. Regenerate with JIKJI_UPDATE_GOLDENS=1 and review the diff.
TEST(CorpusMarkdown, ChosenDocumentsMatchTheirGoldens) {
    auto corpus = test::corpusDir();
    if (!corpus) GTEST_SKIP() << "corpus absent";
    std::filesystem::path goldens = test::sourceDir() / "fixtures/corpus-goldens/markdown";
    bool update = std::getenv("JIKJI_UPDATE_GOLDENS") != nullptr;
    for (const char* name :
         {"hwpx/WBmaker2__rhwp__250813_보도자료_2025년_7월중_가계대출_동향.hwpx",
          "hwpx/pyhwpx__m2_corpus_form_002.hwpx", "hwpx/WBmaker2__rhwp__footnote-01.hwpx",
          "hwpx/ai-screams__HwpForge__equations.hwpx"}) {
        std::string markdown = renderMarkdown(extract(*corpus / name));
        std::filesystem::path golden =
            goldens / (std::filesystem::path(name).filename().string() + ".md");
        if (update) {
            std::filesystem::create_directories(goldens);
            std::ofstream(golden, std::ios::binary) << markdown;
        }
        ASSERT_TRUE(std::filesystem::exists(golden)) << golden;
        EXPECT_EQ(markdown, test::readBytes(golden)) << name;
    }
}

// Every corpus document: chunks meet end to end over `text`, and only a block or row group
// that is alone larger than the limit goes over it (flagged).
TEST(CorpusChunks, EveryDocumentIsCoveredExactlyWithinTheLimit) {
    auto corpus = test::corpusDir();
    if (!corpus) GTEST_SKIP() << "corpus absent";
    std::size_t documents = 0;
    std::size_t chunks = 0;
    for (const char* folder : {"hwp", "hwpx", "hwpx-distribution"}) {
        for (const auto& entry : std::filesystem::directory_iterator(*corpus / folder)) {
            Document document = extract(entry.path());
            std::vector<Chunk> parts = makeChunks(document);
            std::string name = entry.path().filename().string();
            std::size_t at = 0;
            for (const Chunk& chunk : parts) {
                EXPECT_EQ(chunk.textStart, at) << name;
                EXPECT_LE(chunk.textStart, chunk.textEnd) << name;
                at = chunk.textEnd;
                if (!chunk.oversize) {
                    EXPECT_LE(countCodePoints(chunk.markdown), 1500u) << name;
                } else if (!chunk.rows) {
                    // Over the limit: one block that shows anything (empty ones may join it).
                    std::size_t shown = 0;
                    MarkdownRenderer renderer;
                    for (const std::string& id : chunk.blockIds) {
                        const Block& block = document.blocks.at(std::stoul(id.substr(1)));
                        shown += renderer.piece(block).kind != MarkdownPiece::Kind::Empty;
                    }
                    EXPECT_EQ(shown, 1u) << name;
                }
            }
            EXPECT_EQ(at, countCodePoints(document.text)) << name;
            ++documents;
            chunks += parts.size();
        }
    }
    EXPECT_GT(documents, 300u);
    EXPECT_GT(chunks, documents);
}

}  // namespace
}  // namespace jikji
