#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "document.h"

namespace jikji {

/// The schema name written into every document.
inline constexpr std::string_view kDocumentSchema = "jikji.document/1";

/// An object whose keys keep the order they were set in: every writer uses it, so output is
/// stable.
Poco::JSON::Object::Ptr makeObject();

/// A JSON string value that is always well-formed UTF-8 (ill-formed bytes become U+FFFD).
std::string jsonString(std::string_view text);

/// The `jikji.document/1` object of a document, keys in a fixed order.
Poco::JSON::Object::Ptr documentToJson(const Document& document);

/// Writes the `jikji.document/1` JSON of a document as it goes, byte for byte what
/// `writeJson(documentToJson(document), out, indent)` writes, without building the object tree
/// (which for a large document costs several times the text).
void writeDocumentJson(const Document& document, std::ostream& out, unsigned indent = 2);
std::string documentJsonString(const Document& document, unsigned indent = 2);

/// Serialises any JSON value; `indent` 0 writes one line.
void writeJson(const Poco::JSON::Object::Ptr& object, std::ostream& out, unsigned indent = 2);
std::string toJsonString(const Poco::JSON::Object::Ptr& object, unsigned indent = 2);

}  // namespace jikji
