#pragma once

#include <string_view>

#include "pipeline/document.h"

namespace jikji {

/// Reads a `jikji.document/1` JSON text back into a Document: the inverse of
/// `documentToJson`, so that a document made in another process (or stored) round-trips
/// exactly. Throws CorruptError when the text is not such a document.
Document documentFromJson(std::string_view json);

}  // namespace jikji
