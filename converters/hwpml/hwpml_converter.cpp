#include "converters/hwpml/hwpml_converter.h"

#include "converters/detect/detect.h"
#include "converters/hwpml/hwpml_reader.h"
#include "converters/hwpx/xml_stream.h"

namespace jikji::converters::hwpml {

int HwpmlConverter::probe(const Input& input) const noexcept {
    // detect() reads a container's directory; HWPML is never in one.
    if (!containerMagic(input.bytes).empty()) return 0;
    try {
        Detection detection = detect(input.bytes);
        return detection.format == "hwpml" ? detection.confidence : 0;
    } catch (...) {
        return 0;
    }
}

Status HwpmlConverter::doConvert(const Input& input, DocumentSink& sink) const {
    sink.setFormat("hwpml", "application/x-hwpml");
    HwpmlReader reader(sink, input.name);
    hwpx::XmlPushParser parser(reader, input.name, hwpx::DoctypePolicy::InternalTextEntities);
    try {
        parser.feed(input.bytes);
        parser.finish();
    } catch (...) {
        reader.finish();
        throw;
    }
    reader.finish();

    Status status = Status::Ok;
    for (const std::string& refused : parser.refusedEntities()) {
        sink.warn("entity_refused", "DTD entity not expanded: " + refused, input.name);
        status = Status::Partial;
    }
    const ReadSummary& summary = reader.summary();
    if (summary.sawScript)
        sink.warn("script_ignored", "the document carries a script (SCRIPTCODE), never run",
                  input.name);
    if (parser.failed()) {
        sink.warn("xml_error", parser.error(), input.name);
        // Nothing of the body came through: the bytes are not a readable HWPML document.
        return summary.sawBody ? Status::Partial : Status::Corrupt;
    }
    if (!summary.sawBody) {
        sink.warn("no_body", "the document has no BODY element", input.name);
        return Status::Partial;
    }
    return status;
}

const Converter& hwpmlConverter() {
    static const HwpmlConverter converter;
    return converter;
}

}  // namespace jikji::converters::hwpml
