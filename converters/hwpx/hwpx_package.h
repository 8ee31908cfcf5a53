#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "converters/common/paragraph_heads.h"
#include "converters/common/zip_container.h"
#include "converters/hwpx/hwpx_crypto.h"
#include "pipeline/document.h"
#include "pipeline/document_sink.h"

namespace jikji::converters::hwpx {

/// Whether the package parts are encrypted, and with which key.
enum class Protection { None, Distribution, Password };

/// What a paragraph property makes of its paragraphs: a heading (outline level) or a list item
/// (numbered or bulleted), else a plain paragraph.
struct ParagraphHead {
    BlockKind kind = BlockKind::Paragraph;
    int level = 0;
    /// The head Hancom writes before it: its kind and numbering or bullet id (`idRef`; outline
    /// paragraphs use their section's `outlineShapeIDRef`).
    HeadKind head = HeadKind::None;
    std::uint32_t id = 0;

    /// The head's level, 0 for level 1.
    unsigned headLevel() const {
        return static_cast<unsigned>(kind == BlockKind::Heading ? level - 1 : level);
    }
};

/// One `opf:item` of content.hpf: a package part (BinData image, OLE object, …).
struct PackageItem {
    std::string href;
    std::string mediaType;
};

/// Who made a tracked change and when: header.xml's `trackChange` (its `date`) and the
/// `trackChangeAuthor` its `authorID` names.
struct TrackChange {
    std::string author;
    std::string date;
};

/// The package layer of an HWPX file: the zip, the manifest (encryption), content.hpf
/// (metadata, items, section order), version.xml and the paragraph heads of header.xml.
/// Section bodies are not read here: `streamPart` hands their bytes, decrypted when needed, to
/// whoever parses them.
class HwpxPackage {
  public:
    /// Opens the zip; throws CorruptError when it is not one.
    explicit HwpxPackage(std::string_view bytes);

    /// Reads the package parts. Problems with optional parts become warnings on `sink`.
    void load(DocumentSink& sink);
    /// The first half of `load`: manifest (and which key decrypts), content.hpf, version.xml.
    void loadPackage(DocumentSink& sink);
    /// The second half of `load`: paragraph heads from header.xml.
    void loadParagraphHeads(DocumentSink& sink);

    Protection protection() const { return m_protection; }
    /// Section part names in reading order.
    const std::vector<std::string>& sections() const { return m_sections; }
    /// `Contents/masterpageN.xml` parts in numeric order.
    const std::vector<std::string>& masterPages() const { return m_masterPages; }
    /// Metadata in a stable order: (key, value).
    const std::vector<std::pair<std::string, std::string>>& metadata() const { return m_metadata; }
    /// The item with this id, or nullptr.
    const PackageItem* item(std::string_view id) const;
    /// The head of paragraphs with this paraPrIDRef.
    ParagraphHead paragraphHead(std::string_view id) const;
    /// header.xml's numberings and bullets, their counters not started (copy it per document).
    const ParagraphHeads& headDefinitions() const { return m_headDefinitions; }
    /// Whether paragraph property `id` makes its paragraphs headings or list items.
    bool givesHead(std::string_view id) const;
    /// The tracked change a section's `TcId` names, or nullptr.
    const TrackChange* trackChange(std::string_view id) const;

    /// Streams a part in chunks, decrypting it when the manifest says it is encrypted. Returns
    /// false when the part is absent.
    bool streamPart(const std::string& name, const std::function<void(std::string_view)>& chunk,
                    std::uint64_t limit = limits::kMaxEntryBytes);
    /// How zip entries are inflated (the benchmark's floors compare both ways).
    void setInflater(ZipContainer::Inflater inflater) { m_zip.setInflater(inflater); }
    /// A whole (small) part, or nullopt when absent.
    std::optional<std::string> readPart(const std::string& name);

    /// The zip entry name a package href points at ("" when absent); hrefs may be relative to
    /// the package root or to Contents/.
    std::string resolve(std::string_view href) const;

  private:
    void readManifest(DocumentSink& sink);
    void readContent(DocumentSink& sink);
    void readVersion(DocumentSink& sink);
    void readHeader(DocumentSink& sink);
    void readTrackChanges(std::string_view xml, const std::string& name, DocumentSink& sink);
    void chooseKey();

    ZipContainer m_zip;
    std::map<std::string, EncryptionData> m_encrypted;
    std::string m_startKey;
    Protection m_protection = Protection::None;
    std::vector<std::string> m_sections;
    std::vector<std::string> m_masterPages;
    std::vector<std::pair<std::string, std::string>> m_metadata;
    std::unordered_map<std::string, PackageItem> m_items;
    std::unordered_map<std::string, ParagraphHead> m_heads;
    ParagraphHeads m_headDefinitions;
    std::unordered_map<std::string, TrackChange> m_trackChanges;
};

}  // namespace jikji::converters::hwpx
