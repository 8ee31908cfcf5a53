#include "converters/pdf/pdf_text.h"

#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <chrono>
#include <ctime>
#include <memory>
#include <string>

#include "converters/pdf/pdf_glyphs.h"
#include "converters/pdf/pdf_layout.h"
#include "converters/pdf/pdf_streams.h"
#include "pipeline/errors.h"
#include "pipeline/limits.h"
#include "pipeline/unicode.h"

// poppler builds a Little CMS colour transform for every ICC colour space on every page it
// draws (its cache lives per page), and Hancom's exports name one on each page: two thirds of
// the time of text extraction went into lcms's tone curves (perf, 76076_regulatory_analysis).
// Text needs no colour, and nothing else in jikji uses lcms, so the executable takes over
// this one lcms entry point (exported from it, see CMakeLists.txt) and answers "no
// transform", which poppler handles by leaving the colour space uncalibrated.
extern "C" void* cmsCreateTransform(void*, std::uint32_t, void*, std::uint32_t, std::uint32_t,
                                    std::uint32_t) {
    return nullptr;
}

namespace jikji::converters::pdf {

namespace {

// poppler reports syntax errors through one process-wide callback; they are counted per
// conversion (a worker converts one document at a time per thread).
thread_local std::size_t t_popplerErrors = 0;
thread_local std::string t_firstPopplerError;

void countPopplerError(const std::string& message, void*) {
    if (t_popplerErrors++ == 0) t_firstPopplerError = message;
}

std::string utf8Of(const poppler::ustring& text) {
    std::string out;
    unicode::appendUtf16(reinterpret_cast<const char16_t*>(text.data()), text.size(), out);
    return out;
}

std::string isoDate(std::time_t when) {
    std::tm utc{};
    if (when <= 0 || !gmtime_r(&when, &utc)) return {};
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buffer;
}

bool isBoldFont(std::string name) {
    for (char& c : name)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    for (const char* mark : {"bold", "black", "heavy", "headline", "-extra", "gothic-e"})
        if (name.find(mark) != std::string::npos) return true;
    return false;
}

// Hancom draws equations with its own fonts (HyhwpEQ; HancomEQN in newer versions).
bool isEquationFont(const std::string& name) {
    return name.find("hwpEQ") != std::string::npos || name.find("HancomEQ") != std::string::npos;
}

void setMetadata(const poppler::document& document, DocumentSink& sink) {
    auto put = [&](const char* key, const poppler::ustring& value) {
        std::string text = utf8Of(value);
        if (!text.empty()) sink.setMetadata(key, text);
    };
    put("title", document.get_title());
    // The shared vocabulary (schemas/document.schema.json): PDF's Author is the `author`, its
    // Creator the `application` that wrote the document; the Producer (the PDF library) is kept.
    put("author", document.get_author());
    put("subject", document.get_subject());
    put("keywords", document.get_keywords());
    put("application", document.get_creator());
    put("producer", document.get_producer());
    if (std::string created = isoDate(document.get_creation_date_t()); !created.empty())
        sink.setMetadata("created", created);
    if (std::string modified = isoDate(document.get_modification_date_t()); !modified.empty())
        sink.setMetadata("modified", modified);
}

std::string pageList(const std::vector<std::uint32_t>& pages) {
    std::string out;
    for (std::size_t i = 0; i < pages.size(); ++i) {
        if (i == 20) {
            out += ", … (" + std::to_string(pages.size()) + " pages)";
            break;
        }
        if (i) out += ", ";
        out += std::to_string(pages[i]);
    }
    return out;
}

}  // namespace

Status convertPdf(const Input& input, DocumentSink& sink) {
    sink.setFormat("pdf", "application/pdf");
    inflatedStreamBytes(input.bytes, limits::kMaxPdfDecompressedBytes);

    t_popplerErrors = 0;
    t_firstPopplerError.clear();
    poppler::set_debug_error_function(countPopplerError, nullptr);
    std::unique_ptr<poppler::document> document(poppler::document::load_from_raw_data(
        input.bytes.data(), static_cast<int>(input.bytes.size())));
    if (!document) throw CorruptError("not a readable PDF: " + t_firstPopplerError);
    if (document->is_locked()) {
        sink.setMetadata("protection", "password");
        throw EncryptedError("the PDF needs a password to open");
    }
    if (document->is_encrypted()) sink.setMetadata("protection", "permissions");
    setMetadata(*document, sink);

    Status status = Status::Ok;
    int declared = document->pages();
    if (declared <= 0) throw CorruptError("the PDF has no readable page: " + t_firstPopplerError);
    std::size_t pageCount = declared > 0 ? static_cast<std::size_t>(declared) : 0;
    sink.setMetadata("pages", std::to_string(pageCount));
    if (pageCount > limits::kMaxPdfPages) {
        sink.warn("limit_exceeded",
                  "the PDF has " + std::to_string(pageCount) + " pages; the first " +
                      std::to_string(limits::kMaxPdfPages) + " are read",
                  input.name);
        pageCount = limits::kMaxPdfPages;
        status = Status::Partial;
    }

    GlyphCounter glyphs;
    std::vector<PageText> pages;
    std::vector<std::uint32_t> textless;
    pages.reserve(pageCount);
    for (std::size_t index = 0; index < pageCount; ++index) {
        auto started = std::chrono::steady_clock::now();
        std::unique_ptr<poppler::page> page(document->create_page(static_cast<int>(index)));
        PageText& text = pages.emplace_back();
        text.number = static_cast<std::uint32_t>(index + 1);
        if (!page) {
            textless.push_back(text.number);
            continue;
        }
        poppler::rectf box = page->page_rect(poppler::crop_box);
        text.width = box.width();
        text.height = box.height();
        std::vector<poppler::text_box> boxes =
            page->text_list(poppler::page::text_list_include_font);
        if (boxes.size() > limits::kMaxPdfWordsPerPage) {
            sink.warn("limit_exceeded",
                      "page " + std::to_string(text.number) + " has " +
                          std::to_string(boxes.size()) + " words; the first " +
                          std::to_string(limits::kMaxPdfWordsPerPage) + " are read",
                      input.name);
            boxes.erase(boxes.begin() + limits::kMaxPdfWordsPerPage, boxes.end());
            status = Status::Partial;
        }
        text.words.reserve(boxes.size());
        for (const poppler::text_box& box : boxes) {
            Word& word = text.words.emplace_back();
            std::string font = box.has_font_info() ? box.get_font_name() : std::string();
            poppler::ustring utf16 = box.text();
            word.text =
                glyphs.toUtf8({reinterpret_cast<const char16_t*>(utf16.data()), utf16.size()});
            poppler::rectf bbox = box.bbox();
            word.x0 = bbox.left();
            word.y0 = bbox.top();
            word.x1 = bbox.right();
            word.y1 = bbox.bottom();
            word.fontSize = box.has_font_info() ? box.get_font_size() : bbox.height();
            word.bold = isBoldFont(font);
            word.equation = isEquationFont(font);
            word.spaceAfter = box.has_space_after();
            word.rotation = box.rotation();
        }
        if (text.words.empty()) textless.push_back(text.number);
        auto spent = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - started);
        if (static_cast<std::uint64_t>(spent.count()) > limits::kMaxPdfPageMillis &&
            index + 1 < pageCount) {
            sink.warn("limit_exceeded",
                      "page " + std::to_string(text.number) + " took " +
                          std::to_string(spent.count()) + " ms; the pages after it are skipped",
                      input.name);
            status = Status::Partial;
            break;
        }
    }

