#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "converters/common/hancom_fields.h"
#include "converters/hwpx/hwpx_package.h"
#include "converters/hwpx/owpml_body.h"
#include "converters/hwpx/xml_stream.h"
#include "pipeline/document_sink.h"

namespace jikji::converters::hwpx {

/// Maps the SAX events of one section part (`hs:sec`) to document sink events: paragraphs,
/// runs and their markers, tables with spans, captions, text boxes, notes, headers and footers,
/// hyperlinks, images, equations, memos and tracked deletions. Elements are matched by
/// namespace URI (Hancom 2011/2016 and OWPML 2024 families, or none) and local name. One reader
/// serves one parse: it caches libxml2's interned name pointers.
class SectionReader final : public XmlHandler {
  public:
    /// `heads`: the document's paragraph-head counters (nullptr: no heads are written).
    SectionReader(const HwpxPackage& package, DocumentSink& sink, std::string where,
                  ParagraphHeads* heads = nullptr);
    ~SectionReader() override;

    void startElement(const XmlElement& element) override;
    void endElement() override;
    void text(std::string_view utf8) override;

    /// Closes whatever the (possibly truncated) section left open.
    void finish();

    enum class Tag : unsigned char;

  private:
    enum class Action : unsigned char;
    struct Frame {
        Tag tag;
        OwpmlBody::Close close;
        Action action;
    };
    struct Field {
        std::string id;
        std::string type;
        std::string path;
        std::string command;
        std::string direction;
        std::string param;
        std::string value;
        bool collecting = false;
    };
    Tag classify(const XmlElement& element);
    void startLink(const Field& field);

    const HwpxPackage& m_package;
    DocumentSink& m_sink;
    OwpmlBody m_body;
    std::vector<Frame> m_stack;
    struct TagSlot {
        const void* uriKey = nullptr;
        const void* localKey = nullptr;
        Tag tag{};
    };
    static constexpr unsigned kTagCacheBits = 8;
    // Direct-mapped: a section uses a few dozen names; a collision only costs a lookup.
    std::array<TagSlot, 1u << kTagCacheBits> m_tagCache{};
    // Holds an attribute value that had to be decoded.
    std::string m_scratch;
    // The attributes read on most elements, found by pointer (one reader serves one parse).
    AttributeName m_paraPrIDRef{"paraPrIDRef"};
    SectionHeads m_heads;
    AttributeName m_rowAddr{"rowAddr"};
    AttributeName m_colAddr{"colAddr"};
    AttributeName m_rowSpan{"rowSpan"};
    AttributeName m_colSpan{"colSpan"};
    std::vector<Field> m_fields;
    std::vector<bool> m_switchTaken;
    std::size_t m_skipDepth = 0;
    std::size_t m_pictureDepth = 0;
    // The tracked change the text is in (`deleted`/`inserted`), and its begin's Id.
    std::string m_change;
    std::string m_changeId;
    // Who made the open tracked change and when, from header.xml's trackChanges.
    std::string m_changeAuthor;
    std::string m_changeDate;
    // A combo box's text (its selected value, or its first item's).
    std::string m_comboText;
    std::string m_linkId;
    std::string m_linkHref;
};

}  // namespace jikji::converters::hwpx
