#include <spdlog/spdlog.h>

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <deque>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "converters/detect/detect.h"
#include "pipeline/atomic_file.h"
#include "pipeline/cli/cli.h"
#include "pipeline/cli/size_order.h"
#include "pipeline/fault_injection.h"
#include "pipeline/json_writer.h"
#include "pipeline/limits.h"
#include "pipeline/render_output.h"
#include "stages/extract/extract.h"

namespace jikji::cli {

namespace {

constexpr std::string_view kConvertUsage =
    "usage: jikji convert FILE|DIR|-… [--format json|text|markdown|chunks]\n"
    "                     [--out DIR [--keep-paths]] [--recursive] [--jobs N] [--compact]\n"
    "                     [--no-isolate] [--timeout-ms N] [--chunk-chars N] [--keep-furniture]\n"
    "  DIR needs --recursive; - reads a list of paths from stdin, one a line\n";

struct ConvertOptions {
    std::vector<std::string> args;
    OutputFormat format = OutputFormat::Json;
    RenderOptions render;
    bool recursive = false;
    bool keepPaths = false;
    unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
    std::filesystem::path outDir;
    stages::ExtractOptions extract;
};

struct ConvertInput {
    std::filesystem::path path;
    /// Where its output goes, relative to --out.
    std::filesystem::path target;
};

// What became of one input, reported by the main thread in input order.
struct Outcome {
    std::string readError;
    std::string writeError;
    Status status = Status::Ok;
    std::string format;
    std::string why;
    // Kept only when the output goes to stdout, where it is rendered in order.
    std::optional<Document> document;
};

// `--keep-paths`: the input's path as given, made relative (no root, no leading `..`).
std::filesystem::path mirroredPath(const std::filesystem::path& path) {
    std::filesystem::path out;
    for (const auto& part : path.lexically_normal().relative_path())
        if (!(out.empty() && (part == ".." || part == "."))) out /= part;
    return out.empty() ? path.filename() : out;
}

// Expands the arguments into files: folders (with --recursive) in path order, `-` as a list of
// paths on stdin. Returns false after reporting a usage error.
bool collectInputs(const ConvertOptions& options, std::vector<ConvertInput>& inputs) {
    auto add = [&](const std::filesystem::path& path) {
        inputs.push_back({path, options.keepPaths ? mirroredPath(path) : path.filename()});
        inputs.back().target += outputExtension(options.format);
    };
    for (const std::string& arg : options.args) {
        if (arg == "-") {
            for (std::string line; std::getline(std::cin, line);) {
                if (!line.empty() && line.back() == '\r') line.pop_back();
                if (!line.empty()) add(line);
            }
            continue;
        }
        std::error_code error;
        if (!std::filesystem::is_directory(arg, error)) {
            add(arg);
            continue;
        }
        if (!options.recursive) {
            usageError("convert", arg + " is a folder (add --recursive)");
            return false;
        }
        std::vector<std::filesystem::path> files;
        for (auto it = std::filesystem::recursive_directory_iterator(
                 arg, std::filesystem::directory_options::skip_permission_denied, error);
             !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error))
            if (it->is_regular_file(error)) files.push_back(it->path());
        if (error) {
            usageError("convert", "cannot list " + arg + ": " + error.message());
            return false;
        }
        std::sort(files.begin(), files.end());
        for (const auto& file : files)
            add(file);
    }
    return true;
}

// Two inputs that would write one output are refused before anything is converted.
bool outputsCollide(const ConvertOptions& options, const std::vector<ConvertInput>& inputs) {
    std::map<std::filesystem::path, const ConvertInput*> seen;
    for (const ConvertInput& input : inputs) {
        auto [it, fresh] = seen.emplace(input.target, &input);
        if (fresh) continue;
        usageError("convert",
                   it->second->path.string() + " and " + input.path.string() +
                       " would both be written to " + (options.outDir / input.target).string() +
                       (options.keepPaths ? "" : " (--keep-paths keeps their folders apart)"));
        return true;
    }
    return false;
}

// Fills the outcome of `document`, converted from `bytes` (empty when unread), and writes its
// output when it goes to a file.
Outcome finish(const ConvertInput& input, const ConvertOptions& options, Document document,
               std::string_view bytes) {
    Outcome outcome;
    // Plain text shows no provenance: its SHA-256 would be hashing for nothing.
    if (options.format != OutputFormat::Text && !bytes.empty())
        document.provenance = provenanceOf(input.path.filename().string(), bytes);
    outcome.status = document.status;
    outcome.format = document.format;
    if (!document.warnings.empty()) outcome.why = document.warnings.front().message;
    if (options.outDir.empty()) {
        outcome.document = std::move(document);
        return outcome;
    }
    // Not the archive: a crash may lose recent outputs, never leave a torn one.
    try {
        writeFileAtomically(
            options.outDir / input.target,
            [&](std::ostream& out) { renderOutput(document, options.format, options.render, out); },
            {}, Durability::Unsynced);
    } catch (const std::exception& error) {
        outcome.writeError = error.what();
    }
    return outcome;
}

// Reads, converts and writes one input in this process (the conversion itself isolated unless
// --no-isolate, or when this process is a worker).
Outcome convertOne(const ConvertInput& input, const ConvertOptions& options) {
    std::string bytes;
    try {
        bytes = readFile(input.path, limits::kMaxInputBytes);
    } catch (const std::exception& error) {
        Outcome outcome;
        outcome.readError = error.what();
        return outcome;
    }
    converters::Input source{bytes, input.path.filename().string()};
    return finish(input, options, stages::extractDocument(source, options.extract), bytes);
}

// With --out and isolation, a worker does all of an input: it reads the file, converts it and
// writes the output, and answers with the outcome only. The parent then sends no document's bytes
// and receives no document (copying them through the socket cost more than a small document's
// conversion). The request is the input's index in the list the worker was forked with.
// The answer is a document holding the outcome: status, format and first warning, or one of these
// two warnings, which no converter gives.
constexpr std::string_view kInputUnreadable = "input_unreadable";
constexpr std::string_view kOutputUnwritable = "output_unwritable";

IsolatedWorker::Handler fileWorker(const std::vector<ConvertInput>& inputs,
                                   ConvertOptions options) {
    options.extract.isolate = false;
    options.extract.pool = nullptr;
    return [&inputs, options = std::move(options)](std::string_view request) {
        std::uint64_t i = 0;
        if (request.size() != sizeof i) throw std::runtime_error("malformed request");
        std::memcpy(&i, request.data(), sizeof i);
        if (i >= inputs.size()) throw std::runtime_error("no such input");
        faults::injectConversionFault(inputs[i].path.filename().string());
        Outcome outcome = convertOne(inputs[i], options);
        Document answer;
        answer.status = outcome.status;
        answer.format = outcome.format;
        if (!outcome.readError.empty())
            answer.warnings.push_back({std::string(kInputUnreadable), outcome.readError, {}});
        else if (!outcome.writeError.empty())
            answer.warnings.push_back({std::string(kOutputUnwritable), outcome.writeError, {}});
        else if (!outcome.why.empty())
            answer.warnings.push_back({{}, outcome.why, {}});
        return answer;
    };
}

std::string fileRequest(std::size_t i) {
    std::uint64_t index = i;
    return std::string(reinterpret_cast<const char*>(&index), sizeof index);
}

// The outcome of input `i` from its worker's answer.
Outcome outcomeOfAnswer(std::size_t i, Document answer, const std::vector<ConvertInput>& inputs,
                        const ConvertOptions& options) {
    Outcome outcome;
    outcome.status = answer.status;
    outcome.format = answer.format;
    const Warning* first = answer.warnings.empty() ? nullptr : &answer.warnings.front();
    if (first && first->code == kInputUnreadable) {
        outcome.readError = first->message;
        return outcome;
    }
    if (first && first->code == kOutputUnwritable) {
        outcome.writeError = first->message;
        return outcome;
    }
    if (!answer.format.empty()) {
        if (first) outcome.why = first->message;
        return outcome;
    }
    // The worker died on this input (crash, hang, memory): its output is the failure document,
    // written here, with the format detection that the worker could not give.
    std::string bytes;
    try {
        bytes = readFile(inputs[i].path, limits::kMaxInputBytes);
        converters::Detection detection = converters::detect(bytes);
        answer.format = detection.format;
        answer.mediaType = detection.mediaType;
    } catch (const std::exception&) {
        bytes.clear();
    }
    return finish(inputs[i], options, std::move(answer), bytes);
}

// Requests kept in one worker at once: one it converts, one it starts on as soon as it answers.
constexpr std::size_t kRequestsInFlight = 2;

// The order inputs are handed to the workers: by size when outputs go to files. One thread
// takes the largest first, the others the smallest first, and they meet in the middle: no big
// document starts last and leaves the other workers idle at the end of a batch, and only one
// worker's heap grows to what the biggest documents need. Each page a worker touches for the
// first time costs a fault: on the corpus at --jobs 2, before workers kept the memory they
// freed, all threads taking the largest first cost 34 K faults, against 27-30 K this way and
// 22 K at --jobs 1.
SizeOrder dispatchOrder(const std::vector<ConvertInput>& inputs, const ConvertOptions& options) {
    if (options.outDir.empty() || options.jobs < 2) return SizeOrder::inInputOrder(inputs.size());
    std::vector<std::uintmax_t> sizes(inputs.size());
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        std::error_code error;
        sizes[i] = std::filesystem::file_size(inputs[i].path, error);
        if (error) sizes[i] = 0;
    }
    return SizeOrder(sizes);
}

