#include "stages/extract/extract.h"

#include <cstdint>
#include <cstring>

#include "converters/detect/detect.h"
#include "converters/registry.h"
#include "stages/facts/press_release.h"
#include "stages/normalize/normalize_document.h"

namespace jikji::stages {

namespace {

// The text is rendered once, from the normalised blocks.
Document extractHere(converters::Input input) {
    input.renderText = false;
    Document document = converters::convertInput(input);
    normalize::normalizeDocument(document);
    facts::addPressRelease(document);
    return document;
}

Document extractInput(std::string_view bytes, std::string_view name) {
    return extractHere(converters::Input{bytes, std::string(name)});
}

// The press-release facts are read from the blocks and shown only in JSON: text needs neither.
Document extractText(std::string_view bytes, std::string_view name) {
    Document document =
        converters::convertInput(converters::Input{bytes, std::string(name), false});
    normalize::normalizeDocument(document);
    document.blocks.clear();
    return document;
}

ConvertFunction extractFunction(const ExtractOptions& options) {
    return options.textOnly ? extractText : extractInput;
}

}  // namespace

Document extractDocument(const converters::Input& input, const ExtractOptions& options) {
    if (!options.isolate) return extractHere(input);
    Document document =
        options.pool ? options.pool->convert(input.bytes, input.name)
        : options.worker
            ? options.worker->run(encodeConversionRequest(input.bytes, input.name), {}, {})
            : runIsolated([&input] { return extractHere(input); }, options.limits, {}, {});
    // Only a child that died leaves the format unknown: detection is not run twice otherwise.
    if (document.format.empty()) {
        converters::Detection detection = converters::detect(input.bytes);
        document.format = detection.format;
        document.mediaType = detection.mediaType;
    }
    return document;
}

std::unique_ptr<IsolatedWorker> makeExtractWorker(const ExtractOptions& options) {
    return std::make_unique<IsolatedWorker>(conversionHandler(extractFunction(options)),
                                            options.limits);
}

std::unique_ptr<WorkerPool> makeExtractPool(const ExtractOptions& options, unsigned workers) {
    return std::make_unique<WorkerPool>(extractFunction(options), options.limits, workers);
}

}  // namespace jikji::stages
