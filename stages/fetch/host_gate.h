#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>

#include "pipeline/state_store.h"

namespace jikji::fetch {

/// Per-host politeness shared by every worker: at most `concurrency` requests in flight to a
/// host, and at least `delay` between the start of a request and the start of the next one, and
/// between the end of one and the start of the next. With a shared state store the same limits
/// hold over every worker together (StateStore::tryStartRequest()).
class HostGate {
  public:
    using Clock = std::chrono::steady_clock;

    /// From now on, requests also take a slot of the shared store for `owner`; a slot is held
    /// at most `slotSeconds` unless renewed (StateStore::renewLeases()).
    void share(StateStore& store, std::string owner, int slotSeconds);

    /// Sets the limits of a host (the first caller wins; robots.txt Crawl-delay may raise it).
    void configure(const std::string& host, unsigned concurrency, std::chrono::milliseconds delay);
    void raiseDelay(const std::string& host, std::chrono::milliseconds delay);
    /// Blocks until a request to `host` may start; returns the shared slot taken (-1 when not
    /// shared), for release().
    int acquire(const std::string& host);
    void release(const std::string& host, int slot = -1);
    /// No request to `host` starts before `until` (Retry-After).
    void holdUntil(const std::string& host, Clock::time_point until);

  private:
    struct Host {
        unsigned concurrency = 1;
        std::chrono::milliseconds delay{0};
        unsigned inFlight = 0;
        Clock::time_point nextStart{};
    };
    Host& host(const std::string& name);

    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::map<std::string, Host> m_hosts;
    StateStore* m_shared = nullptr;
    std::string m_owner;
    int m_slotSeconds = 0;
};

/// Holds a HostGate slot for a scope.
class HostSlot {
  public:
    HostSlot(HostGate& gate, std::string host) : m_gate(gate), m_host(std::move(host)) {
        m_slot = m_gate.acquire(m_host);
    }
    ~HostSlot() { m_gate.release(m_host, m_slot); }
    HostSlot(const HostSlot&) = delete;
    HostSlot& operator=(const HostSlot&) = delete;

  private:
    HostGate& m_gate;
    std::string m_host;
    int m_slot = -1;
};

}  // namespace jikji::fetch
