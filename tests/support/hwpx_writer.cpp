#include "tests/support/hwpx_writer.h"

#include <openssl/evp.h>
#include <openssl/sha.h>
#include <zlib.h>

#include <stdexcept>

namespace jikji::test {

namespace {

std::string ns(const std::string& family, const std::string& role) {
    if (family == "2024") return "http://www.owpml.org/owpml/2024/" + role;
    return "http://www.hancom.co.kr/hwpml/2011/" + role;
}

std::string namespaces(const std::string& family) {
    return " xmlns:hp=\"" + ns(family, "paragraph") + "\" xmlns:hs=\"" + ns(family, "section") +
           "\" xmlns:hc=\"" + ns(family, "core") + "\" xmlns:hh=\"" + ns(family, "head") + "\"";
}

std::string base64(const std::string& bytes) {
    std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
    int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                 reinterpret_cast<const unsigned char*>(bytes.data()),
                                 static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(length));
    return out;
}

std::string rawDeflate(const std::string& plain) {
    z_stream stream{};
    if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) !=
        Z_OK)
        throw std::runtime_error("deflateInit2");
    std::string out(deflateBound(&stream, plain.size()), '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(plain.data()));
    stream.avail_in = static_cast<uInt>(plain.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    deflate(&stream, Z_FINISH);
    out.resize(stream.total_out);
    deflateEnd(&stream);
    return out;
}

std::string sha256(const std::string& bytes) {
    std::string digest(SHA256_DIGEST_LENGTH, '\0');
    SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
           reinterpret_cast<unsigned char*>(digest.data()));
    return digest;
}

std::string encryptionEntry(const std::string& path, const std::string& plain,
                            const std::string& iv) {
    return "<odf:file-entry full-path=\"" + path + "\" media-type=\"application/xml\" size=\"" +
           std::to_string(plain.size()) +
           "\"><odf:encryption-data checksum-type=\"urn:oasis:names:tc:opendocument:xmlns:"
           "manifest:1.0#sha256-1k\" checksum=\"" +
           base64(sha256(plain.substr(0, 1024))) +
           "\"><odf:algorithm algorithm-name=\"http://www.w3.org/2001/04/xmlenc#aes256-cbc\" "
           "initialisation-vector=\"" +
           base64(iv) +
           "\"/><odf:key-derivation key-derivation-name=\"urn:oasis:names:tc:opendocument:"
           "xmlns:manifest:1.0#pbkdf2\" key-size=\"32\" iteration-count=\"1024\" salt=\"" +
           base64(iv) +
           "\"/><odf:start-key-generation start-key-generation-name=\"http://www.w3.org/2000/"
           "09/xmldsig#sha256\" key-size=\"32\"/></odf:encryption-data></odf:file-entry>";
}

}  // namespace

std::string hwpxDistributionPassword() {
    return "\"Yang WangSunv!!\"";
}

std::string encryptHwpxPart(const std::string& plain, const std::string& password,
                            const std::string& iv) {
    std::string startKey = sha256(password);
    unsigned char key[32];
    PKCS5_PBKDF2_HMAC_SHA1(startKey.data(), static_cast<int>(startKey.size()),
                           reinterpret_cast<const unsigned char*>(iv.data()),
                           static_cast<int>(iv.size()), 1024, 32, key);
    std::string data = rawDeflate(plain);
    data.append((16 - data.size() % 16) % 16, '\0');
    EVP_CIPHER_CTX* context = EVP_CIPHER_CTX_new();
    EVP_EncryptInit_ex(context, EVP_aes_256_cbc(), nullptr, key,
                       reinterpret_cast<const unsigned char*>(iv.data()));
    EVP_CIPHER_CTX_set_padding(context, 0);
    std::string out(data.size() + 16, '\0');
    int length = 0, last = 0;
    EVP_EncryptUpdate(context, reinterpret_cast<unsigned char*>(out.data()), &length,
                      reinterpret_cast<const unsigned char*>(data.data()),
                      static_cast<int>(data.size()));
    EVP_EncryptFinal_ex(context, reinterpret_cast<unsigned char*>(out.data()) + length, &last);
    EVP_CIPHER_CTX_free(context);
    out.resize(static_cast<std::size_t>(length + last));
    return out;
}

std::string hwpxParagraph(const std::string& inner, const std::string& paraPr) {
    return "<hp:p paraPrIDRef=\"" + paraPr +
           "\" styleIDRef=\"0\"><hp:run charPrIDRef=\"0\"><hp:t>" + inner +
           "</hp:t></hp:run></hp:p>";
}

