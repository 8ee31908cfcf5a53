#include "stages/normalize/file_name.h"

#include <gtest/gtest.h>
#include <zip.h>

#include "tests/support/fixtures.h"

namespace jikji::normalize {
namespace {

std::string fixture(const std::string& name) {
    return test::readBytes(test::sourceDir() / "fixtures" / "encoding" / name);
}

constexpr std::string_view kName = "똠방각하 보도자료.hwp";

TEST(ContentDisposition, EveryFormGivesTheSameName) {
    for (const char* name :
         {"cd-filename-star-utf8.header", "cd-filename-star-euckr.header", "cd-raw-cp949.header",
          "cd-raw-utf8.header", "cd-percent-cp949.header", "cd-percent-utf8.header",
          "cd-unquoted-trailing.header", "cd-both.header", "cd-rfc2047.header", "cd-nfd.header",
          "cd-path.header"}) {
        std::vector<Warning> warnings;
        EXPECT_EQ(fileNameFromContentDisposition(fixture(name), &warnings), kName) << name;
        EXPECT_TRUE(warnings.empty()) << name << ": " << warnings.front().code;
    }
}

TEST(ContentDisposition, ExtendedValueWinsOverPlain) {
    EXPECT_EQ(fileNameFromContentDisposition(
                  "attachment; filename=\"old.hwp\"; filename*=UTF-8''%ED%95%9C.hwp"),
              "한.hwp");
}

TEST(ContentDisposition, EscapesCaseAndSpacingAreTolerated) {
    EXPECT_EQ(fileNameFromContentDisposition("Attachment;FileName = \"a \\\"b\\\".hwp\" ;"),
              "a \"b\".hwp");
    EXPECT_EQ(fileNameFromContentDisposition("attachment; filename=  plain name.pdf  ;"),
              "plain name.pdf");
    EXPECT_EQ(fileNameFromContentDisposition("filename=a.hwp"), "a.hwp");
    EXPECT_EQ(fileNameFromContentDisposition("attachment"), "");
    EXPECT_EQ(fileNameFromContentDisposition("attachment; filename=\"..\""), "");
}

TEST(ContentDisposition, WrongDeclaredCharsetFallsBackToTheBytes) {
    std::vector<Warning> warnings;
    // Declares UTF-8 but the bytes are CP949 (보고서 = BA B8 B0 ED BC AD).
    EXPECT_EQ(fileNameFromContentDisposition("attachment; filename*=UTF-8''%BA%B8%B0%ED%BC%AD.hwp",
                                             &warnings),
              "보고서.hwp");
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_EQ(warnings[0].code, "filename_charset_wrong");
}

// A client that read the header as Latin-1 hands over CP949 bytes as Latin-1 characters.
TEST(ContentDisposition, Cp949ReadAsLatin1IsRecovered) {
    // BA B8 B0 ED BC AD as U+00BA U+00B8 U+00B0 U+00ED U+00BC U+00AD, in UTF-8.
    EXPECT_EQ(decodeNameBytes("\xC2\xBA\xC2\xB8\xC2\xB0\xC3\xAD\xC2\xBC\xC2\xAD.hwp", false),
              "보고서.hwp");
    EXPECT_EQ(decodeNameBytes("café.pdf", false), "café.pdf");
}

TEST(ContentDisposition, UndecodableBytesAreReplacedAndReported) {
    std::vector<Warning> warnings;
    EXPECT_EQ(fileNameFromContentDisposition("attachment; filename=\"a\xC9\x41.hwp\"", &warnings),
              "a\xEF\xBF\xBD.hwp");
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_EQ(warnings[0].code, "filename_invalid_bytes");
}

TEST(DownloadName, FallsBackToLinkTextThenUrl) {
    FileName fromHeader = decodeFileName(fixture("cd-raw-cp949.header"), "링크", "http://x/a.hwp");
    EXPECT_EQ(fromHeader.name, kName);
    EXPECT_EQ(fromHeader.source, FileNameSource::ContentDisposition);

    FileName fromLink = decodeFileName("attachment", "  붙임1. 공고문.hwp ", "http://x/a.hwp");
    EXPECT_EQ(fromLink.name, "붙임1. 공고문.hwp");
    EXPECT_EQ(fromLink.source, FileNameSource::LinkText);

    EXPECT_EQ(decodeFileName("", "통계 1/2.hwp", "").name, "통계 1_2.hwp");

    FileName fromUrl =
        decodeFileName("", "", "https://www.example.go.kr/files/%BA%B8%B0%ED%BC%AD.hwp?id=3#x");
    EXPECT_EQ(fromUrl.name, "보고서.hwp");
    EXPECT_EQ(fromUrl.source, FileNameSource::Url);

    FileName none = decodeFileName("", "", "https://www.example.go.kr/");
    EXPECT_EQ(none.name, "");
    EXPECT_EQ(none.source, FileNameSource::None);
}

TEST(ZipEntryName, RawCp949Utf8AndNfdAllDecodeToNfc) {
    for (const char* name : {"zip-name.cp949.bin", "zip-name.utf8.bin", "zip-name.nfd.bin"}) {
        std::vector<Warning> warnings;
        EXPECT_EQ(decodeZipEntryName(fixture(name), &warnings), "첨부/똠방각하 보도자료.hwp")
            << name;
        EXPECT_TRUE(warnings.empty()) << name;
    }
    EXPECT_EQ(decodeZipEntryName("a\\b.txt"), "a/b.txt");
}

// The name goes through libzip untouched when read with ZIP_FL_ENC_RAW.
TEST(ZipEntryName, RawNameReadBackFromARealZip) {
    std::string raw = fixture("zip-name.cp949.bin");
    std::string zipBytes = test::makeZip({{raw, "x", true}});
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(zipBytes.data(), zipBytes.size(), 0, &error);
    ASSERT_NE(source, nullptr);
    zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
    ASSERT_NE(archive, nullptr);
    const char* stored = zip_get_name(archive, 0, ZIP_FL_ENC_RAW);
    ASSERT_NE(stored, nullptr);
    EXPECT_EQ(std::string(stored), raw);
    EXPECT_EQ(decodeZipEntryName(stored), "첨부/똠방각하 보도자료.hwp");
    zip_discard(archive);
}

}  // namespace
}  // namespace jikji::normalize
