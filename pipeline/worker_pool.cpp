#include "worker_pool.h"

#include <algorithm>

namespace jikji {

WorkerPool::WorkerPool(ConvertFunction convert, IsolationLimits limits, unsigned workers,
                       unsigned maxRequestsPerWorker)
    : WorkerPool(conversionHandler(std::move(convert)), limits, workers, maxRequestsPerWorker) {}

WorkerPool::WorkerPool(IsolatedWorker::Handler handler, IsolationLimits limits, unsigned workers,
                       unsigned maxRequestsPerWorker)
    : m_forker([this] { forkLoop(); }) {
    for (unsigned i = 0; i < std::max(1u, workers); ++i) {
        m_workers.push_back(
            std::make_unique<IsolatedWorker>(handler, limits, maxRequestsPerWorker));
        // A worker that died or retired is replaced by the forking thread, not by the caller's.
        m_workers.back()->setStarter([this](IsolatedWorker& worker) { startWorker(&worker); });
        startWorker(m_workers.back().get());
        m_idle.push_back(m_workers.back().get());
    }
}

WorkerPool::~WorkerPool() {
    {
        std::lock_guard lock(m_forkMutex);
        m_stopping = true;
    }
    m_forkChanged.notify_all();
    m_forker.join();
    for (auto& worker : m_workers)
        worker->kill();
}

void WorkerPool::forkLoop() {
    std::unique_lock lock(m_forkMutex);
    for (;;) {
        m_forkChanged.wait(lock, [this] { return m_stopping || !m_toStart.empty(); });
        if (m_toStart.empty()) return;
        IsolatedWorker* worker = m_toStart.front();
        lock.unlock();
        worker->start();
        lock.lock();
        m_toStart.erase(m_toStart.begin());
        m_forkChanged.notify_all();
    }
}

void WorkerPool::startWorker(IsolatedWorker* worker) {
    std::unique_lock lock(m_forkMutex);
    m_toStart.push_back(worker);
    m_forkChanged.notify_all();
    m_forkChanged.wait(lock, [&] {
        return std::find(m_toStart.begin(), m_toStart.end(), worker) == m_toStart.end();
    });
}

Document WorkerPool::convert(std::string_view bytes, std::string_view name, std::string_view format,
                             std::string_view mediaType) {
    return run(encodeConversionRequest(bytes, name), format, mediaType);
}

IsolatedWorker* WorkerPool::takeIdle() {
    std::unique_lock lock(m_mutex);
    m_freed.wait(lock, [this] { return !m_idle.empty(); });
    IsolatedWorker* worker = m_idle.back();
    m_idle.pop_back();
    return worker;
}

void WorkerPool::giveBack(IsolatedWorker* worker) {
    {
        std::lock_guard lock(m_mutex);
        m_idle.push_back(worker);
    }
    m_freed.notify_one();
}

Document WorkerPool::run(std::string request, std::string_view format, std::string_view mediaType) {
    Lease lease(*this);
    return lease.worker().run(std::move(request), format, mediaType);
}

WorkerPool::Lease::Lease(WorkerPool& pool) : m_pool(pool), m_worker(pool.takeIdle()) {}

WorkerPool::Lease::~Lease() {
    if (m_worker->pending() > 0) m_worker->stop();
    m_pool.giveBack(m_worker);
}

}  // namespace jikji