std::string writeHwpx(const HwpxSpec& spec) {
    std::vector<ZipEntry> entries;
    entries.push_back({"mimetype", "application/hwp+zip", true});
    entries.push_back({"version.xml",
                       "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\" ?>"
                       "<hv:HCFVersion xmlns:hv=\"http://www.hancom.co.kr/hwpml/2011/version\" "
                       "tagetApplication=\"WORDPROCESSOR\" major=\"5\" minor=\"1\" micro=\"1\" "
                       "buildNumber=\"0\" os=\"1\" xmlVersion=\"1.5\" application=\"Jikji test "
                       "writer\" appVersion=\"1.0\"/>"});

    std::vector<std::pair<std::string, std::string>> parts;
    if (spec.header)
        parts.emplace_back("Contents/header.xml",
                           "<?xml version=\"1.0\" encoding=\"UTF-8\"?><hh:head" +
                               namespaces(spec.family) + " version=\"1.5\"><hh:refList>" +
                               spec.refListHead + "<hh:paraProperties>" + spec.paraProperties +
                               "</hh:paraProperties>" + spec.refListTail +
                               "</hh:refList></hh:head>");
    for (std::size_t i = 0; i < spec.sections.size(); ++i) {
        std::string xml = spec.rawSections
                              ? spec.sections[i]
                              : "<?xml version=\"1.0\" encoding=\"UTF-8\"?><hs:sec" +
                                    namespaces(spec.family) + ">" + spec.sections[i] + "</hs:sec>";
        parts.emplace_back("Contents/section" + std::to_string(i) + ".xml", xml);
    }

    std::string manifest =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><odf:manifest "
        "xmlns:odf=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\">";
    std::string password = spec.encryption == HwpxEncryption::Distribution
                               ? hwpxDistributionPassword()
                               : spec.password;
    int ivSeed = 1;
    for (auto& [path, plain] : parts) {
        if (spec.encryption == HwpxEncryption::None) {
            entries.push_back({path, plain, false});
            continue;
        }
        std::string iv(16, '\0');
        for (std::size_t k = 0; k < iv.size(); ++k)
            iv[k] = static_cast<char>(ivSeed * 31 + static_cast<int>(k) * 7);
        ++ivSeed;
        manifest += encryptionEntry(path, plain, iv);
        entries.push_back({path, encryptHwpxPart(plain, password, iv), true});
    }
    manifest += "</odf:manifest>";

    if (spec.contentHpf) {
        std::string hpf =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><opf:package "
            "xmlns:opf=\"http://www.idpf.org/2007/opf/\" version=\"\" unique-identifier=\"\" "
            "id=\"\"><opf:metadata>";
        for (const auto& [name, value] : spec.metadata) {
            if (name == "title")
                hpf += "<opf:title>" + value + "</opf:title>";
            else
                hpf += "<opf:meta name=\"" + name + "\" content=\"text\">" + value + "</opf:meta>";
        }
        hpf += "</opf:metadata><opf:manifest>";
        if (spec.header)
            hpf +=
                "<opf:item id=\"header\" href=\"Contents/header.xml\" "
                "media-type=\"application/xml\"/>";
        for (std::size_t i = 0; i < spec.sections.size(); ++i)
            hpf += "<opf:item id=\"section" + std::to_string(i) + "\" href=\"Contents/section" +
                   std::to_string(i) + ".xml\" media-type=\"application/xml\"/>";
        for (const auto& item : spec.items)
            hpf += "<opf:item id=\"" + item.at(0) + "\" href=\"" + item.at(1) + "\" media-type=\"" +
                   item.at(2) + "\" isEmbeded=\"1\"/>";
        hpf += "</opf:manifest><opf:spine>";
        if (spec.header) hpf += "<opf:itemref idref=\"header\" linear=\"yes\"/>";
        std::vector<int> order = spec.spine;
        if (order.empty())
            for (std::size_t i = 0; i < spec.sections.size(); ++i)
                order.push_back(static_cast<int>(i));
        for (int i : order)
            hpf += "<opf:itemref idref=\"section" + std::to_string(i) + "\" linear=\"yes\"/>";
        hpf += "</opf:spine></opf:package>";
        entries.push_back({"Contents/content.hpf", hpf, false});
    }
    if (spec.manifest) entries.push_back({"META-INF/manifest.xml", manifest, false});
    for (const ZipEntry& entry : spec.extraEntries)
        entries.push_back(entry);
    return makeZip(entries);
}

}  // namespace jikji::test
