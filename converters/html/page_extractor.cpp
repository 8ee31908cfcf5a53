#include "converters/html/page_extractor.h"

#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include <algorithm>
#include <array>
#include <memory>
#include <regex>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "pipeline/document_builder.h"
#include "pipeline/limits.h"
#include "pipeline/typed_fields.h"
#include "pipeline/web_url.h"

namespace jikji::converters::html {

namespace {

struct DocFree {
    void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
struct ContextFree {
    void operator()(xmlXPathContext* context) const { xmlXPathFreeContext(context); }
};
struct ObjectFree {
    void operator()(xmlXPathObject* object) const { xmlXPathFreeObject(object); }
};
using DocPtr = std::unique_ptr<xmlDoc, DocFree>;
using ContextPtr = std::unique_ptr<xmlXPathContext, ContextFree>;
using ObjectPtr = std::unique_ptr<xmlXPathObject, ObjectFree>;

std::string_view nameOf(const xmlNode* node) {
    return node->name ? reinterpret_cast<const char*>(node->name) : "";
}

bool isNamed(const xmlNode* node, std::initializer_list<std::string_view> names) {
    if (node->type != XML_ELEMENT_NODE) return false;
    std::string_view name = nameOf(node);
    return std::find(names.begin(), names.end(), name) != names.end();
}

std::string attribute(const xmlNode* node, const char* name) {
    xmlChar* value = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
    if (!value) return {};
    std::string out(reinterpret_cast<const char*>(value));
    xmlFree(value);
    return out;
}

// Elements whose content is never text of the page: scripts, styles, form controls, frames.
bool isSkipped(const xmlNode* node) {
    return isNamed(node, {"script",   "style",  "noscript", "template", "head",   "title", "meta",
                          "link",     "iframe", "object",   "embed",    "button", "input", "select",
                          "textarea", "option", "svg",      "canvas",   "map",    "nav"});
}

// Site chrome that portals mark by element, role, id or class (exact tokens, so that
// `content_header` or `footer-note` stay): page headers and footers, menus, share buttons.
bool isChromeElement(const xmlNode* node) {
    if (isNamed(node, {"header", "footer"})) {
        for (const xmlNode* up = node->parent; up; up = up->parent)
            if (isNamed(up, {"article", "main", "section"})) return false;
        return true;
    }
    static const std::set<std::string, std::less<>> kRoles{"navigation", "banner", "contentinfo",
                                                           "search"};
    static const std::set<std::string, std::less<>> kTokens{
        "footer", "header",     "gnb",       "lnb",   "snb",     "nav",       "navigation",
        "menu",   "breadcrumb", "location",  "share", "sns",     "sns_share", "login",
        "util",   "quick",      "quickmenu", "skip",  "skipnav", "paging",    "pagination"};
    std::string role = attribute(node, "role");
    if (kRoles.count(role)) return true;
    std::string names = attribute(node, "id") + " " + attribute(node, "class");
    std::size_t start = 0;
    while (start < names.size()) {
        std::size_t end = names.find_first_of(" \t\n", start);
        if (end == std::string::npos) end = names.size();
        if (end > start && kTokens.count(std::string_view(names).substr(start, end - start)))
            return true;
        start = end + 1;
    }
    return false;
}

bool isBlockElement(const xmlNode* node) {
    return isNamed(
        node,
        {"p",        "div",        "section", "article",    "main",  "aside",   "header", "footer",
         "h1",       "h2",         "h3",      "h4",         "h5",    "h6",      "ul",     "ol",
         "li",       "dl",         "dt",      "dd",         "table", "tr",      "td",     "th",
         "thead",    "tbody",      "tfoot",   "caption",    "pre",   "address", "center", "form",
         "fieldset", "blockquote", "figure",  "figcaption", "hr",    "body",    "html"});
}

std::string contentOf(const xmlNode* node) {
    xmlChar* value = xmlNodeGetContent(node);
    if (!value) return {};
    std::string out(reinterpret_cast<const char*>(value));
    xmlFree(value);
    return out;
}

// The text of a node as lines: block elements and <br> break lines, white space collapses.
// Nodes in `skip` (other selected nodes nested inside this one) are left out.
class TextCollector {
  public:
    explicit TextCollector(const std::set<const xmlNode*>* skip) : m_skip(skip) {}

