#include "stages/shared_work.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>

#include <climits>

namespace jikji::stages {

std::string hostName() {
    char name[HOST_NAME_MAX + 1] = {};
    if (::gethostname(name, sizeof name - 1) != 0 || name[0] == 0) return "host";
    std::string out = name;
    for (char& c : out)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.') c = '_';
    return out;
}

std::string workerId(const std::string& prefix) {
    return prefix + Poco::DateTimeFormatter::format(Poco::Timestamp(), "%Y%m%dT%H%M%S.%iZ") + "-" +
           hostName() + "-" + std::to_string(::getpid());
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

RecordStageResult runClaimedRecordStage(const Config& config, const Source& source,
                                        StateStore& state, const CaptureStore& captures,
                                        const std::string& runId, int leaseSeconds,
                                        const ExtractOptions& extract) {
    RecordStageResult result;
    while (std::optional<UrlRecord> item =
               state.claimExtraction(source.name, runId, leaseSeconds)) {
        try {
            EmitOutcome outcome =
                buildAndEmitRecord(config, source, state, captures, *item, runId, extract);
            ++result.counts["records_" + std::string(toString(outcome))];
            state.markExtracted(item->id);
        } catch (const std::system_error& error) {
            throw;
        } catch (const CaptureError& error) {
            // The record stays; the next pass fetches the capture again.
            result.failures.emplace_back(item->spec.url,
                                         std::string(error.code()) + ": " + error.what());
            ++result.counts[std::string(error.code())];
            requeueBadCapture(state, *item, error);
            state.failExtraction(item->id, error.what());
        } catch (const std::exception& error) {
            spdlog::error("{}: record not built: {}", item->spec.url, error.what());
            result.failures.emplace_back(item->spec.url, error.what());
            ++result.counts["records_failed"];
            state.failExtraction(item->id, error.what());
        }
    }
    return result;
}

namespace {

class ListedWork final : public ReprocessWork {
  public:
    ListedWork(StateStore& state, const std::vector<const Source*>& sources, unsigned shard,
               unsigned shards) {
        for (const Source* source : sources)
            for (UrlRecord& item : state.capturedItems(source->name)) {
                unsigned long long key = std::stoull(item.digest.substr(0, 12), nullptr, 16);
                if (key % shards == shard) m_units.push_back({source, std::move(item)});
            }
    }
    std::optional<ReprocessUnit> next() override {
        std::size_t i = m_next++;
        if (i >= m_units.size()) return std::nullopt;
        return m_units[i];
    }
    void done(const ReprocessUnit&) override {}
    std::size_t total() const override { return m_units.size(); }

  private:
    std::vector<ReprocessUnit> m_units;
    std::atomic<std::size_t> m_next{0};
};

class ClaimedWork final : public ReprocessWork {
  public:
    ClaimedWork(StateStore& state, const std::vector<const Source*>& sources, std::string owner,
                int leaseSeconds)
        : m_state(state),
          m_sources(sources),
          m_owner(std::move(owner)),
          m_leaseSeconds(leaseSeconds) {
        RoundInfo round = m_state.beginRound();
        m_round = round.round;
        m_total = static_cast<std::size_t>(m_state.roundRemaining(m_round));
        spdlog::info("reprocess round {} ({}), {} items left", m_round,
                     round.joined ? "joined" : "opened", m_total);
    }
    std::optional<ReprocessUnit> next() override {
        std::lock_guard lock(m_mutex);
        for (; m_source < m_sources.size(); ++m_source)
            if (auto item = m_state.claimReprocess(m_sources[m_source]->name, m_round, m_owner,
                                                   m_leaseSeconds))
                return ReprocessUnit{m_sources[m_source], std::move(*item)};
        return std::nullopt;
    }
    void done(const ReprocessUnit& unit) override {
        m_state.finishReprocess(unit.item.id, m_round);
    }
    std::size_t total() const override { return m_total; }
    ~ClaimedWork() override {
        try {
            m_state.roundRemaining(m_round);  // closes the round when nothing is left
        } catch (const std::exception& error) {
            spdlog::warn("cannot close reprocess round {}: {}", m_round, error.what());
        }
    }

  private:
    StateStore& m_state;
    std::vector<const Source*> m_sources;
    std::string m_owner;
    int m_leaseSeconds;
    std::int64_t m_round = 0;
    std::size_t m_total = 0;
    std::mutex m_mutex;
    std::size_t m_source = 0;
};

}  // namespace

std::unique_ptr<ReprocessWork> listedWork(StateStore& state,
                                          const std::vector<const Source*>& sources, unsigned shard,
                                          unsigned shards) {
    return std::make_unique<ListedWork>(state, sources, shard, shards);
}

std::unique_ptr<ReprocessWork> claimedWork(StateStore& state,
                                           const std::vector<const Source*>& sources,
                                           const std::string& owner, int leaseSeconds) {
    return std::make_unique<ClaimedWork>(state, sources, owner, leaseSeconds);
}

}  // namespace jikji::stages
