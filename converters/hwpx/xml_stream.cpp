#include "converters/hwpx/xml_stream.h"

#include <libxml/entities.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include <cstdint>
#include <cstring>

#include "pipeline/errors.h"
#include "pipeline/limits.h"

namespace jikji::converters::hwpx {

namespace {

std::string decodeAmpersands(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (value[i] == '&' && value.substr(i, 5) == "&#38;") {
            out += '&';
            i += 4;
        } else {
            out += value[i];
        }
    }
    return out;
}

}  // namespace

const unsigned char* const* XmlElement::find(std::string_view name) const {
    for (std::size_t i = 0; i < attributeCount; ++i) {
        const unsigned char* const* a = rawAttributes + 5 * i;
        const char* candidate = reinterpret_cast<const char*>(a[0]);
        if (!candidate) continue;
        // `candidate` ends with a NUL that no character of `name` matches.
        std::size_t k = 0;
        while (k < name.size() && candidate[k] == name[k])
            ++k;
        if (k == name.size() && candidate[k] == '\0') return a;
    }
    return nullptr;
}

std::string XmlElement::attribute(std::string_view name) const {
    const unsigned char* const* a = find(name);
    if (!a) return {};
    std::string_view value(reinterpret_cast<const char*>(a[3]),
                           static_cast<std::size_t>(a[4] - a[3]));
    if (value.find('&') == std::string_view::npos) return std::string(value);
    return decodeAmpersands(value);
}

std::string_view XmlElement::value(const unsigned char* const* a, std::string& scratch) const {
    if (!a) return {};
    std::string_view value(reinterpret_cast<const char*>(a[3]),
                           static_cast<std::size_t>(a[4] - a[3]));
    // Values are mostly a few characters: a plain loop beats a call to memchr.
    for (const unsigned char* p = a[3]; p < a[4]; ++p) {
        if (*p == '&') {
            scratch = decodeAmpersands(value);
            return scratch;
        }
    }
    return value;
}

std::string_view XmlElement::attributeView(std::string_view name, std::string& scratch) const {
    return value(find(name), scratch);
}

const unsigned char* const* XmlElement::find(AttributeName& name) const {
    if (!name.key) {
        const unsigned char* const* a = find(name.name);
        if (a) name.key = a[0];
        return a;
    }
    // libxml2 interns attribute names: within one parse, no other pointer can spell this one.
    for (std::size_t i = 0; i < attributeCount; ++i)
        if (rawAttributes[5 * i] == name.key) return rawAttributes + 5 * i;
    return nullptr;
}

std::string_view XmlElement::attributeView(AttributeName& name, std::string& scratch) const {
    return value(find(name), scratch);
}

std::string_view XmlElement::rawAttribute(AttributeName& name) const {
    const unsigned char* const* a = find(name);
    if (!a) return {};
    return std::string_view(reinterpret_cast<const char*>(a[3]),
                            static_cast<std::size_t>(a[4] - a[3]));
}

bool XmlElement::hasAttribute(std::string_view name) const {
    return find(name) != nullptr;
}

struct XmlPushParser::Callbacks {
    static xmlParserCtxtPtr context(XmlPushParser* parser) {
        return static_cast<xmlParserCtxtPtr>(parser->m_context);
    }

    static void stop(XmlPushParser* parser) {
        parser->m_stopped = true;
        if (parser->m_context) xmlStopParser(context(parser));
    }

    // libxml2 is C: no exception may unwind through it, so each one is parked and rethrown
    // once xmlParseChunk has returned.
    template <typename F>
    static void guard(void* user, F&& body) {
        auto* parser = static_cast<XmlPushParser*>(user);
        if (parser->m_stopped) return;
        try {
            body(parser);
        } catch (...) {
            parser->m_exception = std::current_exception();
            stop(parser);
        }
    }

    static void startElement(void* user, const xmlChar* localname, const xmlChar*,
                             const xmlChar* uri, int, const xmlChar**, int attributeCount, int,
                             const xmlChar** attributes) {
        guard(user, [&](XmlPushParser* parser) {
            if (++parser->m_depth > limits::kMaxXmlDepth)
                throw LimitError("XML nesting deeper than " + std::to_string(limits::kMaxXmlDepth) +
                                 " elements in " + parser->m_where);
            XmlElement element;
            element.uriKey = uri;
            element.localKey = localname;
            element.uri = parser->name(uri);
            element.local = parser->name(localname);
            element.rawAttributes = attributes;
            element.attributeCount = attributes ? static_cast<std::size_t>(attributeCount) : 0;
            parser->m_handler.startElement(element);
        });
    }

