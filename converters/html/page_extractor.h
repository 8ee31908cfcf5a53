#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "converters/html/item_rules.h"
#include "pipeline/document.h"
#include "pipeline/status.h"

namespace jikji::converters::html {

/// The version of the page extractor, recorded in a record's `processing.converters.html`.
inline constexpr std::string_view kPageExtractorVersion = "0.1";

/// A link read from a page: absolute canonical URL, its text, and for an attachment the size
/// the page declares next to it (`105.0KB`, as written).
struct PageLink {
    std::string url;
    std::string text;
    std::string declaredSize;
    std::string body{};  ///< the form body, for a link that a template made a POST
};

/// What the rules found on one item page.
struct ExtractedPage {
    /// `ok`; `partial` when a rule found nothing or failed; `limit_exceeded` or `corrupt` when
    /// the page could not be read at all.
    Status status = Status::Ok;
    /// The page URL and the base URL that relative links were resolved against (`<base>`).
    std::string url;
    std::string baseUrl;
    /// Field name → one value per selected node, in document order. Values are white-space
    /// normalised text: lines (block elements, `<br>`) joined by `\n`.
    std::map<std::string, std::vector<std::string>> fields;
    /// The body as a document (`format` `html`): paragraphs, headings, list items (HTML lists and
    /// paragraphs led by the Korean bullet marks, with levels), tables, links, images.
    Document body;
    std::vector<PageLink> attachments;
    std::vector<PageLink> related;
    std::vector<Warning> warnings;
};

/// Parses `utf8` (the page already decoded to UTF-8) with libxml2's HTML parser, without
/// network access, removes the `exclude` nodes, and reads fields, body and links by `rules`.
/// Relative links resolve against `url` and the page's `<base>`. Never throws: problems become
/// warnings and a status.
ExtractedPage extractPage(std::string_view utf8, std::string_view url, const ItemRules& rules);

/// Why `xpath` is not a valid XPath 1.0 expression, or nothing when it is (for checking a
/// source config when it is loaded, before any page is fetched).
std::optional<std::string> xpathError(std::string_view xpath);

/// Every invalid expression of `rules`, as `<rule name>: <reason>`; empty when all compile.
std::vector<std::string> checkRules(const ItemRules& rules);

/// The level of a paragraph led by a bullet mark: `◈`, `□`, `■` → 0; `○`, `●` → 1; `- `, `–`
/// → 2; `▲`, `·`, `∙` → 3; nothing when `text` does not start with one.
std::optional<int> bulletLevel(std::string_view text);

/// True for a short line that is site chrome rather than content: `추천 : 0`, `조회수 : 12`,
/// `[로그인]`, `로그인 후 구독 가능`, `페이스북 공유하기`, `목록`, `인쇄`.
bool isSiteChrome(std::string_view line);

}  // namespace jikji::converters::html
