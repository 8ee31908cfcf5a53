#include "stages/fetch/error_page.h"

#include <libxml/HTMLparser.h>

#include <algorithm>
#include <array>
#include <memory>

#include "stages/fetch/page_decoding.h"

namespace jikji::fetch {

namespace {

bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

bool startsWithNoCase(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) return false;
    return std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) ==
               std::tolower(static_cast<unsigned char>(b));
    });
}

bool endsWithHtml(std::string_view text) {
    while (!text.empty() && isSpace(text.back()))
        text.remove_suffix(1);
    auto endsNoCase = [&](std::string_view suffix) {
        return text.size() >= suffix.size() &&
               startsWithNoCase(text.substr(text.size() - suffix.size()), suffix);
    };
    return endsNoCase(".html") || endsNoCase(".htm");
}

void collectText(const xmlNode* node, std::string& out, std::size_t limit) {
    for (; node && out.size() < limit; node = node->next) {
        if (node->type == XML_ELEMENT_NODE &&
            xmlStrcasecmp(node->name, reinterpret_cast<const xmlChar*>("style")) == 0)
            continue;
        if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
            if (node->content) {
                out += reinterpret_cast<const char*>(node->content);
                out += ' ';
            }
        }
        collectText(node->children, out, limit);
    }
}

}  // namespace

bool looksLikeHtmlPage(std::string_view bytes) {
    if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
    constexpr std::array<std::string_view, 7> kOpenings = {
        "<!doctype html", "<html", "<head", "<body", "<meta", "<title", "<script"};
    // A few leading declarations and comments at most: a file is decided on its first bytes.
    for (int skipped = 0; skipped < 16; ++skipped) {
        while (!bytes.empty() && isSpace(bytes.front()))
            bytes.remove_prefix(1);
        if (bytes.starts_with("<?xml") || bytes.starts_with("<!--")) {
            std::size_t end = bytes.find(bytes.starts_with("<!--") ? "-->" : "?>");
            if (end == std::string_view::npos) return false;
            bytes.remove_prefix(end + (bytes.starts_with("<!--") ? 3 : 2));
            continue;
        }
        for (std::string_view opening : kOpenings) {
            if (!startsWithNoCase(bytes, opening)) continue;
            // `<html>`, `<html lang=…>`, `<!DOCTYPE html>`: the name must end there.
            char after = bytes.size() > opening.size() ? bytes[opening.size()] : '>';
            if (isSpace(after) || after == '>' || after == '/') return true;
        }
        return false;
    }
    return false;
}

bool promisesFile(std::string_view url, std::string_view linkText) {
    std::string_view path = url.substr(0, url.find_first_of("?#"));
    return !endsWithHtml(path) && !endsWithHtml(linkText);
}

std::string errorPageText(std::string_view bytes, std::string_view contentType,
                          std::size_t maxBytes) {
    DecodedPage page = decodePage(bytes.substr(0, 256u << 10), contentType);
    std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> doc(
        htmlReadMemory(
            page.text.data(), static_cast<int>(page.text.size()), nullptr, "UTF-8",
            HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER),
        &xmlFreeDoc);
    std::string raw;
    if (doc) collectText(xmlDocGetRootElement(doc.get()), raw, 64u << 10);
    std::string out;
    for (char c : raw) {
        if (isSpace(c)) {
            if (!out.empty() && out.back() != ' ') out.push_back(' ');
            continue;
        }
        out.push_back(c);
    }
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    if (out.size() > maxBytes) {
        std::size_t cut = maxBytes;
        // Never in the middle of a UTF-8 sequence.
        while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80)
            --cut;
        out = out.substr(0, cut) + "…";
    }
    return out;
}

}  // namespace jikji::fetch
