#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/status.h"

/// Every byte from outside becomes text here: charset labels, charset resolution for pages and
/// text files, strict decoding to UTF-8, file names, mojibake repair and normalisation. Built on
/// the UTF-8/UTF-16 layer of `pipeline/unicode.h` and on ICU.
namespace jikji::normalize {

/// The ICU converter name used for every Korean label. ICU's own `EUC-KR` (ibm-970) turns the
/// UHC extension (e.g. `8C 63` = 똠) into C1 controls, and its `cp949` alias is IBM's table.
inline constexpr std::string_view kKoreanCharset = "windows-949";

/// Maps a charset label (WHATWG spelling, case and surrounding spaces ignored) to the ICU
/// converter name that decodes it: every Korean label (`euc-kr`, `cp949`, `ks_c_5601-1987`,
/// `windows-949`, `x-windows-949`, `korean`, `ksc5601`, `csEUCKR`, …) gives `windows-949`;
/// `utf-8` and its aliases give `UTF-8`; `latin1`, `iso-8859-1`, `ascii` give `windows-1252` as
/// the WHATWG standard says. Other labels are accepted when ICU knows them. Unknown: nullopt.
std::optional<std::string> canonicalCharset(std::string_view label);

/// Where the charset of some bytes came from, in the order they are tried.
enum class CharsetSource {
    Bom,         ///< a UTF-8 or UTF-16 byte order mark
    Forced,      ///< the source configuration forces it
    Header,      ///< the HTTP `Content-Type` charset
    Meta,        ///< a `<meta>` in the first 1024 bytes
    Utf8Trial,   ///< the bytes are well-formed UTF-8 (or plain ASCII)
    Cp949Trial,  ///< the bytes decode cleanly as CP949
    Detector,    ///< ICU's statistical detector, the last resort
    Fallback,    ///< nothing fitted; the candidate with the fewest errors
};

/// `bom`, `forced`, `header`, `meta`, `utf8_trial`, `cp949_trial`, `detector`, `fallback`.
std::string_view toString(CharsetSource source);

/// The charset chosen for some bytes and why.
struct CharsetDecision {
    /// ICU converter name: `UTF-8`, `windows-949`, `UTF-16LE`, `UTF-16BE`, `windows-1252`, …
    std::string charset;
    CharsetSource source = CharsetSource::Fallback;
    /// Bytes of byte order mark to skip before decoding (0 when there is none).
    std::size_t bomLength = 0;
    /// The labels as declared, empty when absent.
    std::string headerLabel;
    std::string metaLabel;
    /// Conflicts, unknown labels, a detector guess: `charset_*` codes.
    std::vector<Warning> warnings;
};

/// The `charset` parameter of a `Content-Type` header value (`text/html; charset="euc-kr"`),
/// unquoted; empty when absent.
std::string charsetFromContentType(std::string_view contentType);

/// The charset label declared by a `<meta charset>` or `<meta http-equiv="Content-Type"
/// content="…; charset=…">` in the first 1024 bytes (the WHATWG prescan, without its
/// tokenizer corner cases); empty when none.
std::string prescanMetaCharset(std::string_view bytes);

/// Decides the charset of a page or text file in the HTML standard's order: BOM, the forced
/// charset, the HTTP header charset, the `<meta>` prescan, then strict trial decoding (UTF-8,
/// then CP949), and ICU's detector only when all of those fail (with a warning). A declared
/// charset that does not decode the bytes cleanly loses to one that does, with a warning.
CharsetDecision resolveCharset(std::string_view bytes, std::string_view contentTypeHeader = {},
                               std::string_view forced = {});

/// UTF-8 text decoded from bytes.
struct DecodedText {
    std::string text;
    /// The ICU converter that decoded it.
    std::string charset;
    /// Ill-formed or unmappable byte sequences, each replaced by one U+FFFD.
    std::size_t replacements = 0;
    std::vector<Warning> warnings;
};

/// Decodes `bytes` in `charset` (a label; see canonicalCharset) to UTF-8 with a stop-on-error
/// converter: every bad sequence is replaced explicitly by U+FFFD, counted, and reported in a
/// `charset_invalid_bytes` warning. A leading BOM of that charset is dropped. An unknown label
/// decodes as UTF-8 with a `charset_unknown_label` warning.
DecodedText decodeToUtf8(std::string_view bytes, std::string_view charset);

/// resolveCharset then decodeToUtf8; the decision's warnings come first.
DecodedText decodePage(std::string_view bytes, std::string_view contentTypeHeader = {},
                       std::string_view forced = {});

/// Counts the byte sequences of `bytes` that `charset` (an ICU converter name) cannot decode.
/// A sequence cut off by the end of the input counts in `truncatedTail` instead.
struct TrialResult {
    std::size_t errors = 0;
    bool truncatedTail = false;
    bool clean() const { return errors == 0; }
};
TrialResult trialDecode(std::string_view bytes, std::string_view charset);

}  // namespace jikji::normalize
