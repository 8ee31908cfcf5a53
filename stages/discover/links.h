#pragma once

#include <optional>
#include <string>
#include <vector>

#include "pipeline/link_template.h"

namespace jikji::discover {

/// A link found on a page: the absolute URL and the text of its element; for a link a template
/// made, the method it asks for (empty: the rule's) and the form body.
struct Link {
    std::string url;
    std::string text;
    std::string method;
    std::string body;
};

/// How a link rule fared on one page: the nodes its XPath selected, and how many of their values
/// its template matched (a rule that selects nodes but matches none: the markup changed).
struct RuleMatch {
    std::size_t selected = 0;
    std::size_t matched = 0;
};

/// An HTML page parsed by libxml2 (no network, no entities), queried with XPath 1.0.
class HtmlPage {
  public:
    /// `html` is the decoded page (UTF-8); `url` is where it was fetched from (the final URL).
    HtmlPage(const std::string& html, const std::string& url);
    ~HtmlPage();
    HtmlPage(const HtmlPage&) = delete;
    HtmlPage& operator=(const HtmlPage&) = delete;

    /// The base for relative links: `<base href>` resolved against the page URL, else the URL.
    const std::string& baseUrl() const { return m_base; }
    /// Links selected by `xpath`: `a` (or any element with `href`/`src`) elements, or `@href`
    /// attributes, in document order, de-duplicated by URL.
    std::vector<Link> links(const std::string& xpath) const;
    /// Links made by `rule`: as above for a plain rule; with a template, every selected value
    /// (`@href`, `@onclick`, text) it matches, the others skipped. `match` receives the counts.
    std::vector<Link> links(const LinkRule& rule, RuleMatch* match = nullptr) const;
    /// The whitespace-collapsed text of every node selected by `xpath`.
    std::vector<std::string> texts(const std::string& xpath) const;

  private:
    void* m_document = nullptr;
    std::string m_base;
};

}  // namespace jikji::discover
