#include "stages/extract/extract.h"

#include <cstdint>
#include <cstring>

#include "converters/detect/detect.h"
#include "converters/registry.h"
#include "stages/facts/press_release.h"
#include "stages/normalize/normalize_document.h"

namespace jikji::stages {

namespace {

// Converted and normalised, the text rendered once, from the normalised blocks.
Document convertNormalized(converters::Input input) {
    input.renderText = false;
    Document document = converters::convertInput(input);
    normalize::normalizeDocument(document);
    return document;
}

Document extractHere(const converters::Input& input) {
    Document document = convertNormalized(input);
    facts::addPressRelease(document);
    return document;
}

Document extractInput(std::string_view bytes, std::string_view name) {
    return extractHere(converters::Input{bytes, std::string(name)});
}

// The press-release facts are read from the blocks and shown only in JSON: text needs neither.
Document extractText(std::string_view bytes, std::string_view name) {
    Document document = convertNormalized(converters::Input{bytes, std::string(name)});
    document.blocks.clear();
    return document;
}

ConvertFunction extractFunction(const ExtractOptions& options) {
    return options.textOnly ? extractText : extractInput;
}

}  // namespace

Document extractDocument(const converters::Input& input, const ExtractOptions& options) {
    if (!options.isolate)
        return options.textOnly ? extractText(input.bytes, input.name) : extractHere(input);
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
