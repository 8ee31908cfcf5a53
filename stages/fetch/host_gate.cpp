#include "stages/fetch/host_gate.h"

#include <algorithm>

namespace jikji::fetch {

HostGate::Host& HostGate::host(const std::string& name) {
    return m_hosts[name];
}

void HostGate::configure(const std::string& name, unsigned concurrency,
                         std::chrono::milliseconds delay) {
    std::lock_guard lock(m_mutex);
    if (m_hosts.count(name)) return;
    Host& h = host(name);
    h.concurrency = std::max(1u, concurrency);
    h.delay = delay;
}

void HostGate::raiseDelay(const std::string& name, std::chrono::milliseconds delay) {
    std::lock_guard lock(m_mutex);
    Host& h = host(name);
    h.delay = std::max(h.delay, delay);
}

void HostGate::acquire(const std::string& name) {
    std::unique_lock lock(m_mutex);
    while (true) {
        Host& h = host(name);
        Clock::time_point now = Clock::now();
        if (h.inFlight < h.concurrency && now >= h.nextStart) {
            ++h.inFlight;
            h.nextStart = now + h.delay;
            return;
        }
        if (h.inFlight >= h.concurrency)
            m_changed.wait(lock);
        else
            m_changed.wait_until(lock, h.nextStart);
    }
}

void HostGate::release(const std::string& name) {
    {
        std::lock_guard lock(m_mutex);
        Host& h = host(name);
        if (h.inFlight > 0) --h.inFlight;
        h.nextStart = std::max(h.nextStart, Clock::now() + h.delay);
    }
    m_changed.notify_all();
}

void HostGate::holdUntil(const std::string& name, Clock::time_point until) {
    {
        std::lock_guard lock(m_mutex);
        Host& h = host(name);
        h.nextStart = std::max(h.nextStart, until);
    }
    m_changed.notify_all();
}

}  // namespace jikji::fetch
