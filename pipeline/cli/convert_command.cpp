#include <spdlog/spdlog.h>

#include <filesystem>
#include <iostream>

#include "pipeline/atomic_file.h"
#include "pipeline/cli/cli.h"
#include "pipeline/json_writer.h"
#include "pipeline/limits.h"
#include "pipeline/render_output.h"
#include "stages/extract/extract.h"

namespace jikji::cli {

namespace {

constexpr std::string_view kConvertUsage =
    "usage: jikji convert FILE… [--format json|text|markdown|chunks] [--out DIR] [--no-isolate]\n"
    "                     [--timeout-ms N] [--chunk-chars N] [--keep-furniture]\n";

struct ConvertOptions {
    std::vector<std::filesystem::path> files;
    OutputFormat format = OutputFormat::Json;
    RenderOptions render;
    std::filesystem::path outDir;
    stages::ExtractOptions extract;
};

}  // namespace

int runConvert(const std::vector<std::string>& args) {
    ConvertOptions options;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--format" || arg == "--out") {
            if (i + 1 >= args.size()) {
                std::cerr << "jikji convert: " << arg << " needs a value\n" << kConvertUsage;
                return kExitUsage;
            }
            const std::string& value = args[++i];
            if (arg == "--out") {
                options.outDir = value;
            } else if (auto format = parseOutputFormat(value)) {
                options.format = *format;
            } else {
                std::cerr << "jikji convert: --format is json, text, markdown or chunks\n";
                return kExitUsage;
            }
        } else if (arg == "--chunk-chars") {
            std::size_t chars = 0;
            if (i + 1 < args.size()) chars = std::strtoul(args[++i].c_str(), nullptr, 10);
            if (chars == 0) {
                std::cerr << "jikji convert: --chunk-chars takes a number of characters\n";
                return kExitUsage;
            }
            options.render.chunks.maxChars = chars;
        } else if (arg == "--keep-furniture") {
            options.render.chunks.markdown.keepFurniture = true;
        } else if (arg == "--no-isolate") {
            options.extract.isolate = false;
        } else if (arg == "--timeout-ms") {
            if (i + 1 >= args.size()) {
                std::cerr << "jikji convert: --timeout-ms needs a value\n";
                return kExitUsage;
            }
            try {
                options.extract.limits.timeout = std::chrono::milliseconds(std::stoul(args[++i]));
            } catch (const std::exception&) {
                std::cerr << "jikji convert: --timeout-ms takes a number of milliseconds\n";
                return kExitUsage;
            }
        } else if (arg == "--help") {
            std::cout << kConvertUsage;
            return kExitOk;
        } else if (arg.starts_with("--")) {
            std::cerr << "jikji convert: unknown option " << arg << "\n" << kConvertUsage;
            return kExitUsage;
        } else {
            options.files.emplace_back(arg);
        }
    }
    if (options.files.empty()) {
        std::cerr << "jikji convert: no input files\n" << kConvertUsage;
        return kExitUsage;
    }
    if (options.files.size() > 1 && options.outDir.empty()) {
        std::cerr << "jikji convert: several inputs need --out DIR\n";
        return kExitUsage;
    }
    if (!options.outDir.empty()) {
        std::error_code error;
        std::filesystem::create_directories(options.outDir, error);
        if (error || !std::filesystem::is_directory(options.outDir)) {
            spdlog::error("cannot create output folder {}: {}", options.outDir.string(),
                          error.message());
            return kExitCannotRun;
        }
    }

    int failed = 0;
    for (const auto& file : options.files) {
        std::string bytes;
        try {
            bytes = readFile(file, limits::kMaxInputBytes);
        } catch (const std::exception& error) {
            spdlog::error("{}: {}", file.string(), error.what());
            ++failed;
            continue;
        }
        converters::Input input{bytes, file.filename().string()};
        Document document = stages::extractDocument(input, options.extract);
        document.provenance = provenanceOf(input.name, bytes);
        if (isFailure(document.status)) {
            ++failed;
            std::string why = document.warnings.empty() ? "" : document.warnings.front().message;
            spdlog::warn("{}: {} ({})", file.string(), toString(document.status), why);
        } else {
            spdlog::debug("{}: {} {}", file.string(), document.format, toString(document.status));
        }
        if (options.outDir.empty()) {
            renderOutput(document, options.format, options.render, std::cout);
            std::cout.flush();
            continue;
        }
        std::filesystem::path target =
            options.outDir /
            (file.filename().string() + std::string(outputExtension(options.format)));
        try {
            writeFileAtomically(target, [&](std::ostream& out) {
                renderOutput(document, options.format, options.render, out);
            });
        } catch (const std::exception& error) {
            spdlog::error("{}", error.what());
            return kExitCannotRun;
        }
    }
    return failed ? kExitSomeFailed : kExitOk;
}

}  // namespace jikji::cli
