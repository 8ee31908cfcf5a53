#include "sha256.h"

#include <openssl/evp.h>

#include <stdexcept>

namespace jikji {

std::string sha256Hex(std::string_view bytes) {
    // OpenSSL's SHA-256 uses the CPU's SHA extensions: several times faster than a portable one
    // on the inputs every conversion hashes for its provenance.
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), digest, &size, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("SHA-256 failed");
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex(2 * size, '0');
    for (unsigned int i = 0; i < size; ++i) {
        hex[2 * i] = kHex[digest[i] >> 4];
        hex[2 * i + 1] = kHex[digest[i] & 0xF];
    }
    return hex;
}

}  // namespace jikji
