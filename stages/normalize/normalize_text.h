#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/status.h"

namespace jikji::normalize {

/// What normalizeText may do besides the always-on steps.
struct NormalizeOptions {
    /// Keep line breaks and tabs (text of blocks); otherwise they become spaces (titles, names).
    bool multiline = true;
    /// Repair UTF-8 that was read as Latin-1/CP1252 when the repair is exact.
    bool repairMojibake = true;
    /// Drop spaces at the start and end of the whole string. Off for one span of a paragraph,
    /// whose edge spaces separate it from its neighbours (normalizeDocument trims paragraphs).
    bool trimEdges = true;
};

/// How many characters each step changed. Everything except `nfcChanged` loses information.
struct NormalizeCounts {
    std::size_t invalidUtf8 = 0;        ///< ill-formed UTF-8 sequences replaced by U+FFFD
    std::size_t controlsRemoved = 0;    ///< C0/C1 controls other than tab and line feed
    std::size_t zeroWidthRemoved = 0;   ///< ZWSP, ZWNJ, ZWJ, word joiner, BOM, soft hyphen, …
    std::size_t spacesReplaced = 0;     ///< NBSP, ideographic space, … turned into U+0020
    std::size_t spacesCollapsed = 0;    ///< spaces dropped by collapsing runs and trimming lines
    std::size_t lineBreaksUnified = 0;  ///< CR, CR LF, NEL, U+2028/9 turned into LF (or a space)
    std::size_t puaMapped = 0;          ///< Hancom/Wingdings/Symbol PUA mapped to Unicode
    std::size_t puaKept = 0;            ///< PUA characters kept because no mapping is known
    std::size_t nfcChanged = 0;         ///< text segments that NFC changed (canonical, not lossy)
    std::size_t mojibakeRepaired = 0;   ///< runs of UTF-8-read-as-CP1252 repaired exactly
    std::size_t mojibakeSuspected = 0;  ///< runs that look like mojibake but cannot be repaired

    NormalizeCounts& operator+=(const NormalizeCounts& other);
    /// True when any step changed or flagged something.
    bool any() const;
};

struct NormalizeResult {
    std::string text;
    NormalizeCounts counts;
};

/// Normalises one string that is about to reach a record: ill-formed UTF-8 replaced; mojibake
/// repaired; controls and zero-width characters removed (tab and line feed kept when
/// `multiline`); CR LF, CR, NEL, U+2028 and U+2029 become LF; every Unicode space becomes
/// U+0020; runs of spaces collapse and lines are trimmed; known PUA symbols are mapped (see
/// pua_table.h); then NFC, except that CJK compatibility ideographs (Hanja) and old-Hangul jamo
/// sequences are left exactly as they are. Compatibility jamo and Hanja are never touched.
NormalizeResult normalizeText(std::string_view utf8, const NormalizeOptions& options = {});
/// The same, building the result in `spare`'s memory (a string the caller has no more use for):
/// a caller normalising many strings allocates only when one outgrows the last.
NormalizeResult normalizeText(std::string_view utf8, const NormalizeOptions& options,
                              std::string spare);

/// The repair of UTF-8 that was decoded as CP1252 or Latin-1 (`ê¸ˆìœµ` → `금융`), run by run:
/// a run of characters that all exist in CP1252/Latin-1 is turned back into bytes and kept
/// as UTF-8 when those bytes are well-formed UTF-8 with at least one multibyte sequence.
/// `repaired` counts the runs repaired; `suspected` the runs with the pattern that do not
/// repair exactly (left as they are).
std::string repairMojibake(std::string_view utf8, std::size_t* repaired = nullptr,
                           std::size_t* suspected = nullptr);

/// The warnings a record gets for `counts`: one `text_*` warning per lossy step with its count
/// (`text_invalid_utf8`, `text_controls_removed`, `text_zero_width_removed`,
/// `text_spaces_replaced`, `text_spaces_collapsed`, `text_line_breaks_unified`,
/// `text_pua_mapped`, `text_pua_kept`, `text_mojibake_repaired`, `text_mojibake_suspected`).
std::vector<Warning> warningsFor(const NormalizeCounts& counts, std::string_view where = {});

}  // namespace jikji::normalize
