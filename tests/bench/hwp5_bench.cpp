// Converts one HWP file repeatedly in one process and reports milliseconds per document and
// input megabytes per second (a benchmark, not a test: scripts/bench.d/hwp5 runs it).
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "converters/registry.h"

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: hwp5_bench FILE.hwp [ITERATIONS]\n";
        return 2;
    }
    std::ifstream in(argv[1], std::ios::binary);
    if (!in) {
        std::cerr << "hwp5_bench: cannot read " << argv[1] << "\n";
        return 2;
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    const std::string bytes = buffer.str();
    const int iterations = argc > 2 ? std::atoi(argv[2]) : 500;
    jikji::converters::Input input{bytes, "bench.hwp"};

    // Warm up: first-use initialisation (libgsf, zlib tables) is not per-document work.
    jikji::Document first = jikji::converters::convertInput(input);
    std::size_t textBytes = first.text.size();
    // CPU time too: on a shared machine wall time mostly measures the neighbours.
    std::clock_t cpuStart = std::clock();
    auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < iterations; ++i) {
        jikji::Document document = jikji::converters::convertInput(input);
        if (document.text.size() != textBytes) {
            std::cerr << "hwp5_bench: output changed between runs\n";
            return 1;
        }
    }
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    double cpuSeconds = static_cast<double>(std::clock() - cpuStart) / CLOCKS_PER_SEC;
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("hwp5: %s\n", argv[1]);
    std::printf("hwp5: %zu bytes in, %zu bytes of text, status %s, %d runs\n", bytes.size(),
                textBytes, std::string(jikji::toString(first.status)).c_str(), iterations);
    std::printf(
        "hwp5: %.3f ms per document (%.3f ms CPU), %.1f MB/s of input (%.1f MB/s CPU), "
        "max RSS %ld MB\n",
        seconds * 1000.0 / iterations, cpuSeconds * 1000.0 / iterations,
        static_cast<double>(bytes.size()) * iterations / seconds / 1e6,
        static_cast<double>(bytes.size()) * iterations / cpuSeconds / 1e6, usage.ru_maxrss / 1024);
    return 0;
}
