#pragma once

#include <string_view>
#include <vector>

namespace jikji {

/// A published JSON Schema, compiled into the binary from `schemas/`.
struct EmbeddedSchema {
    std::string_view fileName;  ///< `record.schema.json`
    std::string_view text;
};

/// Every schema of `schemas/`, as the build found them.
const std::vector<EmbeddedSchema>& embeddedSchemas();

}  // namespace jikji
