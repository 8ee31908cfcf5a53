#pragma once

#include <cstddef>
#include <string_view>

#include "pipeline/document_sink.h"

namespace jikji::converters::hwp3 {

/// Counters of one document's body.
struct BodyStats {
    std::size_t paragraphs = 0;
    std::size_t characters = 0;
    /// Characters with no Unicode mapping, written as U+FFFD.
    std::size_t unmapped = 0;
    std::size_t tables = 0;
    std::size_t images = 0;
    std::size_t footnotes = 0;
    std::size_t endnotes = 0;
    /// Drawing objects whose text boxes could not be read (their text is lost, the body is not).
    std::size_t unreadableDrawings = 0;
    bool depthExceeded = false;
};

/// Reads the inflated body of an HWP 3 document [SPEC3 §3.5-3.8]: font names, styles, then the
/// paragraph list with its special characters (tables, text boxes, equations, pictures and
/// drawings, footnotes and endnotes, headers and footers, hidden comments, fields, tabs), and
/// emits it to `sink`. The additional information blocks after the paragraph list are not
/// needed for text and are ignored. Throws CorruptError where the body stops making sense and
/// LimitError past a limit; what was emitted before stays emitted.
void emitBody(std::string_view body, DocumentSink& sink, BodyStats& stats);

}  // namespace jikji::converters::hwp3
