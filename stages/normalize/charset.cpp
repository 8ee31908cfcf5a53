#include "charset.h"

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <array>
#include <memory>

#include "pipeline/limits.h"
#include "pipeline/unicode.h"

namespace jikji::normalize {

namespace {

char asciiLower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string lowerTrimmed(std::string_view s) {
    auto isSpace = [](char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
    };
    while (!s.empty() && isSpace(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && isSpace(s.back()))
        s.remove_suffix(1);
    std::string out(s);
    for (char& c : out)
        c = asciiLower(c);
    return out;
}

bool startsWithNoCase(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (asciiLower(s[i]) != prefix[i]) return false;
    return true;
}

// WHATWG Encoding Standard labels of the encodings Korean portals use; everything else is asked
// of ICU's alias table.
struct Label {
    std::string_view label;
    std::string_view charset;
};
constexpr std::array kLabels{
    // Korean: the WHATWG EUC-KR labels plus the Microsoft and Java spellings seen on portals.
    Label{"cseuckr", kKoreanCharset},
    Label{"csksc56011987", kKoreanCharset},
    Label{"euc-kr", kKoreanCharset},
    Label{"euckr", kKoreanCharset},
    Label{"euc_kr", kKoreanCharset},
    Label{"x-euc-kr", kKoreanCharset},
    Label{"iso-ir-149", kKoreanCharset},
    Label{"korean", kKoreanCharset},
    Label{"ks_c_5601-1987", kKoreanCharset},
    Label{"ks_c_5601-1989", kKoreanCharset},
    Label{"ks_c_5601", kKoreanCharset},
    Label{"ksc5601", kKoreanCharset},
    Label{"ksc_5601", kKoreanCharset},
    Label{"ks-c-5601", kKoreanCharset},
    Label{"windows-949", kKoreanCharset},
    Label{"x-windows-949", kKoreanCharset},
    Label{"cp949", kKoreanCharset},
    Label{"ms949", kKoreanCharset},
    Label{"x-ms949", kKoreanCharset},
    Label{"uhc", kKoreanCharset},
    Label{"x-uhc", kKoreanCharset},
    // UTF-8.
    Label{"unicode-1-1-utf-8", "UTF-8"},
    Label{"unicode11utf8", "UTF-8"},
    Label{"unicode20utf8", "UTF-8"},
    Label{"utf-8", "UTF-8"},
    Label{"utf8", "UTF-8"},
    Label{"x-unicode20utf8", "UTF-8"},
    // UTF-16 (WHATWG: a bare "utf-16" is little-endian).
    Label{"csunicode", "UTF-16LE"},
    Label{"iso-10646-ucs-2", "UTF-16LE"},
    Label{"ucs-2", "UTF-16LE"},
    Label{"unicode", "UTF-16LE"},
    Label{"unicodefeff", "UTF-16LE"},
    Label{"utf-16", "UTF-16LE"},
    Label{"utf-16le", "UTF-16LE"},
    Label{"unicodefffe", "UTF-16BE"},
    Label{"utf-16be", "UTF-16BE"},
    // WHATWG decodes every Latin-1 and ASCII label as windows-1252.
    Label{"ansi_x3.4-1968", "windows-1252"},
    Label{"ascii", "windows-1252"},
    Label{"cp1252", "windows-1252"},
    Label{"cp819", "windows-1252"},
    Label{"csisolatin1", "windows-1252"},
    Label{"ibm819", "windows-1252"},
    Label{"iso-8859-1", "windows-1252"},
    Label{"iso-ir-100", "windows-1252"},
    Label{"iso8859-1", "windows-1252"},
    Label{"iso88591", "windows-1252"},
    Label{"iso_8859-1", "windows-1252"},
    Label{"iso_8859-1:1987", "windows-1252"},
    Label{"l1", "windows-1252"},
    Label{"latin1", "windows-1252"},
    Label{"us-ascii", "windows-1252"},
    Label{"windows-1252", "windows-1252"},
    Label{"x-cp1252", "windows-1252"},
};

struct ConverterCloser {
    void operator()(UConverter* converter) const { ucnv_close(converter); }
};
using ConverterPtr = std::unique_ptr<UConverter, ConverterCloser>;

ConverterPtr openStrict(std::string_view name) {
    UErrorCode status = U_ZERO_ERROR;
    std::string n(name);
    ConverterPtr converter(ucnv_open(n.c_str(), &status));
    if (U_FAILURE(status)) return nullptr;
    ucnv_setToUCallBack(converter.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr,
                        &status);
    if (U_FAILURE(status)) return nullptr;
    return converter;
}

bool isUtf8(std::string_view charset) {
    return charset == "UTF-8";
}

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

struct DecodeStats {
    std::size_t errors = 0;
    bool truncatedTail = false;
    std::size_t firstErrorOffset = 0;
};

// UTF-8 trial and decoding use the pipeline's own validator: a well-formed input is copied as is.
DecodeStats decodeUtf8(std::string_view bytes, std::string* out) {
    DecodeStats stats;
    std::size_t bad = unicode::firstInvalidUtf8(bytes);
    if (bad == std::string_view::npos) {
        if (out) out->append(bytes);
        return stats;
    }
    stats.firstErrorOffset = bad;
    if (out) {
        stats.errors = unicode::appendSanitizedUtf8(bytes, *out);
    } else {
        std::string scratch;
        scratch.reserve(bytes.size());
        stats.errors = unicode::appendSanitizedUtf8(bytes, scratch);
    }
    // A sequence cut off by the end of the input is told apart from bytes that are wrong.
    auto lead = static_cast<unsigned char>(bytes[bad]);
    std::size_t need = lead >= 0xF5   ? 0
                       : lead >= 0xF0 ? 4
                       : lead >= 0xE0 ? 3
                       : lead >= 0xC2 ? 2
                                      : 0;
    std::size_t rest = bytes.size() - bad;
    bool allContinuations = true;
    for (std::size_t i = bad + 1; i < bytes.size(); ++i)
        allContinuations =
            allContinuations && (static_cast<unsigned char>(bytes[i]) & 0xC0) == 0x80;
    stats.truncatedTail = need > rest && allContinuations;
    return stats;
}

DecodeStats decodeIcu(UConverter* converter, std::string_view bytes, std::string* out) {
    DecodeStats stats;
    ucnv_reset(converter);
    const char* begin = bytes.data();
    const char* source = begin;
    const char* end = begin + bytes.size();
    std::array<UChar, 8192> units;
    std::array<char, 8192 * 3> utf8;
    auto flushUnits = [&](std::size_t count) {
        if (!out || count == 0) return;
        int32_t length = 0;
        UErrorCode status = U_ZERO_ERROR;
        u_strToUTF8WithSub(utf8.data(), static_cast<int32_t>(utf8.size()), &length, units.data(),
                           static_cast<int32_t>(count), 0xFFFD, nullptr, &status);
        out->append(utf8.data(), static_cast<std::size_t>(length));
    };
    while (true) {
        UChar* target = units.data();
        UErrorCode status = U_ZERO_ERROR;
        const char* before = source;
        ucnv_toUnicode(converter, &target, units.data() + units.size(), &source, end, nullptr, true,
                       &status);
        flushUnits(static_cast<std::size_t>(target - units.data()));
        if (status == U_BUFFER_OVERFLOW_ERROR) continue;
        if (U_SUCCESS(status)) break;
        if (status == U_TRUNCATED_CHAR_FOUND || status == U_ILLEGAL_CHAR_FOUND ||
            status == U_INVALID_CHAR_FOUND) {
            char invalid[32];
            int8_t invalidLength = sizeof invalid;
            UErrorCode ignored = U_ZERO_ERROR;
            ucnv_getInvalidChars(converter, invalid, &invalidLength, &ignored);
            if (stats.errors == 0)
                stats.firstErrorOffset =
                    static_cast<std::size_t>(source - begin) -
                    static_cast<std::size_t>(std::max<int8_t>(invalidLength, 0));
            ++stats.errors;
            if (out) out->append(kReplacement);
            if (source >= end) {
                stats.truncatedTail = status == U_TRUNCATED_CHAR_FOUND || stats.truncatedTail;
                break;
            }
            if (source == before && target == units.data()) {
                ++source;  // never loop without progress
            }
            continue;
        }
        // Any other failure: count the rest as one bad sequence rather than loop.
        ++stats.errors;
        if (out) out->append(kReplacement);
        break;
    }
    return stats;
}

DecodeStats decodeWith(std::string_view bytes, std::string_view charset, std::string* out) {
    if (isUtf8(charset)) return decodeUtf8(bytes, out);
    ConverterPtr converter = openStrict(charset);
    if (!converter) return decodeUtf8(bytes, out);
    return decodeIcu(converter.get(), bytes, out);
}

bool isSingleByte(std::string_view charset) {
    if (isUtf8(charset) || charset.starts_with("UTF-16")) return false;
    ConverterPtr converter = openStrict(charset);
    return converter && ucnv_getMaxCharSize(converter.get()) == 1;
}

Warning makeWarning(std::string code, std::string message, std::string where = {}) {
    return Warning{std::move(code), std::move(message), std::move(where)};
}

// The WHATWG "extract a character encoding from a meta element" algorithm, also fine for a
// Content-Type header value.
std::string extractCharsetParameter(std::string_view s) {
    std::size_t pos = 0;
    while (true) {
        std::size_t found = std::string_view::npos;
        for (std::size_t i = pos; i + 7 <= s.size(); ++i)
            if (startsWithNoCase(s.substr(i), "charset")) {
                found = i;
                break;
            }
        if (found == std::string_view::npos) return {};
        std::size_t i = found + 7;
        while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
            ++i;
        if (i >= s.size() || s[i] != '=') {
            pos = i;
            continue;
        }
        ++i;
        while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
            ++i;
        if (i >= s.size()) return {};
        if (s[i] == '"' || s[i] == '\'') {
            char quote = s[i];
            std::size_t close = s.find(quote, i + 1);
            if (close == std::string_view::npos) return {};
            return std::string(s.substr(i + 1, close - i - 1));
        }
        std::size_t stop = i;
        while (stop < s.size() && s[stop] != ';' && s[stop] != ' ' && s[stop] != '\t' &&
               s[stop] != '\n' && s[stop] != '\r')
            ++stop;
        return std::string(s.substr(i, stop - i));
    }
}

bool isHtmlSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

// One attribute of a tag at `i` (WHATWG "get an attribute", simplified); false at the tag's end.
bool nextAttribute(std::string_view s, std::size_t& i, std::string& name, std::string& value) {
    name.clear();
    value.clear();
    while (i < s.size() && (isHtmlSpace(s[i]) || s[i] == '/'))
        ++i;
    if (i >= s.size() || s[i] == '>') return false;
    while (i < s.size() && !isHtmlSpace(s[i]) && s[i] != '=' && s[i] != '>' && s[i] != '/')
        name += asciiLower(s[i++]);
    while (i < s.size() && isHtmlSpace(s[i]))
        ++i;
    if (i >= s.size() || s[i] != '=') return true;
    ++i;
    while (i < s.size() && isHtmlSpace(s[i]))
        ++i;
    if (i < s.size() && (s[i] == '"' || s[i] == '\'')) {
        char quote = s[i++];
        while (i < s.size() && s[i] != quote)
            value += s[i++];
        if (i < s.size()) ++i;
        return true;
    }
    while (i < s.size() && !isHtmlSpace(s[i]) && s[i] != '>')
        value += s[i++];
    return true;
}

struct Candidate {
    CharsetSource source;
    std::string charset;
    DecodeStats stats;
};

}  // namespace

std::optional<std::string> canonicalCharset(std::string_view label) {
    std::string key = lowerTrimmed(label);
    if (key.empty()) return std::nullopt;
    for (const Label& entry : kLabels)
        if (entry.label == key) return std::string(entry.charset);
    // Anything else ICU can open (shift_jis, gbk, iso-8859-2, …) is decoded by ICU itself.
    ConverterPtr converter = openStrict(key);
    if (!converter) return std::nullopt;
    UErrorCode status = U_ZERO_ERROR;
    const char* internal = ucnv_getName(converter.get(), &status);
    if (U_FAILURE(status) || !internal) return std::nullopt;
    std::string canonical(internal);
    // ICU's own Korean converters are the ones to avoid (see kKoreanCharset).
    if (canonical.find("949") != std::string::npos || canonical.find("970") != std::string::npos ||
        canonical.find("1363") != std::string::npos)
        return std::string(kKoreanCharset);
    // Prefer the registered name (windows-1251) over ICU's table name (ibm-5347_P100-1998).
    for (const char* standard : {"MIME", "IANA"}) {
        status = U_ZERO_ERROR;
        const char* registered = ucnv_getStandardName(internal, standard, &status);
        if (U_SUCCESS(status) && registered && *registered) return std::string(registered);
    }
    return canonical;
}

std::string_view toString(CharsetSource source) {
    switch (source) {
        case CharsetSource::Bom:
            return "bom";
        case CharsetSource::Forced:
            return "forced";
        case CharsetSource::Header:
            return "header";
        case CharsetSource::Meta:
            return "meta";
        case CharsetSource::Utf8Trial:
            return "utf8_trial";
        case CharsetSource::Cp949Trial:
            return "cp949_trial";
        case CharsetSource::Detector:
            return "detector";
        case CharsetSource::Fallback:
            return "fallback";
    }
    return "fallback";
}

std::string charsetFromContentType(std::string_view contentType) {
    std::size_t semicolon = contentType.find(';');
    if (semicolon == std::string_view::npos) return {};
    return lowerTrimmed(extractCharsetParameter(contentType.substr(semicolon + 1)));
}

std::string prescanMetaCharset(std::string_view bytes) {
    std::string_view s = bytes.substr(0, std::min(bytes.size(), limits::kMaxCharsetPrescanBytes));
    std::size_t i = 0;
    std::string name;
    std::string value;
    while (i < s.size()) {
        if (s.substr(i).starts_with("<!--")) {
            std::size_t close = s.find("-->", i + 4);
            if (close == std::string_view::npos) return {};
            i = close + 3;
        } else if (startsWithNoCase(s.substr(i), "<meta") && i + 5 < s.size() &&
                   (isHtmlSpace(s[i + 5]) || s[i + 5] == '/')) {
            i += 5;
            std::string charset;
            std::string content;
            bool httpEquivContentType = false;
            while (nextAttribute(s, i, name, value)) {
                if (name == "charset" && charset.empty()) charset = value;
                if (name == "content" && content.empty()) content = value;
                if (name == "http-equiv")
                    httpEquivContentType = lowerTrimmed(value) == "content-type";
            }
            if (!charset.empty()) return lowerTrimmed(charset);
            if (httpEquivContentType) {
                std::string fromContent = extractCharsetParameter(content);
                if (!fromContent.empty()) return lowerTrimmed(fromContent);
            }
        } else if (s[i] == '<') {
            std::size_t close = s.find('>', i + 1);
            if (close == std::string_view::npos) return {};
            i = close + 1;
        } else {
            ++i;
        }
    }
    return {};
}

TrialResult trialDecode(std::string_view bytes, std::string_view charset) {
    DecodeStats stats = decodeWith(bytes, charset, nullptr);
    return TrialResult{stats.errors, stats.truncatedTail};
}

CharsetDecision resolveCharset(std::string_view bytes, std::string_view contentTypeHeader,
                               std::string_view forced) {
    CharsetDecision decision;
    auto& warnings = decision.warnings;

    // 1. A byte order mark settles it.
    struct Bom {
        std::string_view bytes;
        std::string_view charset;
    };
    for (const Bom& bom :
         {Bom{"\xEF\xBB\xBF", "UTF-8"}, Bom{"\xFF\xFE", "UTF-16LE"}, Bom{"\xFE\xFF", "UTF-16BE"}}) {
        if (bytes.starts_with(bom.bytes)) {
            decision.charset = bom.charset;
            decision.source = CharsetSource::Bom;
            decision.bomLength = bom.bytes.size();
            if (!forced.empty() && canonicalCharset(forced) != decision.charset)
                warnings.push_back(makeWarning("charset_forced_ignored",
                                               "the configured charset " + std::string(forced) +
                                                   " lost to a " + decision.charset +
                                                   " byte order mark"));
            return decision;
        }
    }

    // 2. The source configuration.
    if (!forced.empty()) {
        if (auto charset = canonicalCharset(forced)) {
            decision.charset = *charset;
            decision.source = CharsetSource::Forced;
            return decision;
        }
        warnings.push_back(makeWarning("charset_unknown_label",
                                       "unknown configured charset " + std::string(forced)));
    }

    // 3. What the server and the page declare, verified by decoding.
    decision.headerLabel = charsetFromContentType(contentTypeHeader);
    decision.metaLabel = prescanMetaCharset(bytes);
    std::vector<Candidate> declared;
    for (auto [source, label] : {std::pair{CharsetSource::Header, decision.headerLabel},
                                 std::pair{CharsetSource::Meta, decision.metaLabel}}) {
        if (label.empty()) continue;
        auto charset = canonicalCharset(label);
        if (!charset) {
            warnings.push_back(
                makeWarning("charset_unknown_label",
                            "unknown " + std::string(toString(source)) + " charset " + label));
            continue;
        }
        // WHATWG: a page cannot declare itself UTF-16 in ASCII bytes; it means UTF-8.
        if (source == CharsetSource::Meta && charset->starts_with("UTF-16")) charset = "UTF-8";
        declared.push_back(Candidate{source, *charset, {}});
    }
    if (declared.size() == 2 && declared[0].charset == declared[1].charset) declared.pop_back();
    for (Candidate& candidate : declared)
        candidate.stats = decodeWith(bytes, candidate.charset, nullptr);
    auto clean = [](const DecodeStats& stats) {
        return stats.errors == 0 || (stats.errors == 1 && stats.truncatedTail);
    };
    const Candidate* chosen = nullptr;
    for (const Candidate& candidate : declared) {
        if (!clean(candidate.stats)) continue;
        // A single-byte charset decodes anything, so its success proves nothing against a
        // multibyte one that also fits (a default `ISO-8859-1` header over a `euc-kr` page).
        if (chosen && isSingleByte(chosen->charset) && !isSingleByte(candidate.charset))
            chosen = &candidate;
        if (!chosen) chosen = &candidate;
    }
    if (declared.size() == 2) {
        const Candidate& other = chosen == &declared[0] ? declared[1] : declared[0];
        std::string_view used = chosen ? std::string_view(chosen->charset) : "";
        warnings.push_back(makeWarning(
            "charset_conflict",
            "header charset " + decision.headerLabel + " and meta charset " + decision.metaLabel +
                " disagree" + (chosen ? "; " + std::string(used) + " decodes the bytes" : "") +
                (chosen && !clean(other.stats) ? ", the other does not" : "")));
    }
    if (chosen) {
        decision.charset = chosen->charset;
        decision.source = chosen->source;
        return decision;
    }

    // 4. Strict trial decoding: UTF-8 first, then CP949.
    DecodeStats utf8 = decodeWith(bytes, "UTF-8", nullptr);
    DecodeStats cp949 = clean(utf8) ? DecodeStats{} : decodeWith(bytes, kKoreanCharset, nullptr);
    auto declaredWrong = [&](std::string_view used) {
        if (declared.empty()) return;
        warnings.push_back(makeWarning("charset_declared_wrong",
                                       "declared charset " + declared.front().charset +
                                           " does not decode the bytes (" +
                                           std::to_string(declared.front().stats.errors) +
                                           " bad sequences); " + std::string(used) + " does"));
    };
    if (clean(utf8)) {
        decision.charset = "UTF-8";
        decision.source = CharsetSource::Utf8Trial;
        declaredWrong("UTF-8");
        return decision;
    }
    if (clean(cp949)) {
        decision.charset = kKoreanCharset;
        decision.source = CharsetSource::Cp949Trial;
        declaredWrong(kKoreanCharset);
        return decision;
    }
    if (!declared.empty()) {
        // Nothing decodes cleanly: the declaration stands, its bad bytes are reported on decoding.
        const Candidate* fewest = &declared.front();
        for (const Candidate& candidate : declared)
            if (candidate.stats.errors < fewest->stats.errors) fewest = &candidate;
        decision.charset = fewest->charset;
        decision.source = fewest->source;
        return decision;
    }

    // 5. ICU's detector, the last resort: weak on short Korean text, so only trusted when it
    // names a charset that decodes cleanly and is not a single-byte guess over mostly-fine bytes.
    std::size_t fewestErrors = std::min(utf8.errors, cp949.errors);
    UErrorCode status = U_ZERO_ERROR;
    UCharsetDetector* detector = ucsdet_open(&status);
    if (U_SUCCESS(status)) {
        std::string_view sample =
            bytes.substr(0, std::min<std::size_t>(bytes.size(), limits::kMaxCharsetDetectBytes));
        ucsdet_setText(detector, sample.data(), static_cast<int32_t>(sample.size()), &status);
        const UCharsetMatch* match = ucsdet_detect(detector, &status);
        if (U_SUCCESS(status) && match) {
            const char* name = ucsdet_getName(match, &status);
            int32_t confidence = ucsdet_getConfidence(match, &status);
            auto charset = U_SUCCESS(status) && name ? canonicalCharset(name) : std::nullopt;
            if (charset && charset != "UTF-8" && charset != kKoreanCharset &&
                clean(decodeWith(bytes, *charset, nullptr)) &&
                (!isSingleByte(*charset) || fewestErrors * 100 > bytes.size())) {
                decision.charset = *charset;
                decision.source = CharsetSource::Detector;
                warnings.push_back(makeWarning(
                    "charset_detector",
                    "neither UTF-8 nor CP949 decodes the bytes; ICU's detector "
                    "guessed " +
                        std::string(name) + " (confidence " + std::to_string(confidence) + ")"));
            }
        }
        ucsdet_close(detector);
    }
    if (!decision.charset.empty()) return decision;

    decision.charset = cp949.errors < utf8.errors ? std::string(kKoreanCharset) : "UTF-8";
    decision.source = CharsetSource::Fallback;
    warnings.push_back(
        makeWarning("charset_fallback",
                    "no charset decodes the bytes cleanly (UTF-8: " + std::to_string(utf8.errors) +
                        ", CP949: " + std::to_string(cp949.errors) + " bad sequences); using " +
                        decision.charset));
    return decision;
}

DecodedText decodeToUtf8(std::string_view bytes, std::string_view charset) {
    DecodedText result;
    auto canonical = canonicalCharset(charset);
    if (!canonical) {
        result.warnings.push_back(
            makeWarning("charset_unknown_label",
                        "unknown charset " + std::string(charset) + "; decoded as UTF-8"));
        canonical = "UTF-8";
    }
    result.charset = *canonical;
    if (result.charset == "UTF-8" && bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
    if (result.charset == "UTF-16LE" && bytes.starts_with("\xFF\xFE")) bytes.remove_prefix(2);
    if (result.charset == "UTF-16BE" && bytes.starts_with("\xFE\xFF")) bytes.remove_prefix(2);
    result.text.reserve(bytes.size() + bytes.size() / 2);
    DecodeStats stats = decodeWith(bytes, result.charset, &result.text);
    result.replacements = stats.errors;
    if (stats.errors)
        result.warnings.push_back(makeWarning(
            "charset_invalid_bytes",
            std::to_string(stats.errors) + " ill-formed byte sequence" +
                (stats.errors == 1 ? "" : "s") + " in " + result.charset + " replaced by U+FFFD" +
                (stats.truncatedTail ? " (the input ends mid-character)" : ""),
            "byte " + std::to_string(stats.firstErrorOffset)));
    return result;
}

DecodedText decodePage(std::string_view bytes, std::string_view contentTypeHeader,
                       std::string_view forced) {
    CharsetDecision decision = resolveCharset(bytes, contentTypeHeader, forced);
    DecodedText decoded = decodeToUtf8(bytes.substr(decision.bomLength), decision.charset);
    decision.warnings.insert(decision.warnings.end(), decoded.warnings.begin(),
                             decoded.warnings.end());
    decoded.warnings = std::move(decision.warnings);
    return decoded;
}

}  // namespace jikji::normalize