    void collect(const xmlNode* node, std::size_t depth) {
        if (depth > limits::kMaxNestingDepth) return;
        if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
            if (node->content)
                typed::appendCollapsed(m_line, reinterpret_cast<const char*>(node->content),
                                       m_pendingSpace);
            return;
        }
        if (node->type != XML_ELEMENT_NODE || isSkipped(node)) return;
        if (isNamed(node, {"br"})) {
            breakLine();
            return;
        }
        bool block = isBlockElement(node);
        if (block) breakLine();
        for (const xmlNode* child = node->children; child; child = child->next) {
            if (m_skip && m_skip->count(child)) continue;
            collect(child, depth + 1);
        }
        if (block) breakLine();
    }

    std::string text() {
        breakLine();
        std::string out;
        for (const std::string& line : m_lines) {
            if (!out.empty()) out += '\n';
            out += line;
        }
        return out;
    }

  private:
    void breakLine() {
        if (!m_line.empty()) m_lines.push_back(std::move(m_line));
        m_line.clear();
        m_pendingSpace = false;
    }

    const std::set<const xmlNode*>* m_skip;
    std::vector<std::string> m_lines;
    std::string m_line;
    bool m_pendingSpace = false;
};

std::string nodeText(const xmlNode* node, const std::set<const xmlNode*>* skip = nullptr) {
    if (node->type == XML_ATTRIBUTE_NODE || node->type == XML_TEXT_NODE ||
        node->type == XML_CDATA_SECTION_NODE)
        return typed::collapseWhitespace(contentOf(node));
    TextCollector collector(skip);
    collector.collect(node, 0);
    return collector.text();
}

struct BulletMark {
    std::string_view mark;
    int level;
    bool needsSpace;
};

constexpr std::array<BulletMark, 12> kBullets{{
    {"◈", 0, false},
    {"□", 0, false},
    {"■", 0, false},
    {"○", 1, false},
    {"●", 1, false},
    {"- ", 2, false},
    {"–", 2, true},
    {"▲", 3, false},
    {"·", 3, true},
    {"∙", 3, true},
    {"ㅇ ", 1, false},
    {"◦", 1, false},
}};

// Reads every part of one page; members keep what the walk over the body needs.
class Extractor {
  public:
    Extractor(ExtractedPage& page, const ItemRules& rules) : m_page(page), m_rules(rules) {}

    void run(std::string_view utf8) {
        m_page.url = url::canonicalUrl(m_page.url).value_or(m_page.url);
        m_page.baseUrl = m_page.url;
        m_builder.setFormat("html", "text/html");
        if (utf8.size() > limits::kMaxPageBytes) {
            warn("limit_exceeded",
                 "page of " + std::to_string(utf8.size()) + " bytes exceeds " +
                     std::to_string(limits::kMaxPageBytes),
                 m_page.url);
            finish(Status::LimitExceeded);
            return;
        }
        int options = HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                      HTML_PARSE_RECOVER | HTML_PARSE_COMPACT;
        m_doc.reset(
            htmlReadMemory(utf8.data(), static_cast<int>(utf8.size()), nullptr, "UTF-8", options));
        if (!m_doc || !xmlDocGetRootElement(m_doc.get())) {
            warn("corrupt", "the page has no HTML content", m_page.url);
            finish(Status::Corrupt);
            return;
        }
        m_context.reset(xmlXPathNewContext(m_doc.get()));
        if (!m_context) {
            warn("limit_exceeded", "out of memory creating an XPath context", m_page.url);
            finish(Status::LimitExceeded);
            return;
        }
        m_context->error = &Extractor::xpathError;
        m_context->userData = this;

        readBase();
        for (const std::string& rule : m_rules.exclude)
            exclude(rule);
        for (const auto& [name, rule] : m_rules.fields)
            readField(name, rule);
        if (!m_rules.body.empty()) readBody();
        if (!m_rules.attachments.empty()) m_page.attachments = readLinks("attachments", true);
        if (!m_rules.related.empty()) m_page.related = readLinks("related", false);
        finish(m_partial ? Status::Partial : Status::Ok);
    }

