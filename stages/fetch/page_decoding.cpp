#include "stages/fetch/page_decoding.h"

#include <unicode/ucnv.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <regex>

#include "pipeline/unicode.h"

namespace jikji::fetch {

namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string trim(std::string_view text) {
    std::size_t begin = text.find_first_not_of(" \t\r\n\"'");
    if (begin == std::string_view::npos) return {};
    std::size_t end = text.find_last_not_of(" \t\r\n\"'");
    return std::string(text.substr(begin, end - begin + 1));
}

/// The ICU converter for a charset label, or "" when ICU does not know it.
std::string converterFor(const std::string& label) {
    static const char* const kKorean[] = {
        "euc-kr",         "euckr",          "cp949",   "ms949",    "windows-949", "x-windows-949",
        "ks_c_5601-1987", "ks_c_5601-1989", "ksc5601", "ksc_5601", "korean",      "iso-ir-149",
        "csksc56011987",  "x-euc-kr",       "uhc",     "cseuckr"};
    std::string name = lower(label);
    for (const char* korean : kKorean)
        if (name == korean) return "windows-949";
    if (name == "utf-8" || name == "utf8") return "UTF-8";
    UErrorCode status = U_ZERO_ERROR;
    const char* canonical = ucnv_getCanonicalName(name.c_str(), "WINDOWS", &status);
    if (U_FAILURE(status) || !canonical) {
        status = U_ZERO_ERROR;
        canonical = ucnv_getCanonicalName(name.c_str(), "", &status);
    }
    if (U_FAILURE(status) || !canonical) return {};
    return canonical;
}

std::string charsetOfContentType(std::string_view contentType) {
    std::string type = lower(contentType);
    std::size_t at = type.find("charset=");
    if (at == std::string::npos) return {};
    std::string_view rest = std::string_view(type).substr(at + 8);
    return trim(rest.substr(0, rest.find(';')));
}

std::string charsetOfMeta(std::string_view bytes) {
    std::string head = lower(bytes.substr(0, 4096));
    static const std::regex kMeta(R"(<meta[^>]*charset\s*=\s*["']?\s*([a-z0-9_:.\-]+))");
    std::smatch match;
    if (std::regex_search(head, match, kMeta)) return match[1].str();
    return {};
}

std::string convert(std::string_view bytes, const std::string& converter) {
    if (converter == "UTF-8") {
        std::string out;
        unicode::appendSanitizedUtf8(bytes, out);
        return out;
    }
    icu::UnicodeString text(bytes.data(), static_cast<int32_t>(bytes.size()), converter.c_str());
    std::string out;
    text.toUTF8String(out);
    return out;
}

}  // namespace

DecodedPage decodePage(std::string_view bytes, std::string_view contentType,
                       std::string_view forced) {
    DecodedPage page;
    std::string label;
    if (!forced.empty() && lower(forced) != "auto") {
        label = std::string(forced);
    } else if (bytes.starts_with("\xEF\xBB\xBF")) {
        page.declared = "UTF-8";
        page.used = "UTF-8";
        page.text = convert(bytes.substr(3), "UTF-8");
        return page;
    } else if (std::string header = charsetOfContentType(contentType); !header.empty()) {
        label = header;
    } else {
        label = charsetOfMeta(bytes);
    }
    page.declared = label;
    std::string converter = label.empty() ? "" : converterFor(label);
    if (converter.empty()) converter = unicode::isValidUtf8(bytes) ? "UTF-8" : "windows-949";
    page.used = converter;
    page.text = convert(bytes, converter);
    return page;
}

}  // namespace jikji::fetch
