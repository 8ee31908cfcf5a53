// Zip entries read whole (libdeflate) and streamed (libzip) give the same bytes, and damaged or
// oversized entries fail the same way both ways: the whole read hands anything odd to the stream.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "converters/common/zip_container.h"
#include "pipeline/errors.h"
#include "tests/support/fixtures.h"

namespace jikji::converters {
namespace {

using Inflater = ZipContainer::Inflater;

// Text that deflates but not to nothing: numbered lines of Hangul and ASCII.
std::string sampleText(std::size_t lines) {
    std::string text;
    for (std::size_t i = 0; i < lines; ++i)
        text += "<hp:p id=\"" + std::to_string(i * 7919 % 100003) + "\"><hp:t>보도자료 " +
                std::to_string(i) + "번째 줄</hp:t></hp:p>\n";
    return text;
}

std::uint32_t readLe32(const std::string& bytes, std::size_t at) {
    std::uint32_t value = 0;
    for (int i = 3; i >= 0; --i)
        value = value << 8 | static_cast<unsigned char>(bytes[at + static_cast<std::size_t>(i)]);
    return value;
}

std::uint32_t readLe16(const std::string& bytes, std::size_t at) {
    return readLe32(bytes, at) & 0xffff;
}

void writeLe32(std::string& bytes, std::size_t at, std::uint32_t value) {
    for (int i = 0; i < 4; ++i)
        bytes[at + static_cast<std::size_t>(i)] = static_cast<char>(value >> (8 * i) & 0xff);
}

// Offsets of the one entry of a zip written by makeZip: its local header and its central
// directory record.
struct Headers {
    std::size_t local;
    std::size_t central;
};

Headers headersOf(const std::string& zip) {
    Headers headers{zip.find("PK\x03\x04"), zip.rfind("PK\x01\x02")};
    EXPECT_NE(headers.local, std::string::npos);
    EXPECT_NE(headers.central, std::string::npos);
    return headers;
}

// Sets the CRC-32 (local offset 14, central 16) or the uncompressed size (22, 24) in both.
void patchField(std::string& zip, std::size_t localOffset, std::size_t centralOffset,
                std::uint32_t value) {
    Headers headers = headersOf(zip);
    writeLe32(zip, headers.local + localOffset, value);
    writeLe32(zip, headers.central + centralOffset, value);
}

struct Outcome {
    std::string delivered;  // bytes handed to the chunk callback, in order
    std::size_t chunks = 0;
    std::string error;  // "corrupt", "limit" or "" when the read succeeded
};

Outcome streamOf(const std::string& zip, Inflater inflater,
                 std::uint64_t limit = limits::kMaxEntryBytes) {
    ZipContainer container(zip);
    container.setInflater(inflater);
    Outcome outcome;
    try {
        container.readChunks(
            "Contents/section0.xml",
            [&](std::string_view chunk) {
                outcome.delivered.append(chunk);
                ++outcome.chunks;
            },
            limit);
    } catch (const CorruptError&) {
        outcome.error = "corrupt";
    } catch (const LimitError&) {
        outcome.error = "limit";
    }
    return outcome;
}

std::string sampleZip(const std::string& text) {
    return test::makeZip({{"Contents/section0.xml", text}});
}

TEST(ZipContainer, WholeAndStreamedInflateGiveTheSameBytes) {
    std::string text = sampleText(20000);  // about 1 MB
    std::string zip = sampleZip(text);
    Outcome whole = streamOf(zip, Inflater::Whole);
    Outcome stream = streamOf(zip, Inflater::Stream);
    EXPECT_EQ(whole.error, "");
    EXPECT_EQ(stream.error, "");
    EXPECT_EQ(whole.delivered, text);
    EXPECT_EQ(stream.delivered, text);
    EXPECT_EQ(whole.chunks, 1u);
    EXPECT_GT(stream.chunks, 1u);
    for (Inflater inflater : {Inflater::Whole, Inflater::Stream}) {
        ZipContainer container(zip);
        container.setInflater(inflater);
        EXPECT_EQ(container.read("Contents/section0.xml"), text);
        EXPECT_EQ(container.totalRead(), text.size());
        EXPECT_EQ(container.read("Contents/absent.xml"), std::nullopt);
    }
}

TEST(ZipContainer, WrongCrcIsCorruptWhenReadWhole) {
    std::string text = sampleText(2000);
    std::string zip = sampleZip(text);
    Headers headers = headersOf(zip);
    std::uint32_t crc = readLe32(zip, headers.central + 16);
    patchField(zip, 14, 16, crc ^ 0x1);
    Outcome whole = streamOf(zip, Inflater::Whole);
    Outcome stream = streamOf(zip, Inflater::Stream);
    EXPECT_EQ(whole.error, "corrupt");
    EXPECT_EQ(stream.error, "corrupt");
    EXPECT_EQ(whole.delivered, stream.delivered);
    ZipContainer container(zip);
    EXPECT_THROW(container.read("Contents/section0.xml"), CorruptError);
}

TEST(ZipContainer, DamagedDeflateDataFailsAlikeWholeAndStreamed) {
    std::string text = sampleText(20000);
    std::string zip = sampleZip(text);
    Headers headers = headersOf(zip);
    // The deflated bytes follow the local header's 30 bytes, the name and the extra field.
    std::size_t data =
        headers.local + 30 + readLe16(zip, headers.local + 26) + readLe16(zip, headers.local + 28);
    // Overwrite a stretch in the middle of the deflated bytes.
    std::size_t middle = data + (headers.central - data) / 2;
    for (std::size_t i = 0; i < 64; ++i)
        zip[middle + i] = static_cast<char>(0xff);
    Outcome whole = streamOf(zip, Inflater::Whole);
    Outcome stream = streamOf(zip, Inflater::Stream);
    EXPECT_EQ(stream.error, "corrupt");
    EXPECT_EQ(whole.error, stream.error);
    EXPECT_EQ(whole.delivered, stream.delivered);
    EXPECT_LT(whole.delivered.size(), text.size());
}

TEST(ZipContainer, DeclaredSizeSmallerThanTheDataIsNotTrusted) {
    std::string text = sampleText(2000);
    std::string zip = sampleZip(text);
    patchField(zip, 22, 24, static_cast<std::uint32_t>(text.size() / 2));
    Outcome whole = streamOf(zip, Inflater::Whole);
    Outcome stream = streamOf(zip, Inflater::Stream);
    EXPECT_EQ(whole.error, stream.error);
    EXPECT_EQ(whole.delivered, stream.delivered);
    EXPECT_NE(whole.delivered, text.substr(0, text.size() / 2));
}

TEST(ZipContainer, EntryLimitHoldsForWholeEntries) {
    std::string text = sampleText(2000);
    std::string zip = sampleZip(text);
    Outcome whole = streamOf(zip, Inflater::Whole, 1000);
    EXPECT_EQ(whole.error, "limit");
    EXPECT_EQ(whole.delivered, streamOf(zip, Inflater::Stream, 1000).delivered);
    ZipContainer container(zip);
    EXPECT_THROW(container.read("Contents/section0.xml", 1000), LimitError);
}

TEST(ZipContainer, StoredEntriesReadTheSameWholeAndStreamed) {
    std::string text = sampleText(500);
    std::string zip = test::makeZip({{"Contents/section0.xml", text, true}});
    EXPECT_EQ(streamOf(zip, Inflater::Whole).delivered, text);
    EXPECT_EQ(streamOf(zip, Inflater::Stream).delivered, text);
}

}  // namespace
}  // namespace jikji::converters
