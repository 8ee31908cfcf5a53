#include "converters/hwpx/hwpx_package.h"
#include "converters/common/hancom_fields.h"
#include "converters/hwpx/owpml_body.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "converters/hwpx/layout_filter.h"
#include "converters/hwpx/xml_stream.h"
#include "pipeline/errors.h"
#include "pipeline/limits.h"

namespace jikji::converters::hwpx {

namespace {

// Collects the text of the current element, bounded.
void appendBounded(std::string& target, std::string_view text) {
    if (target.size() >= limits::kMaxMetadataValueBytes) return;
    target.append(text.substr(0, limits::kMaxMetadataValueBytes - target.size()));
}

class ManifestHandler final : public XmlHandler {
  public:
    std::map<std::string, EncryptionData> entries;

    void startElement(const XmlElement& element) override {
        std::string_view local = element.local;
        if (local == "file-entry") {
            m_path = element.attribute("full-path");
            m_size = parseUnsigned(element.attribute("size"), 0);
        } else if (local == "encryption-data") {
            m_data = EncryptionData{};
            m_data.size = m_size;
            m_data.checksumType = element.attribute("checksum-type");
            m_data.checksum = decodeBase64(element.attribute("checksum"));
            m_inData = true;
        } else if (local == "algorithm" && m_inData) {
            m_data.algorithm = element.attribute("algorithm-name");
            m_data.iv = decodeBase64(element.attribute("initialisation-vector"));
        } else if (local == "key-derivation" && m_inData) {
            m_data.iterations = parseUnsigned(element.attribute("iteration-count"), 0);
            m_data.keySize = parseUnsigned(element.attribute("key-size"), 32);
            m_data.salt = decodeBase64(element.attribute("salt"));
        } else if (local == "start-key-generation" && m_inData) {
            m_data.startKeyAlgorithm = element.attribute("start-key-generation-name");
        }
        m_stack.push_back(std::string(local));
    }
    void endElement() override {
        if (m_stack.empty()) return;
        if (m_stack.back() == "encryption-data" && m_inData) {
            if (!m_path.empty() && entries.size() < limits::kMaxContainerEntries)
                entries[m_path] = m_data;
            m_inData = false;
        }
        m_stack.pop_back();
    }
    void text(std::string_view) override {}

  private:
    std::vector<std::string> m_stack;
    std::string m_path;
    std::uint32_t m_size = 0;
    EncryptionData m_data;
    bool m_inData = false;
};

class ContentHandler final : public XmlHandler {
  public:
    std::vector<std::pair<std::string, std::string>> metadata;
    std::vector<std::pair<std::string, PackageItem>> items;
    std::vector<std::string> spine;

    void startElement(const XmlElement& element) override {
        std::string_view local = element.local;
        m_key.clear();
        if (local == "title" || local == "language") {
            m_key = std::string(local);
        } else if (local == "meta") {
            m_key = metadataKey(element.attribute("name"));
        } else if (local == "item") {
            items.emplace_back(
                element.attribute("id"),
                PackageItem{element.attribute("href"), element.attribute("media-type")});
        } else if (local == "itemref") {
            spine.push_back(element.attribute("idref"));
        }
        m_value.clear();
        m_collecting = !m_key.empty();
    }
    void endElement() override {
        if (m_collecting) {
            std::string value = trim(m_value);
            if (!value.empty()) metadata.emplace_back(m_key, std::move(value));
        }
        m_collecting = false;
    }
    void text(std::string_view text) override {
        if (m_collecting) appendBounded(m_value, text);
    }

  private:
    static std::string metadataKey(std::string_view name) {
        static const std::pair<std::string_view, std::string_view> kKeys[] = {
            {"creator", "author"},
            {"subject", "subject"},
            {"description", "description"},
            {"keyword", "keywords"},
            {"CreatedDate", "created"},
            {"ModifiedDate", "modified"},
            {"date", "date"},
            {"lastsaveby", "last_saved_by"},
        };
        for (const auto& [from, to] : kKeys)
            if (name == from) return std::string(to);
        return {};
    }

