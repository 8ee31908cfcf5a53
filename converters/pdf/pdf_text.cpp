#include "converters/pdf/pdf_text.h"

#include <DateInfo.h>
#include <Error.h>
#include <GlobalParams.h>
#include <PDFDoc.h>
#include <Stream.h>
#include <UTF.h>

#include <chrono>
#include <ctime>
#include <memory>
#include <mutex>
#include <string>

#include "converters/pdf/pdf_glyphs.h"
#include "converters/pdf/pdf_layout.h"
#include "converters/pdf/pdf_page_device.h"
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

void countPopplerError(ErrorCategory, Goffset position, const char* message) {
    if (t_popplerErrors++ == 0)
        t_firstPopplerError = (position >= 0 ? "error (" + std::to_string(position) + "): "
                                             : std::string("error: ")) +
                              (message ? message : "");
}

// poppler's global settings (font and CMap directories of poppler-data), made once.
void initPoppler() {
    static std::once_flag once;
    std::call_once(once, [] {
        globalParams = std::make_unique<GlobalParams>();
        setErrorCallback(countPopplerError);
    });
}

// A document information string: UTF-16 with a byte-order mark, or PDFDocEncoding.
std::string utf8Of(const GooString* text) {
    std::string out;
    if (!text) return out;
    Unicode* chars = nullptr;
    int count = TextStringToUCS4(text->toStr(), &chars);
    for (int i = 0; i < count; ++i)
        unicode::appendCodePoint(chars[i] > 0x10FFFF ? 0xFFFD : chars[i], out);
    gfree(chars);
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

void setMetadata(PDFDoc& document, DocumentSink& sink) {
    auto put = [&](const char* key, const char* entry) {
        std::string text = utf8Of(document.getDocInfoStringEntry(entry).get());
        if (!text.empty()) sink.setMetadata(key, text);
    };
    put("title", "Title");
    // The shared vocabulary (schemas/document.schema.json): PDF's Author is the `author`, its
    // Creator the `application` that wrote the document; the Producer (the PDF library) is kept.
    put("author", "Author");
    put("subject", "Subject");
    put("keywords", "Keywords");
    put("application", "Creator");
    put("producer", "Producer");
    for (auto [key, entry] : {std::pair{"created", "CreationDate"}, {"modified", "ModDate"}}) {
        std::unique_ptr<GooString> date = document.getDocInfoStringEntry(entry);
        std::string iso = date ? isoDate(dateStringToTime(date.get())) : std::string();
        if (!iso.empty()) sink.setMetadata(key, iso);
    }
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

    initPoppler();
    t_popplerErrors = 0;
    t_firstPopplerError.clear();
    // The stream reads the caller's bytes in place; they outlive the document.
    auto document = std::make_unique<PDFDoc>(new MemStream(
        input.bytes.data(), 0, static_cast<Goffset>(input.bytes.size()), Object(objNull)));
    if (!document->isOk()) {
        if (document->getErrorCode() != errEncrypted)
            throw CorruptError("not a readable PDF: " + t_firstPopplerError);
        sink.setMetadata("protection", "password");
        throw EncryptedError("the PDF needs a password to open");
    }
    if (document->isEncrypted()) sink.setMetadata("protection", "permissions");
    setMetadata(*document, sink);

    Status status = Status::Ok;
    int declared = document->getNumPages();
    if (declared <= 0) throw CorruptError("the PDF has no readable page: " + t_firstPopplerError);
    auto pageCount = static_cast<std::size_t>(declared);
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
    GlyphRecovery recovery;
    std::vector<PageText> pages;
    std::vector<std::uint32_t> textless, crowded;
    pages.reserve(pageCount);
    std::u32string chars;
    for (std::size_t index = 0; index < pageCount; ++index) {
        auto started = std::chrono::steady_clock::now();
        int number = static_cast<int>(index + 1);
        PageText& text = pages.emplace_back();
        text.number = static_cast<std::uint32_t>(number);
        Page* page = document->getPage(number);
        if (!page) {
            textless.push_back(text.number);
            continue;
        }
        const PDFRectangle* box = page->getCropBox();
        text.width = box->x2 - box->x1;
        text.height = box->y2 - box->y1;
        PageDevice device(recovery);
        // As poppler-cpp's page::text_list: 72 dpi, no rotation, the crop box not applied.
        document->displayPageSlice(&device, number, 72, 72, 0, false, false, false, -1, -1, -1, -1,
                                   nullptr, nullptr, nullptr, nullptr, true);
        std::unique_ptr<TextWordList> words = device.makeWordList();
        int count = words ? words->getLength() : 0;
        if (static_cast<std::size_t>(count) > limits::kMaxPdfWordsPerPage) {
            sink.warn("limit_exceeded",
                      "page " + std::to_string(text.number) + " has " + std::to_string(count) +
                          " words; the first " + std::to_string(limits::kMaxPdfWordsPerPage) +
                          " are read",
                      input.name);
            count = static_cast<int>(limits::kMaxPdfWordsPerPage);
            status = Status::Partial;
        }
        text.words.reserve(static_cast<std::size_t>(count));
        for (int i = 0; i < count; ++i) {
            const TextWord* source = words->get(i);
            Word& word = text.words.emplace_back();
            chars.clear();
            for (int c = 0; c < source->getLength(); ++c)
                chars.push_back(static_cast<char32_t>(*source->getChar(c)));
            word.text = glyphs.toUtf8(chars);
            source->getBBox(&word.x0, &word.y0, &word.x1, &word.y1);
            const GooString* font =
                source->getLength() > 0 ? source->getFontInfo(0)->getFontName() : nullptr;
            std::string fontName = font ? font->toStr() : std::string();
            word.fontSize = source->getFontSize();
            word.bold = isBoldFont(fontName);
            word.equation = isEquationFont(fontName);
            word.spaceAfter = source->hasSpaceAfter();
            word.rotation = source->getRotation();
            word.order = static_cast<std::uint32_t>(i);
        }
        if (text.words.empty()) textless.push_back(text.number);
        text.rules = std::move(device.rules());
        text.clips = std::move(device.clips());
        if (device.rulesDropped()) crowded.push_back(text.number);
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
    if (!crowded.empty())
        sink.warn("limit_exceeded",
                  "more than " + std::to_string(limits::kMaxPdfRulesPerPage) +
                      " ruling lines on page" + (crowded.size() > 1 ? "s " : " ") +
                      pageList(crowded) + "; tables there are found from the first ones only",
                  input.name);

    emitPages(pages, sink);
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
