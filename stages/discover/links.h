#pragma once

#include <optional>
#include <string>
#include <vector>

namespace jikji::discover {

/// A link found on a page: the absolute URL and the text of its element.
struct Link {
    std::string url;
    std::string text;
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
    /// The whitespace-collapsed text of every node selected by `xpath`.
    std::vector<std::string> texts(const std::string& xpath) const;

  private:
    void* m_document = nullptr;
    std::string m_base;
};

}  // namespace jikji::discover
