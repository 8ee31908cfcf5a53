#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>

namespace jikji::fetch {

/// Per-host politeness shared by every worker: at most `concurrency` requests in flight to a
/// host, and at least `delay` between the start of a request and the start of the next one, and
/// between the end of one and the start of the next.
class HostGate {
  public:
    using Clock = std::chrono::steady_clock;

    /// Sets the limits of a host (the first caller wins; robots.txt Crawl-delay may raise it).
    void configure(const std::string& host, unsigned concurrency, std::chrono::milliseconds delay);
    void raiseDelay(const std::string& host, std::chrono::milliseconds delay);
    /// Blocks until a request to `host` may start.
    void acquire(const std::string& host);
    void release(const std::string& host);
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
};

/// Holds a HostGate slot for a scope.
class HostSlot {
  public:
    HostSlot(HostGate& gate, std::string host) : m_gate(gate), m_host(std::move(host)) {
        m_gate.acquire(m_host);
    }
    ~HostSlot() { m_gate.release(m_host); }
    HostSlot(const HostSlot&) = delete;
    HostSlot& operator=(const HostSlot&) = delete;

  private:
    HostGate& m_gate;
    std::string m_host;
};

}  // namespace jikji::fetch
