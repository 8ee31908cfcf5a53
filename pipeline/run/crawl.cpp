#include "pipeline/run/crawl.h"

#include <spdlog/spdlog.h>

#include <Poco/Data/DataException.h>

#include <algorithm>
#include <atomic>
#include <deque>
#include <memory>
#include <thread>

#include "pipeline/log.h"
#include "pipeline/run/worker_pool.h"
#include "stages/crawl_context.h"
#include "stages/discover/discover_stage.h"
#include "stages/fetch/fetch_stage.h"

namespace jikji::run {

namespace {

constexpr unsigned kMaxWorkers = 16;

struct SourceWork {
    const Source* source;
    std::unique_ptr<fetch::FetchStage> fetch;
    std::unique_ptr<discover::DiscoverStage> discover;
};

// Poco's what() is only the exception's name ("Database full"); its displayText() says more.
std::string errorText(const std::exception& error) {
    if (const auto* data = dynamic_cast<const Poco::Data::DataException*>(&error))
        return "state store: " + data->displayText();
    if (const auto* poco = dynamic_cast<const Poco::Exception*>(&error)) return poco->displayText();
    return error.what();
}

void scheduleStartUrls(StateStore& state, const Source& source, std::int64_t pass) {
    for (const RequestSpec& start : source.startUrls) {
        UrlSpec spec;
        spec.source = source.name;
        spec.kind = UrlKind::List;
        spec.url = start.url;
        spec.method = start.method;
        spec.body = start.body;
        spec.contentType = start.contentType;
        spec.pageNo = 1;
        state.schedule(spec, pass);
    }
}

class Crawl {
  public:
    Crawl(RunSession& session, const Config& config, const std::vector<const Source*>& sources,
          std::size_t maxItems)
        : m_session(session),
          m_state(session.state()),
          m_context(config, session.state(), session.captures(), session.stats()),
          m_maxItems(maxItems) {
        if (session.shared()) m_context.gate.share(m_state, session.id(), session.leaseSeconds());
        for (const Source* source : sources)
            m_work.push_back({source, std::make_unique<fetch::FetchStage>(m_context, *source),
                              std::make_unique<discover::DiscoverStage>(m_context, *source)});
    }

    CrawlResult run() {
        PassInfo pass = m_state.beginPass();
        m_context.pass = pass.pass;
        spdlog::info("run {}: {} pass {}", m_session.id(), pass.resumed ? "resuming" : "starting",
                     pass.pass);
        unsigned workers = 0;
        for (SourceWork& w : m_work) {
            scheduleStartUrls(m_state, *w.source, pass.pass);
            workers += w.source->politeness.concurrency;
        }
        // Pages fetched by a run that died before discovering their links (a shared store hands
        // them out again when their lease runs out).
        if (!m_session.shared())
            for (SourceWork& w : m_work)
                for (const UrlRecord& record : m_state.awaitingDiscovery(w.source->name, 1u << 30))
                    w.discover->discover(record);
        m_threads = std::clamp(workers, 1u, kMaxWorkers);
        runOnThreads(m_threads, [this](unsigned index) {
            // The state store failing outside a URL's work (a lease, a count) stops the run too.
            try {
                crawl(index);
            } catch (const std::exception& error) {
                stopOnArchiveError("the crawl", errorText(error));
            }
        });
        CrawlResult result{pass.pass, pass.resumed, !m_context.stopping};
        if (result.complete)
            for (SourceWork& w : m_work)
                result.complete = result.complete && !m_state.hasWork(w.source->name);
        if (result.complete) {
            try {
                m_state.finishPass(pass.pass);
            } catch (const std::exception& error) {
                m_session.stats().archiveFailure(errorText(error));
                result.complete = false;
            }
        }
        return result;
    }

  private:
    // The archive or the state store failed (disk full): nothing else can succeed. The URL is
    // not marked failed; its lease lapses and the next run takes it again.
    void stopOnArchiveError(const std::string& url, const std::string& error) {
        spdlog::error("{}: the archive failed: {}", url, error);
        m_session.stats().archiveFailure(error);
        m_context.stopping = true;
    }