  private:
    static void xpathError(void* data, xmlError* error) {
        auto* self = static_cast<Extractor*>(data);
        if (error && error->message) self->m_xpathMessage = error->message;
        while (!self->m_xpathMessage.empty() &&
               (self->m_xpathMessage.back() == '\n' || self->m_xpathMessage.back() == ' '))
            self->m_xpathMessage.pop_back();
    }

    void warn(std::string code, std::string message, std::string where) {
        if (m_page.warnings.size() >= limits::kMaxWarnings) return;
        m_page.warnings.push_back(Warning{std::move(code), std::move(message), std::move(where)});
    }

    void finish(Status status) {
        m_page.status = status;
        Status bodyStatus = Status::Ok;
        if (status == Status::LimitExceeded || status == Status::Corrupt)
            bodyStatus = status;
        else if (!m_rules.body.empty() && !m_bodyFound)
            bodyStatus = Status::Partial;
        m_page.body = m_builder.finish(bodyStatus);
    }

    ObjectPtr evaluate(const std::string& rule, std::string_view what) {
        m_xpathMessage.clear();
        m_context->node = xmlDocGetRootElement(m_doc.get());
        ObjectPtr result(xmlXPathEvalExpression(reinterpret_cast<const xmlChar*>(rule.c_str()),
                                                m_context.get()));
        if (!result) {
            warn("bad_rule",
                 std::string(what) + " rule `" + rule +
                     "` failed: " + (m_xpathMessage.empty() ? "invalid XPath" : m_xpathMessage),
                 std::string(what));
            m_partial = true;
        }
        return result;
    }

    std::vector<const xmlNode*> nodesOf(const ObjectPtr& result, std::string_view what) {
        std::vector<const xmlNode*> nodes;
        if (!result || result->type != XPATH_NODESET || !result->nodesetval) return nodes;
        int count = result->nodesetval->nodeNr;
        if (static_cast<std::size_t>(count) > limits::kMaxRuleMatches) {
            warn("limit_exceeded",
                 std::string(what) + " rule selected " + std::to_string(count) +
                     " nodes; only the first " + std::to_string(limits::kMaxRuleMatches) +
                     " are read",
                 std::string(what));
            count = static_cast<int>(limits::kMaxRuleMatches);
        }
        for (int i = 0; i < count; ++i)
            nodes.push_back(result->nodesetval->nodeTab[i]);
        return nodes;
    }

    void readBase() {
        ObjectPtr result = evaluate("//base[@href][1]/@href", "base");
        for (const xmlNode* node : nodesOf(result, "base")) {
            std::string href = contentOf(node);
            if (auto base = url::resolveUrl(m_page.url, href)) m_page.baseUrl = *base;
            break;
        }
    }

    void exclude(const std::string& rule) {
        std::vector<xmlNode*> nodes;
        {
            ObjectPtr result = evaluate(rule, "exclude");
            for (const xmlNode* node : nodesOf(result, "exclude"))
                if (node->type == XML_ELEMENT_NODE || node->type == XML_TEXT_NODE)
                    nodes.push_back(const_cast<xmlNode*>(node));
        }
        std::unordered_set<const xmlNode*> selected(nodes.begin(), nodes.end());
        std::vector<xmlNode*> topmost;
        for (xmlNode* node : nodes) {
            bool nested = false;
            for (const xmlNode* up = node->parent; up && !nested; up = up->parent)
                nested = selected.count(up) > 0;
            if (!nested && node != xmlDocGetRootElement(m_doc.get())) topmost.push_back(node);
        }
        for (xmlNode* node : topmost) {
            xmlUnlinkNode(node);
            xmlFreeNode(node);
        }
    }