    std::string m_key;
    std::string m_value;
    bool m_collecting = false;
};

class VersionHandler final : public XmlHandler {
  public:
    std::vector<std::pair<std::string, std::string>> metadata;

    void startElement(const XmlElement& element) override {
        if (element.local != "HCFVersion" || m_seen) return;
        m_seen = true;
        std::string version = element.attribute("major");
        for (const char* part : {"minor", "micro", "buildNumber"}) {
            std::string value = element.attribute(part);
            if (!value.empty()) version += "." + value;
        }
        if (!version.empty()) metadata.emplace_back("format_version", version);
        std::string application = element.attribute("application");
        std::string appVersion = element.attribute("appVersion");
        if (!application.empty()) metadata.emplace_back("application", application);
        if (!appVersion.empty()) metadata.emplace_back("application_version", appVersion);
        std::string xmlVersion = element.attribute("xmlVersion");
        if (!xmlVersion.empty()) metadata.emplace_back("owpml_version", xmlVersion);
    }
    void endElement() override {}
    void text(std::string_view) override {}

  private:
    bool m_seen = false;
};

// Paragraph properties' heads, and the numberings and bullets they refer to.
class HeaderHandler final : public XmlHandler {
  public:
    std::unordered_map<std::string, ParagraphHead> heads;
    ParagraphHeads definitions;

    void startElement(const XmlElement& element) override {
        ++m_depth;
        if (element.local == "paraPr") {
            m_id = element.attribute("id");
            m_paraPrDepth = m_depth;
        } else if (element.local == "heading" && m_paraPrDepth && !m_id.empty()) {
            std::string type = element.attribute("type");
            unsigned level =
                std::min<std::uint32_t>(parseUnsigned(element.attribute("level"), 0), 9);
            auto id = parseUnsigned(element.attribute("idRef"));
            if (type == "OUTLINE")
                heads[m_id] = ParagraphHead{BlockKind::Heading, static_cast<int>(level) + 1,
                                            HeadKind::Outline, id};
            else if (type == "NUMBER" || type == "BULLET")
                heads[m_id] =
                    ParagraphHead{BlockKind::ListItem, static_cast<int>(level),
                                  type == "NUMBER" ? HeadKind::Number : HeadKind::Bullet, id};
        } else if (element.local == "numbering" && !m_paraPrDepth) {
            m_numberingId = parseUnsigned(element.attribute("id"));
            m_numberingDepth = m_depth;
            m_levels.clear();
        } else if (element.local == "bullet" && !m_paraPrDepth) {
            definitions.defineBullet(parseUnsigned(element.attribute("id")),
                                     element.attribute("char"));
        } else if (element.local == "paraHead" && m_numberingDepth &&
                   m_depth == m_numberingDepth + 1) {
            // Levels are 1-based and may come in any order; a level past the tenth is no level.
            std::uint32_t level = parseUnsigned(element.attribute("level"), 0);
            if (level >= 1 && level <= 10) {
                if (m_levels.size() < level) m_levels.resize(level);
                NumberingLevel& head = m_levels[level - 1];
                head.shape = numberShapeOf(element.attribute("numFormat"));
                head.start = parseUnsigned(element.attribute("start"), 1);
                m_format = &head.format;
            }
        }
    }
    void endElement() override {
        if (m_depth == m_paraPrDepth) {
            m_paraPrDepth = 0;
            m_id.clear();
        }
        if (m_depth == m_numberingDepth) {
            definitions.defineNumbering(m_numberingId, std::move(m_levels));
            m_levels.clear();
            m_numberingDepth = 0;
        }
        m_format = nullptr;
        if (m_depth) --m_depth;
    }
    void text(std::string_view text) override {
        if (m_format && m_format->size() + text.size() <= kMaxFormatBytes) m_format->append(text);
    }

  private:
    // A head's format is a few signs around its numbers.
    static constexpr std::size_t kMaxFormatBytes = 256;
    std::size_t m_depth = 0;
    std::size_t m_paraPrDepth = 0;
    std::string m_id;
    std::size_t m_numberingDepth = 0;
    std::uint32_t m_numberingId = 0;
    std::vector<NumberingLevel> m_levels;
    std::string* m_format = nullptr;
};

// header.xml's tracked changes and their authors, in document order.
class TrackChangeHandler final : public XmlHandler {
  public:
    struct Change {
        std::string id;
        std::string date;
        std::uint32_t author = 0;
    };
    std::vector<Change> changes;
    std::vector<std::string> authors;

