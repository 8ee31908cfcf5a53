#include "stages/extract/extract.h"

#include "converters/detect/detect.h"
#include "converters/registry.h"
#include "stages/facts/press_release.h"
#include "stages/normalize/normalize_document.h"

namespace jikji::stages {

Document extractDocument(const converters::Input& input, const ExtractOptions& options) {
    auto work = [&input] {
        Document document = converters::convertInput(input);
        text::normalizeDocument(document);
        facts::addPressRelease(document);
        return document;
    };
    if (!options.isolate) return work();
    Document document = runIsolated(work, options.limits, {}, {});
    // Only a child that died leaves the format unknown: detection is not run twice otherwise.
    if (document.format.empty()) {
        converters::Detection detection = converters::detect(input.bytes);
        document.format = detection.format;
        document.mediaType = detection.mediaType;
    }
    return document;
}

}  // namespace jikji::stages
