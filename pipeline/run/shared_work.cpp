#include "pipeline/run/shared_work.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>

#include <atomic>
#include <climits>

namespace jikji::run {

std::string hostName() {
    char name[HOST_NAME_MAX + 1] = {};
    if (::gethostname(name, sizeof name - 1) != 0 || name[0] == 0) return "host";
    std::string out = name;
    for (char& c : out)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.') c = '_';
    return out;
}

std::string runId(const std::string& prefix, bool withHost) {
    return prefix + Poco::DateTimeFormatter::format(Poco::Timestamp(), "%Y%m%dT%H%M%S.%iZ") + "-" +
           (withHost ? hostName() + "-" : "") + std::to_string(::getpid());
}

Heartbeat::Heartbeat(StateStore& state, std::string owner, int leaseSeconds) {
    auto every = std::chrono::milliseconds(std::max(200, leaseSeconds * 1000 / 3));
    m_thread = std::thread([this, &state, owner = std::move(owner), leaseSeconds, every] {
        std::unique_lock lock(m_mutex);
        while (!m_stop.wait_for(lock, every, [this] { return m_stopping; })) {
            try {
                state.renewLeases(owner, leaseSeconds);
            } catch (const std::exception& error) {
                spdlog::warn("cannot renew the leases of {}: {}", owner, error.what());
            }
        }
    });
}

Heartbeat::~Heartbeat() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_stop.notify_all();
    m_thread.join();
}

namespace {

bool attachmentsSettled(StateStore& state, std::int64_t itemId) {
    for (const UrlRecord& child : state.children(itemId))
        if (child.spec.kind == UrlKind::Attachment &&
            (child.state == UrlState::Pending || child.state == UrlState::Leased))
            return false;
    return true;
}

class ListedExtraction final : public ItemWork {
  public:
    ListedExtraction(StateStore& state, const std::vector<const Source*>& sources)
        : m_state(state), m_sources(sources) {}
    std::optional<WorkItem> next() override {
        std::lock_guard lock(m_mutex);
        while (true) {
            if (m_next < m_items.size()) {
                UrlRecord& item = m_items[m_next++];
                if (attachmentsSettled(m_state, item.id))
                    return WorkItem{m_sources[m_source - 1], std::move(item)};
                ++m_skipped["records_waiting_for_attachments"];
                continue;
            }
            if (m_source == m_sources.size()) return std::nullopt;
            // One source after the other, listed when its turn comes.
            m_items = m_state.itemsToExtract(m_sources[m_source++]->name, 1u << 30);
            m_next = 0;
        }
    }
    void done(const WorkItem& item) override { m_state.markExtracted(item.item.id); }
    void failed(const WorkItem&, const std::string&) override {}
    std::size_t total() const override { return 0; }
    std::map<std::string, std::int64_t> skipped() const override {
        std::lock_guard lock(m_mutex);
        return m_skipped;
    }

  private:
    StateStore& m_state;
    std::vector<const Source*> m_sources;
    mutable std::mutex m_mutex;
    std::size_t m_source = 0;
    std::vector<UrlRecord> m_items;
    std::size_t m_next = 0;
    std::map<std::string, std::int64_t> m_skipped;
};

// Work claimed one unit at a time from a shared store, source after source.
class ClaimedWork : public ItemWork {
  protected:
    ClaimedWork(StateStore& state, const std::vector<const Source*>& sources, std::string owner,
                int leaseSeconds)
        : m_state(state),
          m_sources(sources),
          m_owner(std::move(owner)),
          m_leaseSeconds(leaseSeconds) {}

    // The next unit `claim(source name)` gives, trying the sources in turn.
    template <typename Claim>
    std::optional<WorkItem> claimNext(Claim claim) {
        std::lock_guard lock(m_mutex);
        for (; m_source < m_sources.size(); ++m_source)
            if (std::optional<UrlRecord> item = claim(m_sources[m_source]->name))
                return WorkItem{m_sources[m_source], std::move(*item)};
        return std::nullopt;
    }

    StateStore& m_state;
    std::vector<const Source*> m_sources;
    std::string m_owner;
    int m_leaseSeconds;

