#include "converters/hwp5/hwp5_converter.h"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <optional>
#include <utility>

#include "converters/common/binary_reader.h"
#include "converters/common/hancom_fields.h"
#include "converters/common/ole_container.h"
#include "converters/hwp5/hwp5_body.h"
#include "converters/hwp5/hwp5_distribution.h"
#include "converters/hwp5/hwp5_records.h"
#include "converters/hwp5/hwp5_summary.h"
#include "pipeline/errors.h"
#include "pipeline/limits.h"
#include "pipeline/unicode.h"

namespace jikji::converters::hwp5 {

namespace {

constexpr std::string_view kOleMagic = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
constexpr std::string_view kSignature = "HWP Document File";
constexpr std::string_view kFileHeaderName{"F\0i\0l\0e\0H\0e\0a\0d\0e\0r\0", 20};
constexpr std::string_view kSummaryStream = "\005HwpSummaryInformation";
constexpr std::size_t kFileHeaderBytes = 256;
constexpr std::size_t kSectorBytes = 512;

struct FileHeader {
    std::uint32_t version = 0;
    std::uint32_t flags = 0;
};

FileHeader parseFileHeader(std::string_view bytes) {
    if (bytes.substr(0, kSignature.size()) != kSignature)
        throw CorruptError("FileHeader does not start with the HWP signature");
    BinaryReader reader(bytes, "FileHeader");
    reader.skip(32);
    FileHeader header;
    header.version = reader.u32();
    header.flags = reader.u32();
    return header;
}

std::string versionText(std::uint32_t version) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%u.%u.%u.%u", (version >> 24) & 0xFF,
                  (version >> 16) & 0xFF, (version >> 8) & 0xFF, version & 0xFF);
    return buffer;
}

// `Section12` → 12; names of another shape are not sections.
std::optional<std::size_t> sectionNumber(std::string_view name) {
    constexpr std::string_view kPrefix = "Section";
    if (name.substr(0, kPrefix.size()) != kPrefix || name.size() == kPrefix.size() ||
        name.size() > kPrefix.size() + 6)
        return std::nullopt;
    std::size_t number = 0;
    for (char c : name.substr(kPrefix.size())) {
        if (c < '0' || c > '9') return std::nullopt;
        number = number * 10 + static_cast<std::size_t>(c - '0');
    }
    return number;
}

class Conversion {
  public:
    Conversion(const Input& input, DocumentSink& sink) : m_input(input), m_sink(sink) {}

    Status run() {
        m_sink.setFormat("hwp5", "application/x-hwp");
        openContainer();
        std::optional<std::string> headerBytes = m_ole->read("FileHeader", 4096);
        if (!headerBytes) throw CorruptError("no FileHeader stream in the compound file");
        FileHeader header = parseFileHeader(*headerBytes);
        m_compressed = header.flags & flag::kCompressed;
        m_sink.setMetadata("format_version", versionText(header.version));
        if ((header.version >> 24) != 5)
            m_sink.warn(
                "unexpected_version",
                "FileHeader declares version " + versionText(header.version) + ", read as 5.x",
                "FileHeader");
        readSummary();

        if (header.flags & flag::kPassword) {
            m_sink.setMetadata("protection", "password");
            m_sink.warn("password_required",
                        "the document is encrypted with a password; only its summary is readable",
                        "FileHeader");
            return Status::Encrypted;
        }
        if (header.flags & (flag::kDrm | flag::kCertificateEncryption | flag::kCertificateDrm)) {
            m_sink.setMetadata("protection", "drm");
            m_sink.warn("drm_protected",
                        "the document is protected by DRM or certificate encryption, which "
                        "cannot be read offline",
                        "FileHeader");
            return Status::Encrypted;
        }

        readDocInfo();
        bool distribution = header.flags & flag::kDistribution;
        if (distribution) m_sink.setMetadata("protection", "distribution");
        // A document saved with tracked changes keeps its final text in BodyText and the
        // markup view, deleted runs included, unencrypted in ViewText: that view is read, its
        // range tags marking what was inserted and deleted.
        bool markup = !distribution && (header.flags & flag::kTrackChanges) &&
                      !m_ole->children("ViewText").empty();
        readSections(distribution || markup ? "ViewText" : "BodyText", distribution);
        if (markup && m_sectionsRead == 0) {
            m_sink.warn("markup_view_unreadable",
                        "the tracked changes' markup view could not be read; the text is the "
                        "final text without the deleted runs",
                        "ViewText");
            readSections("BodyText", false);
        }

        if (m_stats.depthExceeded) {
            m_damaged = true;
            m_sink.warn("limit_exceeded",
                        "objects nested deeper than " + std::to_string(limits::kMaxObjectNesting) +
                            " levels were skipped",
                        {});
        }
        if (m_stats.malformedControls)
            m_sink.warn("malformed_control",
                        std::to_string(m_stats.malformedControls) +
                            " control(s) did not match their records and were skipped",
                        {});

        warnKeptApart(m_sink, m_stats.kept, {});

        if (m_stats.characters == 0 && m_damaged) {
            if (usePreview()) return Status::Partial;
            return m_sectionsRead ? Status::Partial : Status::Corrupt;
        }
        return m_damaged ? Status::Partial : Status::Ok;
    }

