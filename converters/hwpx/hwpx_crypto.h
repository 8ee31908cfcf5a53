#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace jikji::converters::hwpx {

/// How one package part is encrypted, from its `odf:encryption-data` in META-INF/manifest.xml
/// (binary fields already base64-decoded).
struct EncryptionData {
    std::string algorithm;
    std::string iv;
    std::string salt;
    std::uint32_t iterations = 0;
    std::uint32_t keySize = 32;
    std::string startKeyAlgorithm;
    std::string checksumType;
    std::string checksum;
    /// Plaintext size its `file-entry` declares (0: not declared). Only a hint: a part whose
    /// size disagrees is read as a stream.
    std::uint64_t size = 0;
};

/// Decodes base64 (whitespace ignored); empty on malformed input.
std::string decodeBase64(std::string_view text);

/// SHA-256 of a password: the start key from which PBKDF2 derives the AES key.
std::string startKeyFromPassword(std::string_view password);

/// The start key of distribution (배포용) documents: Hancom's fixed password, published in its
/// own OWPML model (OWPMLApi/OWPMLSerialize.cpp, `s_distibutepassword`).
const std::string& distributionStartKey();

/// True when `startKey` decrypts the part so that its checksum (SHA-256 or SHA-1 of the first
/// 1024 inflated bytes) matches. Throws EncryptedError for a scheme this reader does not know.
bool verifyKey(std::string_view cipher, const EncryptionData& data, std::string_view startKey);

/// Decrypts (AES-256-CBC, zero padding) and inflates (raw deflate) one part, handing the
/// plaintext over in chunks: in one piece when the declared size is right and within
/// limits::kMaxWholeInflateBytes (libdeflate), else streamed (zlib). Throws LimitError past `limit`
/// bytes or the compression ratio limit, CorruptError when the ciphertext or the deflate stream is
/// broken.
void decryptPart(std::string_view cipher, const EncryptionData& data, std::string_view startKey,
                 const std::function<void(std::string_view)>& chunk, std::uint64_t limit,
                 const std::string& where);

}  // namespace jikji::converters::hwpx
