#include "file_name.h"

#include <algorithm>

#include "charset.h"
#include "normalize_text.h"
#include "pipeline/limits.h"
#include "pipeline/unicode.h"

namespace jikji::normalize {

namespace {

int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// True when the value has a `%XX` and every `%` starts one.
bool looksPercentEncoded(std::string_view s) {
    bool any = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '%') continue;
        if (i + 2 >= s.size()) return false;
        if (hexValue(s[i + 1]) < 0 || hexValue(s[i + 2]) < 0) return false;
        any = true;
        i += 2;
    }
    return any;
}

std::string percentDecode(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && hexValue(s[i + 1]) >= 0 && hexValue(s[i + 2]) >= 0) {
            out += static_cast<char>(hexValue(s[i + 1]) * 16 + hexValue(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

std::string base64Decode(std::string_view s, bool& ok) {
    auto value = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+') return 62;
        if (c == '/') return 63;
        return -1;
    };
    std::string out;
    unsigned buffer = 0;
    int bits = 0;
    ok = true;
    for (char c : s) {
        if (c == '=') break;
        int v = value(c);
        if (v < 0) {
            ok = false;
            return {};
        }
        buffer = (buffer << 6) | static_cast<unsigned>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((buffer >> bits) & 0xFF);
        }
    }
    return out;
}

void warn(std::vector<Warning>* warnings, std::string code, std::string message) {
    if (warnings) warnings->push_back(Warning{std::move(code), std::move(message), "file name"});
}

// The latin-1 bytes a string of characters U+0000–U+00FF stands for; false if it has others
// or no character above U+007F.
bool latin1Bytes(std::string_view utf8, std::string& bytes) {
    bytes.clear();
    bool high = false;
    const auto* s = reinterpret_cast<const unsigned char*>(utf8.data());
    for (std::size_t i = 0; i < utf8.size(); ++i) {
        if (s[i] < 0x80) {
            bytes += static_cast<char>(s[i]);
        } else if ((s[i] == 0xC2 || s[i] == 0xC3) && i + 1 < utf8.size()) {
            bytes += static_cast<char>(((s[i] & 0x03) << 6) | (s[i + 1] & 0x3F));
            high = true;
            ++i;
        } else {
            return false;
        }
    }
    return high;
}

// UTF-8 if well-formed, else CP949 when it decodes cleanly; else the fewer errors.
std::string decodeBytes(std::string_view bytes, std::vector<Warning>* warnings) {
    if (unicode::isValidUtf8(bytes)) {
        std::string again;
        if (latin1Bytes(bytes, again)) {
            if (unicode::isValidUtf8(again)) return again;
            if (trialDecode(again, kKoreanCharset).clean())
                return decodeToUtf8(again, kKoreanCharset).text;
        }
        return std::string(bytes);
    }
    DecodedText cp949 = decodeToUtf8(bytes, kKoreanCharset);
    if (cp949.replacements == 0) return cp949.text;
    DecodedText utf8 = decodeToUtf8(bytes, "UTF-8");
    DecodedText& best = utf8.replacements < cp949.replacements ? utf8 : cp949;
    warn(warnings, "filename_invalid_bytes",
         std::to_string(best.replacements) +
             " bad byte sequences in a file name (neither UTF-8 "
             "nor CP949) replaced by U+FFFD; read as " +
             best.charset);
    return best.text;
}

std::string oneLine(std::string_view text) {
    return normalizeText(text, NormalizeOptions{.multiline = false, .repairMojibake = false}).text;
}

std::string_view bounded(std::string_view raw, std::vector<Warning>* warnings) {
    if (raw.size() <= limits::kMaxFileNameBytes) return raw;
    warn(warnings, "filename_too_long",
         "file name of " + std::to_string(raw.size()) + " bytes cut to " +
             std::to_string(limits::kMaxFileNameBytes));
    return raw.substr(0, limits::kMaxFileNameBytes);
}

// Keeps the last path component; a name of dots only is no name.
std::string baseName(std::string name) {
    std::size_t slash = name.find_last_of("/\\");
    if (slash != std::string::npos) name.erase(0, slash + 1);
    if (std::all_of(name.begin(), name.end(), [](char c) { return c == '.' || c == ' '; }))
        name.clear();
    return name;
}

// RFC 2047 encoded words (`=?UTF-8?B?7ZWc6riA?=`) as some servers put them in `filename`.
bool decodeEncodedWords(std::string_view value, std::string& out, std::vector<Warning>* warnings) {
    if (!value.starts_with("=?")) return false;
    out.clear();
    std::size_t i = 0;
    while (i < value.size()) {
        while (i < value.size() && (value[i] == ' ' || value[i] == '\t'))
            ++i;
        if (i >= value.size()) break;
        if (!value.substr(i).starts_with("=?")) return false;
        std::size_t q1 = value.find('?', i + 2);
        if (q1 == std::string_view::npos || q1 + 2 >= value.size() || value[q1 + 2] != '?')
            return false;
        std::size_t end = value.find("?=", q1 + 3);
        if (end == std::string_view::npos) return false;
        std::string_view charset = value.substr(i + 2, q1 - i - 2);
        if (std::size_t star = charset.find('*'); star != std::string_view::npos)
            charset = charset.substr(0, star);  // RFC 2231 language suffix
        char encoding = value[q1 + 1];
        std::string_view payload = value.substr(q1 + 3, end - q1 - 3);
        std::string bytes;
        if (encoding == 'B' || encoding == 'b') {
            bool ok = false;
            bytes = base64Decode(payload, ok);
            if (!ok) return false;
        } else if (encoding == 'Q' || encoding == 'q') {
            for (std::size_t k = 0; k < payload.size(); ++k) {
                if (payload[k] == '_') {
                    bytes += ' ';
                } else if (payload[k] == '=' && k + 2 < payload.size() &&
                           hexValue(payload[k + 1]) >= 0 && hexValue(payload[k + 2]) >= 0) {
                    bytes +=
                        static_cast<char>(hexValue(payload[k + 1]) * 16 + hexValue(payload[k + 2]));
                    k += 2;
                } else {
                    bytes += payload[k];
                }
            }
        } else {
            return false;
        }
        DecodedText decoded = decodeToUtf8(bytes, charset);
        if (decoded.replacements || !canonicalCharset(charset)) {
            out += decodeBytes(bytes, warnings);
        } else {
            out += decoded.text;
        }
        i = end + 2;
    }
    return true;
}

struct Parameter {
    std::string name;
    std::string value;
};

// `type; name=value; name="quoted \"value\""; …` with unquoted values running to the next `;`.
std::vector<Parameter> parseParameters(std::string_view header) {
    std::vector<Parameter> parameters;
    std::size_t i = 0;
    auto skipSpaces = [&] {
        while (i < header.size() && (header[i] == ' ' || header[i] == '\t'))
            ++i;
    };
    while (i < header.size()) {
        skipSpaces();
        std::size_t nameStart = i;
        while (i < header.size() && header[i] != '=' && header[i] != ';')
            ++i;
        std::string_view name = header.substr(nameStart, i - nameStart);
        while (!name.empty() && (name.back() == ' ' || name.back() == '\t'))
            name.remove_suffix(1);
        Parameter parameter;
        for (char c : name)
            parameter.name += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        if (i < header.size() && header[i] == '=') {
            ++i;
            skipSpaces();
            if (i < header.size() && header[i] == '"') {
                ++i;
                while (i < header.size() && header[i] != '"') {
                    if (header[i] == '\\' && i + 1 < header.size() &&
                        (header[i + 1] == '"' || header[i + 1] == '\\'))
                        ++i;
                    parameter.value += header[i++];
                }
                if (i < header.size()) ++i;
                while (i < header.size() && header[i] != ';')
                    ++i;
            } else {
                std::size_t valueStart = i;
                while (i < header.size() && header[i] != ';')
                    ++i;
                std::string_view value = header.substr(valueStart, i - valueStart);
                while (!value.empty() && (value.back() == ' ' || value.back() == '\t'))
                    value.remove_suffix(1);
                parameter.value = value;
            }
        }
        if (!parameter.name.empty()) parameters.push_back(std::move(parameter));
        if (i < header.size() && header[i] == ';') ++i;
    }
    return parameters;
}

// RFC 8187 `charset'language'%XX…`.
std::string decodeExtValue(std::string_view value, std::vector<Warning>* warnings) {
    std::size_t q1 = value.find('\'');
    std::size_t q2 = q1 == std::string_view::npos ? q1 : value.find('\'', q1 + 1);
    if (q2 == std::string_view::npos) return decodeNameBytes(value, true, warnings);
    std::string_view label = value.substr(0, q1);
    std::string bytes = percentDecode(value.substr(q2 + 1));
    auto charset = canonicalCharset(label);
    if (charset) {
        DecodedText decoded = decodeToUtf8(bytes, *charset);
        if (decoded.replacements == 0) return oneLine(decoded.text);
    }
    warn(warnings, "filename_charset_wrong",
         "filename* declares " + std::string(label) + " but its bytes do not decode as such");
    return oneLine(decodeBytes(bytes, warnings));
}

}  // namespace

