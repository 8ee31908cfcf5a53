// libFuzzer target for stages/normalize: charset resolution and decoding, file names and
// normalisation on arbitrary bytes. The first byte picks a header and a forced charset so that
// every branch of resolveCharset is reached; the output must always be well-formed UTF-8.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "pipeline/unicode.h"
#include "stages/normalize/charset.h"
#include "stages/normalize/file_name.h"
#include "stages/normalize/normalize_text.h"

namespace {

// Names the broken invariant before aborting, so that a finding says what failed.
#define check(condition)                                                \
    do {                                                                \
        if (!(condition)) {                                             \
            std::fprintf(stderr, "invariant broken: %s\n", #condition); \
            std::abort();                                               \
        }                                                               \
    } while (false)

constexpr std::string_view kHeaders[] = {
    "", "text/html; charset=utf-8", "text/html; charset=euc-kr", "text/html; charset=ISO-8859-1",
    "text/plain; charset=x-bogus"};
constexpr std::string_view kForced[] = {"", "", "", "cp949", "utf-16be", "shift_jis"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
    std::string_view header = kHeaders[data[0] % std::size(kHeaders)];
    std::string_view forced = kForced[(data[0] / 8) % std::size(kForced)];

    jikji::normalize::DecodedText page = jikji::normalize::decodePage(bytes, header, forced);
    check(jikji::unicode::isValidUtf8(page.text));

    jikji::normalize::NormalizeResult normalized = jikji::normalize::normalizeText(page.text);
    check(jikji::unicode::isValidUtf8(normalized.text));
    // Normalising twice changes nothing more.
    check(jikji::normalize::normalizeText(normalized.text).text == normalized.text);

    jikji::normalize::NormalizeResult raw =
        jikji::normalize::normalizeText(bytes, {.multiline = false});
    check(jikji::unicode::isValidUtf8(raw.text));
    check(raw.text.find('\n') == std::string::npos);

    jikji::normalize::FileName name = jikji::normalize::decodeFileName(bytes, bytes, bytes);
    check(jikji::unicode::isValidUtf8(name.name));
    check(name.name.find('/') == std::string::npos && name.name.find('\\') == std::string::npos);
    check(jikji::unicode::isValidUtf8(jikji::normalize::decodeZipEntryName(bytes)));
    return 0;
}
