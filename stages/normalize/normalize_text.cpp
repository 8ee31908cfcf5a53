#include "normalize_text.h"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/stringpiece.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <bitset>
#include <cstring>
#include <memory>
#include <optional>

#include "pipeline/unicode.h"
#include "pua_table.h"

namespace jikji::normalize {

namespace {

// Decodes the code point at `i` of well-formed UTF-8 and its length.
inline char32_t decodeAt(const unsigned char* s, std::size_t i, std::size_t& length) {
    unsigned char c = s[i];
    if (c < 0x80) {
        length = 1;
        return c;
    }
    if (c < 0xE0) {
        length = 2;
        return (char32_t(c & 0x1F) << 6) | (s[i + 1] & 0x3F);
    }
    if (c < 0xF0) {
        length = 3;
        return (char32_t(c & 0x0F) << 12) | (char32_t(s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
    }
    length = 4;
    return (char32_t(c & 0x07) << 18) | (char32_t(s[i + 1] & 0x3F) << 12) |
           (char32_t(s[i + 2] & 0x3F) << 6) | (s[i + 3] & 0x3F);
}

// The same for input that may be ill-formed: an ill-formed sequence gives U+FFFFFFFF.
inline char32_t decodeChecked(const unsigned char* s, std::size_t i, std::size_t n,
                              std::size_t& length) {
    length = unicode::utf8SequenceLength(s, i, n);
    if (length == 0) {
        length = 1;
        return 0xFFFFFFFF;
    }
    return decodeAt(s, i, length);
}

const icu::Normalizer2& nfc() {
    static const icu::Normalizer2* instance = [] {
        UErrorCode status = U_ZERO_ERROR;
        const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(status);
        return U_SUCCESS(status) ? n : nullptr;
    }();
    return *instance;
}

// A character is "stable" when NFC leaves it alone and never reaches back across it: it has a
// normalization boundary before it and is NFC on its own. Runs of stable characters are copied
// as they are; only the stretches between them go through ICU. Hangul syllables are stable
// although an LV syllable composes with a following T jamo: the T jamo is unstable, and the
// stretch it starts includes the character before it.
class StableTable {
  public:
    StableTable() = default;
    ~StableTable() {
        for (auto& page : m_pages)
            delete page.load(std::memory_order_relaxed);
    }
    StableTable(const StableTable&) = delete;
    StableTable& operator=(const StableTable&) = delete;

    bool stable(char32_t c) const {
        if (c >= 0x10000) return compute(nfc(), c);
        const Page* page = m_pages[c >> 8].load(std::memory_order_acquire);
        if (!page) page = fill(c >> 8);
        return (*page)[c & 0xFF];
    }

  private:
    using Page = std::bitset<256>;

    // Pages of 256 code points are computed when first met (a Korean document meets a handful
    // of the 256): asking ICU about the whole BMP at once took longer than converting a
    // document. Threads racing on a page each compute it; the first one's is kept.
    const Page* fill(char32_t pageIndex) const {
        auto page = std::make_unique<Page>();
        const icu::Normalizer2& n = nfc();
        for (char32_t low = 0; low < 256; ++low) {
            char32_t c = (pageIndex << 8) | low;
            if (c >= 0xD800 && c <= 0xDFFF) continue;
            (*page)[low] = compute(n, c);
        }
        const Page* expected = nullptr;
        if (m_pages[pageIndex].compare_exchange_strong(expected, page.get(),
                                                       std::memory_order_acq_rel))
            return page.release();
        return expected;
    }

    static bool compute(const icu::Normalizer2& n, char32_t c) {
        if (c >= 0xAC00 && c <= 0xD7A3) return true;
        if (!n.hasBoundaryBefore(static_cast<UChar32>(c))) return false;
        UErrorCode status = U_ZERO_ERROR;
        icu::UnicodeString one(static_cast<UChar32>(c));
        return n.quickCheck(one, status) == UNORM_YES && U_SUCCESS(status);
    }
    mutable std::array<std::atomic<const Page*>, 256> m_pages{};
};

const StableTable& stableTable() {
    static const StableTable table;
    return table;
}

// CJK compatibility ideographs: NFC would replace each by its unified twin, losing which of
// the KS X 1001 duplicate Hanja the author typed. They are left as they are.
bool isCompatibilityIdeograph(char32_t c) {
    return (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
}

bool isConjoiningJamo(char32_t c) {
    return (c >= 0x1100 && c <= 0x11FF) || (c >= 0xA960 && c <= 0xA97F) ||
           (c >= 0xD7B0 && c <= 0xD7FF);
}

bool isModernJamo(char32_t c) {
    return (c >= 0x1100 && c <= 0x1112) || (c >= 0x1161 && c <= 0x1175) ||
           (c >= 0x11A8 && c <= 0x11C2);
}

bool isToneMark(char32_t c) {
    return c == 0x302E || c == 0x302F;
}

std::size_t previousStart(const unsigned char* s, std::size_t i) {
    do {
        --i;
    } while (i > 0 && (s[i] & 0xC0) == 0x80);
    return i;
}

bool isStableForNfc(const StableTable& table, char32_t c) {
    return (table.stable(c) && !isConjoiningJamo(c)) || isCompatibilityIdeograph(c);
}

// NFC of well-formed UTF-8, leaving compatibility ideographs and old-Hangul syllable blocks
// (any jamo run with a non-modern jamo or a filler) exactly as they are.
std::size_t appendNfc(std::string_view in, std::string& out) {
    const auto* s = reinterpret_cast<const unsigned char*>(in.data());
    const std::size_t n = in.size();
    const StableTable& table = stableTable();
    std::size_t changed = 0;
    std::size_t run = 0;  // start of the bytes not yet copied
    bool previousStable = false;
    std::size_t i = 0;
    while (i < n) {
        if (s[i] < 0x80) {
            ++i;
            previousStable = true;
            continue;
        }
        std::size_t length = 0;
        char32_t c = decodeAt(s, i, length);
        if (isCompatibilityIdeograph(c)) {
            i += length;
            previousStable = false;
            continue;
        }
        if (table.stable(c) && !isConjoiningJamo(c)) {
            i += length;
            previousStable = true;
            continue;
        }
        if (isConjoiningJamo(c) || isToneMark(c)) {
            // The whole jamo run decides: old Hangul stays as written, modern jamo compose.
            std::size_t end = i;
            bool old = false;
            while (end < n) {
                std::size_t l = 0;
                char32_t j = decodeAt(s, end, l);
                if (!isConjoiningJamo(j) && !isToneMark(j)) break;
                old = old || (isConjoiningJamo(j) && !isModernJamo(j));
                end += l;
            }
            if (old) {
                i = end;
                previousStable = false;
                continue;
            }
        }
        // An unstable stretch: from the stable character before it (it may compose with what
        // follows) up to the next stable character.
        std::size_t start = previousStable && i > run ? previousStart(s, i) : i;
        std::size_t end = i + length;
        while (end < n) {
            if (s[end] < 0x80) break;
            std::size_t l = 0;
            char32_t next = decodeAt(s, end, l);
            if (isCompatibilityIdeograph(next)) break;
            if (table.stable(next) && !isConjoiningJamo(next)) break;
            end += l;
        }
        out.append(in.substr(run, start - run));
        std::size_t before = out.size();
        UErrorCode status = U_ZERO_ERROR;
        icu::StringByteSink<std::string> sink(&out);
        nfc().normalizeUTF8(0,
                            icu::StringPiece(in.data() + start, static_cast<int32_t>(end - start)),
                            sink, nullptr, status);
        if (U_FAILURE(status)) {
            out.resize(before);
            out.append(in.substr(start, end - start));
        } else if (std::string_view(out).substr(before) != in.substr(start, end - start)) {
            ++changed;
        }
        run = end;
        i = end;
        previousStable = false;
    }
    out.append(in.substr(run));
    return changed;
}

// CP1252's 0x80–0x9F row; zero where CP1252 leaves the byte undefined (then Latin-1's C1
// control of the same value stands for it).
constexpr std::array<char16_t, 32> kCp1252High{
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

// The byte a character stands for when UTF-8 was read as CP1252 or Latin-1; -1 if none.
int mojibakeByte(char32_t c) {
    if (c < 0x100) return static_cast<int>(c);
    if (c > 0x2122) return -1;
    for (std::size_t k = 0; k < kCp1252High.size(); ++k)
        if (kCp1252High[k] == c) return static_cast<int>(0x80 + k);
    return -1;
}

std::size_t countSuspiciousPairs(std::string_view bytes) {
    std::size_t pairs = 0;
    for (std::size_t k = 0; k + 1 < bytes.size(); ++k) {
        auto lead = static_cast<unsigned char>(bytes[k]);
        auto next = static_cast<unsigned char>(bytes[k + 1]);
        if (lead >= 0xC2 && lead <= 0xF4 && next >= 0x80 && next <= 0xBF) ++pairs;
    }
    return pairs;
}

char32_t mapPua(char32_t c) {
    for (const PuaMapping& mapping : kPuaMappings)
        if (mapping.pua == c) return mapping.unicode;
    return 0;
}

bool isPua(char32_t c) {
    return (c >= 0xE000 && c <= 0xF8FF) || (c >= 0xF0000 && c <= 0xFFFFD) ||
           (c >= 0x100000 && c <= 0x10FFFD);
}

bool isUnicodeSpace(char32_t c) {
    return c == 0x00A0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F ||
           c == 0x205F || c == 0x3000;
}

bool isZeroWidth(char32_t c) {
    return c == 0x00AD || c == 0x180E || (c >= 0x200B && c <= 0x200F) ||
           (c >= 0x202A && c <= 0x202E) || (c >= 0x2060 && c <= 0x2064) ||
           (c >= 0x2066 && c <= 0x206F) || c == 0xFEFF;
}

// Controls, zero-width characters, spaces, line breaks and PUA, in one pass that also checks
// that the input is well-formed UTF-8 (false when it is not, and `out` is then unusable) and
// notes where in `out` the first character that NFC may change stands (`unstableAt`).
// Ordinary characters are copied in runs; only the special ones are looked at twice.
bool cleanCharacters(std::string_view in, const NormalizeOptions& options, std::string& out,
                     NormalizeCounts& counts, std::size_t& unstableAt) {
    const auto* s = reinterpret_cast<const unsigned char*>(in.data());
    const std::size_t n = in.size();
    const StableTable& table = stableTable();
    unstableAt = std::string::npos;
    std::size_t run = 0;
    auto flush = [&](std::size_t upto) { out.append(in.substr(run, upto - run)); };
    auto lastOut = [&](std::size_t i) -> char {
        if (i > run) return static_cast<char>(s[i - 1]);
        if (out.empty()) return options.trimEdges ? '\n' : '\0';
        return out.back();
    };
    auto emitSpace = [&]() {
        if ((out.empty() && options.trimEdges) ||
            (!out.empty() && (out.back() == ' ' || out.back() == '\n')))
            ++counts.spacesCollapsed;
        else
            out += ' ';
    };
    auto emitLineBreak = [&]() {
        if (!options.multiline) {
            emitSpace();
            return;
        }
        if (!out.empty() && out.back() == ' ') {
            out.pop_back();
            ++counts.spacesCollapsed;
        }
        out += '\n';
    };
    std::size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c > 0x20 && c < 0x7F) {
            ++i;
            continue;
        }
        if (c >= 0xEA && c <= 0xED && i + 2 < n && (s[i + 1] & 0xC0) == 0x80 &&
            (s[i + 2] & 0xC0) == 0x80) {
            // Hangul syllables (U+AC00–U+D7A3): the bulk of Korean text, nothing to do.
            char32_t cp =
                (char32_t(c & 0x0F) << 12) | (char32_t(s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
            if (cp >= 0xAC00 && cp <= 0xD7A3) {
                i += 3;
                continue;
            }
        }
        if (c == ' ') {
            char last = lastOut(i);
            if (last != ' ' && last != '\n') {
                ++i;
                continue;
            }
            flush(i);
            ++counts.spacesCollapsed;
            run = ++i;
            continue;
        }
        if (c == '\n' || c == '\t') {
            if (options.multiline && lastOut(i) != ' ') {
                ++i;
                continue;
            }
            flush(i);
            if (c == '\n') {
                if (!options.multiline) ++counts.lineBreaksUnified;
                emitLineBreak();
            } else if (options.multiline) {
                out += '\t';
            } else {
                ++counts.spacesReplaced;
                emitSpace();
            }
            run = ++i;
            continue;
        }
        if (c < 0x80) {
            flush(i);
            if (c == '\r') {
                ++counts.lineBreaksUnified;
                if (!(i + 1 < n && s[i + 1] == '\n')) emitLineBreak();
            } else {
                ++counts.controlsRemoved;
            }
            run = ++i;
            continue;
        }
        std::size_t length = unicode::utf8SequenceLength(s, i, n);
        if (length == 0) return false;
        char32_t cp = decodeAt(s, i, length);
        bool special = (cp >= 0x80 && cp <= 0x9F) || isUnicodeSpace(cp) || isZeroWidth(cp) ||
                       cp == 0x2028 || cp == 0x2029 || isPua(cp);
        if (!special) {
            if (unstableAt == std::string::npos && !isStableForNfc(table, cp))
                unstableAt = out.size() + (i - run);
            i += length;
            continue;
        }
        flush(i);
        if (cp == 0x85 || cp == 0x2028 || cp == 0x2029) {
            ++counts.lineBreaksUnified;
            emitLineBreak();
        } else if (cp >= 0x80 && cp <= 0x9F) {
            ++counts.controlsRemoved;
        } else if (isUnicodeSpace(cp)) {
            ++counts.spacesReplaced;
            emitSpace();
        } else if (isZeroWidth(cp)) {
            ++counts.zeroWidthRemoved;
        } else if (char32_t mapped = mapPua(cp)) {
            ++counts.puaMapped;
            unicode::appendCodePoint(mapped, out);
        } else {
            ++counts.puaKept;
            out.append(in.substr(i, length));
        }
        i += length;
        run = i;
    }
    flush(n);
    while (options.trimEdges && !out.empty() && out.back() == ' ') {
        out.pop_back();
        ++counts.spacesCollapsed;
    }
    if (unstableAt != std::string::npos && unstableAt > out.size()) unstableAt = out.size();
    return true;
}

}  // namespace

NormalizeCounts& NormalizeCounts::operator+=(const NormalizeCounts& o) {
    invalidUtf8 += o.invalidUtf8;
    controlsRemoved += o.controlsRemoved;
    zeroWidthRemoved += o.zeroWidthRemoved;
    spacesReplaced += o.spacesReplaced;
    spacesCollapsed += o.spacesCollapsed;
    lineBreaksUnified += o.lineBreaksUnified;
    puaMapped += o.puaMapped;
    puaKept += o.puaKept;
    nfcChanged += o.nfcChanged;
    mojibakeRepaired += o.mojibakeRepaired;
    mojibakeSuspected += o.mojibakeSuspected;
    return *this;
}

bool NormalizeCounts::any() const {
    return invalidUtf8 || controlsRemoved || zeroWidthRemoved || spacesReplaced ||
           spacesCollapsed || lineBreaksUnified || puaMapped || puaKept || nfcChanged ||
           mojibakeRepaired || mojibakeSuspected;
}

namespace {

// Layers of mojibake undone in one call (text encoded to UTF-8 and misread up to this often).
constexpr int kMaxMojibakeLayers = 4;

// The repaired text, or nullopt when no run repairs.
std::optional<std::string> repairRuns(std::string_view utf8, std::size_t* repaired,
                                      std::size_t* suspected) {
    std::string out;
    const auto* s = reinterpret_cast<const unsigned char*>(utf8.data());
    const std::size_t n = utf8.size();
    std::string bytes;
    std::size_t copied = 0;
    std::size_t from = 0;
    // Every mojibake of a multibyte UTF-8 sequence holds one of Â…ô (the lead byte), all
    // encoded C3 xx: runs are only looked for around those.
    while (from < n) {
        const void* hit = std::memchr(s + from, 0xC3, n - from);
        if (!hit) break;
        const auto at = static_cast<std::size_t>(static_cast<const unsigned char*>(hit) - s);
        std::size_t start = at;
        std::size_t length = 0;
        // Back over characters with a high byte: they belong to the run.
        while (start > copied) {
            std::size_t previous = start;
            do {
                --previous;
            } while (previous > 0 && (s[previous] & 0xC0) == 0x80);
            if (s[previous] < 0x80 || mojibakeByte(decodeChecked(s, previous, n, length)) < 0)
                break;
            start = previous;
        }
        bytes.clear();
        std::size_t end = start;
        while (end < n) {
            int byte = mojibakeByte(decodeChecked(s, end, n, length));
            if (byte < 0) break;
            bytes += static_cast<char>(byte);
            end += length;
        }
        if (!bytes.empty() && unicode::isValidUtf8(bytes)) {
            if (out.empty()) out.reserve(utf8.size());
            out.append(utf8.substr(copied, start - copied));
            out += bytes;
            copied = end;
            if (repaired) ++*repaired;
        } else if (suspected && countSuspiciousPairs(bytes) >= 2) {
            ++*suspected;
        }
        // Past this C3 whatever happened (it may be an ill-formed lead the run stopped at).
        from = std::max(end, at + 1);
    }
    if (copied == 0) return std::nullopt;
    out.append(utf8.substr(copied));
    return out;
}

}  // namespace

std::string repairMojibake(std::string_view utf8, std::size_t* repaired, std::size_t* suspected) {
    std::optional<std::string> fixed = repairRuns(utf8, repaired, suspected);
    return fixed ? std::move(*fixed) : std::string(utf8);
}

namespace {

NormalizeResult normalizeAt(std::string_view utf8, const NormalizeOptions& options, int depth,
                            std::string spare = {}) {
    NormalizeResult result;
    NormalizeCounts& counts = result.counts;
    auto hasC3 = [](std::string_view text) {
        return std::memchr(text.data(), 0xC3, text.size()) != nullptr;
    };
    // Double-encoded text loses one layer per repair; a few layers at most.
    auto repairAll = [&](std::string_view text,
                         std::size_t* suspected) -> std::optional<std::string> {
        std::optional<std::string> fixed;
        for (int layer = 0; layer < kMaxMojibakeLayers; ++layer) {
            auto next = repairRuns(fixed ? std::string_view(*fixed) : text,
                                   &counts.mojibakeRepaired, layer == 0 ? suspected : nullptr);
            if (!next) break;
            fixed = std::move(next);
        }
        return fixed;
    };
    std::size_t unstable = 0;
    std::string sanitized;
    auto clean = [&](std::string_view text, std::string& out) {
        out.reserve(text.size());
        NormalizeCounts attempt = counts;
        if (!cleanCharacters(text, options, out, attempt, unstable)) {
            sanitized.reserve(text.size());
            counts.invalidUtf8 += unicode::appendSanitizedUtf8(text, sanitized);
            out.clear();
            attempt = counts;
            cleanCharacters(sanitized, options, out, attempt, unstable);
        }
        counts = attempt;
    };

    std::string repaired;
    if (options.repairMojibake && hasC3(utf8)) {
        if (auto fixed = repairAll(utf8, &counts.mojibakeSuspected)) {
            repaired = std::move(*fixed);
            utf8 = repaired;
        }
    }
    std::string cleaned = std::move(spare);
    cleaned.clear();
    clean(utf8, cleaned);
    // Removing a control or turning NBSP into a space can join the pieces of a run that now
    // repairs: repair and clean again, so that normalising twice changes nothing more.
    auto touched = [&] {
        return counts.controlsRemoved + counts.zeroWidthRemoved + counts.spacesReplaced +
               counts.lineBreaksUnified;
    };
    std::size_t removed = touched();
    for (int round = 0;
         round < kMaxMojibakeLayers && options.repairMojibake && removed > 0 && hasC3(cleaned);
         ++round) {
        auto fixed = repairAll(cleaned, nullptr);
        if (!fixed) break;
        std::size_t before = touched();
        std::string again;
        clean(*fixed, again);
        cleaned = std::move(again);
        removed = touched() - before;
    }

    if (unstable == std::string::npos) {
        result.text = std::move(cleaned);
        return result;
    }
    // From the character before the first unstable one, which it may compose with.
    if (unstable > 0)
        unstable = previousStart(reinterpret_cast<const unsigned char*>(cleaned.data()), unstable);
    result.text.reserve(cleaned.size());
    result.text.append(cleaned, 0, unstable);
    counts.nfcChanged = appendNfc(std::string_view(cleaned).substr(unstable), result.text);
    // Composition can make the lead of a run (O + U+0300 → Ò): repair and normalise once more,
    // so that normalising twice changes nothing more. Each repair shortens the text.
    if (options.repairMojibake && counts.nfcChanged > 0 && depth < kMaxMojibakeLayers &&
        hasC3(result.text)) {
        std::size_t repairedRuns = 0;
        if (auto fixed = repairRuns(result.text, &repairedRuns, nullptr)) {
            NormalizeResult again = normalizeAt(*fixed, options, depth + 1);
            again.counts += counts;
            again.counts.mojibakeRepaired += repairedRuns;
            return again;
        }
    }
    return result;
}

}  // namespace

NormalizeResult normalizeText(std::string_view utf8, const NormalizeOptions& options) {
    return normalizeAt(utf8, options, 0);
}

NormalizeResult normalizeText(std::string_view utf8, const NormalizeOptions& options,
                              std::string spare) {
    return normalizeAt(utf8, options, 0, std::move(spare));
}

std::vector<Warning> warningsFor(const NormalizeCounts& counts, std::string_view where) {
    std::vector<Warning> warnings;
    auto add = [&](std::size_t count, std::string_view code, std::string_view what) {
        if (count == 0) return;
        warnings.push_back(Warning{std::string(code),
                                   std::to_string(count) + " " + std::string(what),
                                   std::string(where)});
    };
    add(counts.invalidUtf8, "text_invalid_utf8", "ill-formed UTF-8 sequences replaced by U+FFFD");
    add(counts.mojibakeRepaired, "text_mojibake_repaired",
        "runs of UTF-8 read as CP1252/Latin-1 repaired");
    add(counts.mojibakeSuspected, "text_mojibake_suspected",
        "runs look like UTF-8 read as CP1252/Latin-1 but do not repair exactly; kept");
    add(counts.controlsRemoved, "text_controls_removed", "control characters removed");
    add(counts.zeroWidthRemoved, "text_zero_width_removed",
        "zero-width or invisible format characters removed");
    add(counts.lineBreaksUnified, "text_line_breaks_unified",
        "CR, NEL or Unicode line/paragraph separators turned into line feeds or spaces");
    add(counts.spacesReplaced, "text_spaces_replaced",
        "Unicode spaces (no-break, ideographic, …) turned into U+0020");
    add(counts.spacesCollapsed, "text_spaces_collapsed",
        "spaces removed by collapsing runs and trimming lines");
    add(counts.puaMapped, "text_pua_mapped",
        "Private Use Area symbols mapped to Unicode (Hancom/Wingdings/Symbol table)");
    add(counts.puaKept, "text_pua_kept",
        "Private Use Area characters without a known mapping kept");
    return warnings;
}

}  // namespace jikji::normalize
