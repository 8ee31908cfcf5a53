#pragma once

#include <optional>
#include <ostream>
#include <string_view>

#include "chunks.h"
#include "document.h"

namespace jikji {

/// What `jikji convert` (and `export`) write for a document.
enum class OutputFormat { Json, Text, Markdown, Chunks };

/// `json`, `text`, `markdown` or `chunks`.
std::optional<OutputFormat> parseOutputFormat(std::string_view name);

/// The extension added to an input's file name: `.json`, `.txt`, `.md`, `.chunks.ndjson`.
std::string_view outputExtension(OutputFormat format);

/// Options of the Markdown and chunk renderings.
struct RenderOptions {
    ChunkOptions chunks;
    bool compact = false;  ///< JSON on one line
};

/// Writes a document in one of the output formats: `jikji.document/1` JSON, exactly its `text`,
/// Markdown, or chunks as NDJSON.
void renderOutput(const Document& document, OutputFormat format, const RenderOptions& options,
                  std::ostream& out);

/// The provenance of a file read whole: its name, size and SHA-256.
Provenance provenanceOf(std::string_view fileName, std::string_view bytes);

}  // namespace jikji
