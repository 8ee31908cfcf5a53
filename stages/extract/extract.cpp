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
    converters::Detection detection = converters::detect(input.bytes);
    return runIsolated(work, options.limits, detection.format, detection.mediaType);
}

}  // namespace jikji::stages