    void startElement(const XmlElement& element) override {
        if (element.local == "trackChange" && changes.size() < limits::kMaxTrackChanges) {
            changes.push_back(Change{element.attribute("id"), element.attribute("date"),
                                     parseUnsigned(element.attribute("authorID"), 0)});
        } else if (element.local == "trackChangeAuthor" &&
                   authors.size() < limits::kMaxTrackChanges) {
            authors.push_back(element.attribute("name"));
        }
    }
    void endElement() override {}
    void text(std::string_view) override {}
};

// `<stem>N.xml`, optionally under a folder: `Contents/section0.xml`, `masterpage2.xml`.
bool isNumberedPart(std::string_view name, std::string_view stem) {
    std::size_t slash = name.rfind('/');
    std::string_view base = slash == std::string_view::npos ? name : name.substr(slash + 1);
    if (base.size() < stem.size() + 5 || base.substr(0, stem.size()) != stem ||
        base.substr(base.size() - 4) != ".xml")
        return false;
    std::string_view digits = base.substr(stem.size(), base.size() - stem.size() - 4);
    return std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool isSectionName(std::string_view name) {
    return isNumberedPart(name, "section");
}

std::uint64_t partNumber(std::string_view name, std::string_view stem) {
    std::size_t slash = name.rfind('/');
    std::string_view base = slash == std::string_view::npos ? name : name.substr(slash + 1);
    std::string_view digits = base.substr(stem.size(), base.size() - stem.size() - 4);
    std::uint64_t value = 0;
    std::from_chars(digits.data(), digits.data() + digits.size(), value);
    return value;
}

struct Excerpt {
    std::string_view open;
    std::string body;
    std::string close;
};

// Needles over hundreds of kilobytes of markup. With SSE2, 16 positions at a time are kept
// only where both the first and the last byte of the needle match, then compared whole: in
// markup the pair is rare where the first byte alone (`<`, `p`) is everywhere. Otherwise
// glibc's memmem.
std::size_t find(std::string_view haystack, std::size_t from, std::string_view needle) {
    if (from >= haystack.size() || needle.size() > haystack.size() - from)
        return std::string_view::npos;
#if defined(__SSE2__)
    if (needle.size() >= 2) {
        const __m128i first = _mm_set1_epi8(needle.front());
        const __m128i last = _mm_set1_epi8(needle.back());
        const std::size_t lastAt = needle.size() - 1;
        std::size_t k = from;
        for (; k + lastAt + 16 <= haystack.size(); k += 16) {
            const char* at = haystack.data() + k;
            __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
            __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at + lastAt));
            auto mask = static_cast<unsigned>(_mm_movemask_epi8(
                _mm_and_si128(_mm_cmpeq_epi8(a, first), _mm_cmpeq_epi8(b, last))));
            while (mask) {
                int bit = std::countr_zero(mask);
                if (std::memcmp(at + bit + 1, needle.data() + 1, lastAt - 1) == 0)
                    return k + static_cast<std::size_t>(bit);
                mask &= mask - 1;
            }
        }
        from = k;
    }
#endif
    const void* hit =
        ::memmem(haystack.data() + from, haystack.size() - from, needle.data(), needle.size());
    return hit ? static_cast<std::size_t>(static_cast<const char*>(hit) - haystack.data())
               : std::string_view::npos;
}

// Whether a paraPr element (`element`, from its `<` to the end of its end tag) may give a
// paragraph head: unless every `heading` element in it is `<PREFIX:heading` whose type reads
// literally `type="NONE"` (no character reference). A heading element under another prefix
// keeps it too, so a namespace declared inside cannot hide one.
bool mayGiveHead(std::string_view element, const std::string& prefix) {
    constexpr std::string_view kHeading = "heading";
    for (std::size_t h = find(element, 0, kHeading); h != std::string_view::npos;
         h = find(element, h + kHeading.size(), kHeading)) {
        std::size_t after = h + kHeading.size();
        std::size_t tagStart = element.rfind('<', h);
        if (tagStart == std::string_view::npos) return true;
        std::string_view name = element.substr(tagStart + 1, after - tagStart - 1);
        bool isName =
            name.find_first_of(" \t\n\r=\"'/>") == std::string_view::npos &&
            (name.size() == kHeading.size() || name[name.size() - 8] == ':') &&
            after < element.size() &&
            (isXmlSpace(element[after]) || element[after] == '/' || element[after] == '>');
        // `heading` inside a value or a longer name: not a heading element.
        if (!isName) continue;
        if (name.substr(0, name.size() - kHeading.size()) != prefix) return true;
        std::size_t tagEnd = element.find('>', h);
        std::string_view tag = element.substr(h, tagEnd - h);
        if (tag.find('&') != std::string_view::npos ||
            (tag.find("type=\"NONE\"") == std::string_view::npos &&
             tag.find("type='NONE'") == std::string_view::npos))
            return true;
    }
    return false;
}

// The root start tag of header.xml, its `numberings` and `bullets`, its `paraProperties` element
// cut to the paraPr elements that may give a head (mayGiveHead; 236 of 239 say NONE in a 612 KB
// header.xml of the corpus), and the root end tag: a small well-formed document with the same
// namespace declarations. nullopt when the layout is not the usual one (paraPr elements one after
// another with only spaces between): the caller then parses the whole part.
std::optional<Excerpt> paragraphPropertiesExcerpt(std::string_view xml) {
    std::size_t pos = 0;
    std::size_t rootStart = std::string_view::npos;
    while (pos < xml.size()) {
        std::size_t lt = xml.find('<', pos);
        if (lt == std::string_view::npos || lt + 1 >= xml.size()) return std::nullopt;
        if (xml[lt + 1] == '?') {
            std::size_t end = xml.find("?>", lt);
            if (end == std::string_view::npos) return std::nullopt;
            pos = end + 2;
        } else if (xml.substr(lt, 4) == "<!--") {
            std::size_t end = xml.find("-->", lt);
            if (end == std::string_view::npos) return std::nullopt;
            pos = end + 3;
        } else if (xml[lt + 1] == '!') {
            return std::nullopt;
        } else {
            rootStart = lt;
            break;
        }
    }
    if (rootStart == std::string_view::npos) return std::nullopt;
    std::size_t nameEnd = rootStart + 1;
    while (nameEnd < xml.size() && xml[nameEnd] != '>' && xml[nameEnd] != '/' &&
           static_cast<unsigned char>(xml[nameEnd]) > ' ')
        ++nameEnd;
    std::string_view rootName = xml.substr(rootStart + 1, nameEnd - rootStart - 1);
    char quote = 0;
    std::size_t rootEnd = nameEnd;
    for (; rootEnd < xml.size(); ++rootEnd) {
        char c = xml[rootEnd];
        if (quote) {
            if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '>') {
            break;
        }
    }
    if (rootEnd >= xml.size() || xml[rootEnd - 1] == '/' || rootName.empty()) return std::nullopt;
    Excerpt excerpt{
        xml.substr(rootStart, rootEnd + 1 - rootStart), {}, "</" + std::string(rootName) + ">"};

    constexpr std::string_view kName = "paraProperties";
    std::size_t hit = find(xml, rootEnd, kName);
    if (hit == std::string_view::npos) return excerpt;
    std::size_t start = hit;
    if (xml[start - 1] == ':') {
        --start;
        while (start > rootEnd && xml[start - 1] != '<' &&
               static_cast<unsigned char>(xml[start - 1]) > ' ')
            --start;
    }
    if (xml[start - 1] != '<') return std::nullopt;
    const std::string prefix(xml.substr(start, hit - start));
    // The start tag of paraProperties (its one attribute is a count, never holding `>`).
    std::size_t startTagEnd = xml.find('>', hit);
    if (startTagEnd == std::string_view::npos) return std::nullopt;
    std::string_view startTag = xml.substr(hit, startTagEnd - hit);
    if (startTag.find_first_of("'<") != std::string_view::npos ||
        std::count(startTag.begin(), startTag.end(), '"') % 2 != 0 || xml[startTagEnd - 1] == '/')
        return std::nullopt;
    // The numberings and bullets that heads refer to, whole (a few kilobytes).
    for (std::string_view list : {std::string_view("numberings"), std::string_view("bullets")}) {
        const std::string listOpen = "<" + prefix + std::string(list);
        const std::string listClose = "</" + prefix + std::string(list) + ">";
        std::size_t at = find(xml, rootEnd, listOpen);
        if (at == std::string_view::npos) continue;
        std::size_t after = at + listOpen.size();
        if (after >= xml.size() ||
            !(isXmlSpace(xml[after]) || xml[after] == '>' || xml[after] == '/'))
            return std::nullopt;
        std::size_t tagEnd = xml.find('>', after);
        if (tagEnd == std::string_view::npos) return std::nullopt;
        std::size_t stop = xml[tagEnd - 1] == '/' ? tagEnd + 1 : find(xml, tagEnd, listClose);
        if (stop == std::string_view::npos) return std::nullopt;
        if (xml[tagEnd - 1] != '/') stop += listClose.size();
        excerpt.body.append(xml.substr(at, stop - at));
    }
    excerpt.body.append(xml.substr(start - 1, startTagEnd + 1 - (start - 1)));
    const std::string open = "<" + prefix + "paraPr";
    const std::string close = "</" + prefix + "paraPr>";
    const std::string end = "</" + prefix + std::string(kName) + ">";
    pos = startTagEnd + 1;
    while (true) {
        while (pos < xml.size() && isXmlSpace(xml[pos]))
            ++pos;
        if (xml.compare(pos, end.size(), end) == 0) {
            excerpt.body.append(end);
            return excerpt;
        }
        std::size_t after = pos + open.size();
        if (xml.compare(pos, open.size(), open) != 0 || after >= xml.size() ||
            (!isXmlSpace(xml[after]) && xml[after] != '>'))
            return std::nullopt;
        std::size_t stop = find(xml, after, close);
        if (stop == std::string_view::npos) return std::nullopt;
        std::string_view element = xml.substr(pos, stop + close.size() - pos);
        // A paraPr inside another ends this one early; what follows is then neither a paraPr
        // nor the end of paraProperties, and the whole part is parsed.
        if (mayGiveHead(element, prefix)) excerpt.body.append(element);
        pos = stop + close.size();
    }
}

}  // namespace

