#include "converters/hwp5/hwp5_body.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <utility>

#include "converters/common/binary_reader.h"
#include "converters/common/hancom_fields.h"
#include "pipeline/limits.h"
#include "pipeline/unicode.h"

namespace jikji::converters::hwp5 {

namespace {

constexpr std::uint32_t kCtrlTable = makeCtrlId("tbl ");
constexpr std::uint32_t kCtrlShape = makeCtrlId("gso ");
constexpr std::uint32_t kCtrlEquation = makeCtrlId("eqed");
constexpr std::uint32_t kCtrlFootnote = makeCtrlId("fn  ");
constexpr std::uint32_t kCtrlEndnote = makeCtrlId("en  ");
constexpr std::uint32_t kCtrlHeader = makeCtrlId("head");
constexpr std::uint32_t kCtrlFooter = makeCtrlId("foot");
constexpr std::uint32_t kCtrlHyperlink = makeCtrlId("%hlk");
constexpr std::uint32_t kCtrlSection = makeCtrlId("secd");
constexpr std::uint32_t kCtrlColumn = makeCtrlId("cold");
constexpr std::uint32_t kCtrlDutmal = makeCtrlId("tdut");
constexpr std::uint32_t kCtrlCompose = makeCtrlId("tcps");
constexpr std::uint32_t kCtrlHiddenComment = makeCtrlId("tcmt");
constexpr std::uint32_t kCtrlClickHere = makeCtrlId("%clk");
constexpr std::uint32_t kCtrlUnknownField = makeCtrlId("%unk");
constexpr std::uint32_t kCtrlMemo = makeCtrlId("%%me");
constexpr std::uint32_t kCtrlForm = makeCtrlId("form");
constexpr std::uint32_t kCtrlAutoNumber = makeCtrlId("atno");

// PARA_RANGE_TAG items are 12 bytes: start, end (code units of PARA_TEXT) and a DWORD whose top
// byte is the kind. Kinds 0x10 and 0x11 are a tracked insertion and deletion: a Hancom file
// saved with tracked changes holds them in its ViewText markup view, each kind equal to that
// of the DocInfo TRACK_CHANGE record the low 24 bits number from 1.
constexpr std::uint8_t kRangeInserted = 0x10;
constexpr std::uint8_t kRangeDeleted = 0x11;

struct ChangeRange {
    std::uint32_t start = 0;
    std::uint32_t end = 0;
    bool deleted = false;
    // The TRACK_CHANGE record (from 1) the range's tag numbers.
    std::uint32_t change = 0;
};

// PARA_TEXT control characters [SPEC5 table 6]: extended and inline ones span 8 code units.
bool isExtended(char16_t c) {
    switch (c) {
        case 1:
        case 2:
        case 3:
        case 11:
        case 12:
        case 14:
        case 15:
        case 16:
        case 17:
        case 18:
        case 21:
        case 22:
        case 23:
            return true;
        default:
            return false;
    }
}

bool isInline(char16_t c) {
    switch (c) {
        case 4:
        case 5:
        case 6:
        case 7:
        case 8:
        case 9:
        case 19:
        case 20:
            return true;
        default:
            return false;
    }
}

std::uint16_t u16At(std::string_view bytes, std::size_t offset) {
    return static_cast<std::uint16_t>(static_cast<unsigned char>(bytes[offset]) |
                                      (static_cast<unsigned char>(bytes[offset + 1]) << 8));
}

std::uint32_t u32At(std::string_view bytes, std::size_t offset) {
    return u16At(bytes, offset) | (static_cast<std::uint32_t>(u16At(bytes, offset + 2)) << 16);
}

std::string utf16Field(BinaryReader& reader) {
    std::size_t chars = reader.u16();
    std::string out;
    unicode::appendUtf16Le(reader.bytes(chars * 2), out);
    return out;
}

class SectionWalker {
  public:
    SectionWalker(const std::vector<Record>& records, const DocInfo& info, ParagraphHeads& heads,
                  DocumentSink& sink, BodyStats& stats)
        : m_records(records), m_info(info), m_heads(heads), m_sink(sink), m_stats(stats) {}

    void run() {
        findMemos();
        findOutlineNumbering();
        std::size_t i = 0;
        while (i < m_records.size())
            i = walkAny(i, m_records.size(), 0);
    }

  private:
    struct Field {
        bool link = false;
    };

    // Records after `i` with a deeper level belong to it.
    std::size_t subtreeEnd(std::size_t i, std::size_t end) const {
        std::uint16_t level = m_records[i].level;
        std::size_t j = i + 1;
        while (j < end && m_records[j].level > level)
            ++j;
        return j;
    }

    std::size_t walkAny(std::size_t i, std::size_t end, std::size_t depth) {
        const Record& record = m_records[i];
        if (record.tag == tag::kParaHeader) return paragraph(i, end, depth);
        if (record.tag == tag::kListHeader) {
            // A paragraph list outside any known control (memos, unusual writers).
            m_sink.openTextBox();
            std::size_t next = list(i, end, depth);
            m_sink.closeTextBox();
            return next;
        }
        return i + 1;
    }

