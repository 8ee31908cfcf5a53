#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "converters/common/hancom_fields.h"
#include "converters/common/paragraph_heads.h"
#include "converters/hwp5/hwp5_records.h"
#include "pipeline/document_sink.h"

namespace jikji::converters::hwp5 {

/// What the body needs from `DocInfo`: paragraph heads (outline, numbering, bullet) with the
/// numbering and bullet definitions they name, and the binary items that pictures point at.
struct DocInfo {
    enum class Head : std::uint8_t { None, Outline, Numbering, Bullet };
    struct ParaShape {
        Head head = Head::None;
        int level = 0;
        /// The NUMBERING (numbered paragraphs) or BULLET record (bulleted ones) it names, from 1.
        std::uint16_t headId = 0;
    };
    struct BinItem {
        /// `BinData/BIN0001.jpg`, or the linked file's path for links.
        std::string target;
        std::string mediaType;
    };
    /// A TRACK_CHANGE record, numbered from 1 by the range tags that mark its runs.
    struct TrackChange {
        /// From the TRACK_CHANGE_AUTHOR record the change names (empty when none).
        std::string author;
        /// `YYYY-MM-DDThh:mm:00Z`, empty when the record's fields are no date.
        std::string date;
    };
    std::vector<ParaShape> paraShapes;
    /// NUMBERING records in order (ids from 1): levels 1 … 7, or 1 … 10; none for a record too
    /// short to read.
    std::vector<std::vector<NumberingLevel>> numberings;
    /// BULLET records in order (ids from 1): the sign, UTF-8.
    std::vector<std::string> bullets;
    std::vector<BinItem> binItems;
    std::vector<TrackChange> trackChanges;
};

/// Reads the parts of DocInfo records listed above; unknown and short records are skipped.
/// NUMBERING: per level (7), a head info (UINT32 attributes — bits 5–8 the number shape —,
/// two HWPUNIT16, UINT32 char shape) and a WORD length + WCHAR format; a UINT16 start; then, as
/// far as the record goes, a UINT32 start per level, levels 8–10 (head info + format) and
/// their UINT32 starts. BULLET: a head info, then the WCHAR sign.
/// TRACK_CHANGE: UINT32 kind, year, month, day, hour, minute as UINT16, then the UINT16 number
/// (from 1) of its TRACK_CHANGE_AUTHOR record: UINT32 length, WCHAR name.
DocInfo parseDocInfo(const std::vector<Record>& records);

/// Counters that run across the sections of one document.
struct BodyStats {
    std::size_t characters = 0;
    std::size_t paragraphs = 0;
    std::size_t footnotes = 0;
    std::size_t endnotes = 0;
    std::size_t malformedControls = 0;
    /// Tracked changes (PARA_RANGE_TAG ranges of kind 0x10 inserted, 0x11 deleted), hidden
    /// comments and memos, click-here guides.
    KeptApart kept;
    bool depthExceeded = false;
};

/// The numbering and bullet definitions of `info`, under the ids paragraph shapes use.
ParagraphHeads paragraphHeads(const DocInfo& info);

/// Walks the records of one section and emits paragraphs, tables, notes, headers and footers,
/// text boxes, links, images and equations to `sink`; tracked changes (the range tags of a
/// ViewText markup view), hidden comments, memos and click-here guides are kept, marked. Every
/// record is bounds-checked; a malformed control loses only itself. Outline, numbered and
/// bulleted paragraphs get their heads from `heads`, whose counters run on from section to
/// section; outline paragraphs count on the numbering the section definition (`secd`) names.
void emitSection(const std::vector<Record>& records, const DocInfo& info, ParagraphHeads& heads,
                 DocumentSink& sink, BodyStats& stats);

}  // namespace jikji::converters::hwp5
