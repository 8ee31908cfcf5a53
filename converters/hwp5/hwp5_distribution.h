#pragma once

#include <string>
#include <string_view>

namespace jikji::converters::hwp5 {

/// Decrypts one `ViewText/SectionN` stream of a distribution (배포용) document: its first
/// record is HWPTAG_DISTRIBUTE_DOC_DATA, a 256-byte payload that, descrambled with an
/// MSVC-style LCG seeded by its first DWORD, carries the AES-128 key; the rest of the stream
/// is AES-128-ECB ciphertext of the (possibly deflated) section. Returns the plaintext, still
/// compressed when the document is. Throws CorruptError when the stream is not of that shape.
std::string decryptViewText(std::string_view stream);

/// The AES key hidden in a 256-byte distribution payload (exposed for the test writer).
std::string distributionKey(std::string_view payload);

/// The inverse of the descrambling, for the test writer: a 256-byte payload with `seed` in
/// its first DWORD that carries `key` (16 bytes).
std::string makeDistributionPayload(std::uint32_t seed, std::string_view key);

/// AES-128-ECB without padding; `encrypt` false decrypts. Input length must be a multiple of
/// 16 (a trailing partial block is dropped).
std::string aes128Ecb(std::string_view key, std::string_view data, bool encrypt);

}  // namespace jikji::converters::hwp5