std::string decodeNameBytes(std::string_view raw, bool percentEncoded,
                            std::vector<Warning>* warnings) {
    raw = bounded(raw, warnings);
    if (percentEncoded && looksPercentEncoded(raw))
        return oneLine(decodeBytes(percentDecode(raw), warnings));
    return oneLine(decodeBytes(raw, warnings));
}

std::string decodeZipEntryName(std::string_view raw, std::vector<Warning>* warnings) {
    std::string name = decodeNameBytes(raw, false, warnings);
    std::replace(name.begin(), name.end(), '\\', '/');
    return name;
}

std::string fileNameFromContentDisposition(std::string_view header,
                                           std::vector<Warning>* warnings) {
    header = bounded(header, warnings);
    std::string plain;
    std::string extended;
    bool havePlain = false;
    for (const Parameter& parameter : parseParameters(header)) {
        if (parameter.name == "filename*" && extended.empty())
            extended = decodeExtValue(parameter.value, warnings);
        if (parameter.name == "filename" && !havePlain) {
            havePlain = true;
            std::string words;
            if (decodeEncodedWords(parameter.value, words, warnings))
                plain = oneLine(words);
            else
                plain = decodeNameBytes(parameter.value, true, warnings);
        }
    }
    std::string name = baseName(extended.empty() ? plain : extended);
    if (name.empty() && !extended.empty()) name = baseName(plain);
    return name;
}