  private:
    void openContainer() {
        try {
            m_ole = std::make_unique<OleContainer>(m_input.bytes);
            return;
        } catch (const CorruptError& error) {
            // A download cut short is not a multiple of the sector size; padding it lets the
            // directory and the streams that lie before the cut be read.
            if (m_input.bytes.size() % kSectorBytes == 0) throw;
            std::size_t padded = (m_input.bytes.size() / kSectorBytes + 1) * kSectorBytes;
            m_padded.assign(m_input.bytes);
            m_padded.resize(padded, '\0');
            try {
                m_ole = std::make_unique<OleContainer>(m_padded);
            } catch (const CorruptError&) {
                throw error;
            }
            m_damaged = true;
            m_sink.warn("container_truncated",
                        "the compound file is truncated (" + std::to_string(m_input.bytes.size()) +
                            " bytes, not a whole number of sectors); streams past the cut are lost",
                        m_input.name);
        }
    }

    void readSummary() {
        try {
            std::optional<std::string> summary = m_ole->read(kSummaryStream, 1 << 20);
            if (!summary) {
                m_sink.warn("summary_missing", "no \\005HwpSummaryInformation stream",
                            "\\005HwpSummaryInformation");
                return;
            }
            for (const auto& [key, value] : parseSummary(*summary))
                m_sink.setMetadata(key, value);
        } catch (const std::exception& error) {
            m_sink.warn("summary_unreadable", error.what(), "\\005HwpSummaryInformation");
        }
    }

    // The records of a stream, inflated when the document is compressed. Damage is a warning:
    // the records read before it are kept.
    std::vector<Record> records(std::string_view path, std::string& storage, bool compressed) {
        if (compressed) {
            std::uint64_t budget = limits::kMaxTotalUncompressedBytes - m_inflated;
            Inflated inflated =
                inflateRecords(storage, std::min<std::uint64_t>(limits::kMaxEntryBytes, budget));
            m_inflated += inflated.bytes.size();
            if (!inflated.complete) {
                m_damaged = true;
                m_sink.warn("stream_damaged", inflated.error, path);
            }
            storage = std::move(inflated.bytes);
        }
        RecordList list = parseRecords(storage);
        if (list.truncatedAt != std::string_view::npos) {
            m_damaged = true;
            m_sink.warn(list.invalidTag ? "record_invalid" : "record_truncated", list.stopReason,
                        path);
        }
        return std::move(list.records);
    }

