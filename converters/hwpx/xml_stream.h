#pragma once

#include <array>
#include <cstddef>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

namespace jikji::converters::hwpx {

/// An attribute name that is looked up by libxml2's interned pointer once it has been found:
/// one object serves one parse only (one XmlPushParser).
struct AttributeName {
    explicit AttributeName(std::string_view text) : name(text) {}
    std::string_view name;
    const unsigned char* key = nullptr;
};

/// An element start. `uriKey` and `localKey` are libxml2's interned pointers: equal names give
/// equal pointers within one parse, so handlers may cache lookups by them.
struct XmlElement {
    const void* uriKey = nullptr;
    const void* localKey = nullptr;
    std::string_view uri;
    std::string_view local;
    /// libxml2's attribute array (localname, prefix, URI, value start, value end per
    /// attribute), read only when an attribute is asked for.
    const unsigned char* const* rawAttributes = nullptr;
    std::size_t attributeCount = 0;

    /// The value of the attribute with this local name (any namespace), or empty. Character
    /// reference `&#38;`, which libxml2 leaves in attribute values, is decoded.
    std::string attribute(std::string_view local) const;
    /// The same without copying: a view into libxml2's buffer, valid during the callback, or
    /// into `scratch` when a character reference had to be decoded.
    std::string_view attributeView(std::string_view local, std::string& scratch) const;
    std::string_view attributeView(AttributeName& local, std::string& scratch) const;
    /// The value as it stands, `&#38;` left undecoded: for values read only up to their first
    /// character that is not a digit (which decoding cannot change).
    std::string_view rawAttribute(AttributeName& local) const;
    bool hasAttribute(std::string_view local) const;

  private:
    const unsigned char* const* find(std::string_view local) const;
    const unsigned char* const* find(AttributeName& local) const;
    std::string_view value(const unsigned char* const* attribute, std::string& scratch) const;
};

/// Receives the events of one XML stream. Exceptions thrown here stop the parse and come out
/// of XmlPushParser::feed()/finish().
class XmlHandler {
  public:
    virtual ~XmlHandler() = default;
    virtual void startElement(const XmlElement& element) = 0;
    virtual void endElement() = 0;
    virtual void text(std::string_view utf8) = 0;
};

/// What a parse accepts in a DOCTYPE.
enum class DoctypePolicy {
    /// A DOCTYPE stops the parse (OWPML parts never carry one).
    Refuse,
    /// The internal subset is read for general entities whose value is plain text (character
    /// references allowed, at most kMaxEntityValueBytes, at most kMaxEntities of them): those
    /// are expanded. Every other entity (external, unparsed, parameter, or holding markup or
    /// references) is declared empty and listed in `refusedEntities()`. Nothing is loaded.
    InternalTextEntities,
};

/// A namespace-aware libxml2 SAX push parser configured for hostile input: no network, no DTD
/// loading, no external entity, element depth is limited by limits::kMaxXmlDepth and entity
/// expansion by limits::kMaxTextBytes (LimitError). Malformed XML does not throw: it ends the
/// parse and `error()` says why.
class XmlPushParser {
  public:
    XmlPushParser(XmlHandler& handler, std::string where,
                  DoctypePolicy doctype = DoctypePolicy::Refuse);
    ~XmlPushParser();
    XmlPushParser(const XmlPushParser&) = delete;
    XmlPushParser& operator=(const XmlPushParser&) = delete;

    /// Parses the next bytes; ignored once the parse has ended.
    void feed(std::string_view bytes);
    /// Signals the end of input (a truncated document becomes an error).
    void finish();

    /// True when the parse ended early (malformed XML, DOCTYPE refused).
    bool failed() const { return !m_error.empty(); }
    const std::string& error() const { return m_error; }
    /// True when the document carried a DOCTYPE, which was refused.
    bool refusedDoctype() const { return m_refusedDoctype; }
    /// Entities declared in the internal subset that were not expanded, with why
    /// (DoctypePolicy::InternalTextEntities).
    const std::vector<std::string>& refusedEntities() const { return m_refusedEntities; }

    struct Callbacks;

  private:
    void check(int code);
    std::string_view name(const unsigned char* text);

    // Lengths of interned names by pointer: a name's pointer stands for it for the whole parse.
    struct NameLength {
        const unsigned char* text = nullptr;
        std::size_t length = 0;
    };
    static constexpr unsigned kNameCacheBits = 7;
    std::array<NameLength, 1u << kNameCacheBits> m_names{};

    XmlHandler& m_handler;
    std::string m_where;
    void* m_context = nullptr;
    std::size_t m_depth = 0;
    bool m_stopped = false;
    bool m_refusedDoctype = false;
    DoctypePolicy m_doctype = DoctypePolicy::Refuse;
    // Holds the accepted internal entities (an xmlDoc with an internal subset), or null.
    void* m_entities = nullptr;
    std::size_t m_entityCount = 0;
    std::size_t m_expandedBytes = 0;
    std::vector<std::string> m_refusedEntities;
    std::string m_error;
    std::exception_ptr m_exception;
    friend struct Callbacks;
};

/// XML's white space (production S): space, tab, carriage return, line feed.
inline bool isXmlSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/// Parses a whole buffer with XmlPushParser; returns the error text ("" when well-formed).
std::string parseXml(std::string_view bytes, XmlHandler& handler, const std::string& where);

}  // namespace jikji::converters::hwpx
