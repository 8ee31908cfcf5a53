// libFuzzer target: any bytes as an item page, read with the demo portal's rules and turned into a
// record. Build with -DJIKJI_FUZZ=ON (clang); run build/tests/fuzz_page_extractor.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "converters/html/page_extractor.h"
#include "pipeline/record.h"
#include "stages/extract/record_builder.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const jikji::converters::html::ItemRules rules = [] {
        jikji::converters::html::ItemRules r;
        r.fields = {{"title", "//h2"},
                    {"posted_at", "//span[@class='date']"},
                    {"agency", "//span[@class='agency']"},
                    {"contact", "//div[@class='contact']"},
                    {"keywords", "//li"}};
        r.body = "//body";
        r.attachments = jikji::LinkRule("//a");
        r.related = "//a/@href";
        r.exclude = {"//div[@id='top']"};
        return r;
    }();
    std::string_view page(reinterpret_cast<const char*>(data), size);
    auto extracted = jikji::converters::html::extractPage(page, "http://fuzz.test/a/b.html", rules);
    jikji::stages::SourceInfo source;
    source.name = "fuzz";
    source.url = "http://fuzz.test/a/b.html";
    (void)jikji::recordJson(jikji::stages::buildRecord(source, extracted, {}));
    return 0;
}