HwpxPackage::HwpxPackage(std::string_view bytes) : m_zip(bytes) {}

const PackageItem* HwpxPackage::item(std::string_view id) const {
    auto it = m_items.find(std::string(id));
    return it == m_items.end() ? nullptr : &it->second;
}

bool HwpxPackage::givesHead(std::string_view id) const {
    return !m_heads.empty() && m_heads.contains(std::string(id));
}

ParagraphHead HwpxPackage::paragraphHead(std::string_view id) const {
    if (m_heads.empty()) return {};
    auto it = m_heads.find(std::string(id));
    return it == m_heads.end() ? ParagraphHead{} : it->second;
}

std::string HwpxPackage::resolve(std::string_view href) const {
    while (!href.empty() && (href.front() == '/' || href.substr(0, 2) == "./"))
        href.remove_prefix(href.front() == '/' ? 1 : 2);
    if (href.empty()) return {};
    if (m_zip.contains(href)) return std::string(href);
    std::string inContents = "Contents/" + std::string(href);
    if (m_zip.contains(inContents)) return inContents;
    return {};
}

bool HwpxPackage::streamPart(const std::string& name,
                             const std::function<void(std::string_view)>& chunk,
                             std::uint64_t limit) {
    auto encrypted = m_encrypted.find(name);
    if (encrypted == m_encrypted.end() || m_protection == Protection::None)
        return m_zip.readChunks(name, chunk, limit);
    if (m_protection == Protection::Password)
        throw EncryptedError(name + " is encrypted with a user password");
    auto cipher = m_zip.read(name, limit);
    if (!cipher) return false;
    decryptPart(*cipher, encrypted->second, m_startKey, chunk, limit, name);
    return true;
}

