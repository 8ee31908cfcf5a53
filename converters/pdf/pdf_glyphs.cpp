#include "converters/pdf/pdf_glyphs.h"

#include "pipeline/unicode.h"

namespace jikji::converters::pdf {

namespace {

bool isPrivateUse(char32_t c) {
    return (c >= 0xE000 && c <= 0xF8FF) || c >= 0xF0000;
}

// Private-use code points of Hancom PDF exports whose meaning the HWP twins reveal.
char32_t mapped(char32_t c, const std::string& font) {
    (void)font;
    (void)c;
    return 0;
}

}  // namespace

std::string GlyphRecovery::recover(std::u16string_view text, const std::string& font) {
    std::string out;
    out.reserve(text.size() * 3);
    for (std::size_t i = 0; i < text.size(); ++i) {
        char32_t c = text[i];
        if (c >= 0xD800 && c <= 0xDBFF && i + 1 < text.size() && text[i + 1] >= 0xDC00 &&
            text[i + 1] <= 0xDFFF) {
            c = 0x10000 + ((c - 0xD800) << 10) + (text[i + 1] - 0xDC00);
            ++i;
        } else if (c >= 0xD800 && c <= 0xDFFF) {
            c = 0xFFFD;
        }
        ++m_total;
        if (isPrivateUse(c)) {
            if (char32_t known = mapped(c, font)) {
                c = known;
                ++m_recovered;
            } else {
                ++m_unmapped;
            }
        }
        unicode::appendCodePoint(c, out);
    }
    return out;
}

}  // namespace jikji::converters::pdf
