#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "document.h"
#include "markdown_writer.h"

namespace jikji {

struct ChunkOptions {
    /// The most characters (code points) of Markdown in one chunk.
    std::size_t maxChars = 1500;
    MarkdownOptions markdown;
};

/// A piece of a document for retrieval: whole blocks of the top level, or whole rows of one
/// table (each part repeating the table's header).
struct Chunk {
    /// The headings above the chunk, outermost first (the chunk's own first heading included).
    std::vector<std::string> headingPath;
    std::vector<std::string> blockIds;
    /// For part of a table: its rows, first and one past the last.
    std::optional<std::pair<std::size_t, std::size_t>> rows;
    /// The page the chunk starts on (1-based); 0 when the format does not record pages.
    std::uint32_t page = 0;
    /// The chunk's span of the document's `text`, in code points: consecutive chunks meet, the
    /// first starts at 0 and the last ends at the end of `text`.
    std::size_t textStart = 0;
    std::size_t textEnd = 0;
    std::string markdown;
    /// Over the limit because one block (or one row with the rows its cells span) is larger.
    bool oversize = false;
};

/// Cuts a document into chunks at block boundaries (a table that does not fit between rows,
/// never inside a row or a row span); a heading starts a new chunk. Deterministic.
std::vector<Chunk> makeChunks(const Document& document, const ChunkOptions& options = {});

/// Writes the chunks as NDJSON, one object per line, with the document's provenance when set.
void writeChunks(const Document& document, const ChunkOptions& options, std::ostream& out);

}  // namespace jikji