// Converts on `options.jobs` threads (each keeps one pool worker busy; the calling thread is
// one of them) and hands the outcomes to `report` in input order, one call at a time. The thread
// that stores the outcome next in order reports it, and any after it that are ready: no thread
// is woken only to report. Outcomes that hold a document (output to stdout) are kept at most a
// few per thread; those of outputs written to files are small, and held without bound so that
// no thread waits for a slow document ahead of it to be reported.
void convertAll(const std::vector<ConvertInput>& inputs, const ConvertOptions& options,
                const std::function<bool(const ConvertInput&, Outcome&)>& report) {
    SizeOrder order = dispatchOrder(inputs, options);
    const std::size_t window =
        options.outDir.empty() ? 4 * std::size_t{options.jobs} : inputs.size();
    std::mutex mutex;
    std::condition_variable reportedMore;
    std::vector<std::optional<Outcome>> outcomes(inputs.size());
    std::size_t reported = 0;
    bool reporting = false;
    bool stop = false;
    // With the lock held: reports what is ready in order, unless another thread is doing so
    // (it reports this outcome too: it looks again before it lets go).
    auto reportReady = [&](std::unique_lock<std::mutex>& lock) {
        if (reporting) return;
        reporting = true;
        std::size_t before = reported;
        while (!stop && reported < inputs.size() && outcomes[reported]) {
            std::size_t i = reported;
            Outcome outcome = std::move(*outcomes[i]);
            outcomes[i].reset();
            lock.unlock();
            bool go = report(inputs[i], outcome);
            lock.lock();
            reported = i + 1;
            if (!go) stop = true;
        }
        reporting = false;
        if (stop || (window < inputs.size() && reported != before)) reportedMore.notify_all();
    };
    // Takes the next input to convert, from the large end of `order` or the small one, waiting
    // for the reporting window unless `wait` is false (a thread with requests in flight must
    // collect them, or the window might never move). The window only holds outputs to stdout,
    // taken in input order from the large end alone.
    const std::size_t threadCount = std::min<std::size_t>(options.jobs, inputs.size());
    auto take = [&](std::size_t& i, bool wait, bool largest) {
        std::unique_lock lock(mutex);
        auto open = [&] { return stop || order.empty() || order.front() < reported + window; };
        if (wait)
            reportedMore.wait(lock, open);
        else if (!open())
            return false;
        if (stop || order.empty()) return false;
        // The last inputs are not queued behind another in one worker while another has none,
        // and every thread takes the largest left: a batch ends on its smallest remaining
        // documents, one per worker, and no worker finishes long after the others.
        if (!wait && order.remaining() <= threadCount) return false;
        bool fromLargeEnd = largest || order.remaining() <= threadCount * kRequestsInFlight;
        i = fromLargeEnd ? order.takeLargest() : order.takeSmallest();
        return true;
    };
    auto store = [&](std::size_t i, Outcome outcome) {
        std::unique_lock lock(mutex);
        outcomes[i] = std::move(outcome);
        if (i == reported) reportReady(lock);
    };
    // With workers that write the outputs, each thread leases one and keeps two requests in it:
    // the worker starts the next input as soon as it answers, without waiting for this thread.
    auto work = [&](bool largest) {
        if (!options.extract.pool || options.outDir.empty()) {
            for (std::size_t i = 0; take(i, true, true);)
                store(i, convertOne(inputs[i], options));
            return;
        }
        WorkerPool::Lease lease(*options.extract.pool);
        IsolatedWorker& worker = lease.worker();
        std::deque<std::size_t> inFlight;
        for (;;) {
            for (std::size_t i = 0;
                 inFlight.size() < kRequestsInFlight && take(i, inFlight.empty(), largest);) {
                worker.submit(fileRequest(i));
                inFlight.push_back(i);
            }
            if (inFlight.empty()) {
                // Every input is taken: the worker's memory is freed while other threads finish.
                worker.stop();
                return;
            }
            std::size_t i = inFlight.front();
            inFlight.pop_front();
            store(i, outcomeOfAnswer(i, worker.collect({}, {}), inputs, options));
        }
    };
    std::vector<std::thread> threads;
    for (std::size_t j = 1; j < threadCount; ++j)
        threads.emplace_back(work, false);
    work(true);
    for (std::thread& thread : threads)
        thread.join();
}

