#include "converters/hwp3/hwp3_converter.h"

#include <algorithm>
#include <array>
#include <utility>

#include "converters/common/binary_reader.h"
#include "converters/hwp3/hwp3_body.h"
#include "converters/hwp3/hwp3_charset.h"
#include "converters/hwp5/hwp5_records.h"
#include "pipeline/errors.h"
#include "pipeline/limits.h"

namespace jikji::converters::hwp3 {

namespace {

// The file's first 30 bytes: this text, then 1A 01 02 03 04 05 [SPEC3 §3.1].
constexpr std::string_view kSignature = "HWP Document File V3.00";
constexpr std::string_view kSignatureTail = "\x1A\x01\x02\x03\x04\x05";
constexpr std::size_t kSignatureBytes = 30;
constexpr std::size_t kDocInfoBytes = 128;
constexpr std::size_t kSummaryBytes = 1008;
constexpr std::size_t kSummaryFieldBytes = 112;

// Document information offsets [SPEC3 table 3].
constexpr std::size_t kEncryptedOffset = 96;
constexpr std::size_t kCompressedOffset = 124;
constexpr std::size_t kSubRevisionOffset = 125;
constexpr std::size_t kInfoBlockLengthOffset = 126;

// Summary fields, 56 hchars each [SPEC3 table 5]: title, subject, author, date, two keyword
// lines, three lines of other remarks.
constexpr std::array<std::pair<std::size_t, std::string_view>, 4> kSummaryFields{{
    {0, "title"},
    {1, "subject"},
    {2, "author"},
    {3, "date"},
}};

class Conversion {
  public:
    Conversion(const Input& input, DocumentSink& sink) : m_input(input), m_sink(sink) {}

    Status run() {
        m_sink.setFormat("hwp3", "application/x-hwp");
        BinaryReader reader(m_input.bytes, "HWP 3 file");
        std::string_view signature = reader.bytes(kSignatureBytes);
        if (signature.substr(0, kSignature.size()) != kSignature)
            throw CorruptError("the file does not start with the HWP 3.0 signature");
        if (signature.substr(kSignatureBytes - kSignatureTail.size()) != kSignatureTail)
            m_sink.warn("unexpected_signature", "the signature's last six bytes are not 1A 01-05",
                        "signature");
        std::string_view info = reader.bytes(kDocInfoBytes);
        BinaryReader infoReader(info, "document information");
        infoReader.seek(kEncryptedOffset);
        bool encrypted = infoReader.u16() != 0;
        infoReader.seek(kCompressedOffset);
        bool compressed = infoReader.u8() != 0;
        infoReader.seek(kSubRevisionOffset);
        std::uint8_t subRevision = infoReader.u8();
        infoReader.seek(kInfoBlockLengthOffset);
        std::uint16_t infoBlockLength = infoReader.u16();
        m_sink.setMetadata("format_version", "3.0." + std::to_string(subRevision));
        summary(reader.bytes(kSummaryBytes));

        if (encrypted) {
            m_sink.setMetadata("protection", "password");
            m_sink.warn("password_required",
                        "the document is encrypted with a password; only its summary is readable",
                        "document information");
            return Status::Encrypted;
        }
        infoBlock(reader.bytes(infoBlockLength));

        std::string_view rest = m_input.bytes.substr(reader.offset());
        bool damaged = false;
        std::string inflated;
        std::string_view body = rest;
        if (compressed) {
            // The body is one raw deflate stream; what follows its end is the uncompressed
            // additional information block #2 (previews), which text does not need.
            std::uint64_t limit = std::min<std::uint64_t>(
                limits::kMaxHwp3BodyBytes,
                std::max<std::uint64_t>(1u << 20,
                                        limits::kMaxCompressionRatio * (rest.size() + 1)));
            hwp5::Inflated result = hwp5::inflateRaw(rest, limit);
            if (!result.complete) {
                damaged = true;
                m_sink.warn("stream_damaged", result.error, "body");
            }
            inflated = std::move(result.bytes);
            body = inflated;
        }

        BodyStats stats;
        try {
            emitBody(body, m_sink, stats);
        } catch (const CorruptError& error) {
            damaged = true;
            m_sink.warn("body_damaged", error.what(), "body");
        } catch (const LimitError& error) {
            if (stats.characters == 0) throw;
            damaged = true;
            m_sink.warn("limit_exceeded", error.what(), "body");
        }
        if (stats.unmapped)
            m_sink.warn("unmapped_characters",
                        std::to_string(stats.unmapped) +
                            " character(s) of Hancom's code have no Unicode mapping (extension "
                            "Hanja, user-defined symbols); written as U+FFFD",
                        "body");
        if (stats.unreadableDrawings)
            m_sink.warn("drawing_unreadable",
                        std::to_string(stats.unreadableDrawings) +
                            " drawing object(s) could not be read; their text boxes are lost",
                        "body");
        if (damaged) return stats.characters ? Status::Partial : Status::Corrupt;
        return Status::Ok;
    }

  private:
    void summary(std::string_view bytes) {
        for (const auto& [index, key] : kSummaryFields) {
            std::string value =
                hcharString(bytes.substr(index * kSummaryFieldBytes, kSummaryFieldBytes));
            while (!value.empty() && value.back() == ' ')
                value.pop_back();
            if (!value.empty()) m_sink.setMetadata(key, value);
        }
        std::string keywords;
        for (std::size_t line = 4; line < 6; ++line) {
            std::string value =
                hcharString(bytes.substr(line * kSummaryFieldBytes, kSummaryFieldBytes));
            if (value.empty()) continue;
            if (!keywords.empty()) keywords += ' ';
            keywords += value;
        }
        if (!keywords.empty()) m_sink.setMetadata("keywords", keywords);
    }

    // Bookmarks and cross references, each an id, a length and its content [SPEC3 §3.4, §7];
    // the body repeats what text needs, so only the blocks' framing is checked.
    void infoBlock(std::string_view bytes) {
        BinaryReader reader(bytes, "information block");
        try {
            while (reader.remaining() >= 4) {
                reader.u16();
                reader.skip(reader.u16());
            }
        } catch (const CorruptError& error) {
            m_sink.warn("info_block_damaged", error.what(), "information block");
        }
    }

    const Input& m_input;
    DocumentSink& m_sink;
};

}  // namespace

int Hwp3Converter::probe(const Input& input) const noexcept {
    return input.bytes.substr(0, kSignature.size()) == kSignature ? 100 : 0;
}

Status Hwp3Converter::doConvert(const Input& input, DocumentSink& sink) const {
    return Conversion(input, sink).run();
}

const Converter& hwp3Converter() {
    static const Hwp3Converter converter;
    return converter;
}

}  // namespace jikji::converters::hwp3
