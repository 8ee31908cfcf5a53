// Grows an archive crawled from the demo portal into a backlog for `jikji reprocess`
// (scripts/bench.d/reprocess): every captured item page is copied under `/copy-N/` until the
// archive holds COUNT more items. A copy is a real capture: the template's page with its
// attachment links moved under `/copy-N/` (so each copy has its own attachment rows), stored
// through the CaptureStore, and rows in the state store as a crawl leaves them (item done, its
// attachments fetched with the template's real attachment captures).
// usage: reprocess_bench_archive ARCHIVE COUNT
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "pipeline/archive.h"
#include "pipeline/config.h"
#include "pipeline/sqlite_state_store.h"

namespace {

using namespace jikji;

struct Template {
    UrlRecord item;
    std::vector<UrlRecord> attachments;
};

std::string replaceAll(std::string text, const std::string& from, const std::string& to) {
    for (std::size_t at = text.find(from); at != std::string::npos;
         at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

// `http://host:port/path` → `http://host:port/copy-N/path`.
std::string underCopy(const std::string& url, const std::string& copy) {
    std::size_t authority = url.find("://");
    std::size_t path = url.find('/', authority == std::string::npos ? 0 : authority + 3);
    if (path == std::string::npos) return url + "/" + copy + "/";
    return url.substr(0, path) + "/" + copy + url.substr(path);
}

FetchOutcome fetched(const UrlRecord& from, const std::string& digest, const std::string& url) {
    FetchOutcome outcome;
    outcome.httpStatus = 200;
    outcome.digest = digest;
    outcome.etag = from.etag;
    outcome.lastModified = from.lastModified;
    outcome.fetchedAt = from.fetchedAt;
    outcome.finalUrl = url;
    outcome.responseType = from.responseType;
    outcome.attempts = 1;
    return outcome;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: reprocess_bench_archive ARCHIVE COUNT\n");
        return 2;
    }
    std::filesystem::path archive = argv[1];
    std::size_t count = std::stoul(argv[2]);
    Config config = loadConfig(archive / "sources.json");
    SqliteStateStore state(archive / "jikji.db");
    CaptureStore captures(archive);

    std::vector<Template> templates;
    for (const Source& source : config.sources)
        for (UrlRecord& item : state.capturedItems(source.name)) {
            Template t{item, {}};
            for (UrlRecord& child : state.children(item.id))
                if (child.spec.kind == UrlKind::Attachment && !child.digest.empty())
                    t.attachments.push_back(child);
            templates.push_back(std::move(t));
        }
    if (templates.empty()) {
        std::fprintf(stderr, "no captured items in %s\n", archive.c_str());
        return 1;
    }

    PassInfo pass = state.beginPass();
    std::map<std::string, std::pair<std::string, const UrlRecord*>> items;  // url → digest
    std::map<std::string, std::vector<UrlSpec>> links;                      // item url → links
    std::map<std::string, std::pair<std::string, const UrlRecord*>> attachments;  // url → digest
    for (std::size_t i = 0; i < count; ++i) {
        const Template& t = templates[i % templates.size()];
        std::string copy = "copy-" + std::to_string(i);
        std::string url = underCopy(t.item.spec.url, copy);
        std::string page = replaceAll(captures.get(t.item.digest), "href=\"/files/",
                                      "href=\"/" + copy + "/files/");
        CaptureInfo info = captures.sidecar(t.item.digest);
        info.url = info.finalUrl = url;
        items[url] = {captures.put(page, info), &t.item};
        UrlSpec spec = t.item.spec;
        spec.url = url;
        state.schedule(spec, pass.pass);
        for (const UrlRecord& attachment : t.attachments) {
            UrlSpec link = attachment.spec;
            link.url = underCopy(attachment.spec.url, copy);
            links[url].push_back(link);
            attachments[link.url] = {attachment.digest, &attachment};
        }
    }
    std::size_t made = 0;
    for (const Source& source : config.sources)
        while (std::optional<UrlRecord> leased = state.lease(source.name, "bench", 3600)) {
            const std::string& url = leased->spec.url;
            if (auto item = items.find(url); item != items.end()) {
                state.recordFetched(leased->id,
                                    fetched(*item->second.second, item->second.first, url));
                std::vector<UrlSpec> children = links[url];
                for (UrlSpec& child : children)
                    child.parentId = leased->id;
                state.completeDiscovery(leased->id, children, pass.pass);
                ++made;
            } else if (auto attachment = attachments.find(url); attachment != attachments.end()) {
                state.recordFetched(
                    leased->id, fetched(*attachment->second.second, attachment->second.first, url));
            } else {
                state.recordBlocked(leased->id, "not part of the benchmark archive");
            }
        }
    state.finishPass(pass.pass);
    std::printf("%zu items added to %s (%zu templates)\n", made, archive.c_str(), templates.size());
    return made == count ? 0 : 1;
}
