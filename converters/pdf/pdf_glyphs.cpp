#include "converters/pdf/pdf_glyphs.h"

#include "pipeline/unicode.h"

namespace jikji::converters::pdf {

namespace {

bool isPrivateUse(char32_t c) {
    return (c >= 0xE000 && c <= 0xF8FF) || c >= 0xF0000;
}

}  // namespace

std::string GlyphCounter::toUtf8(std::u16string_view text) {
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
        if (isPrivateUse(c)) ++m_privateUse;
        unicode::appendCodePoint(c, out);
    }
    return out;
}

std::string GlyphCounter::toUtf8(std::u32string_view text) {
    std::string out;
    out.reserve(text.size() * 3);
    for (char32_t c : text) {
        if ((c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF) c = 0xFFFD;
        ++m_total;
        if (isPrivateUse(c)) ++m_privateUse;
        unicode::appendCodePoint(c, out);
    }
    return out;
}

}  // namespace jikji::converters::pdf
