#include "stages/fetch/host_gate.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <thread>

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

void HostGate::share(StateStore& store, std::string owner, int slotSeconds) {
    std::lock_guard lock(m_mutex);
    m_shared = &store;
    m_owner = std::move(owner);
    m_slotSeconds = slotSeconds;
}

int HostGate::acquire(const std::string& name) {
    std::unique_lock lock(m_mutex);
    while (true) {
        Host& h = host(name);
        Clock::time_point now = Clock::now();
        if (h.inFlight < h.concurrency && now >= h.nextStart) {
            ++h.inFlight;
            h.nextStart = now + h.delay;
            if (!m_shared) return -1;
            unsigned concurrency = h.concurrency;
            std::int64_t delayMs = h.delay.count();
            lock.unlock();
            // This worker's turn; now the turn of all workers, asked of the shared store.
            try {
                while (true) {
                    std::int64_t waitMs = 0;
                    if (std::optional<int> slot = m_shared->tryStartRequest(
                            name, m_owner, concurrency, delayMs, m_slotSeconds, waitMs))
                        return *slot;
                    std::this_thread::sleep_for(
                        std::chrono::milliseconds(std::clamp<std::int64_t>(waitMs, 1, 1000)));
                }
            } catch (...) {
                release(name);
                throw;
            }
        }
        if (h.inFlight >= h.concurrency)
            m_changed.wait(lock);
        else
            m_changed.wait_until(lock, h.nextStart);
    }
}

void HostGate::release(const std::string& name, int slot) {
    if (slot >= 0 && m_shared) {
        std::int64_t delayMs = 0;
        {
            std::lock_guard lock(m_mutex);
            delayMs = host(name).delay.count();
        }
        try {
            m_shared->endRequest(name, slot, delayMs);
        } catch (const std::exception& error) {
            // The slot runs out by itself.
            spdlog::warn("cannot end a request to {} in the state store: {}", name, error.what());
        }
    }
    {
        std::lock_guard lock(m_mutex);
        Host& h = host(name);
        if (h.inFlight > 0) --h.inFlight;
        h.nextStart = std::max(h.nextStart, Clock::now() + h.delay);
    }
    m_changed.notify_all();
}

void HostGate::holdUntil(const std::string& name, Clock::time_point until) {
    if (m_shared)
        m_shared->holdHost(
            name,
            std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count());
    {
        std::lock_guard lock(m_mutex);
        Host& h = host(name);
        h.nextStart = std::max(h.nextStart, until);
    }
    m_changed.notify_all();
}

}  // namespace jikji::fetch
