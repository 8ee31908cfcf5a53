// One metadata vocabulary for every format: every corpus document (HWP 5, HWPX, HWPML, HWP 3, PDF)
// names its metadata with the shared words and types them (skipped when the corpus is absent).
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

#include "converters/registry.h"
#include "pipeline/json_writer.h"
#include "tests/support/fixtures.h"

namespace jikji {
namespace {

TEST(CorpusMetadata, EveryDocumentUsesTheSharedVocabularyAndTypes) {
    auto corpus = test::corpusDir();
    if (!corpus) GTEST_SKIP() << "corpus absent";
    static const std::regex rfc3339(
        "[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2}"
        "))"
        "?");
    std::size_t documents = 0, withAuthor = 0, withPages = 0;
    for (const char* folder : {"hwp", "hwpx", "hwpx-distribution", "other", "hwp3", "pdf"}) {
        for (const auto& entry : std::filesystem::directory_iterator(*corpus / folder)) {
            std::string name = entry.path().filename().string();
            if (std::string(folder) == "other" && entry.path().extension() != ".hml") continue;
            std::string bytes = test::readBytes(entry.path());
            Document document = converters::convertInput({bytes, name});
            if (document.format != "hwp5" && document.format != "hwpx" &&
                document.format != "hwpml" && document.format != "hwp3" && document.format != "pdf")
                continue;
            ++documents;
            for (const char* old : {"creator", "creator_tool", "app_version", "hwpx_version"})
                EXPECT_EQ(document.metadata.count(old), 0u) << name << " still says " << old;
            for (const char* date : {"created", "modified"})
                if (document.metadata.count(date))
                    EXPECT_TRUE(std::regex_match(document.metadata[date], rfc3339))
                        << name << ": " << date << " = " << document.metadata[date];
            if (document.metadata.count("pages")) {
                EXPECT_TRUE(isPageCount(document.metadata["pages"])) << name;
                // Written as a JSON number, not a string.
                EXPECT_TRUE(
                    documentToJson(document)->getObject("metadata")->get("pages").isInteger())
                    << name;
                ++withPages;
            }
            withAuthor += document.metadata.count("author");
        }
    }
    EXPECT_GT(documents, 400u);
    EXPECT_GT(withAuthor, 150u);
    RecordProperty("documents", static_cast<int>(documents));
    RecordProperty("with_pages", static_cast<int>(withPages));
}

}  // namespace
}  // namespace jikji
