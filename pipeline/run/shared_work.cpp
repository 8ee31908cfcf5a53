#include "pipeline/run/shared_work.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>

#include <atomic>
#include <climits>
#include <deque>

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

// Work claimed from a shared store kClaimBatch units at a time (one round trip for all),
// source after source; the units done are reported together too, before the next claim and at
// the end. A worker that dies leaves the units of its last claim to the others when their claims
// run out, done or not: those done are built again, as a unit is whose record was durable when
// its worker died before reporting it.
class ClaimedWork : public ItemWork {
  public:
    void done(const WorkItem& item) override {
        std::lock_guard lock(m_mutex);
        m_done.push_back(item.item.id);
    }

  protected:
    static constexpr std::size_t kClaimBatch = 8;

    ClaimedWork(StateStore& state, const std::vector<const Source*>& sources, std::string owner,
                int leaseSeconds)
        : m_state(state),
          m_sources(sources),
          m_owner(std::move(owner)),
          m_leaseSeconds(leaseSeconds) {}

    // The next unit, claiming `claim(source name, kClaimBatch)` when none is left in hand.
    template <typename Claim>
    std::optional<WorkItem> claimNext(Claim claim) {
        std::lock_guard lock(m_mutex);
        while (m_claimed.empty()) {
            reportDoneLocked();
            if (m_source == m_sources.size()) return std::nullopt;
            std::vector<UrlRecord> batch = claim(m_sources[m_source]->name, kClaimBatch);
            if (batch.empty()) ++m_source;
            for (UrlRecord& item : batch)
                m_claimed.push_back({m_sources[m_source], std::move(item)});
        }
        WorkItem next = std::move(m_claimed.front());
        m_claimed.pop_front();
        return next;
    }

    // Reports what is done; the subclass's destructor calls it (a failure is logged: those
    // units are built again once their claims run out).
    void flushDone() noexcept {
        std::lock_guard lock(m_mutex);
        try {
            reportDoneLocked();
        } catch (const std::exception& error) {
            spdlog::warn("cannot report {} items done: {}", m_done.size(), error.what());
        }
    }

    /// Tells the store that `ids` are done.
    virtual void reportDone(const std::vector<std::int64_t>& ids) = 0;

    StateStore& m_state;
    std::vector<const Source*> m_sources;
    std::string m_owner;
    int m_leaseSeconds;

  private:
    void reportDoneLocked() {
        if (m_done.empty()) return;
        reportDone(m_done);
        m_done.clear();
    }

    std::mutex m_mutex;
    std::size_t m_source = 0;
    std::deque<WorkItem> m_claimed;
    std::vector<std::int64_t> m_done;
};

class ClaimedExtraction final : public ClaimedWork {
  public:
    ClaimedExtraction(StateStore& state, const std::vector<const Source*>& sources,
                      std::string owner, int leaseSeconds)
        : ClaimedWork(state, sources, std::move(owner), leaseSeconds) {}
    ~ClaimedExtraction() override { flushDone(); }
    std::optional<WorkItem> next() override {
        return claimNext([this](const std::string& source, std::size_t max) {
            return m_state.claimExtractions(source, m_owner, m_leaseSeconds, max);
        });
    }
    void failed(const WorkItem& item, const std::string& error) override {
        m_state.failExtraction(item.item.id, error);
    }
    std::size_t total() const override { return 0; }

  private:
    void reportDone(const std::vector<std::int64_t>& ids) override {
        m_state.markAllExtracted(ids);
    }
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
        return claimNext([this](const std::string& source, std::size_t max) {
            return m_state.claimReprocesses(source, m_round, m_owner, m_leaseSeconds, max);
        });
    }
    void failed(const WorkItem& item, const std::string&) override { done(item); }
    std::size_t total() const override { return m_total; }
    ~ClaimedReprocess() override {
        flushDone();
        try {
            m_state.roundRemaining(m_round);  // closes the round when nothing is left
        } catch (const std::exception& error) {
            spdlog::warn("cannot close reprocess round {}: {}", m_round, error.what());
        }
    }

  private:
    void reportDone(const std::vector<std::int64_t>& ids) override {
        m_state.finishReprocesses(ids, m_round);
    }

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