    // The paragraphs of the list whose LIST_HEADER is at `i`.
    std::size_t list(std::size_t i, std::size_t end, std::size_t depth) {
        std::uint16_t level = m_records[i].level;
        std::size_t j = i + 1;
        if (j < end && m_records[j].tag == tag::kParaHeader && m_records[j].level == level + 1)
            ++level;
        while (j < end && m_records[j].tag == tag::kParaHeader && m_records[j].level == level)
            j = paragraph(j, end, depth + 1);
        return j;
    }

    // Every paragraph list inside [begin, end), for controls that hold only lists.
    void lists(std::size_t begin, std::size_t end, std::size_t depth) {
        std::size_t j = begin;
        while (j < end) {
            const Record& record = m_records[j];
            if (record.tag == tag::kListHeader) {
                j = list(j, end, depth);
            } else if (record.tag == tag::kParaHeader) {
                j = paragraph(j, end, depth + 1);
            } else {
                ++j;
            }
        }
    }

    bool hasLists(std::size_t begin, std::size_t end) const {
        for (std::size_t j = begin; j < end; ++j)
            if (m_records[j].tag == tag::kListHeader || m_records[j].tag == tag::kParaHeader)
                return true;
        return false;
    }

    std::size_t paragraph(std::size_t i, std::size_t end, std::size_t depth) {
        std::size_t childEnd = subtreeEnd(i, end);
        if (depth > limits::kMaxObjectNesting) {
            m_stats.depthExceeded = true;
            return childEnd;
        }
        ++m_stats.paragraphs;
        const Record& header = m_records[i];
        std::uint16_t childLevel = header.level + 1;

        Paragraph para;
        const DocInfo::ParaShape* shape = nullptr;
        if (header.payload.size() >= 10) {
            std::uint16_t shapeId = u16At(header.payload, 8);
            if (shapeId < m_info.paraShapes.size()) {
                shape = &m_info.paraShapes[shapeId];
                if (shape->head == DocInfo::Head::Outline) {
                    para.kind = BlockKind::Heading;
                    para.level = shape->level + 1;
                } else if (shape->head != DocInfo::Head::None) {
                    para.kind = BlockKind::ListItem;
                    para.level = shape->level;
                }
            }
        }

        std::string_view text;
        std::vector<std::size_t> controls;
        for (std::size_t j = i + 1; j < childEnd; ++j) {
            if (m_records[j].level != childLevel) continue;
            if (m_records[j].tag == tag::kParaText && text.empty()) text = m_records[j].payload;
            if (m_records[j].tag == tag::kCtrlHeader) controls.push_back(j);
            if (m_records[j].tag == tag::kParaRangeTag)
                changeRanges(m_records[j].payload, para.changes);
        }
        std::vector<bool> used(controls.size(), false);
        std::size_t nextControl = 0;

        Paragraph* outer = std::exchange(m_para, &para);
        std::size_t outerDepth = std::exchange(m_depth, depth);
        // Opened before its controls, as HWPX's `hp:p` is, so that the objects anchored in a
        // paragraph follow its text in both formats (the builder drops it if it stays empty).
        ensureOpen();
        if (shape && shape->head != DocInfo::Head::None) paragraphHead(*shape);
        std::size_t units = text.size() / 2;
        if (!para.changes.empty()) para.changeAt = changeOwners(para.changes, units);
        // Where the paragraph's own end (char 13) stands: a range over it changed the break.
        std::size_t paraEnd = text.empty() && header.payload.size() >= 4
                                  ? (u32At(header.payload, 0) & 0x7FFFFFFFu)
                                  : 0;
        paraEnd = paraEnd > 0 ? paraEnd - 1 : units;
        for (std::size_t k = 0; k < units; ++k) {
            auto c = static_cast<char16_t>(u16At(text, k * 2));
            if (c == 13) {
                paraEnd = k;
                break;
            }
            if (!para.changeAt.empty()) markChange(para.changeAt[k]);
            if (c >= 32) {
                para.buffer.push_back(c);
                continue;
            }
            if (isExtended(c) || isInline(c)) {
                std::uint32_t id = k + 2 < units ? u32At(text, (k + 1) * 2) : 0;
                k += 7;
                if (c == 9) {
                    para.buffer.push_back(u'\t');
                } else if (c == 4) {
                    endField();
                } else if (isExtended(c)) {
                    std::size_t index = pairControl(controls, used, nextControl, id);
                    if (c == 3) {
                        startField(index < controls.size() ? controls[index] : m_records.size(),
                                   id);
                    } else if (index < controls.size()) {
                        flush();
                        control(controls[index], childEnd, depth);
                    }
                }
                continue;
            }
            if (c == 10) para.buffer.push_back(u'\n');
            if (c == 24) para.buffer.push_back(u'-');
            if (c == 30 || c == 31) para.buffer.push_back(u' ');
        }
        if (!para.changeAt.empty()) markChange(0);
        flush();
        if (!para.changes.empty()) breakChange(para.changes, paraEnd);
        // Controls that no character pointed at still hold text worth keeping.
        for (std::size_t k = 0; k < controls.size(); ++k)
            if (!used[k]) control(controls[k], childEnd, depth);
        // Some writers hang a paragraph list directly under a paragraph, outside any control;
        // Hancom puts each memo's body there, after a MEMO_LIST record.
        bool memo = false;
        for (std::size_t j = i + 1; j < childEnd;) {
            if (m_records[j].level == childLevel && m_records[j].tag == tag::kListHeader) {
                if (memo && m_memoEmitted.count(j)) {
                    // Already given at its anchor.
                    j = memoEnd(j);
                    memo = false;
                    continue;
                }
                flush();
                if (memo) {
                    m_sink.openAnnotation("memo");
                    ++m_stats.kept.annotations;
                } else {
                    m_sink.openTextBox();
                }
                j = list(j, childEnd, depth);
                m_sink.closeTextBox();
                memo = false;
            } else {
                if (m_records[j].level == childLevel) memo = m_records[j].tag == tag::kMemoList;
                ++j;
            }
        }
        if (para.open) {
            if (!para.fields.empty() && para.fields.back().link) m_sink.closeLink();
            m_sink.closeParagraph();
        }
        m_para = outer;
        m_depth = outerDepth;
        return childEnd;
    }

