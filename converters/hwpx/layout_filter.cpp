#include "converters/hwpx/layout_filter.h"

#include "pipeline/limits.h"

namespace jikji::converters::hwpx {

namespace {

constexpr std::size_t kFlushBytes = 64 * 1024;

bool isNameChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.' || static_cast<unsigned char>(c) >= 0x80;
}

bool endsName(char c) {
    return c == '>' || c == '/' || c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

}  // namespace

LayoutFilter::LayoutFilter(std::string_view localName, std::function<void(std::string_view)> out)
    : m_name(localName), m_out(std::move(out)) {}

void LayoutFilter::feed(std::string_view bytes) {
    if (m_carry.empty()) {
        std::size_t used = process(bytes, false);
        m_carry.assign(bytes.substr(used));
        return;
    }
    // The held-back tail is short: complete it with the head of the new bytes, then go on
    // without copying the rest.
    std::size_t head = std::min(bytes.size(), limits::kMaxFilterLookahead);
    std::size_t before = m_carry.size();
    m_carry.append(bytes.substr(0, head));
    std::size_t used = process(m_carry, false);
    if (used < before) {
        // Still undecided within the lookahead: keep holding (bounded by the lookahead).
        m_carry.erase(0, used);
        if (head < bytes.size()) feed(bytes.substr(head));
        return;
    }
    std::size_t consumedOfNew = used - before;
    m_carry.clear();
    std::size_t rest = process(bytes.substr(consumedOfNew), false);
    m_carry.assign(bytes.substr(consumedOfNew + rest));
}

void LayoutFilter::finish() {
    std::string data = std::move(m_carry);
    m_carry.clear();
    process(data, true);
    flush();
}

// What passes between dropped elements is often a few hundred bytes; the push parser works
// much faster on large chunks, so output is gathered first.
void LayoutFilter::emit(std::string_view bytes) {
    if (bytes.empty()) return;
    if (m_pending.empty() && bytes.size() >= kFlushBytes) {
        m_out(bytes);
        return;
    }
    m_pending.append(bytes);
    if (m_pending.size() >= kFlushBytes) flush();
}

void LayoutFilter::flush() {
    if (m_pending.empty()) return;
    m_out(m_pending);
    m_pending.clear();
}

// Handles as much of `data` as it can and returns how many bytes it consumed; the rest is
// held back until more arrives.
std::size_t LayoutFilter::process(std::string_view data, bool final) {
    const std::string_view kName = m_name;
    std::size_t pos = 0;
    while (pos < data.size()) {
        if (m_inside) {
            std::size_t end = data.find(m_closeTag, pos);
            if (end == std::string_view::npos) {
                if (final) {
                    m_dropped += data.size() - pos;
                    return data.size();
                }
                // Keep just enough to recognise a close tag split across chunks.
                std::size_t keep = std::min(data.size() - pos, m_closeTag.size() - 1);
                m_dropped += data.size() - pos - keep;
                return data.size() - keep;
            }
            m_dropped += end + m_closeTag.size() - pos;
            pos = end + m_closeTag.size();
            m_inside = false;
            continue;
        }
        std::size_t hit = data.find(kName, pos);
        if (hit == std::string_view::npos) {
            // Hold back a tail that may be the start of `<prefix:linesegarray`.
            std::size_t keep = 0;
            std::size_t lt = final ? std::string_view::npos : data.rfind('<');
            if (lt != std::string_view::npos && lt >= pos && data.size() - lt < kName.size() + 64)
                keep = data.size() - lt;
            emit(data.substr(pos, data.size() - pos - keep));
            return data.size() - keep;
        }
        // Walk back over `prefix:` to the `<` of a start tag.
        std::size_t start = hit;
        if (start > pos && data[start - 1] == ':') {
            --start;
            while (start > pos && isNameChar(data[start - 1]))
                --start;
        }
        bool isStart = start > pos && data[start - 1] == '<';
        std::size_t after = hit + kName.size();
        if (isStart && after >= data.size() && !final) {
            emit(data.substr(pos, start - 1 - pos));
            return start - 1;
        }
        if (!isStart || after >= data.size() || !endsName(data[after])) {
            emit(data.substr(pos, after - pos));
            pos = after;
            continue;
        }
        std::size_t close = data.find('>', after);
        if (close == std::string_view::npos) {
            if (!final && data.size() - start < limits::kMaxFilterLookahead) {
                emit(data.substr(pos, start - 1 - pos));
                return start - 1;
            }
            emit(data.substr(pos, after - pos));
            pos = after;
            continue;
        }
        emit(data.substr(pos, start - 1 - pos));
        m_dropped += close + 1 - (start - 1);
        if (data[close - 1] != '/') {
            m_inside = true;
            m_closeTag = "</";
            m_closeTag.append(data.substr(start, hit - start));
            m_closeTag.append(kName);
            m_closeTag += '>';
        }
        pos = close + 1;
    }
    return data.size();
}

}  // namespace jikji::converters::hwpx
