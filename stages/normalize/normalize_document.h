#pragma once

#include "normalize_text.h"
#include "pipeline/document.h"

namespace jikji::normalize {

/// Normalises every string of a document with normalizeText: span texts and links, marks,
/// alt texts, equation scripts, image targets and media types, table cells and captions,
/// note/header/footer/text-box contents and metadata values (metadata, links and targets as
/// single lines). Then re-renders `text` with renderText (or normalises `text` itself when
/// the document has no blocks) and appends one `text_*` warning per lossy step with its count.
/// Returns the counts.
NormalizeCounts normalizeDocument(Document& document);

}  // namespace jikji::normalize