    static void endElement(void* user, const xmlChar*, const xmlChar*, const xmlChar*) {
        guard(user, [&](XmlPushParser* parser) {
            if (parser->m_depth) --parser->m_depth;
            parser->m_handler.endElement();
        });
    }

    static void characters(void* user, const xmlChar* text, int length) {
        guard(user, [&](XmlPushParser* parser) {
            parser->m_handler.text(std::string_view(reinterpret_cast<const char*>(text),
                                                    static_cast<std::size_t>(length)));
        });
    }

    static void internalSubset(void* user, const xmlChar* name, const xmlChar*, const xmlChar*) {
        auto* parser = static_cast<XmlPushParser*>(user);
        if (parser->m_doctype == DoctypePolicy::InternalTextEntities) return;
        parser->m_refusedDoctype = true;
        if (parser->m_error.empty())
            parser->m_error = "DOCTYPE declaration refused (entities are never expanded)";
        stop(parser);
    }

    // Plain text with character references only: no markup, no entity reference, so that one
    // reference expands to at most kMaxEntityValueBytes of text and never to another entity.
    static bool isPlainTextEntity(std::string_view value) {
        if (value.size() > limits::kMaxEntityValueBytes) return false;
        for (std::size_t i = 0; i < value.size(); ++i) {
            if (value[i] == '<' || value[i] == '%') return false;
            if (value[i] == '&' && (i + 1 >= value.size() || value[i + 1] != '#')) return false;
        }
        return true;
    }

    static void entityDecl(void* user, const xmlChar* name, int type, const xmlChar*,
                           const xmlChar* systemId, xmlChar* content) {
        guard(user, [&](XmlPushParser* parser) {
            if (!name) return;
            std::string_view entity(reinterpret_cast<const char*>(name));
            // Parameter entities are never declared: a reference to one stays unresolved.
            if (type == XML_INTERNAL_PARAMETER_ENTITY || type == XML_EXTERNAL_PARAMETER_ENTITY) {
                parser->m_refusedEntities.push_back("%" + std::string(entity) +
                                                    " (parameter entity)");
                return;
            }
            if (++parser->m_entityCount > limits::kMaxEntities)
                throw LimitError("more than " + std::to_string(limits::kMaxEntities) +
                                 " entities declared in " + parser->m_where);
            std::string_view value =
                content ? std::string_view(reinterpret_cast<const char*>(content)) : "";
            bool accepted = type == XML_INTERNAL_GENERAL_ENTITY && isPlainTextEntity(value);
            if (!accepted) {
                std::string why =
                    type == XML_INTERNAL_GENERAL_ENTITY
                        ? "holds markup or references, or is too long"
                        : "external (" +
                              std::string(systemId ? reinterpret_cast<const char*>(systemId)
                                                   : "no system id") +
                              ")";
                parser->m_refusedEntities.push_back("&" + std::string(entity) + "; " + why);
                value = {};
            }
            auto* doc = static_cast<xmlDocPtr>(parser->m_entities);
            if (!doc) {
                doc = xmlNewDoc(reinterpret_cast<const xmlChar*>("1.0"));
                if (!doc) throw std::bad_alloc();
                parser->m_entities = doc;
                if (!xmlCreateIntSubset(doc, reinterpret_cast<const xmlChar*>("entities"), nullptr,
                                        nullptr))
                    throw std::bad_alloc();
            }
            // A refused entity is declared empty (and internal), so that a reference to it
            // neither loads anything nor ends the parse.
            std::string text(value);
            xmlAddDocEntity(doc, name, XML_INTERNAL_GENERAL_ENTITY, nullptr, nullptr,
                            reinterpret_cast<const xmlChar*>(text.c_str()));
        });
    }

    static xmlEntityPtr getEntity(void* user, const xmlChar* name) {
        auto* parser = static_cast<XmlPushParser*>(user);
        if (xmlEntityPtr predefined = xmlGetPredefinedEntity(name)) return predefined;
        if (!parser->m_entities || parser->m_stopped) return nullptr;
        xmlEntityPtr entity = xmlGetDocEntity(static_cast<xmlDocPtr>(parser->m_entities), name);
        if (entity && entity->content) {
            // Each reference counts its value against the text limit (billion laughs).
            parser->m_expandedBytes += static_cast<std::size_t>(entity->length) + 1;
            if (parser->m_expandedBytes > limits::kMaxTextBytes) {
                guard(user, [&](XmlPushParser* p) {
                    throw LimitError("entity expansion beyond " +
                                     std::to_string(limits::kMaxTextBytes) + " bytes in " +
                                     p->m_where);
                });
                return nullptr;
            }
        }
        return entity;
    }