std::optional<std::string> HwpxPackage::readPart(const std::string& name) {
    auto encrypted = m_encrypted.find(name);
    if (encrypted == m_encrypted.end() || m_protection == Protection::None)
        return m_zip.read(name, limits::kMaxPackagePartBytes);
    std::string out;
    std::uint64_t declared = m_zip.declaredSize(name);
    if (declared <= limits::kMaxPackagePartBytes) out.reserve(static_cast<std::size_t>(declared));
    if (!streamPart(
            name, [&](std::string_view piece) { out.append(piece); }, limits::kMaxPackagePartBytes))
        return std::nullopt;
    return out;
}

void HwpxPackage::load(DocumentSink& sink) {
    loadPackage(sink);
    loadParagraphHeads(sink);
}

void HwpxPackage::loadPackage(DocumentSink& sink) {
    readManifest(sink);
    chooseKey();
    readContent(sink);
    readVersion(sink);
}

void HwpxPackage::loadParagraphHeads(DocumentSink& sink) {
    if (m_protection != Protection::Password) readHeader(sink);
}

void HwpxPackage::readManifest(DocumentSink& sink) {
    auto bytes = m_zip.read("META-INF/manifest.xml", limits::kMaxPackagePartBytes);
    if (!bytes) return;
    ManifestHandler handler;
    std::string error = parseXml(*bytes, handler, "META-INF/manifest.xml");
    if (!error.empty()) sink.warn("xml_error", error, "META-INF/manifest.xml");
    for (auto& [path, data] : handler.entries)
        if (m_zip.contains(path)) m_encrypted.emplace(path, std::move(data));
}

