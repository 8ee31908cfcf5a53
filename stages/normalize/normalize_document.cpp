#include "normalize_document.h"

#include "pipeline/limits.h"

namespace jikji::normalize {

namespace {

class DocumentNormalizer {
  public:
    void string(std::string& s, const NormalizeOptions& options) {
        if (s.empty()) return;
        // Most strings come out as they went in: the one that is not kept is the next one's
        // memory, so a document's strings cost no allocation each.
        NormalizeResult result = normalizeText(s, options, std::move(m_spare));
        if (result.text == s) {
            m_spare = std::move(result.text);
        } else {
            m_spare = std::move(s);
            s = std::move(result.text);
        }
        m_counts += result.counts;
    }

    void string(RareText& s, const NormalizeOptions& options) {
        if (s.empty()) return;
        std::string text = s;
        string(text, options);
        s = std::move(text);
    }

    void blocks(std::vector<Block>& list) {
        for (Block& block : list)
            this->block(block);
    }

    void block(Block& block) {
        for (Span& span : block.spans) {
            string(span.text, m_span);
            string(span.href, m_singleLine);
        }
        // A paragraph whose break was deleted runs on into the next one: its last space stays.
        joinSpans(block.spans, block.breakChange != "deleted");
        for (TableRow& row : block.rows)
            for (TableCell& cell : row.cells)
                blocks(cell.blocks);
        blocks(block.caption);
        blocks(block.children);
        string(block.mark, m_singleLine);
        string(block.target, m_singleLine);
        string(block.mediaType, m_singleLine);
        string(block.alt, m_multiline);
        string(block.script, m_multiline);
    }

    // Spans are normalised one by one with their edge spaces kept; across the paragraph, a
    // space next to another space or a line break, or at either end, goes.
    void joinSpans(std::vector<Span>& spans, bool trimEnd) {
        char previous = '\n';
        Span* last = nullptr;
        for (Span& span : spans) {
            // A deleted run or an annotation is no part of the text the spaces are collapsed in.
            if (span.text.empty() || !span.inText()) continue;
            if (span.text.front() == ' ' && (previous == ' ' || previous == '\n')) {
                span.text.erase(0, 1);
                ++m_counts.spacesCollapsed;
            } else if (span.text.front() == '\n' && previous == ' ' && last) {
                last->text.pop_back();
                ++m_counts.spacesCollapsed;
            }
            if (span.text.empty()) continue;
            previous = span.text.back();
            last = &span;
        }
        if (trimEnd && last && last->text.back() == ' ') {
            last->text.pop_back();
            ++m_counts.spacesCollapsed;
        }
    }

    const NormalizeCounts& counts() const { return m_counts; }
    const NormalizeOptions& multiline() const { return m_multiline; }
    const NormalizeOptions& singleLine() const { return m_singleLine; }

  private:
    NormalizeCounts m_counts;
    std::string m_spare;
    NormalizeOptions m_multiline{.multiline = true, .repairMojibake = true};
    NormalizeOptions m_singleLine{.multiline = false, .repairMojibake = true};
    NormalizeOptions m_span{.multiline = true, .repairMojibake = true, .trimEdges = false};
};

}  // namespace

NormalizeCounts normalizeDocument(Document& document) {
    DocumentNormalizer normalizer;
    normalizer.blocks(document.blocks);
    for (auto& [key, value] : document.metadata)
        normalizer.string(value, normalizer.singleLine());
    if (document.blocks.empty())
        normalizer.string(document.text, normalizer.multiline());
    else
        document.text = renderText(document.blocks);
    for (Warning& warning : warningsFor(normalizer.counts(), "text")) {
        if (document.warnings.size() >= limits::kMaxWarnings) {
            ++document.droppedWarnings;
            continue;
        }
        document.warnings.push_back(std::move(warning));
    }
    return normalizer.counts();
}

}  // namespace jikji::normalize
