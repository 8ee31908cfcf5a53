#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "pipeline/document_sink.h"

namespace jikji::converters {

/// The URL of a Hancom hyperlink field's command (HWP 5, HWPX, HWPML):
/// `http\://host/path;1;0;0;`, where `\` escapes the next character and `;` ends the target.
/// Surrounding white space is dropped.
std::string hyperlinkTarget(std::string_view command);

/// The value of parameter `name` in a Hancom parameter string, `NAME:wstring:L:VALUE`, where L
/// counts the UTF-16 code units of the value (click-here commands, HWP 5 FORM_OBJECT records);
/// empty when absent. Surrounding white space is dropped.
std::string wstringParameter(std::string_view parameters, std::string_view name);

/// What a form object shows, from its parameter string (HWP 5 FORM_OBJECT: `ButtonSet` …
/// `Caption`, `EditSet` / `ComboBoxSet` … `Text`): the caption, else the text.
std::string formObjectText(std::string_view parameters);

/// The guide text of a click-here (누름틀) field's command (HWP 5, HWPX):
/// `Clickhere:set:N:Direction:wstring:L:GUIDE HelpState:wstring:L:…`, where L counts the UTF-16
/// code units of the value; a command of another shape is the guide itself up to its first
/// unescaped `;` (`본문을 입력하세요;`). Surrounding white space is dropped.
std::string clickHereGuide(std::string_view command);

/// What a Hancom document holds that is kept in the blocks, marked, but out of the text.
struct KeptApart {
    /// Tracked insertions and deletions.
    std::size_t trackedChanges = 0;
    /// Hidden comments and memos.
    std::size_t annotations = 0;
    /// Click-here guides.
    std::size_t instructions = 0;
};

/// The warnings `tracked_changes`, `annotations` and `field_instructions`, each when its count
/// is not zero: nothing is dropped silently.
void warnKeptApart(DocumentSink& sink, const KeptApart& kept, std::string_view where);

/// The media type of a binary item by its file extension (`jpg`, `PNG`, `bmp`, `ole`, …);
/// `application/octet-stream` when unknown.
std::string mediaTypeForExtension(std::string_view extension);

/// `text` without the white space and control characters (bytes up to U+0020) at either end, as
/// Hancom's XML (HWPX, HWPML) pads attribute values and scripts.
std::string trim(std::string_view text);

/// Hancom's number shapes (HWP 5's `번호 모양` codes 0–14, in this order; HWPX and HWPML name
/// them: `DIGIT` / `Digit`, `CIRCLED_DIGIT` / `CircledDigit`, …).
enum class NumberShape : unsigned char {
    Digit,
    CircledDigit,
    RomanCapital,
    RomanSmall,
    LatinCapital,
    LatinSmall,
    CircledLatinCapital,
    CircledLatinSmall,
    HangulSyllable,
    CircledHangulSyllable,
    HangulJamo,
    CircledHangulJamo,
    HangulPhonetic,
    Ideograph,
    CircledIdeograph,
};

/// The shape of HWP 5 code `code`, or of an HWPX/HWPML name (case and `_` ignored); Digit for
/// anything else.
NumberShape numberShapeOf(unsigned code);
NumberShape numberShapeOf(std::string_view name);

/// `number` written in `shape`: `4`, `④`, `IV`, `iv`, `D`, `d`, `Ⓓ`, `ⓓ`, `라`, `㉱`, `ㄹ`, `㉣`,
/// `사`, `四`, `㊃`; syllables past 하 run on with the next vowel (거 … 허, 고 … 히). Where a
/// shape runs out of signs (circled forms past their last, Latin past Z, the fourteen jamo,
/// syllables past 히) the number is written as digits, as it is for 0.
std::string formatNumber(std::uint32_t number, NumberShape shape);

/// True when an auto number of this type (HWPX `numType`, HWPML `NumberType`: `PICTURE`,
/// `Table`, …; case ignored) numbers a caption: a picture, table or equation number is text of
/// the document, where page numbers are layout and note numbers the notes' marks.
bool isCaptionNumberType(std::string_view type);

}  // namespace jikji::converters
