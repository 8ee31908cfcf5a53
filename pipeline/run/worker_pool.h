#pragma once

#include <functional>
#include <thread>
#include <vector>

namespace jikji::run {

/// Runs `work(0)` … `work(threads - 1)` on that many threads and waits for them all. `work`
/// catches what it throws.
inline void runOnThreads(unsigned threads, const std::function<void(unsigned)>& work) {
    std::vector<std::thread> pool;
    for (unsigned i = 0; i < threads; ++i)
        pool.emplace_back(work, i);
    for (std::thread& thread : pool)
        thread.join();
}

}  // namespace jikji::run
