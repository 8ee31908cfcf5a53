#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "converters/common/hancom_fields.h"
#include "converters/common/paragraph_heads.h"
#include "converters/hwpx/owpml_body.h"
#include "converters/hwpx/xml_stream.h"
#include "pipeline/document_sink.h"

namespace jikji::converters::hwpml {

/// What the reader saw besides the document's text, for the converter's status and warnings.
struct ReadSummary {
    bool sawRoot = false;
    bool sawBody = false;
    /// Non-blank script text in TAIL/SCRIPTCODE (never run).
    bool sawScript = false;
    std::size_t binaryItems = 0;
    /// Bytes of base64 in TAIL/BINDATASTORAGE, counted, never decoded.
    std::uint64_t binaryBytes = 0;
};

/// Maps the SAX events of one HWPML document (root `HWPML`, no namespace) to document sink
/// events in one pass: HEAD/DOCSUMMARY to metadata, HEAD/MAPPINGTABLE paragraph shapes (heads)
/// and binary items, BODY/SECTION/P/TEXT/CHAR text, tables with spans and captions, notes,
/// headers and footers with their marks, text boxes (drawing text, master pages), hidden
/// comments as annotations, hyperlink fields, click-here guides as field instructions, the
/// text of form objects, equations (script apart from the text), images as references.
/// TAIL/BINDATASTORAGE is counted, never decoded; TAIL/SCRIPTCODE is skipped, never run.
class HwpmlReader final : public hwpx::XmlHandler {
  public:
    HwpmlReader(DocumentSink& sink, std::string where);
    ~HwpmlReader() override;

    void startElement(const hwpx::XmlElement& element) override;
    void endElement() override;
    void text(std::string_view utf8) override;

    /// Closes whatever a truncated document left open.
    void finish();
    const ReadSummary& summary() const { return m_summary; }

    enum class Tag : unsigned char;

  private:
    enum class Action : unsigned char;
    struct Frame {
        Tag tag;
        hwpx::OwpmlBody::Close close;
        Action action;
    };
    struct Head {
        BlockKind kind = BlockKind::Paragraph;
        int level = 0;
        HeadKind head = HeadKind::None;
        std::uint32_t id = 0;
        unsigned headLevel() const {
            return static_cast<unsigned>(kind == BlockKind::Heading ? level - 1 : level);
        }
    };
    struct BinItem {
        std::string target;
        std::string mediaType;
    };
    Tag classify(const hwpx::XmlElement& element);

    DocumentSink& m_sink;
    hwpx::OwpmlBody m_body;
    std::string m_where;
    ReadSummary m_summary;
    std::vector<Frame> m_stack;
    std::string m_scratch;
    // Attributes read by libxml2's interned pointer (one reader serves one parse).
    hwpx::AttributeName m_levelName{"Level"};
    hwpx::AttributeName m_binDataName{"BinData"};
    hwpx::AttributeName m_binItemName{"BinItem"};
    hwpx::AttributeName m_rowCountName{"RowCount"};
    hwpx::AttributeName m_colCountName{"ColCount"};
    hwpx::AttributeName m_rowAddrName{"RowAddr"};
    hwpx::AttributeName m_colAddrName{"ColAddr"};
    hwpx::AttributeName m_rowSpanName{"RowSpan"};
    hwpx::AttributeName m_colSpanName{"ColSpan"};
    std::map<std::string, Head, std::less<>> m_heads;
    // Paragraph heads: NUMBERING/PARAHEAD and BULLET definitions, then their counters; outline
    // paragraphs use the section's SECDEF OutlineShape.
    ParagraphHeads m_paragraphHeads;
    std::uint32_t m_numberingId = 0;
    std::vector<NumberingLevel> m_numberingLevels;
    std::string* m_headFormat = nullptr;
    SectionHeads m_sectionHeads;
    std::vector<BinItem> m_binItems;
    std::size_t m_skipDepth = 0;
    // DOCSUMMARY values are collected here until their element ends.
    std::string m_metadataKey;
    std::string m_metadataValue;
    bool m_inScriptCode = false;
    std::size_t m_linkDepth = 0;
    std::string m_linkHref;
    // The `NumberType` an AUTONUM needs to number each open note (`Footnote`, `Endnote`).
    std::vector<std::string_view> m_notes;
    std::size_t m_footnotes = 0;
    std::size_t m_endnotes = 0;
    std::size_t m_unreadMemos = 0;
    std::size_t m_formDepth = 0;
    std::string_view m_formKind;
};

}  // namespace jikji::converters::hwpml
