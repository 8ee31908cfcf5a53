#include "worker_pool.h"

#include <algorithm>

namespace jikji {

WorkerPool::WorkerPool(ConvertFunction convert, IsolationLimits limits, unsigned workers,
                       unsigned maxRequestsPerWorker)
    : m_forker([this] { forkLoop(); }) {
    IsolatedWorker::Handler handler = conversionHandler(std::move(convert));
    for (unsigned i = 0; i < std::max(1u, workers); ++i) {
        m_workers.push_back(
            std::make_unique<IsolatedWorker>(handler, limits, maxRequestsPerWorker));
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
    std::string request = encodeConversionRequest(bytes, name);
    IsolatedWorker* worker = nullptr;
    {
        std::unique_lock lock(m_mutex);
        m_freed.wait(lock, [this] { return !m_idle.empty(); });
        worker = m_idle.back();
        m_idle.pop_back();
    }
    // Handing the worker back must not depend on how the request went.
    struct GiveBack {
        WorkerPool& pool;
        IsolatedWorker* worker;
        ~GiveBack() {
            {
                std::lock_guard lock(pool.m_mutex);
                pool.m_idle.push_back(worker);
            }
            pool.m_freed.notify_one();
        }
    } giveBack{*this, worker};
    // A worker that died or retired on its last request is replaced here, not by run().
    if (worker->pid() <= 0) startWorker(worker);
    return worker->run(request, format, mediaType);
}

}  // namespace jikji
