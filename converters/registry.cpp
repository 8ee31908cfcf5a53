#include "converters/registry.h"

#include <vector>

#include "converters/hwp3/hwp3_converter.h"
#include "converters/hwp5/hwp5_converter.h"
#include "converters/hwpml/hwpml_converter.h"
#include "converters/hwpx/hwpx_converter.h"
#include "converters/pdf/pdf_converter.h"
#include "pipeline/document_builder.h"
#include "pipeline/limits.h"

namespace jikji::converters {

namespace {

// The one table: adding a converter is one line here.
const std::vector<const Converter*>& table() {
    static const hwp5::Hwp5Converter hwp5Converter;
    static const pdf::PdfConverter pdfConverter;
    static const std::vector<const Converter*> converters{
        &hwp5Converter,            // HWP 5.0: OLE compound file
        &hwpx::hwpxConverter(),    // HWPX: OWPML in a zip
        &hwp3::hwp3Converter(),    // HWP 3.x: "HWP Document File V3.00"
        &pdfConverter,             // PDF, through poppler
        &hwpml::hwpmlConverter(),  // HWPML: XML, also served renamed as .hwp
    };
    return converters;
}

Document unsupportedDocument(const Input& input, const Detection& detection) {
    DocumentBuilder builder;
    builder.setFormat(detection.format, detection.mediaType);
    std::string message;
    if (detection.format == "unknown")
        message = "unrecognised content (" + detection.detail + ")";
    else
        message = "no converter for format " + detection.format + " (" + detection.detail + ")";
    builder.warn("unsupported_format", message, input.name);
    return builder.finish(Status::Unsupported);
}

}  // namespace

std::span<const Converter* const> allConverters() {
    return table();
}

const Converter* converterFor(const Input& input) {
    const Converter* best = nullptr;
    int bestConfidence = 0;
    for (const Converter* converter : allConverters()) {
        int confidence = converter->probe(input);
        if (confidence > bestConfidence) {
            best = converter;
            bestConfidence = confidence;
        }
    }
    return best;
}

Document convertInput(const Input& input) {
    // Detection parses a container as deeply as its converter does (the whole OLE directory of
    // an HWP 5 file): it runs only when its answer is needed, not on every document.
    if (input.bytes.size() > limits::kMaxInputBytes) {
        Detection detection = detect(input.bytes);
        DocumentBuilder builder;
        builder.setFormat(detection.format, detection.mediaType);
        builder.warn("limit_exceeded",
                     "input of " + std::to_string(input.bytes.size()) + " bytes exceeds " +
                         std::to_string(limits::kMaxInputBytes),
                     input.name);
        return builder.finish(Status::LimitExceeded);
    }
    const Converter* converter = converterFor(input);
    if (!converter) return unsupportedDocument(input, detect(input.bytes));
    Document document = converter->convert(input);
    if (document.mediaType.empty()) document.mediaType = detect(input.bytes).mediaType;
    return document;
}

}  // namespace jikji::converters