    void readField(const std::string& name, const std::string& rule) {
        ObjectPtr result = evaluate(rule, name);
        if (!result) return;
        std::vector<std::string> values;
        if (result->type == XPATH_NODESET) {
            std::vector<const xmlNode*> nodes = nodesOf(result, name);
            std::set<const xmlNode*> selected(nodes.begin(), nodes.end());
            for (const xmlNode* node : nodes) {
                std::string value = nodeText(node, &selected);
                if (!value.empty()) values.push_back(std::move(value));
            }
        } else {
            xmlChar* text = xmlXPathCastToString(result.get());
            if (text) {
                std::string value = typed::collapseWhitespace(reinterpret_cast<char*>(text));
                xmlFree(text);
                if (!value.empty()) values.push_back(std::move(value));
            }
        }
        if (values.empty()) warn("field_not_found", "no value for field " + name, name);
        m_page.fields[name] = std::move(values);
    }

    // --- links ---------------------------------------------------------------------------

    std::vector<PageLink> readLinks(std::string_view what, bool withSize) {
        const LinkRule rule = what == "related" ? LinkRule(m_rules.related) : m_rules.attachments;
        std::vector<PageLink> links;
        std::unordered_map<std::string, std::size_t> seen;
        ObjectPtr result = evaluate(rule.select, what);
        for (const xmlNode* node : nodesOf(result, what)) {
            const xmlNode* element = node;
            std::string href;
            if (node->type == XML_ATTRIBUTE_NODE) {
                href = contentOf(node);
                element = node->parent;
            } else if (node->type == XML_ELEMENT_NODE) {
                href = attribute(node, "href");
            } else if (node->type == XML_TEXT_NODE && rule.linkTemplate) {
                href = contentOf(node);
                element = node->parent;
            } else {
                continue;
            }
            if (!element || element->type != XML_ELEMENT_NODE) continue;
            std::string body;
            if (rule.linkTemplate) {
                // Values the template does not match (`#none`, other handlers) are not links.
                auto made = rule.linkTemplate->apply(href);
                if (!made) continue;
                href = made->url;
                body = made->body;
            }
            auto resolved = url::resolveUrl(m_page.baseUrl, href);
            if (!resolved) {
                if (!href.empty())
                    warn("unfollowable_link",
                         "link `" + href.substr(0, 200) + "` is not an http(s) URL",
                         std::string(what));
                continue;
            }
            PageLink link;
            link.url = *resolved;
            link.body = body;
            link.text = nodeText(element);
            std::replace(link.text.begin(), link.text.end(), '\n', ' ');
            if (withSize) readDeclaredSize(element, link);
            if (link.text.empty()) {
                std::string path = link.url.substr(0, link.url.find('?'));
                link.text = url::percentDecode(path.substr(path.rfind('/') + 1));
            }
            auto [same, added] = seen.try_emplace(link.url + "\n" + link.body, links.size());
            if (added) {
                links.push_back(std::move(link));
            } else if (links[same->second].declaredSize.empty()) {
                links[same->second].declaredSize = link.declaredSize;
            }
        }
        return links;
    }

    // The size sits after the link (`name.hwp</a>(105.0KB)`), at the end of the link text
    // (`name.hwp (105.0KB)`), or in its title attribute.
    void readDeclaredSize(const xmlNode* element, PageLink& link) {
        constexpr std::size_t kNear = 8;
        constexpr std::size_t kMaxFollowingBytes = 256;
        std::string following;
        for (const xmlNode* next = element->next; next && following.size() < kMaxFollowingBytes;
             next = next->next) {
            if (next->type == XML_ELEMENT_NODE &&
                (isNamed(next, {"a", "br"}) || isBlockElement(next)))
                break;
            following += nodeText(next);
            following += ' ';
        }
        if (auto size = typed::findFileSize(typed::collapseWhitespace(following));
            size && size->offset <= kNear) {
            link.declaredSize = size->text;
            return;
        }
        if (auto size = typed::findFileSize(link.text);
            size && size->offset + size->length + 2 >= link.text.size() && size->offset > 0) {
            link.declaredSize = size->text;
            std::string name = link.text.substr(0, size->offset);
            while (!name.empty() &&
                   (name.back() == ' ' || name.back() == '(' || name.back() == '['))
                name.pop_back();
            link.text = name;
            return;
        }
        if (auto size = typed::findFileSize(attribute(element, "title")))
            link.declaredSize = size->text;
    }

