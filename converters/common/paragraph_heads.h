#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "converters/common/hancom_fields.h"
#include "pipeline/document_sink.h"

namespace jikji::converters {

/// One level of a Hancom paragraph numbering (HWP 5 `NUMBERING` record, HWPX `hh:numbering`,
/// HWPML `PARAHEAD`): the format of its head, where `^1` … `^9` and `^10` stand for the numbers
/// of levels 1 … 10 and `^n` / `^N` for the whole path (`1.2.3`, `1.2.3.`), the shape its own
/// number is written in, and the number it starts from.
struct NumberingLevel {
    std::string format;
    NumberShape shape = NumberShape::Digit;
    std::uint32_t start = 1;
};

/// What kind of head a paragraph property gives its paragraphs (HWP 5 ParaShape bits 23–24,
/// HWPX `heading type`).
enum class HeadKind : unsigned char { None, Outline, Number, Bullet };

/// The heads Hancom writes before numbered, outline and bulleted paragraphs (`1.`, `가)`, `Ⅱ.`,
/// `●`), from the document's numbering and bullet definitions. Each numbering keeps its own
/// counters, outline paragraphs apart from numbered ones: a paragraph at level L counts on
/// level L of its numbering and starts every deeper level afresh; a level not yet counted shows
/// its start number. Formats with no definitions give no heads.
class ParagraphHeads {
  public:
    /// Levels 1 … 10 of numbering `id` (the id paragraph properties refer to).
    void defineNumbering(std::uint32_t id, std::vector<NumberingLevel> levels);
    /// The sign of bullet `id`.
    void defineBullet(std::uint32_t id, std::string_view sign);
    bool empty() const { return m_numberings.empty() && m_bullets.empty(); }

    /// The head of the next paragraph of this kind, numbering or bullet `id` and `level` (0 for
    /// level 1), moving the counters on; empty when the definitions give none.
    std::string next(HeadKind kind, std::uint32_t id, unsigned level);

  private:
    std::map<std::uint32_t, std::vector<NumberingLevel>> m_numberings;
    std::map<std::uint32_t, std::string> m_bullets;
    // Each level's last number (0: not counted yet), by (outline?, numbering id).
    std::map<std::pair<bool, std::uint32_t>, std::vector<std::uint32_t>> m_counters;
};

/// The heads of one section's paragraphs, for formats that name the section's outline
/// numbering inside its first paragraph (HWPX `secPr outlineShapeIDRef`, HWPML `SECDEF
/// OutlineShape`): an outline paragraph opened before that waits for it, or for its own end.
class SectionHeads {
  public:
    /// `heads`: the document's counters (nullptr: no heads).
    SectionHeads(ParagraphHeads* heads, DocumentSink& sink) : m_heads(heads), m_sink(sink) {}
    /// Right after the sink opened the paragraph.
    void openParagraph(HeadKind kind, std::uint32_t id, unsigned level);
    /// The section's outline numbering is `id`.
    void setOutline(std::uint32_t id);
    /// Right before the sink closes the paragraph.
    void closeParagraph();

  private:
    ParagraphHeads* m_heads;
    DocumentSink& m_sink;
    std::uint32_t m_outlineId = 0;
    bool m_outlineKnown = false;
    bool m_pending = false;
    unsigned m_pendingLevel = 0;
};

}  // namespace jikji::converters