    static xmlParserInputPtr resolveEntity(void*, const xmlChar*, const xmlChar*) {
        return nullptr;
    }

    static void structuredError(void* user, xmlErrorPtr error) {
        auto* parser = static_cast<XmlPushParser*>(user);
        if (!error || error->level < XML_ERR_FATAL || !parser->m_error.empty()) return;
        std::string message = error->message ? error->message : "malformed XML";
        while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
            message.pop_back();
        parser->m_error =
            message + " (line " + std::to_string(error->line) + " in " + parser->m_where + ")";
    }
};

XmlPushParser::XmlPushParser(XmlHandler& handler, std::string where, DoctypePolicy doctype)
    : m_handler(handler), m_where(std::move(where)), m_doctype(doctype) {
    xmlSAXHandler sax;
    std::memset(&sax, 0, sizeof sax);
    sax.initialized = XML_SAX2_MAGIC;
    sax.startElementNs = &Callbacks::startElement;
    sax.endElementNs = &Callbacks::endElement;
    sax.characters = &Callbacks::characters;
    sax.cdataBlock = &Callbacks::characters;
    sax.internalSubset = &Callbacks::internalSubset;
    sax.getEntity = &Callbacks::getEntity;
    sax.resolveEntity = &Callbacks::resolveEntity;
    if (doctype == DoctypePolicy::InternalTextEntities) sax.entityDecl = &Callbacks::entityDecl;
    sax.serror = &Callbacks::structuredError;
    xmlParserCtxtPtr context = xmlCreatePushParserCtxt(&sax, this, nullptr, 0, nullptr);
    if (!context) throw std::bad_alloc();
    // No DTDLOAD, DTDATTR or HUGE: no DTD is loaded and libxml2's own size limits stay on.
    // Entities are substituted only when the internal subset may declare them, and then only
    // the plain-text ones entityDecl accepted exist.
    xmlCtxtUseOptions(context, doctype == DoctypePolicy::InternalTextEntities
                                   ? XML_PARSE_NONET | XML_PARSE_NOENT
                                   : XML_PARSE_NONET);
    m_context = context;
}

std::string_view XmlPushParser::name(const unsigned char* text) {
    if (!text) return {};
    auto key = reinterpret_cast<std::uintptr_t>(text);
    NameLength& slot = m_names[(key * 0x9E3779B97F4A7C15ull) >> (64 - kNameCacheBits)];
    if (slot.text != text)
        slot = NameLength{text, std::strlen(reinterpret_cast<const char*>(text))};
    return std::string_view(reinterpret_cast<const char*>(text), slot.length);
}

XmlPushParser::~XmlPushParser() {
    if (auto* context = static_cast<xmlParserCtxtPtr>(m_context)) {
        // With entity substitution on, libxml2 keeps a copy of each entity declaration in a
        // document of its own ("SAX compatibility"), which xmlFreeParserCtxt does not free.
        if (context->myDoc) xmlFreeDoc(context->myDoc);
        context->myDoc = nullptr;
        xmlFreeParserCtxt(context);
    }
    if (m_entities) xmlFreeDoc(static_cast<xmlDocPtr>(m_entities));
}

void XmlPushParser::check(int code) {
    if (m_exception) {
        std::exception_ptr pending = m_exception;
        m_exception = nullptr;
        std::rethrow_exception(pending);
    }
    auto* context = static_cast<xmlParserCtxtPtr>(m_context);
    if ((code != 0 && !context->wellFormed) || m_stopped) {
        m_stopped = true;
        if (m_error.empty()) m_error = "malformed XML in " + m_where;
    }
}

void XmlPushParser::feed(std::string_view bytes) {
    if (m_stopped) return;
    // xmlParseChunk takes an int size.
    constexpr std::size_t kStep = 1u << 20;
    while (!bytes.empty() && !m_stopped) {
        std::size_t size = bytes.size() < kStep ? bytes.size() : kStep;
        int code = xmlParseChunk(static_cast<xmlParserCtxtPtr>(m_context), bytes.data(),
                                 static_cast<int>(size), 0);
        bytes.remove_prefix(size);
        check(code);
    }
}

void XmlPushParser::finish() {
    if (m_stopped) {
        check(0);
        return;
    }
    int code = xmlParseChunk(static_cast<xmlParserCtxtPtr>(m_context), nullptr, 0, 1);
    check(code);
    if (m_depth != 0 && m_error.empty()) m_error = "XML ends inside an element in " + m_where;
}

std::string parseXml(std::string_view bytes, XmlHandler& handler, const std::string& where) {
    XmlPushParser parser(handler, where);
    parser.feed(bytes);
    parser.finish();
    return parser.error();
}

}  // namespace jikji::converters::hwpx
