#include "converters/hwpx/hwpx_converter.h"

#include "converters/detect/detect.h"
#include "converters/hwpx/hwpx_package.h"
#include "converters/hwpx/hwpx_section.h"
#include "converters/hwpx/layout_filter.h"
#include "converters/hwpx/xml_stream.h"
#include "pipeline/errors.h"

namespace jikji::converters::hwpx {

int HwpxConverter::probe(const Input& input) const noexcept {
    if (containerMagic(input.bytes) != "zip") return 0;
    try {
        Detection detection = detect(input.bytes);
        return detection.format == "hwpx" ? detection.confidence : 0;
    } catch (...) {
        return 0;
    }
}

namespace {

// What the section reader never asks for, removed before libxml2 sees it (libxml2's time grows
// with the elements, attributes and bytes it sees).
const LayoutFilter::Rules kSectionRules{
    // Elements that carry no text, only layout: the line-segment cache, sizes, positions,
    // margins, matrices, borders and fills of cells, objects and pages; and alt-text comments,
    // which the reader skips anyway. None nests in itself.
    .drop = {"linesegarray",  "cellSz",          "cellMargin",     "sz",
             "pos",           "outMargin",       "inMargin",       "lineShape",
             "renderingInfo", "rotationInfo",    "flip",           "orgSz",
             "curSz",         "shadow",          "imgRect",        "imgClip",
             "imgDim",        "offset",          "noteLine",       "noteSpacing",
             "placement",     "colPr",           "pageBorderFill", "margin",
             "visibility",    "lineNumberShape", "grid",           "startNum",
             "shapeComment"},
    // Structure elements whose attributes the reader never reads.
    .bare = {"tc", "pic", "rect", "drawText", "caption"},
    // A paragraph has six attributes and is the most frequent start tag of a section.
    .trim = {{"p", {"paraPrIDRef"}}, {"tbl", {"rowCnt", "colCnt"}}},
    // Wrappers the reader gives no meaning to (runs join as they are; a cell, note, text box
    // or header holds its paragraphs through one `subList`): a third of a section's elements.
    .unwrap = {"run", "subList"},
    // A cell spans one row and one column unless its cellSpan says otherwise; Hancom writes
    // this one for nearly every cell.
    .defaults = {{"cellSpan", " colSpan=\"1\" rowSpan=\"1\""}},
};

}  // namespace

const LayoutFilter::Rules& sectionFilterRules() {
    return kSectionRules;
}

Status HwpxConverter::doConvert(const Input& input, DocumentSink& sink) const {
    sink.setFormat("hwpx", "application/hwp+zip");
    HwpxPackage package(input.bytes);
    package.load(sink);
    for (const auto& [key, value] : package.metadata())
        sink.setMetadata(key, value);

    if (package.protection() == Protection::Password) {
        sink.setMetadata("protection", "password");
        sink.warn("password_required",
                  "the package is encrypted with a user password; its text cannot be read "
                  "without it",
                  input.name);
        return Status::Encrypted;
    }
    if (package.protection() == Protection::Distribution)
        sink.setMetadata("protection", "distribution");

    Status status = Status::Ok;
    if (package.sections().empty()) {
        sink.warn("no_sections", "the package holds no section parts", input.name);
        return Status::Partial;
    }
    // A paragraph's paraPrIDRef matters only when it names a paragraph property that gives a
    // head (header.xml is read by now); the others reach libxml2 without it.
    LayoutFilter::Rules rules = kSectionRules;
    for (LayoutFilter::Trim& trim : rules.trim)
        if (trim.element == "p")
            trim.keepValue = [&package](std::string_view id) { return package.givesHead(id); };
    // Numbers count on across sections; master pages show none.
    ParagraphHeads heads = package.headDefinitions();
    auto parsePart = [&](const std::string& name, ParagraphHeads* counted) {
        SectionReader reader(package, sink, name, counted);
        XmlPushParser parser(reader, name);
        LayoutFilter filter(rules, [&](std::string_view bytes) { parser.feed(bytes); });
        try {
            package.streamPart(name, [&](std::string_view chunk) { filter.feed(chunk); });
            filter.finish();
            parser.finish();
        } catch (const CorruptError& error) {
            reader.finish();
            sink.warn("corrupt_part", error.what(), name);
            status = Status::Partial;
            return;
        } catch (...) {
            reader.finish();
            throw;
        }
        reader.finish();
        if (parser.failed()) {
            sink.warn(parser.refusedDoctype() ? "xml_doctype_refused" : "xml_error", parser.error(),
                      name);
            status = Status::Partial;
        }
    };
    for (const std::string& name : package.sections())
        parsePart(name, heads.empty() ? nullptr : &heads);
    for (const std::string& name : package.masterPages()) {
        sink.openTextBox();
        parsePart(name, nullptr);
        sink.closeTextBox();
    }
    return status;
}

const Converter& hwpxConverter() {
    static const HwpxConverter converter;
    return converter;
}

}  // namespace jikji::converters::hwpx