// Reads the arguments into `options`; returns an exit code when the command ends here.
std::optional<int> parseArguments(const std::vector<std::string>& args, ConvertOptions& options) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--format" || arg == "--out" || arg == "--timeout-ms" || arg == "--jobs") {
            if (i + 1 >= args.size()) {
                return usageError("convert", arg + " needs a value", kConvertUsage);
            }
            const std::string& value = args[++i];
            if (arg == "--out") {
                options.outDir = value;
            } else if (arg == "--format") {
                std::optional<OutputFormat> format = parseOutputFormat(value);
                if (!format) {
                    return usageError("convert", "--format is json, text, markdown or chunks");
                }
                options.format = *format;
            } else {
                unsigned long number = 0;
                try {
                    std::size_t used = 0;
                    number = std::stoul(value, &used);
                    if (used != value.size()) throw std::invalid_argument(value);
                } catch (const std::exception&) {
                    number = 0;
                }
                if (arg == "--timeout-ms" && number > 0) {
                    options.extract.limits.timeout = std::chrono::milliseconds(number);
                } else if (arg == "--jobs" && number > 0 && number <= 256) {
                    options.jobs = static_cast<unsigned>(number);
                } else {
                    return usageError("convert",
                                      arg + (arg == "--jobs" ? " takes a number from 1 to 256"
                                                             : " takes a number of milliseconds"));
                }
            }
        } else if (arg == "--no-isolate") {
            options.extract.isolate = false;
        } else if (arg == "--compact") {
            options.render.compact = true;
        } else if (arg == "--chunk-chars") {
            std::size_t chars = 0;
            if (i + 1 < args.size()) chars = std::strtoul(args[++i].c_str(), nullptr, 10);
            if (chars == 0) {
                return usageError("convert", "--chunk-chars takes a number of characters");
            }
            options.render.chunks.maxChars = chars;
        } else if (arg == "--keep-furniture") {
            options.render.chunks.markdown.keepFurniture = true;
        } else if (arg == "--recursive") {
            options.recursive = true;
        } else if (arg == "--keep-paths") {
            options.keepPaths = true;
        } else if (arg == "--help") {
            std::cout << kConvertUsage;
            return kExitOk;
        } else if (arg.starts_with("--")) {
            return usageError("convert", "unknown option " + arg, kConvertUsage);
        } else {
            options.args.push_back(arg);
        }
    }
    if (options.args.empty()) {
        return usageError("convert", "no input files", kConvertUsage);
    }
    if (options.keepPaths && options.outDir.empty()) {
        return usageError("convert", "--keep-paths needs --out DIR");
    }
    return std::nullopt;
}

}  // namespace