    void readDocInfo() {
        try {
            std::optional<std::string> stream = m_ole->read("DocInfo");
            if (!stream) {
                m_sink.warn("docinfo_missing", "no DocInfo stream", "DocInfo");
                return;
            }
            m_docInfoBytes = std::move(*stream);
            m_docInfo = parseDocInfo(records("DocInfo", m_docInfoBytes, m_compressed));
            m_heads = paragraphHeads(m_docInfo);
        } catch (const LimitError&) {
            throw;
        } catch (const std::exception& error) {
            m_damaged = true;
            m_sink.warn("docinfo_unreadable", error.what(), "DocInfo");
        }
    }

    void readSections(const std::string& storage, bool distribution) {
        std::vector<std::pair<std::size_t, std::string>> sections;
        for (const std::string& name : m_ole->children(storage))
            if (auto number = sectionNumber(name)) sections.emplace_back(*number, name);
        std::sort(sections.begin(), sections.end());
        BinaryReader::checkedCount(sections.size(), limits::kMaxSections, "sections");
        if (sections.empty()) {
            m_damaged = true;
            m_sink.warn("no_sections", "no " + storage + "/Section streams", storage);
            return;
        }
        for (const auto& [number, name] : sections) {
            std::string path = storage + "/" + name;
            try {
                std::optional<std::string> stream = m_ole->read(path);
                if (!stream) continue;
                std::string bytes = std::move(*stream);
                if (distribution) bytes = decryptViewText(bytes);
                std::vector<Record> list = records(path, bytes, m_compressed);
                ++m_sectionsRead;
                emitSection(list, m_docInfo, m_heads, m_sink, m_stats);
            } catch (const LimitError&) {
                throw;
            } catch (const std::exception& error) {
                m_damaged = true;
                m_sink.warn("section_unreadable", error.what(), path);
            }
        }
    }

    bool usePreview() {
        std::optional<std::string> preview;
        try {
            preview = m_ole->read("PrvText", 1 << 20);
        } catch (const std::exception& error) {
            m_sink.warn("preview_unreadable", error.what(), "PrvText");
            return false;
        }
        if (!preview || preview->empty()) return false;
        std::string text;
        unicode::appendUtf16Le(*preview, text);
        m_sink.warn("preview_fallback",
                    "the body could not be read; the text is the preview stream PrvText, which "
                    "holds at most the first 1023 characters",
                    "PrvText");
        std::size_t start = 0;
        while (start < text.size()) {
            std::size_t end = text.find('\n', start);
            if (end == std::string::npos) end = text.size();
            std::string_view line(text.data() + start, end - start);
            while (!line.empty() && (line.back() == '\r' || line.back() == '\0'))
                line.remove_suffix(1);
            if (!line.empty()) {
                m_sink.openParagraph(BlockKind::Paragraph, 0);
                m_sink.insertText(line);
                m_sink.closeParagraph();
            }
            start = end + 1;
        }
        return true;
    }

    const Input& m_input;
    DocumentSink& m_sink;
    std::string m_padded;
    std::unique_ptr<OleContainer> m_ole;
    bool m_compressed = false;
    bool m_damaged = false;
    std::size_t m_sectionsRead = 0;
    std::uint64_t m_inflated = 0;
    std::string m_docInfoBytes;
    DocInfo m_docInfo;
    // One set of paragraph head counters for the whole document: numbering runs on across
    // sections.
    ParagraphHeads m_heads;
    BodyStats m_stats;
};

}  // namespace

int Hwp5Converter::probe(const Input& input) const noexcept {
    std::string_view bytes = input.bytes;
    if (bytes.substr(0, kOleMagic.size()) != kOleMagic) return 0;
    // Directory entries name the streams in UTF-16: FileHeader is the one HWP 5 always has.
    if (bytes.find(kFileHeaderName) == std::string_view::npos) return 0;
    return bytes.find(kSignature) != std::string_view::npos ? 100 : 50;
}

Status Hwp5Converter::doConvert(const Input& input, DocumentSink& sink) const {
    return Conversion(input, sink).run();
}

}  // namespace jikji::converters::hwp5
