#include "converters/detect/detect.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <functional>

#include "converters/common/ole_container.h"
#include "converters/common/zip_container.h"

namespace jikji::converters {

namespace {

constexpr std::string_view kOleMagic = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
constexpr std::string_view kZipMagic = "PK\x03\x04";
constexpr std::string_view kHwp5Signature = "HWP Document File";
constexpr std::string_view kHwp3Signature = "HWP Document File V3.00";
constexpr std::string_view kHwpxMime = "application/hwp+zip";

bool startsWith(std::string_view bytes, std::string_view prefix) {
    return bytes.substr(0, prefix.size()) == prefix;
}

Detection make(std::string format, std::string mediaType, int confidence, std::string detail) {
    return Detection{std::move(format), std::move(mediaType), confidence, std::move(detail)};
}

Detection detectOle(std::string_view bytes) {
    try {
        OleContainer ole(bytes);
        if (auto header = ole.read("FileHeader", 4096)) {
            if (startsWith(*header, kHwp5Signature))
                return make("hwp5", "application/x-hwp", 100, "OLE stream FileHeader");
            return make("ole", "application/x-ole-storage", 60,
                        "OLE FileHeader stream without HWP signature");
        }
        if (ole.contains("\005HwpSummaryInformation") || ole.contains("BodyText"))
            return make("hwp5", "application/x-hwp", 80, "OLE HWP streams without FileHeader");
        return make("ole", "application/x-ole-storage", 90, "OLE compound file, no HWP streams");
    } catch (const std::exception&) {
        // A truncated compound file: the directory may still be readable as bytes.
        static constexpr std::string_view kFileHeaderName{"F\0i\0l\0e\0H\0e\0a\0d\0e\0r\0", 20};
        if (bytes.find(kFileHeaderName) != std::string_view::npos &&
            bytes.find(kHwp5Signature) != std::string_view::npos)
            return make("hwp5", "application/x-hwp", 60, "damaged OLE file with HWP streams");
        return make("ole", "application/x-ole-storage", 50, "damaged OLE compound file");
    }
}

Detection detectZip(std::string_view bytes) {
    // Hancom writes `mimetype` first and stored: the local header alone decides.
    if (bytes.size() > 30 && bytes.substr(30, 8) == "mimetype" &&
        bytes.substr(30, 80).find(kHwpxMime) != std::string_view::npos)
        return make("hwpx", "application/hwp+zip", 100, "zip, stored mimetype first");
    try {
        ZipContainer zip(bytes);
        if (zip.contains("mimetype") && zip.declaredSize("mimetype") < 256) {
            auto mime = zip.read("mimetype", 256);
            if (mime && mime->find(kHwpxMime) != std::string::npos)
                return make("hwpx", "application/hwp+zip", 100, "zip mimetype entry");
        }
        if (zip.contains("Contents/content.hpf"))
            return make("hwpx", "application/hwp+zip", 90, "zip with Contents/content.hpf");
        for (const std::string& name : zip.names())
            if (startsWith(name, "Contents/section") && name.ends_with(".xml"))
                return make("hwpx", "application/hwp+zip", 80, "zip with Contents/section*.xml");
        return make("zip", "application/zip", 90, "zip archive, not HWPX");
    } catch (const std::exception&) {
        return make("zip", "application/zip", 50, "damaged zip archive");
    }
}

// The first element name of an XML or HTML text, skipping BOM, declarations, comments and
// DOCTYPE; lower-cased. Empty when the text does not look like markup.
std::string firstElementName(std::string_view bytes) {
    std::string_view text = bytes.substr(0, 8192);
    if (startsWith(text, "\xEF\xBB\xBF")) text.remove_prefix(3);
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])))
            ++i;
        if (i >= text.size() || text[i] != '<') return {};
        if (text.substr(i, 4) == "<!--") {
            std::size_t end = text.find("-->", i + 4);
            if (end == std::string_view::npos) return {};
            i = end + 3;
            continue;
        }
        if (text.substr(i, 2) == "<?" || text.substr(i, 2) == "<!") {
            // DOCTYPE may carry an internal subset in brackets.
            std::size_t bracket = text.find('[', i);
            std::size_t close = text.find('>', i);
            if (close == std::string_view::npos) return {};
            if (bracket != std::string_view::npos && bracket < close) {
                std::size_t end = text.find("]>", bracket);
                if (end == std::string_view::npos) return {};
                i = end + 2;
            } else {
                i = close + 1;
            }
            continue;
        }
        std::size_t start = i + 1;
        std::size_t end = start;
        while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) ||
                                     text[end] == ':' || text[end] == '-' || text[end] == '_'))
            ++end;
        std::string name(text.substr(start, end - start));
        std::transform(name.begin(), name.end(), name.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        return name;
    }
    return {};
}

bool looksLikeHtml(std::string_view bytes) {
    std::string head(bytes.substr(0, 2048));
    std::transform(head.begin(), head.end(), head.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (std::string_view marker : {"<!doctype html", "<html", "<head", "<body", "<meta "})
        if (head.find(marker) != std::string::npos) return true;
    return false;
}

}  // namespace

std::string_view containerMagic(std::string_view bytes) {
    if (startsWith(bytes, kOleMagic)) return "ole";
    if (startsWith(bytes, kZipMagic)) return "zip";
    return {};
}

Detection detect(std::string_view bytes) {
    if (bytes.empty()) return make("unknown", "application/octet-stream", 100, "empty input");
    if (startsWith(bytes, kOleMagic)) return detectOle(bytes);
    if (startsWith(bytes, kZipMagic)) return detectZip(bytes);
    if (startsWith(bytes, kHwp3Signature))
        return make("hwp3", "application/x-hwp", 100, "HWP 3.0 signature");
    if (startsWith(bytes, kHwp5Signature))
        return make("unknown", "application/octet-stream", 40,
                    "HWP signature outside a compound file");
    if (bytes.substr(0, 1024).find("%PDF-") != std::string_view::npos)
        return make("pdf", "application/pdf", 100, "%PDF- magic");
    std::string root = firstElementName(bytes);
    if (root == "hwpml") return make("hwpml", "application/x-hwpml", 100, "XML root HWPML");
    if (root == "html" || looksLikeHtml(bytes)) return make("html", "text/html", 80, "HTML markup");
    return make("unknown", "application/octet-stream", 100, "no known magic");
}

}  // namespace jikji::converters
