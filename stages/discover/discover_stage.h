#pragma once

#include "stages/crawl_context.h"
#include "stages/discover/links.h"

namespace jikji::discover {

/// The discover stage for one source: reads a fetched list or item page from the captures (no
/// network), finds its links with the source's XPath rules and schedules them. A list page
/// schedules its items and the next list page, unless `max_pages` is reached or every item on
/// the page was known before this pass (incremental crawling). An item page schedules its
/// attachments.
class DiscoverStage {
  public:
    DiscoverStage(CrawlContext& context, const Source& source);

    /// Discovers the links of one fetched page and marks it done. Never throws: a page that
    /// cannot be read is marked done with no links and counted.
    void discover(const UrlRecord& record);

  private:
    UrlSpec linkSpec(UrlKind kind, const Link& link, const std::string& method) const;
    /// The links of `rule` on `page`; a template that matched none of the values its XPath
    /// selected is a warning in the run report (the portal changed its markup).
    std::vector<Link> ruleLinks(const HtmlPage& page, const LinkRule& rule, const char* key,
                                const UrlRecord& record) const;

    CrawlContext& m_context;
    const Source& m_source;
};

}  // namespace jikji::discover