    void stopOnStateError(const char* what, const std::exception& error) {
        spdlog::error("{}: {}", what, error.what());
        m_session.stats().count("state_errors");
        m_context.stopping = true;
    }

    // Leases the next URL of any source, round robin from `next`; nullopt when none is free.
    // A shared store leases up to one URL per thread in one round trip; the threads take them
    // from m_leased in lease order (what is left there at the end is given back with the run's
    // other leases).
    std::optional<UrlRecord> lease(std::size_t next, SourceWork*& from) {
        std::lock_guard lock(m_leasedMutex);
        for (std::size_t i = 0; i < m_work.size() && m_leased.empty(); ++i) {
            SourceWork& work = m_work[(next + i) % m_work.size()];
            for (UrlRecord& record : m_state.leaseSome(work.source->name, m_session.id(),
                                                       m_session.leaseSeconds(), m_threads))
                m_leased.emplace_back(&work, std::move(record));
        }
        if (m_leased.empty()) return std::nullopt;
        from = m_leased.front().first;
        UrlRecord record = std::move(m_leased.front().second);
        m_leased.pop_front();
        return record;
    }

    bool pending() {
        for (SourceWork& w : m_work)
            if (m_state.hasWork(w.source->name)) return true;
        return false;
    }

    void fetchAndDiscover(SourceWork& from, const UrlRecord& record) {
        LogContext context{record.spec.source, record.spec.url, "fetch"};
        try {
            if (from.fetch->fetch(record) && record.spec.kind != UrlKind::Attachment)
                if (auto fetched = m_state.find(record.id))
                    if (fetched->state == UrlState::Fetched) from.discover->discover(*fetched);
        } catch (const std::system_error& error) {
            stopOnArchiveError(record.spec.url, error.what());
        } catch (const Poco::Data::DataException& error) {
            stopOnArchiveError(record.spec.url, errorText(error));
        } catch (const std::exception& error) {
            spdlog::error("{}: {}", record.spec.url, error.what());
            // Not a failure the fetch stage knows (it names its own): the network's code.
            m_session.stats().fail(record.spec.source, record.spec.url, error.what(), "network");
            try {
                m_state.recordFailure(record.id, error.what(), 0, 0);
            } catch (const std::exception& failure) {
                stopOnArchiveError(record.spec.url, errorText(failure));
            }
        }
    }

    void crawl(unsigned index) {
        std::size_t next = index;
        while (!m_context.stopping) {
            if (m_session.interrupted()) {
                m_context.stopping = true;
                break;
            }
            ++m_inFlight;
            std::optional<UrlRecord> record;
            SourceWork* from = nullptr;
            try {
                record = lease(next++, from);
            } catch (const std::exception& error) {
                stopOnStateError("cannot lease work from the state store", error);
                --m_inFlight;
                break;
            }
            if (!record) {
                if (--m_inFlight == 0) {
                    bool more = false;
                    try {
                        more = pending();
                    } catch (const std::exception& error) {
                        stopOnStateError("cannot read the state store", error);
                    }
                    if (!more) break;
                }
                // Other workers hold the rest: ask the server less often.
                std::this_thread::sleep_for(
                    std::chrono::milliseconds(m_session.shared() ? 100 : 20));
                continue;
            }
            if (record->spec.kind == UrlKind::Item && m_maxItems > 0 &&
                ++m_itemsStarted > m_maxItems) {
                // The lease is given back at the end; the next run resumes this URL.
                m_context.stopping = true;
                --m_inFlight;
                break;
            }
            fetchAndDiscover(*from, *record);
            --m_inFlight;
        }
    }

    RunSession& m_session;
    StateStore& m_state;
    CrawlContext m_context;
    std::size_t m_maxItems;
    std::vector<SourceWork> m_work;
    std::atomic<unsigned> m_inFlight{0};
    unsigned m_threads = 1;
    std::mutex m_leasedMutex;
    std::deque<std::pair<SourceWork*, UrlRecord>> m_leased;
    std::atomic<std::size_t> m_itemsStarted{0};
};

}  // namespace

CrawlResult crawlSources(RunSession& session, const Config& config,
                         const std::vector<const Source*>& sources, std::size_t maxItems) {
    return Crawl(session, config, sources, maxItems).run();
}

}  // namespace jikji::run
