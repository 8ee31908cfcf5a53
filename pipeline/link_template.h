#pragma once

#include <unicode/uversion.h>

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

U_NAMESPACE_BEGIN
class RegexPattern;
U_NAMESPACE_END

namespace jikji {

/// A link template that cannot be used; `key()` names the part at fault (`pattern`, `url`,
/// `body`, `method`).
class LinkTemplateError : public std::invalid_argument {
  public:
    LinkTemplateError(std::string key, const std::string& message)
        : std::invalid_argument(message), m_key(std::move(key)) {}
    const std::string& key() const { return m_key; }

  private:
    std::string m_key;
};

/// The request a template made from one node value. `url` may be relative: it is resolved
/// against the page like any link. `method` is empty when the template does not say (the
/// rule's own method applies).
struct TemplatedLink {
    std::string url;
    std::string method;
    std::string body;
};

/// `{"pattern": REGEX, "url": TEMPLATE, "method": "POST", "body": TEMPLATE}`: the ICU regular
/// expression is searched in a node's value (`javascript:fn_egov_downFile('FILE_1','0')`), and
/// its groups fill `{1}`, `{2}`… of the URL and body templates, percent-encoded. Compiled once;
/// apply() is safe to call from several threads.
class LinkTemplate {
  public:
    /// Throws LinkTemplateError when the pattern does not compile, a template names a group
    /// the pattern does not have (`{3}` with two groups), or a body is given without POST.
    LinkTemplate(const std::string& pattern, std::string url, std::string method, std::string body);
    ~LinkTemplate();
    LinkTemplate(const LinkTemplate&) = delete;
    LinkTemplate& operator=(const LinkTemplate&) = delete;

    /// The request made from `value`, or nothing when the pattern does not match it.
    std::optional<TemplatedLink> apply(std::string_view value) const;

    const std::string& pattern() const { return m_pattern; }
    const std::string& url() const { return m_url; }
    const std::string& method() const { return m_method; }
    const std::string& body() const { return m_body; }

  private:
    std::string m_pattern;
    std::string m_url;
    std::string m_method;
    std::string m_body;
    std::unique_ptr<icu::RegexPattern> m_compiled;
};

/// A link rule of a source (`item_links`, `next_page`, `attachments`): an XPath that selects
/// `a` elements (their `href`), or attribute or text nodes (their value); with a template, each
/// selected value goes through it instead of being taken as a URL, and values it does not match
/// are skipped.
struct LinkRule {
    LinkRule() = default;
    /// A plain XPath rule.
    LinkRule(std::string xpath) : select(std::move(xpath)) {}  // NOLINT: a string is a rule
    LinkRule(std::string xpath, std::shared_ptr<const LinkTemplate> linkTemplate)
        : select(std::move(xpath)), linkTemplate(std::move(linkTemplate)) {}

    std::string select;
    std::shared_ptr<const LinkTemplate> linkTemplate;  ///< null for a plain rule

    bool empty() const { return select.empty(); }
};

/// `text` with every byte but the unreserved ones (RFC 3986: letters, digits, `-._~`) written
/// as `%XX`: a template group as it goes into a URL or a form body.
std::string percentEncodeComponent(std::string_view text);

}  // namespace jikji