    // --- body ----------------------------------------------------------------------------

    struct Context {
        BlockKind kind = BlockKind::Paragraph;
        int level = 0;
    };

    void readBody() {
        ObjectPtr result = evaluate(m_rules.body, "body");
        std::vector<const xmlNode*> nodes = nodesOf(result, "body");
        if (nodes.empty()) {
            if (result) warn("body_not_found", "the body rule selected nothing", "body");
            m_partial = true;
            return;
        }
        m_bodyFound = true;
        m_contexts.push_back(Context{});
        for (const xmlNode* node : nodes) {
            if (node->type == XML_ATTRIBUTE_NODE) {
                appendText(contentOf(node));
            } else {
                walk(node, 0);
            }
            flush();
        }
        if (m_depthExceeded)
            m_builder.warn("nesting_limit",
                           "elements nested deeper than " +
                               std::to_string(limits::kMaxNestingDepth) + " were left out",
                           "body");
    }

    void walkChildren(const xmlNode* node, std::size_t depth) {
        for (const xmlNode* child = node->children; child; child = child->next)
            walk(child, depth + 1);
    }

    void walk(const xmlNode* node, std::size_t depth) {
        if (depth > limits::kMaxNestingDepth) {
            m_depthExceeded = true;
            return;
        }
        if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
            if (node->content) appendText(reinterpret_cast<const char*>(node->content));
            return;
        }
        if (node->type != XML_ELEMENT_NODE || isSkipped(node)) return;
        // The selected node itself is content, whatever its class says.
        if (depth > 0 && isChromeElement(node)) return;
        std::string_view name = nameOf(node);
        if (name == "br" || name == "hr") {
            flush();
            return;
        }
        if (name == "img") {
            image(node);
            return;
        }
        if (name == "table") {
            flush();
            table(node, depth);
            return;
        }
        if (name == "a") {
            std::string previous = m_href;
            std::string href = attribute(node, "href");
            if (!href.empty()) m_href = url::resolveUrl(m_page.baseUrl, href).value_or("");
            walkChildren(node, depth);
            m_href = previous;
            return;
        }
        if (name == "ul" || name == "ol") {
            flush();
            ++m_listDepth;
            walkChildren(node, depth);
            flush();
            --m_listDepth;
            return;
        }
        bool heading = name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6';
        if (name == "li" || heading) {
            flush();
            m_contexts.push_back(heading
                                     ? Context{BlockKind::Heading, name[1] - '0'}
                                     : Context{BlockKind::ListItem, std::max(0, m_listDepth - 1)});
            walkChildren(node, depth);
            flush();
            m_contexts.pop_back();
            return;
        }
        bool block = isBlockElement(node);
        if (block) flush();
        walkChildren(node, depth);
        if (block) flush();
    }

    void appendText(std::string_view text) {
        if (m_href != m_spanHref) {
            if (m_pendingSpace && !m_text.empty()) m_text += ' ';
            m_pendingSpace = false;
            m_spanStarts.emplace_back(m_text.size(), m_href);
            m_spanHref = m_href;
        }
        typed::appendCollapsed(m_text, text, m_pendingSpace);
    }

    void image(const xmlNode* node) {
        std::string src = attribute(node, "src");
        auto target = url::resolveUrl(m_page.baseUrl, src);
        if (!target) return;
        m_images.push_back({*target, typed::collapseWhitespace(attribute(node, "alt"))});
    }

