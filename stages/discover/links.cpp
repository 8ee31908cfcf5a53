#include "stages/discover/links.h"

#include "pipeline/web_url.h"

#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>

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

}  // namespace

HtmlPage::HtmlPage(const std::string& html, const std::string& url) : m_base(url) {
    m_document = htmlReadMemory(html.data(), static_cast<int>(html.size()), url.c_str(), "UTF-8",
                                HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                    HTML_PARSE_RECOVER | HTML_PARSE_NOBLANKS);
    if (!m_document) m_document = htmlReadMemory("<html></html>", 13, url.c_str(), "UTF-8", 0);
    if (!m_document) throw std::runtime_error("libxml2 cannot create a document");
    for (const std::string& href : texts("//base/@href")) {
        if (auto resolved = url::resolveUrl(url, href)) m_base = *resolved;
        break;
    }
}

HtmlPage::~HtmlPage() {
    if (m_document) xmlFreeDoc(doc(m_document));
}

std::vector<Link> HtmlPage::links(const std::string& xpath) const {
    return links(LinkRule(xpath));
}

std::vector<Link> HtmlPage::links(const LinkRule& rule, RuleMatch* match) const {
    std::vector<Link> out;
    if (rule.empty()) return out;
    XPathResult result;
    result.context = xmlXPathNewContext(doc(m_document));
    if (!result.context) return out;
    result.object = xmlXPathEvalExpression(reinterpret_cast<const xmlChar*>(rule.select.c_str()),
                                           result.context);
    if (!result.object || result.object->type != XPATH_NODESET || !result.object->nodesetval)
        return out;
    std::set<std::string> seen;
    xmlNodeSetPtr nodes = result.object->nodesetval;
    if (match) match->selected += static_cast<std::size_t>(nodes->nodeNr);
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
        Link link;
        if (rule.linkTemplate) {
            auto made = rule.linkTemplate->apply(href);
            if (!made) continue;
            if (match) ++match->matched;
            href = made->url;
            link.method = made->method;
            link.body = made->body;
        }
        auto url = url::resolveUrl(m_base, href);
        // A POST view shares its URL with every other item: its body tells them apart.
        if (!url || !seen.insert(*url + "\n" + link.body).second) continue;
        link.url = *url;
        link.text = text;
        out.push_back(std::move(link));
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