void HwpxPackage::chooseKey() {
    if (m_encrypted.empty()) return;
    // Test the fixed distribution key on one part, preferring a section (always encrypted).
    auto probe = m_encrypted.begin();
    for (auto it = m_encrypted.begin(); it != m_encrypted.end(); ++it)
        if (isSectionName(it->first)) {
            probe = it;
            break;
        }
    auto cipher = m_zip.read(probe->first);
    if (cipher && verifyKey(*cipher, probe->second, distributionStartKey())) {
        m_protection = Protection::Distribution;
        m_startKey = distributionStartKey();
    } else {
        m_protection = Protection::Password;
    }
}

void HwpxPackage::readContent(DocumentSink& sink) {
    ContentHandler handler;
    std::optional<std::string> bytes;
    try {
        bytes = readPart("Contents/content.hpf");
    } catch (const CorruptError& error) {
        sink.warn("corrupt_part", error.what(), "Contents/content.hpf");
    }
    if (bytes) {
        std::string error = parseXml(*bytes, handler, "Contents/content.hpf");
        if (!error.empty()) sink.warn("xml_error", error, "Contents/content.hpf");
    } else {
        sink.warn("missing_part", "no Contents/content.hpf; sections taken in name order",
                  "Contents/content.hpf");
    }
    m_metadata = std::move(handler.metadata);
    for (auto& [id, item] : handler.items)
        if (!id.empty()) m_items.emplace(id, std::move(item));

    for (const std::string& idref : handler.spine) {
        auto it = m_items.find(idref);
        if (it == m_items.end()) continue;
        std::string name = resolve(it->second.href);
        if (name.empty() || !isSectionName(name)) continue;
        if (std::find(m_sections.begin(), m_sections.end(), name) != m_sections.end()) continue;
        m_sections.push_back(name);
    }
    if (m_sections.empty()) {
        for (const std::string& name : m_zip.names())
            if (name.rfind("Contents/", 0) == 0 && name.find('/', 9) == std::string::npos &&
                isSectionName(name))
                m_sections.push_back(name);
        std::stable_sort(m_sections.begin(), m_sections.end(),
                         [](const std::string& a, const std::string& b) {
                             return partNumber(a, "section") < partNumber(b, "section");
                         });
    }
    // Master pages (바탕쪽) carry text printed on every page, as headers do.
    for (const std::string& name : m_zip.names())
        if (name.rfind("Contents/", 0) == 0 && name.find('/', 9) == std::string::npos &&
            isNumberedPart(name, "masterpage"))
            m_masterPages.push_back(name);
    std::stable_sort(m_masterPages.begin(), m_masterPages.end(),
                     [](const std::string& a, const std::string& b) {
                         return partNumber(a, "masterpage") < partNumber(b, "masterpage");
                     });
    if (m_masterPages.size() > limits::kMaxSections) m_masterPages.resize(limits::kMaxSections);
    if (m_sections.size() > limits::kMaxSections)
        throw LimitError("package has " + std::to_string(m_sections.size()) + " sections, limit " +
                         std::to_string(limits::kMaxSections));
}

