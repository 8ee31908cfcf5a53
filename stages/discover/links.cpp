#include "stages/discover/links.h"

#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <algorithm>
#include <memory>
#include <set>
#include <stdexcept>

#include "pipeline/limits.h"

namespace jikji::discover {

namespace {

htmlDocPtr doc(void* document) {
    return static_cast<htmlDocPtr>(document);
}

std::string collapse(const std::string& text) {
    std::string out;
    bool space = false;
    for (char c : text) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
            space = !out.empty();
            continue;
        }
        if (space) out.push_back(' ');
        space = false;
        out.push_back(c);
    }
    return out;
}

std::string nodeText(xmlNodePtr node) {
    xmlChar* content = xmlNodeGetContent(node);
    if (!content) return {};
    std::string text(reinterpret_cast<const char*>(content));
    xmlFree(content);
    return collapse(text);
}

std::string attribute(xmlNodePtr node, const char* name) {
    xmlChar* value = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
    if (!value) return {};
    std::string text(reinterpret_cast<const char*>(value));
    xmlFree(value);
    return text;
}

struct XPathResult {
    xmlXPathContextPtr context = nullptr;
    xmlXPathObjectPtr object = nullptr;
    ~XPathResult() {
        if (object) xmlXPathFreeObject(object);
        if (context) xmlXPathFreeContext(context);
    }
};

std::string trimSpaces(const std::string& text) {
    std::size_t begin = text.find_first_not_of(" \t\r\n");
    if (begin == std::string::npos) return {};
    std::size_t end = text.find_last_not_of(" \t\r\n");
    return text.substr(begin, end - begin + 1);
}

}  // namespace

std::optional<std::string> resolveUrl(const std::string& base, const std::string& href) {
    std::string reference = trimSpaces(href);
    if (reference.empty() || reference.starts_with("#")) return std::nullopt;
    // Browsers drop tabs and newlines inside URLs; servers put them there by accident.
    reference.erase(std::remove_if(reference.begin(), reference.end(),
                                   [](char c) { return c == '\t' || c == '\n' || c == '\r'; }),
                    reference.end());
    for (char& c : reference)
        if (c == '\\') c = '/';
    try {
        Poco::URI uri(base);
        // Poco::URI::resolve mistakes a network-path reference ("//host/path") for a path.
        if (reference.starts_with("//")) reference = uri.getScheme() + ":" + reference;
        uri.resolve(reference);
        if (uri.getScheme() != "http" && uri.getScheme() != "https") return std::nullopt;
        if (uri.getHost().empty()) return std::nullopt;
        uri.setFragment("");
        if (uri.getPath().empty()) uri.setPath("/");
        return uri.toString();
    } catch (const Poco::Exception&) {
        return std::nullopt;
    }
}

HtmlPage::HtmlPage(const std::string& html, const std::string& url) : m_base(url) {
    m_document = htmlReadMemory(html.data(), static_cast<int>(html.size()), url.c_str(), "UTF-8",
                                HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                    HTML_PARSE_RECOVER | HTML_PARSE_NOBLANKS);
    if (!m_document) m_document = htmlReadMemory("<html></html>", 13, url.c_str(), "UTF-8", 0);
    if (!m_document) throw std::runtime_error("libxml2 cannot create a document");
    for (const std::string& href : texts("//base/@href")) {
        if (auto resolved = resolveUrl(url, href)) m_base = *resolved;
        break;
    }
}

HtmlPage::~HtmlPage() {
    if (m_document) xmlFreeDoc(doc(m_document));
}

std::vector<Link> HtmlPage::links(const std::string& xpath) const {
    std::vector<Link> out;
    if (xpath.empty()) return out;
    XPathResult result;
    result.context = xmlXPathNewContext(doc(m_document));
    if (!result.context) return out;
    result.object =
        xmlXPathEvalExpression(reinterpret_cast<const xmlChar*>(xpath.c_str()), result.context);
    if (!result.object || result.object->type != XPATH_NODESET || !result.object->nodesetval)
        return out;
    std::set<std::string> seen;
    xmlNodeSetPtr nodes = result.object->nodesetval;
    for (int i = 0; i < nodes->nodeNr && out.size() < limits::kMaxLinksPerRule; ++i) {
        xmlNodePtr node = nodes->nodeTab[i];
        std::string href, text;
        if (node->type == XML_ATTRIBUTE_NODE) {
            href = nodeText(node);
            if (node->parent) text = nodeText(node->parent);
        } else if (node->type == XML_ELEMENT_NODE) {
            href = attribute(node, "href");
            if (href.empty()) href = attribute(node, "src");
            text = nodeText(node);
        } else if (node->type == XML_TEXT_NODE) {
            href = nodeText(node);
        }
        auto url = resolveUrl(m_base, href);
        if (!url || !seen.insert(*url).second) continue;
        out.push_back({*url, text});
    }
    return out;
}

std::vector<std::string> HtmlPage::texts(const std::string& xpath) const {
    std::vector<std::string> out;
    XPathResult result;
    result.context = xmlXPathNewContext(doc(m_document));
    if (!result.context) return out;
    result.object =
        xmlXPathEvalExpression(reinterpret_cast<const xmlChar*>(xpath.c_str()), result.context);
    if (!result.object || result.object->type != XPATH_NODESET || !result.object->nodesetval)
        return out;
    xmlNodeSetPtr nodes = result.object->nodesetval;
    for (int i = 0; i < nodes->nodeNr; ++i)
        out.push_back(nodeText(nodes->nodeTab[i]));
    return out;
}

}  // namespace jikji::discover
