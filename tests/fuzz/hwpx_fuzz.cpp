// libFuzzer target for the HWPX converter. Inputs starting with `PK` are converted as whole
// packages, and every entry is read both whole and streamed, which must deliver the same bytes
// and fail the same way; anything else goes through the section layout filter (whole and in chunks,
// which must agree) and is parsed as the XML of a section inside a minimal package, which reaches
// the section reader far more often than random zips do.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "converters/common/zip_container.h"
#include "converters/hwpx/hwpx_converter.h"
#include "converters/hwpx/hwpx_package.h"
#include "converters/hwpx/hwpx_section.h"
#include "converters/hwpx/layout_filter.h"
#include "converters/hwpx/xml_stream.h"
#include "pipeline/document_builder.h"
#include "pipeline/errors.h"
#include "tests/support/hwpx_writer.h"

namespace {

using namespace jikji::converters;

// Every entry's bytes and how its read ended, "|"-joined, with one way of inflating.
std::string readAll(std::string_view bytes, ZipContainer::Inflater inflater) {
    std::string out;
    try {
        ZipContainer zip(bytes);
        zip.setInflater(inflater);
        for (const std::string& name : zip.names()) {
            try {
                zip.readChunks(name, [&](std::string_view chunk) { out.append(chunk); });
                out += "|ok|";
            } catch (const jikji::CorruptError&) {
                out += "|corrupt|";
            } catch (const jikji::LimitError&) {
                out += "|limit|";
            }
        }
    } catch (const std::exception&) {
        out += "|unreadable|";
    }
    return out;
}

hwpx::HwpxPackage& package() {
    static const std::string bytes = [] {
        jikji::test::HwpxSpec spec;
        spec.sections = {jikji::test::hwpxParagraph("x")};
        spec.items = {{"image1", "BinData/image1.png", "image/png"}};
        spec.paraProperties =
            "<hh:paraPr id=\"1\"><hh:heading type=\"OUTLINE\" level=\"0\"/></hh:paraPr>";
        return jikji::test::writeHwpx(spec);
    }();
    static std::unique_ptr<hwpx::HwpxPackage> instance = [] {
        auto p = std::make_unique<hwpx::HwpxPackage>(bytes);
        jikji::DocumentBuilder ignored;
        p->load(ignored);
        return p;
    }();
    return *instance;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    if (bytes.substr(0, 2) == "PK") {
        hwpx::hwpxConverter().convert(Input{bytes, "fuzz"});
        if (readAll(bytes, ZipContainer::Inflater::Whole) !=
            readAll(bytes, ZipContainer::Inflater::Stream))
            __builtin_trap();
        return 0;
    }
    // The converter's filter rules, fed whole and in uneven chunks: whole input takes the
    // 16- and 64-byte steps, small chunks mostly the byte-by-byte way; both must agree.
    hwpx::LayoutFilter::Rules rules = hwpx::sectionFilterRules();
    for (hwpx::LayoutFilter::Trim& trim : rules.trim)
        if (trim.element == "p")
            trim.keepValue = [](std::string_view id) { return package().givesHead(id); };
    std::string whole, chunked;
    hwpx::LayoutFilter once(rules, [&](std::string_view piece) { whole.append(piece); });
    once.feed(bytes);
    once.finish();
    hwpx::LayoutFilter pieces(rules, [&](std::string_view piece) { chunked.append(piece); });
    std::size_t step = size % 7 + 1;
    for (std::size_t i = 0; i < bytes.size(); i += step)
        pieces.feed(bytes.substr(i, step));
    pieces.finish();
    if (whole != chunked) __builtin_trap();

    jikji::DocumentBuilder builder;
    try {
        hwpx::SectionReader reader(package(), builder, "fuzz");
        hwpx::XmlPushParser parser(reader, "fuzz");
        // Uneven chunks exercise the push parser's boundaries.
        for (std::size_t i = 0; i < whole.size(); i += step)
            parser.feed(std::string_view(whole).substr(i, step));
        parser.finish();
        reader.finish();
    } catch (const std::exception&) {
        // Limits and corrupt input end in exceptions that the converter boundary turns into
        // a status.
    }
    builder.finish(jikji::Status::Ok);
    return 0;
}