int runConvert(const std::vector<std::string>& args) {
    ConvertOptions options;
    if (std::optional<int> exit = parseArguments(args, options)) return *exit;
    std::vector<ConvertInput> inputs;
    if (!collectInputs(options, inputs)) return kExitUsage;
    if (inputs.empty()) {
        return usageError("convert", "no input files");
    }
    if (inputs.size() > 1 && options.outDir.empty()) {
        return usageError("convert", "several inputs need --out DIR");
    }
    if (!options.outDir.empty()) {
        if (outputsCollide(options, inputs)) return kExitUsage;
        std::error_code error;
        std::filesystem::create_directories(options.outDir, error);
        if (error || !std::filesystem::is_directory(options.outDir)) {
            spdlog::error("cannot create output folder {}: {}", options.outDir.string(),
                          error.message());
            return kExitCannotRun;
        }
    }

    options.jobs = static_cast<unsigned>(std::min<std::size_t>(options.jobs, inputs.size()));
    // Forked here, before any thread starts.
    options.extract.textOnly = options.format == OutputFormat::Text;
    std::unique_ptr<WorkerPool> pool;
    if (options.extract.isolate && !options.outDir.empty()) {
        pool = std::make_unique<WorkerPool>(fileWorker(inputs, options), options.extract.limits,
                                            options.jobs);
        options.extract.pool = pool.get();
    } else if (options.extract.isolate) {
        pool = stages::makeExtractPool(options.extract, options.jobs);
        options.extract.pool = pool.get();
    }
    int failed = 0;
    std::size_t unread = 0;
    std::map<std::string, std::size_t, std::less<>> byStatus;
    bool cannotWrite = false;
    convertAll(inputs, options, [&](const ConvertInput& input, Outcome& outcome) {
        std::string file = input.path.string();
        if (!outcome.readError.empty()) {
            spdlog::error("{}: {}", file, outcome.readError);
            ++failed;
            ++unread;
            return true;
        }
        ++byStatus[std::string(toString(outcome.status))];
        if (isFailure(outcome.status)) ++failed;
        // Unsupported, encrypted and partial documents are not failures of the batch, but
        // their output holds less than the file: say so rather than leave an empty text.
        if (outcome.status != Status::Ok)
            spdlog::warn("{}: {} ({})", file, toString(outcome.status), outcome.why);
        else
            spdlog::debug("{}: {} {}", file, outcome.format, toString(outcome.status));
        if (!outcome.writeError.empty()) {
            spdlog::error("{}", outcome.writeError);
            cannotWrite = true;
            return false;
        }
        if (outcome.document) {
            renderOutput(*outcome.document, options.format, options.render, std::cout);
            std::cout.flush();
        }
        return true;
    });
    if (inputs.size() > 1) {
        std::string counts;
        for (const auto& [status, count] : byStatus)
            counts += (counts.empty() ? "" : ", ") + std::to_string(count) + " " + status;
        spdlog::info("converted {} files: {}{}", inputs.size(), counts,
                     unread ? ", " + std::to_string(unread) + " unreadable" : "");
    }
    if (cannotWrite) return kExitCannotRun;
    return failed ? kExitSomeFailed : kExitOk;
}

}  // namespace jikji::cli