    // The number or bullet Hancom shows before the paragraph, counted in document order (an
    // empty numbered paragraph takes its number too, as Hancom shows it).
    void paragraphHead(const DocInfo::ParaShape& shape) {
        auto level = static_cast<unsigned>(shape.level);
        std::string head;
        switch (shape.head) {
            case DocInfo::Head::Outline:
                head = m_heads.next(HeadKind::Outline, m_outlineNumbering, level);
                break;
            case DocInfo::Head::Numbering:
                head = m_heads.next(HeadKind::Number, shape.headId, level);
                break;
            case DocInfo::Head::Bullet:
                head = m_heads.next(HeadKind::Bullet, shape.headId, level);
                break;
            case DocInfo::Head::None:
                return;
        }
        if (!head.empty()) m_sink.setParagraphHead(head);
    }

    // The section definition (`secd`, in the section's first paragraph) names the numbering its
    // outline paragraphs count on: the UINT16 after attributes, three HWPUNIT16 and a HWPUNIT.
    void findOutlineNumbering() {
        for (const Record& record : m_records) {
            if (record.tag != tag::kCtrlHeader || record.payload.size() < 20 ||
                u32At(record.payload, 0) != kCtrlSection)
                continue;
            m_outlineNumbering = u16At(record.payload, 18);
            return;
        }
    }

    // Hancom keeps every memo's body at the end of the section, a MEMO_LIST record (the memo's
    // number) before its LIST_HEADER; the memo field's command names the number.
    void findMemos() {
        for (std::size_t j = 0; j + 1 < m_records.size(); ++j) {
            if (m_records[j].tag != tag::kMemoList || m_records[j].payload.size() < 4) continue;
            if (m_records[j + 1].tag != tag::kListHeader) continue;
            m_memos.emplace(u32At(m_records[j].payload, 0), j + 1);
        }
    }

    // The record after the memo list whose LIST_HEADER is at `j`: its paragraphs, at its level
    // or deeper, and what they hold.
    std::size_t memoEnd(std::size_t j) const {
        std::uint16_t level = m_records[j].level;
        std::size_t k = j + 1;
        while (k < m_records.size() &&
               (m_records[k].level > level ||
                (m_records[k].level == level && m_records[k].tag == tag::kParaHeader)))
            ++k;
        return k;
    }

    // A memo field `MEMO/shape/NUMBER/…`: its body goes where the memo is anchored, as HWPX
    // places it.
    void memoAtAnchor(std::string_view payload) {
        std::string command;
        try {
            BinaryReader reader(payload, "memo field");
            reader.skip(9);
            command = utf16Field(reader);
        } catch (const std::exception&) {
            return;
        }
        if (command.rfind("MEMO/", 0) != 0) return;
        std::size_t start = command.find('/', 5);
        if (start == std::string::npos) return;
        std::uint32_t number = 0;
        std::size_t k = start + 1;
        for (; k < command.size() && command[k] >= '0' && command[k] <= '9' && k < start + 10; ++k)
            number = number * 10 + static_cast<std::uint32_t>(command[k] - '0');
        if (k == start + 1) return;
        auto found = m_memos.find(number);
        if (found == m_memos.end() || m_memoEmitted.count(found->second)) return;
        m_memoEmitted.insert(found->second);
        ensureOpen();
        m_sink.openAnnotation("memo");
        ++m_stats.kept.annotations;
        // Nested as deep as the paragraph it is anchored in: memos in memos stay bounded.
        list(found->second, memoEnd(found->second), m_depth + 1);
        m_sink.closeTextBox();
    }

