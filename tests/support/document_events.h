#pragma once

#include <string_view>

#include "pipeline/document_sink.h"

namespace jikji::test {

/// Emits one paragraph-like block holding `text`.
inline void addParagraph(DocumentSink& sink, std::string_view text,
                         BlockKind kind = BlockKind::Paragraph, int level = 0) {
    sink.openParagraph(kind, level);
    sink.insertText(text);
    sink.closeParagraph();
}

}  // namespace jikji::test
