#pragma once

#include <string>
#include <string_view>

namespace jikji::converters {

/// The URL of a Hancom hyperlink field's command (HWP 5, HWPX, HWPML):
/// `http\://host/path;1;0;0;`, where `\` escapes the next character and `;` ends the target.
/// Surrounding white space is dropped.
std::string hyperlinkTarget(std::string_view command);

/// The guide text of a click-here (누름틀) field's command (HWP 5, HWPX):
/// `Clickhere:set:N:Direction:wstring:L:GUIDE HelpState:wstring:L:…`, where L counts the UTF-16
/// code units of the value; a command of another shape is the guide itself up to its first
/// unescaped `;` (`본문을 입력하세요;`). Surrounding white space is dropped.
std::string clickHereGuide(std::string_view command);

/// The media type of a binary item by its file extension (`jpg`, `PNG`, `bmp`, `ole`, …);
/// `application/octet-stream` when unknown.
std::string mediaTypeForExtension(std::string_view extension);

/// `text` without the white space and control characters (bytes up to U+0020) at either end, as
/// Hancom's XML (HWPX, HWPML) pads attribute values and scripts.
std::string trim(std::string_view text);

}  // namespace jikji::converters