void HwpxPackage::readVersion(DocumentSink& sink) {
    auto bytes = m_zip.read("version.xml", limits::kMaxPackagePartBytes);
    if (!bytes) return;
    VersionHandler handler;
    std::string error = parseXml(*bytes, handler, "version.xml");
    if (!error.empty()) sink.warn("xml_error", error, "version.xml");
    for (auto& entry : handler.metadata)
        m_metadata.push_back(std::move(entry));
}

void HwpxPackage::readHeader(DocumentSink& sink) {
    std::string name = "Contents/header.xml";
    auto it = m_items.find("header");
    if (it != m_items.end()) {
        std::string resolved = resolve(it->second.href);
        if (!resolved.empty()) name = resolved;
    }
    std::optional<std::string> bytes;
    try {
        bytes = readPart(name);
    } catch (const CorruptError& error) {
        sink.warn("corrupt_part", error.what(), name);
        return;
    }
    if (!bytes) return;
    HeaderHandler handler;
    // Only the paragraph properties matter here; fonts, borders and character properties
    // before them are most of header.xml.
    XmlPushParser parser(handler, name);
    // The alternatives of a switch inside paraPr hold margins and spacing, never the heading;
    // the other children of paraPr are layout too.
    LayoutFilter filter(LayoutFilter::Rules{.drop = {"switch", "margin", "lineSpacing", "border",
                                                     "breakSetting", "autoSpacing", "align"}},
                        [&](std::string_view piece) { parser.feed(piece); });
    if (auto excerpt = paragraphPropertiesExcerpt(*bytes)) {
        filter.feed(excerpt->open);
        filter.feed(excerpt->body);
        filter.feed(excerpt->close);
    } else {
        filter.feed(*bytes);
    }
    filter.finish();
    parser.finish();
    if (parser.failed()) sink.warn("xml_error", parser.error(), name);
    m_heads = std::move(handler.heads);
    m_headDefinitions = std::move(handler.definitions);
    readTrackChanges(*bytes, name, sink);
}

// Only a document saved with tracked changes declares them; the whole header is read again
// then, for the few elements after the paragraph properties.
void HwpxPackage::readTrackChanges(std::string_view xml, const std::string& name,
                                   DocumentSink& sink) {
    if (find(xml, 0, "trackChanges") == std::string_view::npos) return;
    TrackChangeHandler handler;
    std::string error = parseXml(xml, handler, name);
    if (!error.empty()) sink.warn("xml_error", error, name);
    for (TrackChangeHandler::Change& change : handler.changes) {
        TrackChange value;
        // `authorID` counts the authors from 1, whatever their own `id` says: Hancom writes
        // authorID="1" for the one author whose id is 0 (hwpxlib's ChangeTrack.hwpx), as HWP 5's
        // TRACK_CHANGE numbers its TRACK_CHANGE_AUTHOR records from 1.
        if (change.author >= 1 && change.author <= handler.authors.size())
            value.author = handler.authors[change.author - 1];
        value.date = std::move(change.date);
        m_trackChanges.emplace(std::move(change.id), std::move(value));
    }
}

const TrackChange* HwpxPackage::trackChange(std::string_view id) const {
    if (id.empty()) return nullptr;
    auto it = m_trackChanges.find(std::string(id));
    return it == m_trackChanges.end() ? nullptr : &it->second;
}

}  // namespace jikji::converters::hwpx
