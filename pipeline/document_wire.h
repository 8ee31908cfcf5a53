#pragma once

#include <string>
#include <string_view>

#include "document.h"

namespace jikji {

/// A compact binary form of a Document for handing it between processes (isolated
/// conversion): length-prefixed fields, no escaping. Not a storage format: records hold JSON.
std::string encodeDocument(const Document& document);

/// The inverse of encodeDocument; every length is bounds-checked. Throws CorruptError.
Document decodeDocument(std::string_view bytes);

}  // namespace jikji