    // The tracked insertions and deletions among a paragraph's range tags.
    void changeRanges(std::string_view payload, std::vector<ChangeRange>& changes) {
        for (std::size_t at = 0; at + 12 <= payload.size(); at += 12) {
            std::uint32_t tag = u32At(payload, at + 8);
            auto kind = static_cast<std::uint8_t>(tag >> 24);
            if (kind != kRangeInserted && kind != kRangeDeleted) continue;
            ChangeRange range{u32At(payload, at), u32At(payload, at + 4), kind == kRangeDeleted,
                              tag & 0xFFFFFFu};
            if (range.end <= range.start) continue;
            changes.push_back(range);
            ++m_stats.kept.trackedChanges;
        }
    }

    // For each code unit, the range that marks it (its index + 1; 0 none): a deletion wins over
    // an insertion, and among ranges of one kind the one that starts last. One sweep over the
    // ranges' starts and ends, so that any number of overlapping ranges stays cheap.
    static std::vector<std::uint32_t> changeOwners(const std::vector<ChangeRange>& changes,
                                                   std::size_t units) {
        std::vector<std::pair<std::size_t, std::uint32_t>> starts, ends;
        for (std::uint32_t i = 0; i < changes.size(); ++i) {
            std::size_t start = std::min<std::size_t>(changes[i].start, units);
            std::size_t end = std::min<std::size_t>(changes[i].end, units);
            if (start >= end) continue;
            starts.emplace_back(start, i);
            ends.emplace_back(end, i);
        }
        std::sort(starts.begin(), starts.end());
        std::sort(ends.begin(), ends.end());
        std::set<std::pair<std::size_t, std::uint32_t>> deleted, inserted;
        std::vector<std::uint32_t> owners(units, 0);
        std::size_t s = 0, e = 0;
        for (std::size_t k = 0; k < units; ++k) {
            for (; e < ends.size() && ends[e].first == k; ++e) {
                const ChangeRange& range = changes[ends[e].second];
                (range.deleted ? deleted : inserted)
                    .erase({std::min<std::size_t>(range.start, units), ends[e].second});
            }
            for (; s < starts.size() && starts[s].first == k; ++s)
                (changes[starts[s].second].deleted ? deleted : inserted).insert(starts[s]);
            if (!deleted.empty())
                owners[k] = deleted.rbegin()->second + 1;
            else if (!inserted.empty())
                owners[k] = inserted.rbegin()->second + 1;
        }
        return owners;
    }

    // The kind, author and date of the change the range `owner` (index + 1; 0 none) marks.
    ChangeMark changeMark(std::uint32_t owner) const {
        if (owner == 0 || owner > m_para->changes.size()) return {};
        const ChangeRange& range = m_para->changes[owner - 1];
        ChangeMark mark{range.deleted ? "deleted" : "inserted", {}, {}};
        if (range.change >= 1 && range.change <= m_info.trackChanges.size()) {
            const DocInfo::TrackChange& change = m_info.trackChanges[range.change - 1];
            mark.author = change.author;
            mark.date = change.date;
        }
        return mark;
    }

    // Marks the text from here on as changed by the range `owner` (index + 1), or unchanged.
    void markChange(std::uint32_t owner) {
        if (owner == m_para->changeOwner) return;
        flush();
        ensureOpen();
        m_sink.setChange(changeMark(owner));
        m_para->changeOwner = owner;
    }

    // A range over the paragraph's end (the unit at `end`) deleted or inserted its break.
    void breakChange(const std::vector<ChangeRange>& changes, std::size_t end) {
        std::uint32_t owner = 0;
        for (std::uint32_t i = 0; i < changes.size(); ++i) {
            if (changes[i].start > end || changes[i].end <= end) continue;
            if (owner == 0 || (changes[i].deleted && !changes[owner - 1].deleted)) owner = i + 1;
        }
        if (owner == 0) return;
        ensureOpen();
        m_sink.setBreakChange(changes[owner - 1].deleted ? "deleted" : "inserted");
    }

    std::size_t pairControl(const std::vector<std::size_t>& controls, std::vector<bool>& used,
                            std::size_t& next, std::uint32_t id) {
        for (std::size_t k = next; k < controls.size(); ++k) {
            std::string_view payload = m_records[controls[k]].payload;
            if (payload.size() >= 4 && u32At(payload, 0) == id) {
                used[k] = true;
                next = k + 1;
                return k;
            }
        }
        // Fields may name themselves differently in the text (`%%me`) and in their header
        // (`%unk`): fall back to document order.
        if (next < controls.size()) {
            used[next] = true;
            return next++;
        }
        ++m_stats.malformedControls;
        return controls.size();
    }

    void ensureOpen() {
        if (m_para->open) return;
        m_sink.openParagraph(m_para->kind, m_para->level);
        m_para->open = true;
        if (!m_para->fields.empty() && m_para->fields.back().link) m_sink.openLink(m_para->href);
    }

    void flush() {
        if (m_para->buffer.empty()) return;
        ensureOpen();
        m_utf8.clear();
        unicode::appendUtf16(m_para->buffer.data(), m_para->buffer.size(), m_utf8);
        m_stats.characters += m_para->buffer.size();
        m_para->buffer.clear();
        m_sink.insertText(m_utf8);
    }

