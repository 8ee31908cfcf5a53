#include "render_output.h"

#include <array>
#include <utility>

#include "json_writer.h"
#include "markdown_writer.h"
#include "sha256.h"

namespace jikji {

namespace {

struct FormatName {
    OutputFormat format;
    std::string_view name;
    std::string_view extension;
};

constexpr std::array<FormatName, 4> kFormats{{
    {OutputFormat::Json, "json", ".json"},
    {OutputFormat::Text, "text", ".txt"},
    {OutputFormat::Markdown, "markdown", ".md"},
    {OutputFormat::Chunks, "chunks", ".chunks.ndjson"},
}};

}  // namespace

std::optional<OutputFormat> parseOutputFormat(std::string_view name) {
    for (const FormatName& format : kFormats)
        if (format.name == name) return format.format;
    return std::nullopt;
}

std::string_view outputExtension(OutputFormat format) {
    for (const FormatName& entry : kFormats)
        if (entry.format == format) return entry.extension;
    return ".json";
}

void renderOutput(const Document& document, OutputFormat format, const RenderOptions& options,
                  std::ostream& out) {
    switch (format) {
        case OutputFormat::Json:
            // Streamed: a large document's JSON (16 MB for a 2 MB HWP full of tables) is never
            // held whole.
            writeDocumentJson(document, out, options.compact ? 0 : 2);
            break;
        case OutputFormat::Text:
            out << document.text;
            break;
        case OutputFormat::Markdown:
            out << renderMarkdown(document, options.chunks.markdown);
            break;
        case OutputFormat::Chunks:
            writeChunks(document, options.chunks, out);
            break;
    }
}

Provenance provenanceOf(std::string_view fileName, std::string_view bytes) {
    return Provenance{std::string(fileName), bytes.size(), sha256Hex(bytes)};
}

}  // namespace jikji
