#pragma once

#include <map>
#include <string>
#include <vector>

#include "pipeline/link_template.h"

namespace jikji::converters::html {

/// Where the parts of an item page are, as XPath 1.0 expressions over the parsed HTML. A
/// source config holds one of these per source; an empty expression means "not on this page".
struct ItemRules {
    /// Field name → XPath. A rule may select elements (their text), attributes or text nodes
    /// (their value), or compute a string (`string(//title)`). Each selected node gives one value.
    std::map<std::string, std::string> fields;
    /// The article body: every selected element becomes blocks of the body document.
    std::string body;
    /// Attachment links: `a` elements (their `href` is taken) or `@href` attributes, or values
    /// (`@href | @onclick`) that a link template turns into URLs.
    LinkRule attachments;
    /// Related items, as links like `attachments`.
    std::string related;
    /// Removed from the page before anything else is read: site chrome that the other rules
    /// would otherwise reach.
    std::vector<std::string> exclude;
};

}  // namespace jikji::converters::html