    void startField(std::size_t controlIndex, std::uint32_t id) {
        flush();
        Field field;
        // The header decides what the field is: its id in the text may differ.
        if (controlIndex < m_records.size() && m_records[controlIndex].payload.size() >= 4)
            id = u32At(m_records[controlIndex].payload, 0);
        if (id == kCtrlHyperlink && controlIndex < m_records.size()) {
            std::string_view payload = m_records[controlIndex].payload;
            try {
                BinaryReader reader(payload, "hyperlink field");
                reader.skip(9);
                std::string command = utf16Field(reader);
                std::string target = hyperlinkTarget(command);
                if (!target.empty()) {
                    field.link = true;
                    m_para->href = target;
                }
            } catch (const std::exception&) {
                ++m_stats.malformedControls;
            }
        }
        if ((id == kCtrlUnknownField || id == kCtrlMemo) && controlIndex < m_records.size())
            memoAtAnchor(m_records[controlIndex].payload);
        if (id == kCtrlClickHere && controlIndex < m_records.size()) {
            // The guide an editor shows while the field is empty: kept, marked.
            try {
                BinaryReader reader(m_records[controlIndex].payload, "click-here field");
                reader.skip(9);
                std::string guide = clickHereGuide(utf16Field(reader));
                if (!guide.empty()) {
                    ensureOpen();
                    m_sink.insertInstruction(guide);
                    ++m_stats.kept.instructions;
                }
            } catch (const std::exception&) {
                ++m_stats.malformedControls;
            }
        }
        if (m_para->fields.size() >= limits::kMaxNestingDepth) return;
        m_para->fields.push_back(field);
        if (field.link && m_para->open) m_sink.openLink(m_para->href);
    }

    void endField() {
        if (m_para->fields.empty()) return;
        flush();
        bool link = m_para->fields.back().link;
        m_para->fields.pop_back();
        if (link && m_para->open) m_sink.closeLink();
    }

    void control(std::size_t c, std::size_t end, std::size_t depth) {
        std::string_view payload = m_records[c].payload;
        if (payload.size() < 4) return;
        std::uint32_t id = u32At(payload, 0);
        std::size_t controlEnd = subtreeEnd(c, end);
        switch (id) {
            case kCtrlDutmal:
            case kCtrlCompose: {
                // 덧말 and 글자 겹침 hold their text in the control: the main text of a ruby,
                // the overlaid characters of a composition (as HWPX's mainText/composeText).
                BinaryReader reader(payload.substr(4), id == kCtrlDutmal ? "dutmal" : "compose");
                std::string text = utf16Field(reader);
                if (!text.empty()) {
                    flush();
                    ensureOpen();
                    m_sink.insertText(text);
                }
                return;
            }
            case kCtrlTable:
                table(c, controlEnd, depth);
                return;
            case kCtrlShape:
                shape(c, controlEnd, depth);
                return;
            case kCtrlEquation:
                equation(c, controlEnd, depth);
                return;
            case kCtrlFootnote:
            case kCtrlEndnote: {
                bool foot = id == kCtrlFootnote;
                std::size_t number = foot ? ++m_stats.footnotes : ++m_stats.endnotes;
                m_sink.openNote(foot ? NoteKind::Foot : NoteKind::End, std::to_string(number));
                lists(c + 1, controlEnd, depth);
                m_sink.closeNote();
                return;
            }
            case kCtrlForm:
                formObject(c, controlEnd);
                return;
            case kCtrlAutoNumber:
                autoNumber(payload);
                return;
            case kCtrlHiddenComment:
                m_sink.openAnnotation("hidden_comment");
                ++m_stats.kept.annotations;
                lists(c + 1, controlEnd, depth);
                m_sink.closeTextBox();
                return;
            case kCtrlHeader:
            case kCtrlFooter:
                m_sink.openHeaderFooter(id == kCtrlHeader ? BlockKind::Header : BlockKind::Footer);
                lists(c + 1, controlEnd, depth);
                m_sink.closeHeaderFooter();
                return;
            case kCtrlSection:
            case kCtrlColumn:
            default:
                // Master pages and unknown controls: keep any text they hold.
                if (hasLists(c + 1, controlEnd)) {
                    m_sink.openTextBox();
                    lists(c + 1, controlEnd, depth);
                    m_sink.closeTextBox();
                }
                return;
        }
    }

    // An auto number (`atno`): attributes (bits 0–3 what it numbers: 0 page, 1 footnote,
    // 2 endnote, 3 picture, 4 table, 5 equation; bits 4–11 the number shape), the number as
    // Hancom last laid it out, a user sign and the characters before and after it. A caption's
    // number (`표 4`) is text; page numbers depend on the layout and note numbers are the
    // notes' marks, so those stay out.
    void autoNumber(std::string_view payload) {
        try {
            BinaryReader reader(payload.substr(4), "auto number");
            std::uint32_t attributes = reader.u32();
            std::uint16_t number = reader.u16();
            reader.skip(2);
            char16_t around[2] = {reader.u16(), reader.u16()};
            unsigned type = attributes & 0xF;
            // 0 is no number Hancom laid out (writers other than Hancom leave it so).
            if (type < 3 || type > 5 || number == 0) return;
            std::string text;
            if (around[0]) unicode::appendUtf16(&around[0], 1, text);
            text += formatNumber(number, numberShapeOf((attributes >> 4) & 0xFF));
            if (around[1]) unicode::appendUtf16(&around[1], 1, text);
            flush();
            ensureOpen();
            m_sink.insertText(text);
        } catch (const std::exception&) {
            ++m_stats.malformedControls;
        }
    }

