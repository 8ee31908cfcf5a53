#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "pipeline/archive.h"
#include "pipeline/config.h"
#include "pipeline/state_store.h"
#include "stages/fetch/host_gate.h"
#include "stages/fetch/robots.h"
#include "stages/run_stats.h"

namespace jikji {

/// What every stage of one run shares: the config, the state store, the captures, the run's
/// counters, per-host politeness, and the pass being worked on.
struct CrawlContext {
    const Config& config;
    StateStore& state;
    CaptureStore& captures;
    RunStats& stats;
    fetch::HostGate gate;
    std::int64_t pass = 0;
    std::atomic<bool> stopping{false};
    /// robots.txt rules per origin (`scheme://host:port`), fetched once per run.
    std::mutex robotsMutex;
    std::map<std::string, std::shared_ptr<const fetch::RobotsRules>> robots;

    CrawlContext(const Config& c, StateStore& s, CaptureStore& k, RunStats& r)
        : config(c), state(s), captures(k), stats(r) {}
};

}  // namespace jikji