  private:
    std::mutex m_mutex;
    std::size_t m_source = 0;
};

class ClaimedExtraction final : public ClaimedWork {
  public:
    ClaimedExtraction(StateStore& state, const std::vector<const Source*>& sources,
                      std::string owner, int leaseSeconds)
        : ClaimedWork(state, sources, std::move(owner), leaseSeconds) {}
    std::optional<WorkItem> next() override {
        return claimNext([this](const std::string& source) {
            return m_state.claimExtraction(source, m_owner, m_leaseSeconds);
        });
    }
    void done(const WorkItem& item) override { m_state.markExtracted(item.item.id); }
    void failed(const WorkItem& item, const std::string& error) override {
        m_state.failExtraction(item.item.id, error);
    }
    std::size_t total() const override { return 0; }
};

class ListedReprocess final : public ItemWork {
  public:
    ListedReprocess(StateStore& state, const std::vector<const Source*>& sources, unsigned shard,
                    unsigned shards) {
        for (const Source* source : sources)
            for (UrlRecord& item : state.capturedItems(source->name)) {
                unsigned long long key = std::stoull(item.digest.substr(0, 12), nullptr, 16);
                if (key % shards == shard) m_units.push_back({source, std::move(item)});
            }
    }
    std::optional<WorkItem> next() override {
        std::size_t i = m_next++;
        if (i >= m_units.size()) return std::nullopt;
        return m_units[i];
    }
    void done(const WorkItem&) override {}
    void failed(const WorkItem&, const std::string&) override {}
    std::size_t total() const override { return m_units.size(); }

  private:
    std::vector<WorkItem> m_units;
    std::atomic<std::size_t> m_next{0};
};

class ClaimedReprocess final : public ClaimedWork {
  public:
    ClaimedReprocess(StateStore& state, const std::vector<const Source*>& sources,
                     std::string owner, int leaseSeconds)
        : ClaimedWork(state, sources, std::move(owner), leaseSeconds) {
        RoundInfo round = m_state.beginRound();
        m_round = round.round;
        m_total = static_cast<std::size_t>(m_state.roundRemaining(m_round));
        spdlog::info("reprocess round {} ({}), {} items left", m_round,
                     round.joined ? "joined" : "opened", m_total);
    }
    std::optional<WorkItem> next() override {
        return claimNext([this](const std::string& source) {
            return m_state.claimReprocess(source, m_round, m_owner, m_leaseSeconds);
        });
    }
    void done(const WorkItem& item) override { m_state.finishReprocess(item.item.id, m_round); }
    void failed(const WorkItem& item, const std::string&) override { done(item); }
    std::size_t total() const override { return m_total; }
    ~ClaimedReprocess() override {
        try {
            m_state.roundRemaining(m_round);  // closes the round when nothing is left
        } catch (const std::exception& error) {
            spdlog::warn("cannot close reprocess round {}: {}", m_round, error.what());
        }
    }

  private:
    std::int64_t m_round = 0;
    std::size_t m_total = 0;
};

}  // namespace

std::unique_ptr<ItemWork> listedExtraction(StateStore& state,
                                           const std::vector<const Source*>& sources) {
    return std::make_unique<ListedExtraction>(state, sources);
}

std::unique_ptr<ItemWork> claimedExtraction(StateStore& state,
                                            const std::vector<const Source*>& sources,
                                            const std::string& owner, int leaseSeconds) {
    return std::make_unique<ClaimedExtraction>(state, sources, owner, leaseSeconds);
}

std::unique_ptr<ItemWork> listedReprocess(StateStore& state,
                                          const std::vector<const Source*>& sources, unsigned shard,
                                          unsigned shards) {
    return std::make_unique<ListedReprocess>(state, sources, shard, shards);
}

std::unique_ptr<ItemWork> claimedReprocess(StateStore& state,
                                           const std::vector<const Source*>& sources,
                                           const std::string& owner, int leaseSeconds) {
    return std::make_unique<ClaimedReprocess>(state, sources, owner, leaseSeconds);
}

}  // namespace jikji::run