    // A form object's FORM_OBJECT record: the type id twice (`+pbt` push button, `+cbt` check
    // button, `+rbt` radio button, `+cob` combo box (목록 상자, Hancom's list box), `+edt` edit:
    // the five ids hwplib's FormObjectType knows and the corpus holds; any other is `unknown`),
    // a DWORD, then a WORD length and the WCHAR parameter string
    // (`… ButtonSet:set:71:Caption:wstring:8:선택 상자445 …`).
    void formObject(std::size_t c, std::size_t end) {
        for (std::size_t j = c + 1; j < end; ++j) {
            if (m_records[j].tag != tag::kFormObject) continue;
            try {
                BinaryReader reader(m_records[j].payload, "form object");
                std::uint32_t type = reader.u32();
                reader.skip(8);
                std::string text = formObjectText(utf16Field(reader));
                std::string_view kind = type == makeCtrlId("+pbt")   ? "button"
                                        : type == makeCtrlId("+cbt") ? "check_button"
                                        : type == makeCtrlId("+rbt") ? "radio_button"
                                        : type == makeCtrlId("+cob") ? "combo_box"
                                        : type == makeCtrlId("+edt") ? "edit"
                                                                     : "unknown";
                if (!text.empty()) {
                    flush();
                    m_sink.insertFormObject(kind, text);
                }
            } catch (const std::exception&) {
                ++m_stats.malformedControls;
            }
            return;
        }
    }

    CellPosition cellPosition(std::string_view payload, std::uint32_t ordinal,
                              const std::vector<std::uint16_t>& cellsPerRow) const {
        CellPosition position;
        if (payload.size() >= 16) {
            position.col = u16At(payload, 8);
            position.row = u16At(payload, 10);
            position.colSpan = std::max<std::uint32_t>(1, u16At(payload, 12));
            position.rowSpan = std::max<std::uint32_t>(1, u16At(payload, 14));
            return position;
        }
        // No cell block: place cells in reading order from the per-row counts.
        std::uint32_t row = 0;
        while (row < cellsPerRow.size() && ordinal >= cellsPerRow[row]) {
            ordinal -= cellsPerRow[row];
            ++row;
        }
        position.row = row;
        position.col = ordinal;
        return position;
    }

    void table(std::size_t c, std::size_t end, std::size_t depth) {
        std::uint16_t childLevel = m_records[c].level + 1;
        std::size_t tableRecord = end;
        std::uint32_t rows = 0, cols = 0;
        std::vector<std::uint16_t> cellsPerRow;
        for (std::size_t j = c + 1; j < end; ++j) {
            if (m_records[j].tag != tag::kTable || m_records[j].level != childLevel) continue;
            tableRecord = j;
            try {
                BinaryReader reader(m_records[j].payload, "table");
                reader.skip(4);
                rows = reader.u16();
                cols = reader.u16();
                reader.skip(2 + 8);
                for (std::uint32_t r = 0; r < rows && reader.remaining() >= 2; ++r)
                    cellsPerRow.push_back(reader.u16());
            } catch (const std::exception&) {
                ++m_stats.malformedControls;
            }
            break;
        }
        m_sink.openTable(rows, cols);
        std::uint32_t ordinal = 0;
        std::size_t j = c + 1;
        while (j < end) {
            const Record& record = m_records[j];
            if (record.tag == tag::kListHeader && record.level == childLevel) {
                if (j < tableRecord && tableRecord != end) {
                    m_sink.openCaption();
                    j = list(j, end, depth);
                    m_sink.closeCaption();
                } else {
                    m_sink.openCell(cellPosition(record.payload, ordinal++, cellsPerRow));
                    j = list(j, end, depth);
                    m_sink.closeCell();
                }
            } else if (record.tag == tag::kParaHeader) {
                j = paragraph(j, end, depth + 1);
            } else {
                ++j;
            }
        }
        m_sink.closeTable();
    }

    void shape(std::size_t c, std::size_t end, std::size_t depth) {
        std::uint16_t childLevel = m_records[c].level + 1;
        bool seenComponent = false;
        std::size_t j = c + 1;
        while (j < end) {
            const Record& record = m_records[j];
            if (record.tag == tag::kListHeader) {
                if (!seenComponent && record.level == childLevel) {
                    j = list(j, end, depth);  // caption
                } else {
                    m_sink.openTextBox();
                    j = list(j, end, depth);
                    m_sink.closeTextBox();
                }
                continue;
            }
            if (record.tag == tag::kParaHeader) {
                j = paragraph(j, end, depth + 1);
                continue;
            }
            if (record.tag == tag::kShapeComponent) seenComponent = true;
            if (record.tag == tag::kShapeComponentPicture && record.payload.size() >= 73)
                image(u16At(record.payload, 71));
            if (record.tag == tag::kShapeComponentOle && record.payload.size() >= 14)
                image(u16At(record.payload, 12));
            ++j;
        }
    }

