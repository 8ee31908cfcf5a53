#include "converters/common/paragraph_heads.h"

#include <algorithm>

namespace jikji::converters {

namespace {

constexpr unsigned kLevels = 10;

}  // namespace

void ParagraphHeads::defineNumbering(std::uint32_t id, std::vector<NumberingLevel> levels) {
    if (levels.size() > kLevels) levels.resize(kLevels);
    m_numberings[id] = std::move(levels);
}

void ParagraphHeads::defineBullet(std::uint32_t id, std::string_view sign) {
    // Hancom's bullets are mostly Wingdings signs in the private-use area (U+F06C): kept as
    // they are, for normalisation maps them (●); only blanks and controls are no sign.
    std::string kept;
    for (char c : sign)
        if (static_cast<unsigned char>(c) > 0x20) kept += c;
    m_bullets[id] = kept;
}

std::string ParagraphHeads::next(HeadKind kind, std::uint32_t id, unsigned level) {
    if (kind == HeadKind::Bullet) {
        auto bullet = m_bullets.find(id);
        return bullet == m_bullets.end() ? std::string() : bullet->second;
    }
    if (kind != HeadKind::Outline && kind != HeadKind::Number) return {};
    auto numbering = m_numberings.find(id);
    if (numbering == m_numberings.end() || level >= numbering->second.size()) return {};
    const std::vector<NumberingLevel>& levels = numbering->second;
    std::vector<std::uint32_t>& counters = m_counters[{kind == HeadKind::Outline, id}];
    counters.resize(levels.size(), 0);
    std::uint32_t& own = counters[level];
    own = own == 0 ? levels[level].start : own + 1;
    std::fill(counters.begin() + level + 1, counters.end(), 0);

    auto numberAt = [&](unsigned at) {
        std::uint32_t value = counters[at] ? counters[at] : levels[at].start;
        return formatNumber(value, levels[at].shape);
    };
    const std::string& format = levels[level].format;
    std::string head;
    for (std::size_t i = 0; i < format.size(); ++i) {
        if (format[i] != '^' || i + 1 >= format.size()) {
            head += format[i];
            continue;
        }
        char code = format[i + 1];
        if (code == 'n' || code == 'N') {
            for (unsigned at = 0; at <= level; ++at)
                head += (at ? "." : "") + numberAt(at);
            if (code == 'N') head += '.';
            ++i;
        } else if (code >= '1' && code <= '9') {
            unsigned at = static_cast<unsigned>(code - '1');
            // `^10` is level 10's number, not level 1's followed by a zero.
            if (code == '1' && i + 2 < format.size() && format[i + 2] == '0') {
                at = 9;
                ++i;
            }
            if (at < levels.size()) head += numberAt(at);
            ++i;
        } else {
            head += format[i];
        }
    }
    return head;
}

void SectionHeads::openParagraph(HeadKind kind, std::uint32_t id, unsigned level) {
    if (!m_heads || kind == HeadKind::None) return;
    if (kind == HeadKind::Outline && !m_outlineKnown) {
        m_pending = true;
        m_pendingLevel = level;
        return;
    }
    m_sink.setParagraphHead(
        m_heads->next(kind, kind == HeadKind::Outline ? m_outlineId : id, level));
}

void SectionHeads::setOutline(std::uint32_t id) {
    m_outlineId = id;
    m_outlineKnown = true;
    closeParagraph();
}

void SectionHeads::closeParagraph() {
    if (!m_pending) return;
    m_pending = false;
    m_sink.setParagraphHead(m_heads->next(HeadKind::Outline, m_outlineId, m_pendingLevel));
}

}  // namespace jikji::converters
