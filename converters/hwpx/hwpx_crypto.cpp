#include "converters/hwpx/hwpx_crypto.h"

#include <openssl/evp.h>
#include <openssl/sha.h>
#include <zlib.h>

#include <memory>
#include <optional>
#include <vector>

#include "converters/common/whole_inflate.h"
#include "pipeline/errors.h"
#include "pipeline/limits.h"

namespace jikji::converters::hwpx {

namespace {

constexpr std::size_t kBlock = 16;
constexpr std::size_t kChecksumBytes = 1024;
// Enough ciphertext to inflate the first kilobyte of any sane part when testing a key.
constexpr std::size_t kProbeCipherBytes = 64 * 1024;
constexpr std::size_t kChunk = 64 * 1024;

struct CipherFree {
    void operator()(EVP_CIPHER_CTX* context) const { EVP_CIPHER_CTX_free(context); }
};

bool endsWith(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

std::string deriveKey(const EncryptionData& data, std::string_view startKey) {
    if (!endsWith(data.algorithm, "aes256-cbc"))
        throw EncryptedError("unsupported encryption algorithm " + data.algorithm);
    if (data.iv.size() != kBlock) throw EncryptedError("encryption IV is not 16 bytes");
    if (data.keySize != 32) throw EncryptedError("unsupported key size");
    if (data.iterations == 0 || data.iterations > limits::kMaxKeyDerivationIterations)
        throw EncryptedError("PBKDF2 iteration count out of range");
    std::string key(32, '\0');
    if (PKCS5_PBKDF2_HMAC_SHA1(startKey.data(), static_cast<int>(startKey.size()),
                               reinterpret_cast<const unsigned char*>(data.salt.data()),
                               static_cast<int>(data.salt.size()),
                               static_cast<int>(data.iterations), 32,
                               reinterpret_cast<unsigned char*>(key.data())) != 1)
        throw EncryptedError("key derivation failed");
    return key;
}

std::unique_ptr<EVP_CIPHER_CTX, CipherFree> startDecrypting(const EncryptionData& data,
                                                            std::string_view startKey) {
    std::string key = deriveKey(data, startKey);
    std::unique_ptr<EVP_CIPHER_CTX, CipherFree> context(EVP_CIPHER_CTX_new());
    if (!context) throw std::bad_alloc();
    if (EVP_DecryptInit_ex(context.get(), EVP_aes_256_cbc(), nullptr,
                           reinterpret_cast<const unsigned char*>(key.data()),
                           reinterpret_cast<const unsigned char*>(data.iv.data())) != 1)
        throw EncryptedError("cannot initialise AES");
    EVP_CIPHER_CTX_set_padding(context.get(), 0);
    return context;
}

// The whole plaintext in one go, when the manifest declares its size and that size is within
// the limits; nullopt on anything odd, so that the stream below reads the part and reports the
// damage as it always has.
std::optional<std::string> decryptWhole(std::string_view cipher, const EncryptionData& data,
                                        std::string_view startKey, std::uint64_t limit) {
    if (data.size == 0 || data.size > limit || data.size > limits::kMaxWholeInflateBytes ||
        cipher.size() > limits::kMaxWholeInflateBytes ||
        limits::exceedsCompressionRatio(data.size, cipher.size()))
        return std::nullopt;
    auto context = startDecrypting(data, startKey);
    std::size_t usable = cipher.size() - cipher.size() % kBlock;
    std::string deflated(usable + kBlock, '\0');
    int length = 0;
    if (EVP_DecryptUpdate(context.get(), reinterpret_cast<unsigned char*>(deflated.data()), &length,
                          reinterpret_cast<const unsigned char*>(cipher.data()),
                          static_cast<int>(usable)) != 1)
        return std::nullopt;
    std::string plain(static_cast<std::size_t>(data.size), '\0');
    if (!inflateExactly(std::string_view(deflated.data(), static_cast<std::size_t>(length)),
                        plain.data(), plain.size()))
        return std::nullopt;
    return plain;
}

// Decrypts and inflates, calling `out` for each piece of plaintext until it returns false.
// Returns true when the deflate stream ended cleanly.
template <typename Out>
bool decryptInflate(std::string_view cipher, const EncryptionData& data, std::string_view startKey,
                    Out&& out) {
    auto context = startDecrypting(data, startKey);

    z_stream stream{};
    if (inflateInit2(&stream, -MAX_WBITS) != Z_OK) throw std::bad_alloc();
    struct InflateEnd {
        z_stream* stream;
        ~InflateEnd() { inflateEnd(stream); }
    } inflateEndGuard{&stream};

    std::vector<unsigned char> plain(kChunk + kBlock);
    std::vector<unsigned char> inflated(kChunk);
    std::size_t usable = cipher.size() - cipher.size() % kBlock;
    for (std::size_t offset = 0; offset < usable;) {
        std::size_t take = std::min(kChunk, usable - offset);
        int plainLength = 0;
        if (EVP_DecryptUpdate(context.get(), plain.data(), &plainLength,
                              reinterpret_cast<const unsigned char*>(cipher.data() + offset),
                              static_cast<int>(take)) != 1)
            return false;
        offset += take;
        stream.next_in = plain.data();
        stream.avail_in = static_cast<uInt>(plainLength);
        while (stream.avail_in > 0) {
            stream.next_out = inflated.data();
            stream.avail_out = static_cast<uInt>(inflated.size());
            int code = inflate(&stream, Z_NO_FLUSH);
            std::size_t produced = inflated.size() - stream.avail_out;
            if (produced &&
                !out(std::string_view(reinterpret_cast<const char*>(inflated.data()), produced)))
                return true;
            // What follows the end of the deflate stream is the zero padding.
            if (code == Z_STREAM_END) return true;
            if (code != Z_OK && code != Z_BUF_ERROR) return false;
            if (code == Z_BUF_ERROR && produced == 0) break;
        }
    }
    return false;
}

}  // namespace

std::string decodeBase64(std::string_view text) {
    std::string clean;
    for (char c : text)
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t') clean += c;
    if (clean.empty() || clean.size() % 4) return {};
    std::string out(clean.size() / 4 * 3, '\0');
    int length = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                 reinterpret_cast<const unsigned char*>(clean.data()),
                                 static_cast<int>(clean.size()));
    if (length < 0) return {};
    std::size_t padding = 0;
    if (clean.back() == '=') ++padding;
    if (clean.size() > 1 && clean[clean.size() - 2] == '=') ++padding;
    out.resize(static_cast<std::size_t>(length) - padding);
    return out;
}

std::string startKeyFromPassword(std::string_view password) {
    std::string key(SHA256_DIGEST_LENGTH, '\0');
    SHA256(reinterpret_cast<const unsigned char*>(password.data()), password.size(),
           reinterpret_cast<unsigned char*>(key.data()));
    return key;
}

const std::string& distributionStartKey() {
    // The quotes are part of the password.
    static const std::string key = startKeyFromPassword("\"Yang WangSunv!!\"");
    return key;
}

bool verifyKey(std::string_view cipher, const EncryptionData& data, std::string_view startKey) {
    std::string head;
    bool clean = decryptInflate(
        cipher.substr(0, kProbeCipherBytes), data, startKey, [&](std::string_view piece) {
            head.append(piece.substr(0, std::min(piece.size(), kChecksumBytes - head.size())));
            return head.size() < kChecksumBytes;
        });
    if (head.empty()) return false;
    if (!clean && head.size() < kChecksumBytes && cipher.size() <= kProbeCipherBytes) return false;
    if (data.checksum.empty()) return true;
    std::string digest;
    if (endsWith(data.checksumType, "sha256-1k")) {
        digest.resize(SHA256_DIGEST_LENGTH);
        SHA256(reinterpret_cast<const unsigned char*>(head.data()), head.size(),
               reinterpret_cast<unsigned char*>(digest.data()));
    } else if (endsWith(data.checksumType, "sha1-1k") || endsWith(data.checksumType, "sha1/1k")) {
        digest.resize(SHA_DIGEST_LENGTH);
        SHA1(reinterpret_cast<const unsigned char*>(head.data()), head.size(),
             reinterpret_cast<unsigned char*>(digest.data()));
    } else {
        // An unknown checksum cannot confirm the key; a clean inflate is the next best test.
        return true;
    }
    return digest == data.checksum;
}

void decryptPart(std::string_view cipher, const EncryptionData& data, std::string_view startKey,
                 const std::function<void(std::string_view)>& chunk, std::uint64_t limit,
                 const std::string& where) {
    if (auto whole = decryptWhole(cipher, data, startKey, limit)) {
        chunk(*whole);
        return;
    }
    std::uint64_t produced = 0;
    bool clean = decryptInflate(cipher, data, startKey, [&](std::string_view piece) {
        produced += piece.size();
        if (produced > limit)
            throw LimitError(where + " decrypts beyond " + std::to_string(limit) + " bytes");
        if (limits::exceedsCompressionRatio(produced, cipher.size()))
            throw LimitError(where + " exceeds compression ratio " +
                             std::to_string(limits::kMaxCompressionRatio));
        chunk(piece);
        return true;
    });
    if (!clean) throw CorruptError(where + ": encrypted part is truncated or damaged");
}

}  // namespace jikji::converters::hwpx
