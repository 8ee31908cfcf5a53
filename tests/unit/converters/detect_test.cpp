#include "converters/detect/detect.h"

#include <gtest/gtest.h>

#include "tests/support/fixtures.h"

namespace jikji::converters {
namespace {

std::string hwp5FileHeader() {
    std::string header(256, '\0');
    std::string signature = "HWP Document File";
    header.replace(0, signature.size(), signature);
    header[32] = 0x00;  // version 5.1.0.0, little endian
    header[35] = 0x05;
    header[36] = 0x01;  // compressed
    return header;
}

struct Case {
    const char* name;
    std::string bytes;
    const char* format;
};

std::vector<Case> cases() {
    std::string hwpx = test::makeZip(
        {{"mimetype", "application/hwp+zip", true}, {"Contents/section0.xml", "<hs:sec/>"}});
    std::string hwpxDeflatedMime = test::makeZip(
        {{"Contents/content.hpf", "<opf:package/>"}, {"mimetype", "application/hwp+zip"}});
    std::string hwpxNoMime = test::makeZip({{"Contents/section0.xml", "<hs:sec/>"}});
    std::string plainZip = test::makeZip(
        {{"mimetype", "application/epub+zip", true}, {"OEBPS/content.opf", "<package/>"}});
    std::string hwp5 =
        test::makeOle({{"FileHeader", hwp5FileHeader()}, {"BodyText/Section0", "x"}});
    std::string oleNotHwp = test::makeOle({{"WordDocument", std::string(600, 'w')}});
    std::string oleWrongHeader = test::makeOle({{"FileHeader", std::string(256, 'z')}});
    return {
        {"hwpx_stored_mimetype_first", hwpx, "hwpx"},
        {"hwpx_mimetype_not_first", hwpxDeflatedMime, "hwpx"},
        {"hwpx_without_mimetype", hwpxNoMime, "hwpx"},
        {"zip_that_is_not_hwpx", plainZip, "zip"},
        {"truncated_hwpx_keeps_its_local_header", hwpx.substr(0, 100), "hwpx"},
        {"truncated_zip", plainZip.substr(0, 40), "zip"},
        {"hwp5", hwp5, "hwp5"},
        {"ole_that_is_not_hwp", oleNotHwp, "ole"},
        {"ole_with_foreign_file_header", oleWrongHeader, "ole"},
        {"ole_magic_only", hwp5.substr(0, 8), "ole"},
        {"hwp3", std::string("HWP Document File V3.00 \x1A\x01\x02\x03\x04\x05", 30) + "body",
         "hwp3"},
        {"hwpml_with_bom_and_doctype",
         "\xEF\xBB\xBF<?xml version=\"1.0\"?>\r\n<!DOCTYPE HWPML [<!ENTITY nbsp \"&#160;\">]>"
         "<HWPML Version=\"2.1\"><HEAD/></HWPML>",
         "hwpml"},
        {"html", "<!DOCTYPE html><html><head><title>x</title></head></html>", "html"},
        {"html_fragment", "\n\n<meta charset=euc-kr><body>x</body>", "html"},
        {"pdf", "%PDF-1.7\n...", "pdf"},
        {"xml_that_is_not_hwpml", "<?xml version=\"1.0\"?><root/>", "unknown"},
        {"empty", "", "unknown"},
        {"text", "이 문서는 텍스트입니다", "unknown"},
        {"hwp_signature_outside_ole", "HWP Document File\0\0\0", "unknown"},
    };
}

TEST(Detect, ByContentNeverByName) {
    for (const Case& c : cases()) {
        Detection detection = detect(c.bytes);
        EXPECT_EQ(detection.format, c.format) << c.name << ": " << detection.detail;
        EXPECT_FALSE(detection.mediaType.empty()) << c.name;
    }
}

TEST(Detect, Hwp5IsCertainOnlyWithItsFileHeader) {
    std::string hwp5 = test::makeOle({{"FileHeader", hwp5FileHeader()}});
    EXPECT_EQ(detect(hwp5).confidence, 100);
    EXPECT_EQ(detect(hwp5).mediaType, "application/x-hwp");
}

}  // namespace
}  // namespace jikji::converters
