#include "stages/discover/discover_stage.h"

#include <spdlog/spdlog.h>

#include <Poco/URI.h>

#include <strings.h>

#include "pipeline/web_url.h"
#include "stages/discover/links.h"
#include "stages/fetch/http_client.h"
#include "stages/fetch/page_decoding.h"

namespace jikji::discover {

namespace {

bool hostAllowed(const Source& source, const std::string& url) {
    fetch::HostPolicy policy{source.allowedHosts, true};
    try {
        return policy.hostAllowed(Poco::URI(url).getHost());
    } catch (const Poco::Exception&) {
        return false;
    }
}

}  // namespace

DiscoverStage::DiscoverStage(CrawlContext& context, const Source& source)
    : m_context(context), m_source(source) {}

UrlSpec DiscoverStage::linkSpec(UrlKind kind, const Link& link, const std::string& method) const {
    UrlSpec spec;
    spec.source = m_source.name;
    spec.kind = kind;
    const std::string& url = link.url;
    // One item is one URL however its links spell it (list pages keep their paging parameters).
    spec.url =
        kind == UrlKind::List ? url::canonicalOr(url) : url::canonicalOr(url, m_source.canonical);
    spec.method = method;
    spec.linkText = link.text;
    if (!link.method.empty()) {
        // A template said how to ask: its body as it made it.
        spec.method = link.method;
        if (link.method == "POST") {
            spec.body = link.body;
            spec.contentType = "application/x-www-form-urlencoded";
        }
    } else if (method == "POST") {
        // A board that works only by form POST: the link's query is the form body.
        std::size_t query = spec.url.find('?');
        if (query != std::string::npos) {
            spec.body = spec.url.substr(query + 1);
            spec.url.resize(query);
        }
        spec.contentType = "application/x-www-form-urlencoded";
    }
    return spec;
}

std::vector<Link> DiscoverStage::ruleLinks(const HtmlPage& page, const LinkRule& rule,
                                           const char* key, const UrlRecord& record) const {
    RuleMatch match;
    std::vector<Link> links = page.links(rule, &match);
    if (rule.linkTemplate && match.selected > 0 && match.matched == 0) {
        std::string message = std::string(key) + ": the pattern matched none of the " +
                              std::to_string(match.selected) + " values that `" + rule.select +
                              "` selected (has the portal changed its markup?)";
        spdlog::warn("{}: {}: {}", m_source.name, record.spec.url, message);
        m_context.stats.warn(m_source.name, record.spec.url, message);
        m_context.stats.count("link_rule_warnings");
    }
    return links;
}

void DiscoverStage::discover(const UrlRecord& record) {
    std::vector<UrlSpec> links;
    try {
        std::string bytes = m_context.captures.get(record.digest);
        // The URL and type come from this URL's row: a sidecar belongs to the first URL that
        // produced these bytes, which may be another one.
        fetch::DecodedPage decoded =
            fetch::decodePage(bytes, record.responseType, m_source.encoding);
        HtmlPage page(decoded.text, record.finalUrl.empty() ? record.spec.url : record.finalUrl);
        if (record.spec.kind == UrlKind::List) {
            for (const Link& link :
                 ruleLinks(page, m_source.list.itemLinks, "list.item_links", record)) {
                if (!hostAllowed(m_source, link.url)) continue;
                UrlSpec spec = linkSpec(UrlKind::Item, link, m_source.item.method);
                spec.parentId = record.id;
                links.push_back(spec);
            }
            std::size_t known = 0;
            for (const UrlSpec& spec : links)
                if (m_context.state.isKnown(spec, m_context.pass)) ++known;
            // Incremental crawling: a page of only known items means the rest is known too.
            bool onlyKnown = !links.empty() && known == links.size();
            if (onlyKnown)
                spdlog::info("{}: list page {} holds only known items; paging stops", m_source.name,
                             record.spec.pageNo);
            if (!onlyKnown && !m_source.list.nextPage.empty() &&
                record.spec.pageNo < m_source.list.maxPages) {
                std::vector<Link> next =
                    ruleLinks(page, m_source.list.nextPage, "list.next_page", record);
                if (!next.empty() && hostAllowed(m_source, next.front().url)) {
                    UrlSpec spec = linkSpec(UrlKind::List, next.front(), m_source.list.method);
                    spec.linkText.clear();
                    spec.pageNo = record.spec.pageNo + 1;
                    spec.parentId = record.id;
                    links.push_back(spec);
                }
            }
        } else if (record.spec.kind == UrlKind::Item && !m_source.item.attachments.empty()) {
            for (const Link& link :
                 ruleLinks(page, m_source.item.attachments, "item.attachments", record)) {
                if (!hostAllowed(m_source, link.url)) continue;
                UrlSpec spec = linkSpec(UrlKind::Attachment, link, "GET");
                spec.parentId = record.id;
                links.push_back(spec);
            }
        }
        m_context.state.completeDiscovery(record.id, links, m_context.pass);
        m_context.stats.count("links_discovered", static_cast<std::int64_t>(links.size()));
    } catch (const std::exception& error) {
        spdlog::warn("cannot discover links of {}: {}", record.spec.url, error.what());
        m_context.stats.count("discover_errors");
        m_context.state.completeDiscovery(record.id, {}, m_context.pass);
    }
}

}  // namespace jikji::discover
