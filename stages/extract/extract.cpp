#include "stages/extract/extract.h"

#include <cstdint>
#include <cstring>

#include "converters/detect/detect.h"
#include "converters/registry.h"
#include "stages/facts/press_release.h"
#include "stages/normalize/normalize_document.h"

namespace jikji::stages {

namespace {

Document extractHere(const converters::Input& input) {
    Document document = converters::convertInput(input);
    text::normalizeDocument(document);
    facts::addPressRelease(document);
    return document;
}

// A request to a worker: the name's length (4 bytes), the name, then the bytes.
std::string encodeRequest(const converters::Input& input) {
    auto length = static_cast<std::uint32_t>(input.name.size());
    std::string request(reinterpret_cast<const char*>(&length), sizeof length);
    request += input.name;
    request += input.bytes;
    return request;
}

Document extractRequest(std::string_view request) {
    std::uint32_t length = 0;
    if (request.size() < sizeof length) throw std::runtime_error("short request");
    std::memcpy(&length, request.data(), sizeof length);
    request.remove_prefix(sizeof length);
    if (request.size() < length) throw std::runtime_error("short request");
    converters::Input input{request.substr(length), std::string(request.substr(0, length))};
    return extractHere(input);
}

}  // namespace

Document extractDocument(const converters::Input& input, const ExtractOptions& options) {
    if (!options.isolate) return extractHere(input);
    Document document = options.worker ? options.worker->run(encodeRequest(input), {}, {})
                                       : runIsolated([&input] { return extractHere(input); },
                                                     options.limits, {}, {});
    // Only a child that died leaves the format unknown: detection is not run twice otherwise.
    if (document.format.empty()) {
        converters::Detection detection = converters::detect(input.bytes);
        document.format = detection.format;
        document.mediaType = detection.mediaType;
    }
    return document;
}

std::unique_ptr<IsolatedWorker> makeExtractWorker(const ExtractOptions& options) {
    return std::make_unique<IsolatedWorker>(extractRequest, options.limits);
}

}  // namespace jikji::stages