    void image(std::uint16_t binId) {
        if (binId == 0 || binId > m_info.binItems.size()) return;
        const DocInfo::BinItem& item = m_info.binItems[binId - 1];
        if (item.target.empty()) return;
        m_sink.insertImage(item.target, item.mediaType, {});
    }

    void equation(std::size_t c, std::size_t end, std::size_t depth) {
        for (std::size_t j = c + 1; j < end; ++j) {
            if (m_records[j].tag != tag::kEqEdit) continue;
            try {
                BinaryReader reader(m_records[j].payload, "equation");
                reader.skip(4);
                std::string script = utf16Field(reader);
                m_sink.insertEquation(script);
            } catch (const std::exception&) {
                ++m_stats.malformedControls;
            }
            break;
        }
        // An equation's caption is an ordinary paragraph list.
        lists(c + 1, end, depth);
    }

    struct Paragraph {
        BlockKind kind = BlockKind::Paragraph;
        int level = 0;
        bool open = false;
        std::u16string buffer;
        std::vector<Field> fields;
        std::string href;
        std::vector<ChangeRange> changes;
        // The range (index + 1) that marks each code unit, 0 none; the one marking the text now.
        std::vector<std::uint32_t> changeAt;
        std::uint32_t changeOwner = 0;
    };

    const std::vector<Record>& m_records;
    const DocInfo& m_info;
    ParagraphHeads& m_heads;
    DocumentSink& m_sink;
    BodyStats& m_stats;
    Paragraph* m_para = nullptr;
    std::string m_utf8;
    // Memo number → the LIST_HEADER of its body; the bodies already given at their anchors.
    std::map<std::uint32_t, std::size_t> m_memos;
    // The nesting depth of the paragraph being read.
    std::size_t m_depth = 0;
    std::set<std::size_t> m_memoEmitted;
    // The numbering the section's outline paragraphs count on (0: none).
    std::uint16_t m_outlineNumbering = 0;
};

}  // namespace

namespace {

// TRACK_CHANGE's minute-precise time as RFC 3339. HWPX gives the same fields with `Z`
// (`2023-02-07T10:21:00Z`); fields out of range give no date.
std::string trackChangeDate(BinaryReader& reader) {
    std::uint16_t year = reader.u16(), month = reader.u16(), day = reader.u16();
    std::uint16_t hour = reader.u16(), minute = reader.u16();
    if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 ||
        minute > 59)
        return {};
    char text[32];
    std::snprintf(text, sizeof text, "%04u-%02u-%02uT%02u:%02u:00Z", unsigned{year},
                  unsigned{month}, unsigned{day}, unsigned{hour}, unsigned{minute});
    return text;
}

// A paragraph head info: UINT32 attributes (bits 5–8 the number shape), width adjustment and
// distance to the text (HWPUNIT16 each), UINT32 char shape: 12 bytes in real files, where the
// spec's table totals 8. Returns the number shape.
NumberShape headInfoShape(BinaryReader& reader) {
    std::uint32_t attributes = reader.u32();
    reader.skip(8);
    return numberShapeOf((attributes >> 5) & 0xF);
}

// A NUMBERING level's head format (`^1.`, `제^1장`, `(^5)`): WORD length + WCHAR.
std::string headFormat(BinaryReader& reader) {
    std::size_t units = BinaryReader::checkedCount(
        reader.u16(), limits::kMaxParagraphHeadFormatUnits, "numbering format");
    std::string format;
    unicode::appendUtf16Le(reader.bytes(units * 2), format);
    return format;
}

// A start number of 0 would show the same number twice: a level starts at 1 or later.
std::uint32_t startNumber(std::uint32_t stored) {
    return stored == 0 ? 1 : stored;
}

// A NUMBERING record; throws when the seven levels and the start number are not all there.
std::vector<NumberingLevel> numberingLevels(std::string_view payload) {
    BinaryReader reader(payload, "numbering");
    std::vector<NumberingLevel> levels(7);
    for (NumberingLevel& level : levels) {
        level.shape = headInfoShape(reader);
        level.format = headFormat(reader);
    }
    levels[0].start = startNumber(reader.u16());
    // Later writers add each level's start (5.0.2.5), then levels 8–10 and their starts (5.1;
    // some 5.0.3 files carry them too): read as far as the record goes.
    if (reader.remaining() < 4 * levels.size()) return levels;
    for (NumberingLevel& level : levels)
        level.start = startNumber(reader.u32());
    try {
        std::vector<NumberingLevel> deeper(3);
        for (NumberingLevel& level : deeper) {
            level.shape = headInfoShape(reader);
            level.format = headFormat(reader);
        }
        for (NumberingLevel& level : deeper)
            if (reader.remaining() >= 4) level.start = startNumber(reader.u32());
        levels.insert(levels.end(), deeper.begin(), deeper.end());
    } catch (const std::exception&) {
        // Levels 8–10 cut short: the seven read stand.
    }
    return levels;
}

}  // namespace