    void flush() {
        std::string text = std::move(m_text);
        auto starts = std::move(m_spanStarts);
        m_text.clear();
        m_spanStarts.clear();
        m_spanHref.clear();
        m_pendingSpace = false;
        while (text.ends_with(' '))
            text.pop_back();
        if (!text.empty() && !isSiteChrome(text)) {
            Context context = m_contexts.empty() ? Context{} : m_contexts.back();
            if (context.kind == BlockKind::Paragraph) {
                if (auto level = bulletLevel(text)) context = {BlockKind::ListItem, *level};
            }
            m_builder.openParagraph(context.kind, context.level);
            std::size_t at = 0;
            std::string href;
            for (std::size_t i = 0; i <= starts.size(); ++i) {
                std::size_t end =
                    std::min(i < starts.size() ? starts[i].first : text.size(), text.size());
                if (end > at) {
                    if (!href.empty()) m_builder.openLink(href);
                    m_builder.insertText(std::string_view(text).substr(at, end - at));
                    if (!href.empty()) m_builder.closeLink();
                }
                if (i < starts.size()) {
                    at = std::max(at, end);
                    href = starts[i].second;
                }
            }
            m_builder.closeParagraph();
        }
        for (const auto& [target, alt] : m_images)
            m_builder.insertImage(target, {}, alt);
        m_images.clear();
    }

    struct CellSource {
        const xmlNode* node;
        CellPosition position;
    };

    void table(const xmlNode* node, std::size_t depth) {
        std::vector<const xmlNode*> rows;
        const xmlNode* caption = nullptr;
        for (const xmlNode* child = node->children; child; child = child->next) {
            if (isNamed(child, {"tr"})) rows.push_back(child);
            if (isNamed(child, {"caption"}) && !caption) caption = child;
            if (isNamed(child, {"thead", "tbody", "tfoot"}))
                for (const xmlNode* row = child->children; row; row = row->next)
                    if (isNamed(row, {"tr"})) rows.push_back(row);
        }
        bool truncated = false;
        if (rows.size() > limits::kMaxTableCells) {
            rows.resize(limits::kMaxTableCells);
            truncated = true;
        }
        // Which grid slots are taken, so that row spans push later cells right.
        std::vector<std::vector<bool>> taken(rows.size());
        std::vector<CellSource> cells;
        std::uint32_t columns = 0;
        std::size_t slots = 0;
        for (std::size_t r = 0; r < rows.size() && !truncated; ++r) {
            std::uint32_t col = 0;
            for (const xmlNode* cell = rows[r]->children; cell; cell = cell->next) {
                if (!isNamed(cell, {"td", "th"})) continue;
                while (col < taken[r].size() && taken[r][col])
                    ++col;
                auto span = [&](const char* name, long limit) {
                    long value = std::strtol(attribute(cell, name).c_str(), nullptr, 10);
                    return static_cast<std::uint32_t>(std::clamp(value, 1L, limit));
                };
                std::uint32_t colSpan = span("colspan", 1000);
                std::uint32_t rowSpan = std::min<std::uint32_t>(
                    span("rowspan", 65534), static_cast<std::uint32_t>(rows.size() - r));
                slots += static_cast<std::size_t>(colSpan) * rowSpan;
                if (slots > limits::kMaxTableCells) {
                    truncated = true;
                    break;
                }
                for (std::uint32_t dr = 0; dr < rowSpan; ++dr) {
                    auto& line = taken[r + dr];
                    if (line.size() < col + colSpan) line.resize(col + colSpan, false);
                    for (std::uint32_t dc = 0; dc < colSpan; ++dc)
                        line[col + dc] = true;
                }
                cells.push_back({cell, {static_cast<std::uint32_t>(r), col, rowSpan, colSpan}});
                col += colSpan;
                columns = std::max(columns, col);
            }
        }
        if (truncated)
            m_builder.warn(
                "limit_exceeded",
                "table larger than " + std::to_string(limits::kMaxTableCells) + " cells was cut",
                "body");
        m_builder.openTable(static_cast<std::uint32_t>(rows.size()), columns);
        for (const CellSource& cell : cells) {
            m_builder.openCell(cell.position);
            m_contexts.push_back(Context{});
            int savedDepth = m_listDepth;
            m_listDepth = 0;
            walkChildren(cell.node, depth + 1);
            flush();
            m_listDepth = savedDepth;
            m_contexts.pop_back();
            m_builder.closeCell();
        }
        if (caption) {
            m_builder.openCaption();
            walkChildren(caption, depth + 1);
            flush();
            m_builder.closeCaption();
        }
        m_builder.closeTable();
    }

