#pragma once

#include <sys/types.h>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <string_view>

#include "document.h"

namespace jikji {

/// How much one isolated conversion may take.
struct IsolationLimits {
    std::chrono::milliseconds timeout{120'000};
    /// Address space the child may add to what it inherits from the parent.
    std::uint64_t memoryBytes = 2ull << 30;
};

/// Runs `work` in a forked child process under a time and memory limit, so that a document
/// that crashes, hangs or eats memory never takes the batch down. The document comes back
/// through a pipe. A child that times out is killed and gives `limit_exceeded`; one that dies by
/// a signal gives `corrupt` (or `limit_exceeded` when it ran out of memory); either way with a
/// warning. `format` and `mediaType` fill such failure documents.
Document runIsolated(const std::function<Document()>& work, const IsolationLimits& limits,
                     std::string_view format, std::string_view mediaType);

/// A long-lived isolated child process that runs `handler` on one request after another, so a
/// batch pays for one fork per worker rather than one per document. The limits and outcomes are
/// those of runIsolated: a request that crashes, hangs (the child is killed at the time limit),
/// runs out of memory or answers too much gives a failure document, and the next request starts
/// a fresh child. The child is also replaced after `maxRequests` requests, so that what a
/// converter leaks or fragments never accumulates (rarely: a new child forked while other
/// threads run could inherit a lock one of them held, and replacing one costs a wait).
///
/// Requests may be pipelined: submit() queues one behind those the child is still working on,
/// and collect() returns the answers in order, so the child starts its next request without
/// waiting for the caller to wake up, read the answer and send another. The time limit of a
/// request runs from when the child can start it (the answer before it came back). Not
/// thread-safe: one worker per thread.
class IsolatedWorker {
  public:
    using Handler = std::function<Document(std::string_view request)>;
    /// How many bytes of requests may wait behind the one the child is working on: the socket
    /// holds them while the child answers, so neither side ever blocks the other.
    static constexpr std::size_t kMaxQueuedBytes = 16 * 1024;

    IsolatedWorker(Handler handler, IsolationLimits limits, unsigned maxRequests = 4096);
    ~IsolatedWorker();
    IsolatedWorker(const IsolatedWorker&) = delete;
    IsolatedWorker& operator=(const IsolatedWorker&) = delete;

    /// Starts the child now rather than at the first request (call it before starting threads:
    /// a fork from a single-threaded process cannot inherit a lock held by another thread).
    void start();
    /// Who starts the child when a request needs one (a pool's forking thread); start() when
    /// unset.
    void setStarter(std::function<void(IsolatedWorker&)> starter) {
        m_starter = std::move(starter);
    }
    /// Runs one request in the child; `format` and `mediaType` fill failure documents. No other
    /// request may be pending.
    Document run(std::string request, std::string_view format, std::string_view mediaType);
    /// Queues a request behind the pending ones. Only the first pending request may be larger
    /// than kMaxQueuedBytes, and the others together no larger either (see canQueue()).
    void submit(std::string request);
    /// Whether a request of `size` bytes may be submitted now.
    bool canQueue(std::size_t size) const;
    /// The answer to the oldest pending request, or the failure document of a child that died
    /// on it; the requests behind it then go to a fresh child.
    Document collect(std::string_view format, std::string_view mediaType);
    /// Requests submitted and not yet collected.
    std::size_t pending() const { return m_pending.size(); }
    /// Stops the child, forgetting the pending requests.
    void stop();
    /// Kills the child without waiting for it, forgetting the pending requests: stop() then only
    /// reaps it. A pool stopping several workers kills them all first, so that the kernel frees
    /// their memory side by side instead of one after the other.
    void kill();
    /// The child's process id, or -1 when none is running.
    pid_t pid() const { return m_pid; }

  private:
    void startChild();
    // Closes the child's socket and sends it SIGKILL, once; keeps the pending requests.
    void killChild();
    // Ends the child and reaps it, keeping the pending requests.
    void endChild();
    // Sends every pending request to a fresh child (the one that had them is gone).
    void resendPending();

    Handler m_handler;
    IsolationLimits m_limits;
    unsigned m_maxRequests;
    unsigned m_served = 0;
    pid_t m_pid = -1;
    int m_fd = -1;
    // kill() was sent: the child only needs reaping.
    bool m_killed = false;
    std::function<void(IsolatedWorker&)> m_starter;
    std::deque<std::string> m_pending;
    std::size_t m_queuedBytes = 0;
    // A request queued behind the one the child was working on never reached it.
    bool m_unsent = false;
    // When the child could start the oldest pending request.
    std::chrono::steady_clock::time_point m_headSince;
};

/// What a conversion worker runs on one input, inside its own process.
using ConvertFunction = std::function<Document(std::string_view bytes, std::string_view name)>;

/// One input as a request to a conversion worker: its name and bytes in one message.
std::string encodeConversionRequest(std::string_view bytes, std::string_view name);

/// The IsolatedWorker handler that decodes requests made by encodeConversionRequest and runs
/// `convert` on them (after the test hook faults::injectConversionFault).
IsolatedWorker::Handler conversionHandler(ConvertFunction convert);

}  // namespace jikji