std::string_view toString(FileNameSource source) {
    switch (source) {
        case FileNameSource::ContentDisposition:
            return "content_disposition";
        case FileNameSource::LinkText:
            return "link_text";
        case FileNameSource::Url:
            return "url";
        case FileNameSource::None:
            return "none";
    }
    return "none";
}

FileName decodeFileName(std::string_view contentDisposition, std::string_view linkText,
                        std::string_view url) {
    FileName result;
    result.name = fileNameFromContentDisposition(contentDisposition, &result.warnings);
    if (!result.name.empty()) {
        result.source = FileNameSource::ContentDisposition;
        return result;
    }
    // A slash in link text ("붙임 1/2") is not a path: it becomes `_` rather than cut the name.
    std::string fromLink = decodeNameBytes(linkText, false, &result.warnings);
    std::replace(fromLink.begin(), fromLink.end(), '/', '_');
    std::replace(fromLink.begin(), fromLink.end(), '\\', '_');
    result.name = baseName(std::move(fromLink));
    if (!result.name.empty()) {
        result.source = FileNameSource::LinkText;
        return result;
    }
    std::string_view path = url;
    if (std::size_t scheme = path.find("://"); scheme != std::string_view::npos) {
        path.remove_prefix(scheme + 3);
        std::size_t slash = path.find('/');
        path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash);
    }
    path = path.substr(0, std::min(path.find('?'), path.find('#')));
    result.name = baseName(decodeNameBytes(path, true, &result.warnings));
    result.source = result.name.empty() ? FileNameSource::None : FileNameSource::Url;
    return result;
}

}  // namespace jikji::normalize