    ExtractedPage& m_page;
    const ItemRules& m_rules;
    DocPtr m_doc;
    ContextPtr m_context;
    std::string m_xpathMessage;
    bool m_partial = false;
    bool m_bodyFound = false;
    bool m_depthExceeded = false;

    DocumentBuilder m_builder;
    std::vector<Context> m_contexts;
    int m_listDepth = 0;
    std::string m_href;
    std::string m_text;
    std::string m_spanHref;
    std::vector<std::pair<std::size_t, std::string>> m_spanStarts;
    bool m_pendingSpace = false;
    std::vector<std::pair<std::string, std::string>> m_images;
};

}  // namespace

std::optional<std::string> xpathError(std::string_view xpath) {
    std::string message;
    xmlXPathContext* context = xmlXPathNewContext(nullptr);
    if (!context) return "out of memory";
    ContextPtr owner(context);
    context->userData = &message;
    context->error = [](void* data, xmlError* error) {
        if (error && error->message) *static_cast<std::string*>(data) = error->message;
    };
    std::string expression(xpath);
    if (expression.empty() || expression.find('\0') != std::string::npos) return "empty expression";
    xmlXPathCompExpr* compiled =
        xmlXPathCtxtCompile(context, reinterpret_cast<const xmlChar*>(expression.c_str()));
    if (compiled) {
        xmlXPathFreeCompExpr(compiled);
        return std::nullopt;
    }
    while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
        message.pop_back();
    return message.empty() ? "invalid XPath" : message;
}

std::vector<std::string> checkRules(const ItemRules& rules) {
    std::vector<std::string> errors;
    auto check = [&](const std::string& name, const std::string& xpath) {
        if (xpath.empty()) return;
        if (auto error = xpathError(xpath)) errors.push_back(name + ": " + *error);
    };
    for (const auto& [name, xpath] : rules.fields)
        check(name, xpath);
    check("body", rules.body);
    check("attachments", rules.attachments.select);
    check("related", rules.related);
    for (const std::string& xpath : rules.exclude)
        check("exclude", xpath);
    return errors;
}

std::optional<int> bulletLevel(std::string_view text) {
    for (const BulletMark& bullet : kBullets) {
        if (!text.starts_with(bullet.mark)) continue;
        if (bullet.needsSpace && !text.substr(bullet.mark.size()).starts_with(' ')) continue;
        return bullet.level;
    }
    return std::nullopt;
}

bool isSiteChrome(std::string_view line) {
    constexpr std::size_t kMaxChromeBytes = 120;
    if (line.size() > kMaxChromeBytes) return false;
    static const std::regex kCounter(
        R"(^(추천|추천수|조회|조회수|구독자수|스크랩|댓글|공감)\s*(?::|：)?\s*\d+$)");
    static const std::regex kAccount(R"(^\[?\s*(로그인|로그아웃|회원가입|로그인 후 .*)\s*\]?$)");
    static const std::regex kNavigation(
        R"(^\[?\s*(목록|목록보기|이전글|다음글|인쇄|맨\s?위로|TOP|top)\s*\]?$)");
    std::string text(line);
    if (text.find("공유하기") != std::string::npos) return true;
    return std::regex_match(text, kCounter) || std::regex_match(text, kAccount) ||
           std::regex_match(text, kNavigation);
}

ExtractedPage extractPage(std::string_view utf8, std::string_view pageUrl, const ItemRules& rules) {
    ExtractedPage page;
    page.url = std::string(pageUrl);
    try {
        Extractor extractor(page, rules);
        extractor.run(utf8);
    } catch (const std::bad_alloc&) {
        page.status = Status::LimitExceeded;
        page.warnings.push_back({"limit_exceeded", "out of memory while extracting", page.url});
    } catch (const std::exception& error) {
        page.status = Status::Corrupt;
        page.warnings.push_back({"corrupt", error.what(), page.url});
    }
    return page;
}

}  // namespace jikji::converters::html
