#include "converters/hwp5/hwp5_distribution.h"

#include <openssl/evp.h>

#include <memory>

#include "converters/common/binary_reader.h"
#include "converters/hwp5/hwp5_records.h"
#include "pipeline/errors.h"

namespace jikji::converters::hwp5 {

namespace {

constexpr std::size_t kPayloadBytes = 256;

// Applies the LCG XOR stream to bytes 4..255; XOR makes it its own inverse.
void scramble(std::string& data, std::uint32_t seed) {
    std::uint32_t state = seed;
    auto rand = [&state] {
        state = state * 214013u + 2531011u;
        return (state >> 16) & 0x7FFFu;
    };
    unsigned key = 0;
    unsigned run = 0;
    for (std::size_t i = 0; i < kPayloadBytes; ++i) {
        if (run == 0) {
            key = rand() & 0xFF;
            run = (rand() & 0xF) + 1;
        }
        if (i >= 4) data[i] = static_cast<char>(static_cast<unsigned char>(data[i]) ^ key);
        --run;
    }
}

std::uint32_t seedOf(std::string_view payload) {
    BinaryReader reader(payload, "distribution data");
    return reader.u32();
}

}  // namespace

std::string distributionKey(std::string_view payload) {
    if (payload.size() != kPayloadBytes)
        throw CorruptError("distribution data is " + std::to_string(payload.size()) +
                           " bytes, expected 256");
    std::string data(payload);
    std::uint32_t seed = seedOf(payload);
    scramble(data, seed);
    return data.substr(4 + (seed & 0xF), 16);
}

std::string makeDistributionPayload(std::uint32_t seed, std::string_view key) {
    std::string data(kPayloadBytes, '\0');
    for (std::size_t i = 0; i < kPayloadBytes; ++i)
        data[i] = static_cast<char>((i * 37 + 11) & 0xFF);
    for (int i = 0; i < 4; ++i)
        data[i] = static_cast<char>((seed >> (8 * i)) & 0xFF);
    data.replace(4 + (seed & 0xF), 16, std::string(key.substr(0, 16)));
    scramble(data, seed);
    return data;
}

std::string aes128Ecb(std::string_view key, std::string_view data, bool encrypt) {
    if (key.size() != 16) throw CorruptError("AES-128 key must be 16 bytes");
    std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> context(EVP_CIPHER_CTX_new(),
                                                                            EVP_CIPHER_CTX_free);
    if (!context) throw std::bad_alloc();
    const auto* keyBytes = reinterpret_cast<const unsigned char*>(key.data());
    if (EVP_CipherInit_ex(context.get(), EVP_aes_128_ecb(), nullptr, keyBytes, nullptr,
                          encrypt ? 1 : 0) != 1)
        throw CorruptError("AES-128-ECB: cannot initialise");
    EVP_CIPHER_CTX_set_padding(context.get(), 0);
    std::size_t whole = data.size() - data.size() % 16;
    std::string out(whole + 16, '\0');
    int written = 0;
    if (whole > 0 && EVP_CipherUpdate(context.get(), reinterpret_cast<unsigned char*>(out.data()),
                                      &written, reinterpret_cast<const unsigned char*>(data.data()),
                                      static_cast<int>(whole)) != 1)
        throw CorruptError("AES-128-ECB: cipher failed");
    out.resize(static_cast<std::size_t>(written));
    return out;
}

std::string decryptViewText(std::string_view stream) {
    RecordList head = parseRecords(stream.substr(0, std::min<std::size_t>(stream.size(), 264)));
    if (head.records.empty() || head.records.front().tag != tag::kDistributeDocData)
        throw CorruptError("ViewText section does not start with distribution data");
    std::string_view payload = head.records.front().payload;
    std::string key = distributionKey(payload);
    std::size_t headerBytes =
        static_cast<std::size_t>(payload.data() - stream.data()) + payload.size();
    return aes128Ecb(key, stream.substr(headerBytes), false);
}

}  // namespace jikji::converters::hwp5