ParagraphHeads paragraphHeads(const DocInfo& info) {
    ParagraphHeads heads;
    for (std::size_t i = 0; i < info.numberings.size(); ++i)
        if (!info.numberings[i].empty())
            heads.defineNumbering(static_cast<std::uint32_t>(i + 1), info.numberings[i]);
    for (std::size_t i = 0; i < info.bullets.size(); ++i)
        if (!info.bullets[i].empty())
            heads.defineBullet(static_cast<std::uint32_t>(i + 1), info.bullets[i]);
    return heads;
}

DocInfo parseDocInfo(const std::vector<Record>& records) {
    DocInfo info;
    std::vector<std::string> authors;
    // The author (from 1) each TRACK_CHANGE names, resolved once every author is read.
    std::vector<std::uint16_t> authorOf;
    for (const Record& record : records) {
        try {
            if (record.tag == tag::kTrackChange) {
                if (info.trackChanges.size() >= limits::kMaxTrackChanges) continue;
                DocInfo::TrackChange change;
                std::uint16_t author = 0;
                try {
                    BinaryReader reader(record.payload, "track change");
                    reader.skip(4);
                    change.date = trackChangeDate(reader);
                    author = reader.u16();
                } catch (const std::exception&) {
                    // A short record keeps its number so that later ones still line up.
                }
                info.trackChanges.push_back(std::move(change));
                authorOf.push_back(author);
            } else if (record.tag == tag::kTrackChangeAuthor) {
                if (authors.size() >= limits::kMaxTrackChanges) continue;
                std::string name;
                try {
                    BinaryReader reader(record.payload, "track change author");
                    std::size_t units = BinaryReader::checkedCount(
                        reader.u32(), limits::kMaxAuthorNameUnits, "track change author name");
                    unicode::appendUtf16Le(reader.bytes(units * 2), name);
                } catch (const std::exception&) {
                    name.clear();
                }
                authors.push_back(std::move(name));
            } else if (record.tag == tag::kParaShape) {
                DocInfo::ParaShape shape;
                if (record.payload.size() >= 4) {
                    std::uint32_t attributes = u32At(record.payload, 0);
                    shape.head = static_cast<DocInfo::Head>((attributes >> 23) & 0x3);
                    shape.level = static_cast<int>((attributes >> 25) & 0x7);
                }
                // After attributes, six INT32 and the tab definition id: the numbering or bullet.
                if (record.payload.size() >= 32) shape.headId = u16At(record.payload, 30);
                info.paraShapes.push_back(shape);
            } else if (record.tag == tag::kNumbering) {
                if (info.numberings.size() >= limits::kMaxParagraphHeadDefinitions) continue;
                std::vector<NumberingLevel> levels;
                try {
                    levels = numberingLevels(record.payload);
                } catch (const std::exception&) {
                    // A short record gives no heads but keeps its id, so later ones line up.
                    levels.clear();
                }
                info.numberings.push_back(std::move(levels));
            } else if (record.tag == tag::kBullet) {
                if (info.bullets.size() >= limits::kMaxParagraphHeadDefinitions) continue;
                std::string sign;
                if (record.payload.size() >= 14) {
                    char16_t unit = u16At(record.payload, 12);
                    unicode::appendUtf16(&unit, 1, sign);
                }
                info.bullets.push_back(std::move(sign));
            } else if (record.tag == tag::kBinData) {
                DocInfo::BinItem item;
                BinaryReader reader(record.payload, "bin data");
                std::uint16_t attributes = reader.u16();
                unsigned type = attributes & 0xF;
                if (type == 0) {
                    std::string absolute = utf16Field(reader);
                    std::string relative = utf16Field(reader);
                    item.target = relative.empty() ? absolute : relative;
                    std::size_t dot = item.target.rfind('.');
                    item.mediaType = mediaTypeForExtension(
                        dot == std::string::npos ? "" : item.target.substr(dot + 1));
                } else {
                    std::uint16_t id = reader.u16();
                    std::string extension = type == 1 ? utf16Field(reader) : "OLE";
                    char name[32];
                    std::snprintf(name, sizeof name, "BinData/BIN%04X.", id);
                    item.target = name + extension;
                    item.mediaType = mediaTypeForExtension(extension);
                }
                info.binItems.push_back(std::move(item));
            }
        } catch (const std::exception&) {
            // A short record keeps its slot so later ids still line up.
            if (record.tag == tag::kBinData) info.binItems.emplace_back();
        }
    }
    for (std::size_t i = 0; i < info.trackChanges.size(); ++i)
        if (authorOf[i] >= 1 && authorOf[i] <= authors.size())
            info.trackChanges[i].author = authors[authorOf[i] - 1];
    return info;
}

void emitSection(const std::vector<Record>& records, const DocInfo& info, ParagraphHeads& heads,
                 DocumentSink& sink, BodyStats& stats) {
    SectionWalker(records, info, heads, sink, stats).run();
}

}  // namespace jikji::converters::hwp5
