#include "converters/hwpx/layout_filter.h"

#include <algorithm>
#include <array>
#include <cstring>

#include "pipeline/limits.h"

namespace jikji::converters::hwpx {

namespace {

constexpr std::size_t kFlushBytes = 64 * 1024;
constexpr std::size_t npos = std::string_view::npos;
// How much of the next bytes completes a held-back tail at a time (more when still undecided).
constexpr std::size_t kCarryStep = 4096;

// Byte classes for the scans below, which see every start tag of a part.
enum : unsigned char { kOther = 0, kName = 1, kColon = 2, kQuote = 4, kTagEnd = 8, kLess = 16 };

constexpr std::array<unsigned char, 256> makeClasses() {
    std::array<unsigned char, 256> classes{};
    for (int c = 0; c < 256; ++c) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '_' || c == '-' || c == '.' || c >= 0x80)
            classes[c] = kName;
    }
    classes[':'] = kColon;
    classes['"'] = kQuote;
    classes['\''] = kQuote;
    classes['>'] = kTagEnd;
    classes['<'] = kLess;
    return classes;
}

constexpr std::array<unsigned char, 256> kClasses = makeClasses();

unsigned char classOf(char c) {
    return kClasses[static_cast<unsigned char>(c)];
}

bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool endsName(char c) {
    return c == '>' || c == '/' || isSpace(c);
}

}  // namespace

void LayoutFilter::Names::add(std::string_view name) {
    if (!name.empty() && name.size() < byLength.size()) byLength[name.size()].emplace_back(name);
}

bool LayoutFilter::Names::contains(std::string_view local) const {
    if (local.size() >= byLength.size()) return false;
    for (const std::string& name : byLength[local.size()])
        if (std::memcmp(name.data(), local.data(), local.size()) == 0) return true;
    return false;
}

LayoutFilter::LayoutFilter(std::string_view localName, std::function<void(std::string_view)> out)
    : LayoutFilter(std::vector<std::string_view>{localName}, std::move(out)) {}

LayoutFilter::LayoutFilter(const std::vector<std::string_view>& dropNames,
                           std::function<void(std::string_view)> out,
                           const std::vector<std::string_view>& bareNames)
    : m_out(std::move(out)) {
    for (std::string_view name : dropNames)
        m_drop.add(name);
    for (std::string_view name : bareNames)
        m_bare.add(name);
}

void LayoutFilter::feed(std::string_view bytes) {
    if (m_carry.empty()) {
        std::size_t used = process(bytes, false);
        m_carry.assign(bytes.substr(used));
        return;
    }
    // The held-back tail is short: complete it with the head of the new bytes, then go on
    // without copying the rest.
    std::size_t head = std::min(bytes.size(), kCarryStep);
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

// Where the close tag of the element being dropped (`</prefix:name`, optional spaces, `>`)
// ends, or npos; then `holdFrom` says where a close tag may begin that the next bytes complete.
std::size_t LayoutFilter::findClose(std::string_view data, std::size_t pos,
                                    std::size_t& holdFrom) const {
    while (true) {
        std::size_t hit = data.find(m_closeTag, pos);
        if (hit == npos) {
            holdFrom = data.size() - std::min(data.size() - pos, m_closeTag.size() - 1);
            return npos;
        }
        std::size_t k = hit + m_closeTag.size();
        while (k < data.size() && isSpace(data[k]) && k - hit < limits::kMaxFilterLookahead)
            ++k;
        if (k >= data.size()) {
            holdFrom = hit;
            return npos;
        }
        if (data[k] == '>') return k + 1;
        pos = hit + 1;
    }
}

// Handles as much of `data` as it can and returns how many bytes it consumed; the rest is
// held back until more arrives.
std::size_t LayoutFilter::process(std::string_view data, bool final) {
    std::size_t pos = 0;   // where scanning goes on
    std::size_t from = 0;  // the first byte not yet passed on
    while (pos < data.size()) {
        if (m_inside) {
            std::size_t holdFrom = 0;
            std::size_t end = findClose(data, pos, holdFrom);
            if (end == npos) {
                if (final) {
                    m_dropped += data.size() - pos;
                    return data.size();
                }
                m_dropped += holdFrom - pos;
                return holdFrom;
            }
            m_dropped += end - pos;
            pos = from = end;
            m_inside = false;
            continue;
        }
        std::size_t lt = data.find('<', pos);
        if (lt == npos) break;
        std::size_t nameStart = lt + 1;
        std::size_t localStart = nameStart;
        std::size_t nameEnd = nameStart;
        while (nameEnd < data.size()) {
            unsigned char kind = classOf(data[nameEnd]);
            if (kind == kColon)
                localStart = nameEnd + 1;
            else if (kind != kName)
                break;
            ++nameEnd;
        }
        if (nameEnd >= data.size()) {
            // The name may go on in the next bytes.
            if (final || data.size() - lt >= limits::kMaxFilterLookahead) break;
            emit(data.substr(from, lt - from));
            return lt;
        }
        // `</`, `<!`, `<?` and names of no interest pass through.
        std::string_view local = data.substr(localStart, nameEnd - localStart);
        bool drop = nameEnd > nameStart && m_drop.contains(local);
        bool bare = !drop && nameEnd > nameStart && m_bare.contains(local);
        if ((!drop && !bare) || !endsName(data[nameEnd])) {
            pos = nameEnd;
            continue;
        }
        // The end of the start tag: attribute values may hold `>` but never `<`.
        std::size_t close = npos;
        bool malformed = false;
        for (std::size_t k = nameEnd; k < data.size(); ++k) {
            unsigned char kind = classOf(data[k]);
            if (kind < kQuote) continue;
            if (kind == kQuote) {
                // A value: no `<` inside, any `>`.
                std::size_t end = data.find(data[k], k + 1);
                std::size_t stop = end == npos ? data.size() : end;
                if (std::memchr(data.data() + k + 1, '<', stop - k - 1)) {
                    malformed = true;
                    break;
                }
                if (end == npos) break;
                k = end;
            } else if (kind == kTagEnd) {
                close = k;
                break;
            } else {
                malformed = true;
                break;
            }
        }
        if (close == npos) {
            if (!malformed && !final && data.size() - lt < limits::kMaxFilterLookahead) {
                emit(data.substr(from, lt - from));
                return lt;
            }
            // Malformed or too long: the parser judges it.
            pos = nameEnd;
            continue;
        }
        bool empty = data[close - 1] == '/';
        if (drop) {
            emit(data.substr(from, lt - from));
            m_dropped += close + 1 - lt;
            if (!empty) {
                m_inside = true;
                m_closeTag = "</";
                m_closeTag.append(data.substr(nameStart, nameEnd - nameStart));
            }
        } else {
            std::string_view attributes = data.substr(nameEnd, close - nameEnd);
            if (attributes.find("xmlns") != npos) {
                pos = close + 1;
                continue;
            }
            emit(data.substr(from, nameEnd - from));
            emit(empty ? std::string_view("/>") : std::string_view(">"));
            m_dropped += attributes.size() + 1 - (empty ? 2 : 1);
        }
        pos = from = close + 1;
    }
    emit(data.substr(from));
    return data.size();
}

}  // namespace jikji::converters::hwpx
