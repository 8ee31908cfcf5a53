#pragma once

#include <string>
#include <string_view>

namespace jikji::fetch {

/// True when `bytes` are an HTML page, judged by content alone (never by Content-Type or
/// status): after a UTF-8 BOM, white space, an XML declaration and comments, the first tag is
/// `<!DOCTYPE html`, `<html`, `<head`, `<body`, `<meta`, `<title` or `<script`. A portal that
/// refuses a download answers so, often with 200 (`잘못된 접근입니다`).
bool looksLikeHtmlPage(std::string_view bytes);

/// True when a link promised a file rather than a page: an attachment whose URL path and link
/// text do not end in `.htm` or `.html`.
bool promisesFile(std::string_view url, std::string_view linkText);

/// The text a reader sees on the page (scripts included: `alert('…')` is the message of many
/// of them), white space collapsed and trimmed, cut at `maxBytes` on a character boundary.
std::string errorPageText(std::string_view bytes, std::string_view contentType,
                          std::size_t maxBytes = 300);

}  // namespace jikji::fetch
