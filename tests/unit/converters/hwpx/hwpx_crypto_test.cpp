// An encrypted part reads the same whether its declared plaintext size lets it be inflated whole
// or not, and a damaged one fails the same way both ways.
#include <gtest/gtest.h>

#include <string>

#include "converters/hwpx/hwpx_crypto.h"
#include "pipeline/errors.h"
#include "pipeline/limits.h"
#include "tests/support/hwpx_writer.h"

namespace jikji::converters::hwpx {
namespace {

const std::string kIv = "0123456789abcdef";

// About 200 KB of section-like XML: more than one 64 KiB chunk when streamed.
std::string samplePart() {
    std::string text = "<hs:sec>";
    for (int i = 0; i < 4000; ++i)
        text += "<hp:p><hp:t>배포용 문서 " + std::to_string(i * 7919 % 100003) + "</hp:t></hp:p>";
    return text + "</hs:sec>";
}

EncryptionData dataFor(std::uint64_t size) {
    EncryptionData data;
    data.algorithm = "http://www.w3.org/2001/04/xmlenc#aes256-cbc";
    data.iv = kIv;
    data.salt = kIv;
    data.iterations = 1024;
    data.size = size;
    return data;
}

struct Read {
    std::string plain;
    std::size_t chunks = 0;
    bool corrupt = false;
};

Read decrypt(const std::string& cipher, std::uint64_t declared) {
    Read read;
    try {
        decryptPart(
            cipher, dataFor(declared), startKeyFromPassword(test::hwpxDistributionPassword()),
            [&](std::string_view chunk) {
                read.plain.append(chunk);
                ++read.chunks;
            },
            limits::kMaxEntryBytes, "Contents/section0.xml");
    } catch (const CorruptError&) {
        read.corrupt = true;
    }
    return read;
}

TEST(HwpxCrypto, DeclaredSizeReadsWholeAndAWrongOneStreamsTheSameText) {
    std::string plain = samplePart();
    std::string cipher = test::encryptHwpxPart(plain, test::hwpxDistributionPassword(), kIv);
    Read whole = decrypt(cipher, plain.size());
    EXPECT_EQ(whole.plain, plain);
    EXPECT_EQ(whole.chunks, 1u);
    for (std::uint64_t wrong : {std::uint64_t{0}, plain.size() - 1, plain.size() + 1}) {
        Read streamed = decrypt(cipher, wrong);
        EXPECT_EQ(streamed.plain, plain) << wrong;
        EXPECT_GT(streamed.chunks, 1u) << wrong;
        EXPECT_FALSE(streamed.corrupt) << wrong;
    }
}

TEST(HwpxCrypto, TruncatedCipherFailsAlikeWithAndWithoutDeclaredSize) {
    std::string plain = samplePart();
    std::string cipher = test::encryptHwpxPart(plain, test::hwpxDistributionPassword(), kIv);
    cipher.resize(cipher.size() / 2);
    Read whole = decrypt(cipher, plain.size());
    Read streamed = decrypt(cipher, 0);
    EXPECT_TRUE(streamed.corrupt);
    EXPECT_TRUE(whole.corrupt);
    EXPECT_EQ(whole.plain, streamed.plain);
    EXPECT_LT(whole.plain.size(), plain.size());
    EXPECT_EQ(whole.plain, plain.substr(0, whole.plain.size()));
}

// Flipped bytes in the middle may still inflate (there is no CRC inside an encrypted part):
// whatever comes out, it is the same both ways.
TEST(HwpxCrypto, DamagedCipherReadsAlikeWithAndWithoutDeclaredSize) {
    std::string plain = samplePart();
    std::string cipher = test::encryptHwpxPart(plain, test::hwpxDistributionPassword(), kIv);
    for (std::size_t i = cipher.size() / 2; i < cipher.size() / 2 + 64; ++i)
        cipher[i] = static_cast<char>(cipher[i] ^ 0x5a);
    Read whole = decrypt(cipher, plain.size());
    Read streamed = decrypt(cipher, 0);
    EXPECT_EQ(whole.corrupt, streamed.corrupt);
    EXPECT_EQ(whole.plain, streamed.plain);
    EXPECT_NE(whole.plain, plain);
}

}  // namespace
}  // namespace jikji::converters::hwpx
