// Measures HWPX conversion against the floor of merely inflating the section parts, in one
// process, in CPU time: `hwpx_bench [--repeat N] FILE|DIR…`. Prints one line per file and a
// summary (means, and the sums of each file's best repeat).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "converters/hwpx/hwpx_converter.h"
#include "converters/hwpx/hwpx_package.h"
#include "pipeline/document_builder.h"

namespace {

// Process CPU time, not wall time: the machines this runs on are shared, and CPU time is what
// the comparison is about.
struct Clock {
    using duration = std::chrono::nanoseconds;
    static std::chrono::nanoseconds now() {
        timespec ts{};
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
        return std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec);
    }
};

std::string readFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The floor: open the package and inflate (and, for distribution documents, decrypt) every
// section part without parsing it. Returns the section XML bytes (0 when unreadable).
std::uint64_t inflateSections(const std::string& bytes) {
    std::uint64_t total = 0;
    try {
        jikji::converters::hwpx::HwpxPackage package(bytes);
        jikji::DocumentBuilder ignored;
        package.loadPackage(ignored);
        if (package.protection() == jikji::converters::hwpx::Protection::Password) return 0;
        for (const std::string& name : package.sections())
            package.streamPart(name, [&](std::string_view chunk) { total += chunk.size(); });
    } catch (const std::exception&) {
    }
    return total;
}

double median(std::vector<double> values) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

double seconds(Clock::duration duration) {
    return std::chrono::duration<double>(duration).count();
}

}  // namespace

int main(int argc, char** argv) {
    int repeat = 5;
    std::vector<std::filesystem::path> files;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "--repeat" && i + 1 < argc) {
            repeat = std::max(1, std::stoi(argv[++i]));
        } else if (std::filesystem::is_directory(arg)) {
            for (const auto& entry : std::filesystem::directory_iterator(arg))
                if (entry.is_regular_file()) files.push_back(entry.path());
        } else {
            files.emplace_back(arg);
        }
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) {
        std::fprintf(stderr, "usage: hwpx_bench [--repeat N] FILE|DIR...\n");
        return 2;
    }
    const auto& converter = jikji::converters::hwpx::hwpxConverter();
    double totalConvert = 0, totalInflate = 0, bestConvert = 0, bestInflate = 0;
    std::uint64_t totalXml = 0;
    std::size_t documents = 0;
    std::vector<double> allRatios;  // per file, the median ratio of its pairs
    std::printf("%-60s %10s %10s %10s %6s\n", "file", "xml_bytes", "inflate_ms", "convert_ms",
                "ratio");
    for (const auto& path : files) {
        std::string bytes = readFile(path);
        jikji::converters::Input input{bytes, path.filename().string()};
        std::uint64_t xml = 0;
        // Means, and the best of the repeats: on a loaded machine the best is the steadier. The
        // floor and the conversion alternate, so that both see the machine in the same state
        // (this VM's speed drifts by tens of percent from one second to the next), and each
        // pair gives a ratio; their median is the steadiest figure.
        double inflate = 0, inflateMin = 0, convert = 0, convertMin = 0;
        std::vector<double> ratios;
        std::size_t textSize = 0;
        for (int r = 0; r < repeat; ++r) {
            auto start = Clock::now();
            xml = inflateSections(bytes);
            double floorOnce = seconds(Clock::now() - start);
            start = Clock::now();
            textSize += converter.convert(input).text.size();
            double convertOnce = seconds(Clock::now() - start);
            inflate += floorOnce / repeat;
            inflateMin = r == 0 ? floorOnce : std::min(inflateMin, floorOnce);
            convert += convertOnce / repeat;
            convertMin = r == 0 ? convertOnce : std::min(convertMin, convertOnce);
            if (floorOnce > 0) ratios.push_back(convertOnce / floorOnce);
        }
        std::sort(ratios.begin(), ratios.end());
        if (!ratios.empty()) allRatios.push_back(ratios[ratios.size() / 2]);
        std::printf("%-60.60s %10llu %10.3f %10.3f %6.2f\n", path.filename().string().c_str(),
                    static_cast<unsigned long long>(xml), inflate * 1e3, convert * 1e3,
                    inflate > 0 ? convert / inflate : 0.0);
        totalConvert += convert;
        totalInflate += inflate;
        bestConvert += convertMin;
        bestInflate += inflateMin;
        totalXml += xml;
        ++documents;
        (void)textSize;
    }
    double megabytes = static_cast<double>(totalXml) / (1024.0 * 1024.0);
    std::printf(
        "documents=%zu section_xml_MB=%.2f\n"
        "convert: %.1f documents/s, %.1f MB/s of section XML, %.3f ms/document\n"
        "inflate floor: %.1f documents/s, %.1f MB/s, %.3f ms/document\n"
        "convert/inflate time ratio: %.2f\n"
        "best of %d: convert %.3f ms/document (%.1f MB/s), inflate %.3f ms/document, ratio %.2f\n"
        "median of the per-file medians of convert/inflate, pair by pair: %.2f\n",
        documents, megabytes, documents / totalConvert, megabytes / totalConvert,
        totalConvert * 1e3 / documents, documents / totalInflate, megabytes / totalInflate,
        totalInflate * 1e3 / documents, totalConvert / totalInflate, repeat,
        bestConvert * 1e3 / documents, megabytes / bestConvert, bestInflate * 1e3 / documents,
        bestConvert / bestInflate, median(allRatios));
    return 0;
}
