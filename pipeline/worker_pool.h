#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string_view>
#include <thread>
#include <vector>

#include "document.h"
#include "isolation.h"

namespace jikji {

/// A fixed set of long-lived isolated conversion workers (IsolatedWorker) shared by the threads of
/// a batch: a caller hands over one input's bytes and name and gets its Document back, converted
/// in whichever worker is idle. A worker that crashes, hangs past `limits.timeout` or runs out
/// of `limits.memoryBytes` turns that one input into a failure document (`corrupt` or
/// `limit_exceeded` with a warning) and is replaced before its next input; the other workers
/// never notice. Thread-safe.
///
/// Every worker process is forked by one thread that the pool keeps for that purpose: a worker
/// dies with the thread that forked it (PR_SET_PDEATHSIG follows threads, not processes), so no
/// caller's thread may fork one that another thread goes on using. Build the pool before starting
/// the threads that use it (a fork while other threads hold locks could copy a held lock).
class WorkerPool {
  public:
    WorkerPool(ConvertFunction convert, IsolationLimits limits, unsigned workers,
               unsigned maxRequestsPerWorker = 4096);
    /// A pool whose workers run `handler` on requests of the caller's own making (see run()).
    WorkerPool(IsolatedWorker::Handler handler, IsolationLimits limits, unsigned workers,
               unsigned maxRequestsPerWorker = 4096);
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    /// Converts one input in an idle worker, waiting for one when all are busy. `format` and
    /// `mediaType` fill the document of a worker that died (empty: the caller fills them).
    Document convert(std::string_view bytes, std::string_view name, std::string_view format = {},
                     std::string_view mediaType = {});
    /// Runs one request in an idle worker, as convert() does: for pools made with a handler.
    Document run(std::string request, std::string_view format = {},
                 std::string_view mediaType = {});
    /// One worker for the calling thread alone while the lease lasts, for requests pipelined
    /// with IsolatedWorker::submit and collect (waits for an idle worker). A worker given back
    /// with requests still pending is stopped, and restarted at its next request.
    class Lease {
      public:
        explicit Lease(WorkerPool& pool);
        ~Lease();
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        IsolatedWorker& worker() { return *m_worker; }

      private:
        WorkerPool& m_pool;
        IsolatedWorker* m_worker;
    };

    /// How many workers the pool has.
    std::size_t size() const { return m_workers.size(); }

  private:
    // Has the forking thread start `worker`'s process; returns once it has.
    void startWorker(IsolatedWorker* worker);
    IsolatedWorker* takeIdle();
    void giveBack(IsolatedWorker* worker);
    void forkLoop();

    std::vector<std::unique_ptr<IsolatedWorker>> m_workers;
    std::vector<IsolatedWorker*> m_idle;
    std::mutex m_mutex;
    std::condition_variable m_freed;

    std::mutex m_forkMutex;
    std::condition_variable m_forkChanged;
    std::vector<IsolatedWorker*> m_toStart;
    bool m_stopping = false;
    std::thread m_forker;
};

}  // namespace jikji
