#include "pipeline/worker_pool.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <set>
#include <thread>
#include <vector>

namespace jikji {
namespace {

// A converter that answers with the input's name and bytes, and misbehaves on demand.
Document echo(std::string_view bytes, std::string_view name) {
    if (name == "crash") ::raise(SIGSEGV);
    if (name == "throw") throw std::runtime_error("boom");
    while (name == "hang")
        ::pause();
    if (name == "hog") {
        std::vector<std::vector<char>> hog;
        for (int i = 0; i < 64; ++i)
            hog.emplace_back(64u << 20, 'x');
    }
    Document document;
    document.format = "echo";
    document.status = Status::Ok;
    document.text = std::string(name) + ":" + std::string(bytes);
    document.metadata["pid"] = std::to_string(::getpid());
    return document;
}

// Generous time (a loaded machine must not turn a slow answer into a timeout), little memory.
IsolationLimits testLimits() {
    IsolationLimits limits;
    limits.timeout = std::chrono::milliseconds(120'000);
    limits.memoryBytes = 256ull << 20;
    return limits;
}

// `name` fails with `status` and the warning `code`; the input after it converts.
void expectFailureThenRecovery(WorkerPool& pool, std::string_view name, Status status,
                               std::string_view code) {
    Document failed = pool.convert("x", name);
    EXPECT_EQ(failed.status, status);
    ASSERT_EQ(failed.warnings.size(), 1u);
    EXPECT_EQ(failed.warnings[0].code, code);
    EXPECT_EQ(pool.convert("y", "next").text, "next:y");
}

// One worker that crashes takes only its own input: the next input gets a fresh process.
TEST(WorkerPool, CrashingConverterCostsOnlyItsInput) {
    WorkerPool pool(echo, testLimits(), 1);
    Document before = pool.convert("a", "one");
    Document crashed = pool.convert("b", "crash", "hwp5", "application/x-hwp");
    EXPECT_EQ(crashed.status, Status::Corrupt);
    ASSERT_EQ(crashed.warnings.size(), 1u);
    EXPECT_EQ(crashed.warnings[0].code, "converter_crashed");
    EXPECT_EQ(crashed.format, "hwp5");
    Document after = pool.convert("c", "two");
    EXPECT_EQ(after.text, "two:c");
    EXPECT_NE(after.metadata.at("pid"), before.metadata.at("pid"));
}

TEST(WorkerPool, HangingConverterIsStoppedAtTheTimeLimit) {
    IsolationLimits limits = testLimits();
    limits.timeout = std::chrono::milliseconds(300);
    WorkerPool pool(echo, limits, 1);
    expectFailureThenRecovery(pool, "hang", Status::LimitExceeded, "timeout");
}

TEST(WorkerPool, MemoryHogHitsItsLimit) {
#if defined(__SANITIZE_ADDRESS__)
    GTEST_SKIP() << "no address-space limit under AddressSanitizer";
#endif
    WorkerPool pool(echo, testLimits(), 1);
    expectFailureThenRecovery(pool, "hog", Status::LimitExceeded, "memory_limit");
}

TEST(WorkerPool, ThrowingConverterGivesCorrupt) {
    WorkerPool pool(echo, testLimits(), 1);
    expectFailureThenRecovery(pool, "throw", Status::Corrupt, "converter_failed");
}

// The fault-injection hook (JIKJI_TEST_CONVERT_FAULT) runs inside the worker, before the
// converter, so a CLI test can make one real input crash.
TEST(WorkerPool, InjectedFaultHitsOnlyTheNamedInput) {
    ::setenv("JIKJI_TEST_CONVERT_FAULT", "crash:bad.hwp", 1);
    WorkerPool pool(echo, testLimits(), 1);
    ::unsetenv("JIKJI_TEST_CONVERT_FAULT");
    EXPECT_EQ(pool.convert("1", "good.hwp").status, Status::Ok);
    EXPECT_EQ(pool.convert("2", "bad.hwp").warnings.at(0).code, "converter_crashed");
    EXPECT_EQ(pool.convert("3", "good.hwp").text, "good.hwp:3");
}

// Threads share the pool: every input comes back to the thread that gave it, converted by
// long-lived workers (far fewer processes than inputs), with a crash among them. The replacement
// is forked by the pool, so it outlives the thread whose input crashed its predecessor.
TEST(WorkerPool, ThreadsShareLongLivedWorkers) {
    WorkerPool pool(echo, testLimits(), 2);
    constexpr int kThreads = 4;
    constexpr int kEach = 50;
    std::vector<std::vector<Document>> results(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < kEach; ++i) {
                std::string name = (t == 1 && i == 25) ? "crash" : "n" + std::to_string(t);
                results[t].push_back(pool.convert(std::to_string(i), name));
            }
        });
    for (std::thread& thread : threads)
        thread.join();
    std::set<std::string> pids;
    for (int t = 0; t < kThreads; ++t)
        for (int i = 0; i < kEach; ++i) {
            const Document& document = results[t][i];
            if (t == 1 && i == 25) {
                EXPECT_EQ(document.status, Status::Corrupt);
                continue;
            }
            EXPECT_EQ(document.text, "n" + std::to_string(t) + ":" + std::to_string(i));
            pids.insert(document.metadata.at("pid"));
        }
    // Two workers, one of them replaced once.
    EXPECT_LE(pids.size(), 3u);
    EXPECT_EQ(pool.size(), 2u);
}

// A lease holds one worker for its thread; requests pipelined in it come from that worker, and
// one given back with an answer still pending is stopped (its late answer can reach nobody) and
// restarted for the next caller.
TEST(WorkerPool, LeasedWorkerServesPipelinedRequests) {
    WorkerPool pool(echo, testLimits(), 1);
    pid_t first = -1;
    {
        WorkerPool::Lease lease(pool);
        IsolatedWorker& worker = lease.worker();
        worker.submit(encodeConversionRequest("1", "a"));
        worker.submit(encodeConversionRequest("2", "b"));
        Document a = worker.collect({}, {});
        Document b = worker.collect({}, {});
        EXPECT_EQ(a.text, "a:1");
        EXPECT_EQ(b.text, "b:2");
        EXPECT_EQ(a.metadata.at("pid"), b.metadata.at("pid"));
        first = worker.pid();
        worker.submit(encodeConversionRequest("3", "left"));
    }
    Document next = pool.convert("4", "next");
    EXPECT_EQ(next.text, "next:4");
    EXPECT_NE(next.metadata.at("pid"), std::to_string(first));
}

// A pool that goes kills all its workers before it waits for any, and leaves none behind, not
// even a zombie.
TEST(WorkerPool, DestroyedPoolLeavesNoWorkerBehind) {
    std::vector<pid_t> pids;
    {
        WorkerPool pool(echo, testLimits(), 2);
        WorkerPool::Lease one(pool);
        WorkerPool::Lease two(pool);
        for (WorkerPool::Lease* lease : {&one, &two}) {
            EXPECT_EQ(lease->worker().run(encodeConversionRequest("1", "a"), {}, {}).text, "a:1");
            pids.push_back(lease->worker().pid());
        }
    }
    ASSERT_EQ(pids.size(), 2u);
    EXPECT_NE(pids[0], pids[1]);
    for (pid_t pid : pids)
        EXPECT_EQ(::kill(pid, 0), -1) << pid;
}

}  // namespace
}  // namespace jikji
