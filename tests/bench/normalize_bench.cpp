// Throughput of the text normaliser and the CP949 decoder on about 10 MB of Korean text.
// usage: normalize_bench [TEXT_DIR] [MEGABYTES]
// TEXT_DIR holds .txt files of real Korean text (e.g. ../shared/corpus/peers/python-hwpx); they
// are cycled until the input is big enough. Without it the text is made from a fixed paragraph.
#include <unicode/ucnv.h>

#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "stages/normalize/charset.h"
#include "stages/normalize/normalize_text.h"

namespace {

std::string readAll(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::string makeInput(const char* dir, std::size_t bytes) {
    std::vector<std::string> texts;
    if (dir && std::filesystem::is_directory(dir)) {
        std::vector<std::filesystem::path> files;
        for (const auto& entry : std::filesystem::directory_iterator(dir))
            if (entry.path().extension() == ".txt") files.push_back(entry.path());
        std::sort(files.begin(), files.end());
        for (const auto& file : files)
            texts.push_back(readAll(file));
    }
    if (texts.empty())
        texts.push_back(
            "전주시, 2025년 하반기 청년 일자리 지원사업 공고\n"
            "□ 사업목적 : 지역 청년의 안정적인 일자리 진입을 돕고  중소기업의 인력난을 해소\n"
            "○ 지원대상\t만 18세 이상 39세 이하 청년 (공고일 기준)\n"
            "  - 문의: 일자리정책과 (063-281-2114)\u00A0담당자 홍길동\n");
    std::string input;
    input.reserve(bytes + 1024);
    while (input.size() < bytes)
        for (const auto& text : texts) {
            if (input.size() >= bytes) break;
            input += text;
            if (!input.empty() && input.back() != '\n') input += '\n';
        }
    return input;
}

double cpuSeconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

struct Timing {
    double wall = 1e9;
    double cpu = 1e9;
};

// Best of `rounds`, in wall-clock and in process CPU time: the machine is shared, and CPU time
// does not count the time other processes held the cores.
template <class F>
Timing best(int rounds, F&& run) {
    Timing timing;
    for (int i = 0; i < rounds; ++i) {
        auto start = std::chrono::steady_clock::now();
        double cpuStart = cpuSeconds();
        run();
        std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
        timing.wall = std::min(timing.wall, took.count());
        timing.cpu = std::min(timing.cpu, cpuSeconds() - cpuStart);
    }
    return timing;
}

void report(const char* what, double mb, Timing timing) {
    std::printf("%-34s %8.1f MB/s CPU  %8.1f MB/s wall\n", what, mb / timing.cpu, mb / timing.wall);
}

}  // namespace

int main(int argc, char** argv) {
    const char* dir = argc > 1 && *argv[1] ? argv[1] : nullptr;
    std::size_t megabytes = argc > 2 ? std::stoul(argv[2]) : 10;
    std::string input = makeInput(dir, megabytes << 20);
    double mb = static_cast<double>(input.size()) / (1 << 20);
    std::printf("input: %.1f MB of %s text\n", mb, dir ? "corpus" : "synthetic");

    std::size_t sink = 0;
    report("normalizeText, one 10 MB string:", mb,
           best(5, [&] { sink += jikji::normalize::normalizeText(input).text.size(); }));

    std::vector<std::string_view> lines;
    for (std::size_t start = 0; start < input.size();) {
        std::size_t end = input.find('\n', start);
        if (end == std::string::npos) end = input.size();
        lines.push_back(std::string_view(input).substr(start, end - start));
        start = end + 1;
    }
    std::printf("(%zu lines)\n", lines.size());
    report("normalizeText, line by line:", mb, best(5, [&] {
               for (std::string_view line : lines)
                   sink += jikji::normalize::normalizeText(line).text.size();
           }));

    // The same text in CP949, decoded back (bytes of CP949 input per second).
    UErrorCode status = U_ZERO_ERROR;
    std::string cp949(input.size() * 2, '\0');
    int32_t length =
        ucnv_convert("windows-949", "UTF-8", cp949.data(), static_cast<int32_t>(cp949.size()),
                     input.data(), static_cast<int32_t>(input.size()), &status);
    cp949.resize(U_SUCCESS(status) ? static_cast<std::size_t>(length) : 0);
    double cpMb = static_cast<double>(cp949.size()) / (1 << 20);
    report("decodeToUtf8, CP949 bytes:", cpMb,
           best(3, [&] { sink += jikji::normalize::decodeToUtf8(cp949, "euc-kr").text.size(); }));
    report("decodePage (resolve + decode), UTF-8:", mb,
           best(3, [&] { sink += jikji::normalize::decodePage(input).text.size(); }));
    return sink == 0 ? 1 : 0;
}