    std::vector<std::vector<Line>> lines;
    lines.reserve(pages.size());
    for (const PageText& page : pages)
        lines.push_back(buildLines(page.words));
    emitPages(pages, lines, sink);
    sink.setPage(0);

    if (!textless.empty()) {
        bool none = textless.size() == pages.size();
        // A page without text is a scan when the file holds images; otherwise it is blank.
        bool images = input.bytes.find("/Image") != std::string_view::npos;
        if (none || images) {
            sink.warn("no_text_layer",
                      "no text layer on page" + std::string(textless.size() > 1 ? "s " : " ") +
                          pageList(textless) + (images ? " (images only: a scan, OCR needed)" : ""),
                      input.name);
            status = Status::Partial;
        }
    }
    if (glyphs.privateUse() > 0) {
        double share =
            100.0 * static_cast<double>(glyphs.privateUse()) / static_cast<double>(glyphs.total());
        char percent[32];
        std::snprintf(percent, sizeof percent, "%.2f", share);
        sink.warn("unmapped_glyphs",
                  std::to_string(glyphs.privateUse()) + " of " + std::to_string(glyphs.total()) +
                      " glyphs (" + percent +
                      " %) reach Unicode only as private-use code points (kept; normalisation "
                      "maps the symbol-font ones it knows)",
                  input.name);
    }
    if (t_popplerErrors > 0)
        sink.warn("pdf_syntax",
                  std::to_string(t_popplerErrors) +
                      " syntax errors repaired by poppler (first: " + t_firstPopplerError + ")",
                  input.name);
    return status;
}

}  // namespace jikji::converters::pdf
