#include "converters/hwpx/layout_filter.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "converters/hwpx/xml_stream.h"
#include "pipeline/limits.h"

namespace jikji::converters::hwpx {

namespace {

constexpr std::size_t kFlushBytes = 64 * 1024;
constexpr std::size_t npos = std::string_view::npos;
// How much of the next bytes completes a held-back tail at a time (more when still undecided).
constexpr std::size_t kCarryStep = 4096;

// Byte classes for the name scan below, which sees every start tag of a part.
enum : unsigned char { kOther = 0, kName = 1, kColon = 2 };

constexpr std::array<unsigned char, 256> makeClasses() {
    std::array<unsigned char, 256> classes{};
    for (int c = 0; c < 256; ++c) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '_' || c == '-' || c == '.' || c >= 0x80)
            classes[c] = kName;
    }
    classes[':'] = kColon;
    return classes;
}

constexpr std::array<unsigned char, 256> kClasses = makeClasses();

unsigned char classOf(char c) {
    return kClasses[static_cast<unsigned char>(c)];
}

bool endsName(char c) {
    return c == '>' || c == '/' || isXmlSpace(c);
}

// Where the start tag whose name ends at `from` ends (its `>`), or npos when the bytes end
// first; `malformed` when a `<` comes first. Attribute values may hold `>` but never `<`.
std::size_t tagEndExact(std::string_view data, std::size_t from, bool& malformed) {
    for (std::size_t k = from; k < data.size(); ++k) {
        char c = data[k];
        if (c == '>') return k;
        if (c == '<') {
            malformed = true;
            return npos;
        }
        if (c != '"' && c != '\'') continue;
        std::size_t end = data.find(c, k + 1);
        std::size_t stop = end == npos ? data.size() : end;
        if (std::memchr(data.data() + k + 1, '<', stop - k - 1)) {
            malformed = true;
            return npos;
        }
        if (end == npos) return npos;
        k = end;
    }
    return npos;
}

#if defined(__SSE2__)
// Bit i set where block[i] is `c` or `d`, for 64 bytes.
std::uint64_t byteMask(const __m128i (&block)[4], char c, char d) {
    const __m128i first = _mm_set1_epi8(c);
    const __m128i second = _mm_set1_epi8(d);
    std::uint64_t mask = 0;
    for (int i = 0; i < 4; ++i) {
        __m128i hits =
            _mm_or_si128(_mm_cmpeq_epi8(block[i], first), _mm_cmpeq_epi8(block[i], second));
        mask |= static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm_movemask_epi8(hits)))
                << (16 * i);
    }
    return mask;
}

// Bit i = XOR of bits 0..i: set from an opening quote up to its closing quote.
std::uint64_t prefixXor(std::uint64_t bits) {
    for (int shift = 1; shift < 64; shift *= 2)
        bits ^= bits << shift;
    return bits;
}

// Bytes of `block` that may stand in a name: letters, digits, `_`, `-`, `.`, `:` and every
// byte of a multi-byte character (the name scan's classes).
unsigned nameBytes(__m128i block) {
    auto inRange = [](__m128i v, char low, char high) {
        // low <= v <= high, unsigned: v - low <= high - low, compared with the sign flipped.
        const __m128i flip = _mm_set1_epi8(static_cast<char>(0x80));
        __m128i shifted = _mm_xor_si128(_mm_sub_epi8(v, _mm_set1_epi8(low)), flip);
        __m128i limit = _mm_xor_si128(_mm_set1_epi8(static_cast<char>(high - low)), flip);
        return _mm_andnot_si128(_mm_cmpgt_epi8(shifted, limit), _mm_set1_epi8(-1));
    };
    __m128i letters = inRange(_mm_or_si128(block, _mm_set1_epi8(0x20)), 'a', 'z');
    __m128i digitsAndColon = inRange(block, '0', ':');
    __m128i dashAndDot = inRange(block, '-', '.');
    __m128i underscore = _mm_cmpeq_epi8(block, _mm_set1_epi8('_'));
    __m128i any =
        _mm_or_si128(_mm_or_si128(letters, digitsAndColon), _mm_or_si128(dashAndDot, underscore));
    return static_cast<unsigned>(_mm_movemask_epi8(any) | _mm_movemask_epi8(block));
}
#endif

// Where the name starting at `from` ends (the first byte that is neither a name byte nor a
// colon; data.size() when the bytes end first) and where its local part starts (after its last
// colon). Tag names are short: one 16-byte step with SSE2 for most.
std::size_t nameEndAt(std::string_view data, std::size_t from, std::size_t& localStart) {
    localStart = from;
    std::size_t k = from;
#if defined(__SSE2__)
    for (; k + 16 <= data.size(); k += 16) {
        __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data.data() + k));
        unsigned inName = nameBytes(block);
        unsigned colons =
            static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(block, _mm_set1_epi8(':'))));
        unsigned end = static_cast<unsigned>(std::countr_one(inName));
        if (end > 16) end = 16;
        unsigned before = colons & ((1u << end) - 1);
        if (before) localStart = k + static_cast<std::size_t>(31 - std::countl_zero(before)) + 1;
        if (end < 16) return k + end;
    }
#endif
    for (; k < data.size(); ++k) {
        unsigned char kind = classOf(data[k]);
        if (kind == kColon)
            localStart = k + 1;
        else if (kind != kName)
            break;
    }
    return k;
}

// tagEndExact, 64 bytes per step: the start tags of a section are long runs of attributes
// (a `subList` start tag is about 120 bytes, ten quoted values). Double-quoted values are masked
// out of the block at once; a single quote or a `<` before the end goes the exact way.
std::size_t tagEnd(std::string_view data, std::size_t from, bool& malformed) {
#if defined(__SSE2__)
    std::uint64_t carry = 0;  // all ones while a value goes on from the block before
    for (std::size_t k = from; k + 64 <= data.size(); k += 64) {
        __m128i block[4];
        for (int i = 0; i < 4; ++i)
            block[i] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data.data() + k + 16 * i));
        std::uint64_t inside = prefixXor(byteMask(block, '"', '"')) ^ carry;
        std::uint64_t ends = byteMask(block, '>', '>') & ~inside;
        std::uint64_t rare = byteMask(block, '\'', '<');
        if (ends) {
            int at = std::countr_zero(ends);
            if (rare & ((std::uint64_t{1} << at) - 1)) break;
            return k + static_cast<std::size_t>(at);
        }
        if (rare) break;
        carry = (inside >> 63) ? ~std::uint64_t{0} : 0;
    }
#endif
    return tagEndExact(data, from, malformed);
}

// The ` name="value"` pieces of `attributes` (what follows the name of a start tag, up to its
// `>` or `/>`) whose names are in `keep` (and whose values `keepValue`, when set, accepts), into
// `kept`; false when the attributes up to the last
// one kept are not plain `name="value"` pairs. The rest is not read: it is dropped anyway.
// Values stay as they are (references are the parser's).
bool keptAttributes(std::string_view attributes, const std::vector<std::string>& keep,
                    const std::function<bool(std::string_view)>& keepValue,
                    std::vector<std::string_view>& kept) {
    kept.clear();
    std::size_t found = 0;
    std::size_t k = 0;
    while (found < keep.size()) {
        while (k < attributes.size() && isXmlSpace(attributes[k]))
            ++k;
        if (k >= attributes.size()) return true;
        std::size_t nameStart = k;
        while (k < attributes.size() && attributes[k] != '=' && !isXmlSpace(attributes[k]))
            ++k;
        std::string_view name = attributes.substr(nameStart, k - nameStart);
        while (k < attributes.size() && isXmlSpace(attributes[k]))
            ++k;
        if (name.empty() || k >= attributes.size() || attributes[k] != '=') return false;
        ++k;
        while (k < attributes.size() && isXmlSpace(attributes[k]))
            ++k;
        if (k >= attributes.size() || (attributes[k] != '"' && attributes[k] != '\'')) return false;
        std::size_t end = attributes.find(attributes[k], k + 1);
        if (end == npos) return false;
        for (const std::string& wanted : keep)
            if (wanted.size() == name.size() && wanted == name) {
                ++found;
                std::string_view value = attributes.substr(k + 1, end - k - 1);
                if (!keepValue || value.find('&') != npos || keepValue(value))
                    kept.push_back(attributes.substr(nameStart, end + 1 - nameStart));
                break;
            }
        k = end + 1;
    }
    return true;
}

}  // namespace

void LayoutFilter::Names::add(std::string_view name, int action) {
    if (!name.empty() && name.size() < byLength.size())
        byLength[name.size()].push_back({name[0], std::string(name), action});
}

int LayoutFilter::Names::find(std::string_view local) const {
    if (local.empty() || local.size() >= byLength.size()) return kPass;
    for (const Entry& entry : byLength[local.size()])
        if (entry.first == local[0] &&
            std::memcmp(entry.name.data() + 1, local.data() + 1, local.size() - 1) == 0)
            return entry.action;
    return kPass;
}

LayoutFilter::LayoutFilter(std::string_view localName, std::function<void(std::string_view)> out)
    : LayoutFilter(Rules{{localName}, {}, {}, {}, {}}, std::move(out)) {}

LayoutFilter::LayoutFilter(const Rules& rules, std::function<void(std::string_view)> out)
    : m_out(std::move(out)) {
    for (std::string_view name : rules.drop)
        m_names.add(name, kDrop);
    for (std::string_view name : rules.bare) {
        m_names.add(name, static_cast<int>(m_keep.size()));
        m_keep.emplace_back();
    }
    for (const Trim& trim : rules.trim) {
        m_names.add(trim.element, static_cast<int>(m_keep.size()));
        m_keep.push_back({{trim.keep.begin(), trim.keep.end()}, trim.keepValue});
    }
    for (std::string_view name : rules.unwrap)
        m_names.add(name, kUnwrap);
    for (const Default& rule : rules.defaults) {
        m_names.add(rule.element, kDefaultBase - static_cast<int>(m_defaults.size()));
        m_defaults.emplace_back(rule.attributes);
    }
}

// At an end tag (`lt` is its `<`): one closing the innermost unwrapped element is dropped
// with what was pending passed on; any other goes on as it is (well-formed input closes
// nothing else unwrapped; the parser rejects the rest). Returns where scanning goes on, or npos
// when the tag may end in the next bytes (what comes before it is then passed on).
std::size_t LayoutFilter::unwrapEnd(std::string_view data, std::size_t lt, std::size_t& from,
                                    bool final) {
    std::string_view name = m_open.back().name;
    std::size_t nameStart = lt + 2;
    std::size_t seen = std::min(data.size() - nameStart, name.size());
    if (data.substr(nameStart, seen) != name.substr(0, seen)) return nameStart;
    std::size_t k = nameStart + name.size();
    while (k < data.size() && isXmlSpace(data[k]) && k - lt < limits::kMaxFilterLookahead)
        ++k;
    if (k >= data.size()) {
        if (final || data.size() - lt >= limits::kMaxFilterLookahead) return nameStart;
        emit(data.substr(from, lt - from));
        from = lt;
        return npos;
    }
    // `</hp:runX>`, `</hp:run x>`: not this element's end.
    if (data[k] != '>') return nameStart;
    bool kept = m_open.back().kept;
    m_open.pop_back();
    if (kept) return k + 1;
    emit(data.substr(from, lt - from));
    m_dropped += k + 1 - lt;
    from = k + 1;
    return k + 1;
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
        while (k < data.size() && isXmlSpace(data[k]) && k - hit < limits::kMaxFilterLookahead)
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
        if (!m_open.empty() && lt + 1 < data.size() && data[lt + 1] == '/') {
            std::size_t next = unwrapEnd(data, lt, from, final);
            if (next == npos) return lt;
            pos = next;
            continue;
        }
        std::size_t nameStart = lt + 1;
        std::size_t localStart = nameStart;
        std::size_t nameEnd = nameEndAt(data, nameStart, localStart);
        if (nameEnd >= data.size()) {
            // The name may go on in the next bytes.
            if (final || data.size() - lt >= limits::kMaxFilterLookahead) break;
            emit(data.substr(from, lt - from));
            return lt;
        }
        // `</`, `<!`, `<?` and names of no interest pass through.
        int action = nameEnd > nameStart
                         ? m_names.find(data.substr(localStart, nameEnd - localStart))
                         : kPass;
        if (action == kPass || !endsName(data[nameEnd])) {
            pos = nameEnd;
            continue;
        }
        bool malformed = false;
        std::size_t close = tagEnd(data, nameEnd, malformed);
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
        if (action <= kDefaultBase) {
            const std::string& attributes =
                m_defaults[static_cast<std::size_t>(kDefaultBase - action)];
            if (!empty || data.substr(nameEnd, close - 1 - nameEnd) != attributes) {
                pos = close + 1;
                continue;
            }
            emit(data.substr(from, lt - from));
            m_dropped += close + 1 - lt;
        } else if (action == kUnwrap) {
            std::string_view qname = data.substr(nameStart, nameEnd - nameStart);
            bool keep = m_open.size() >= limits::kMaxXmlDepth ||
                        data.substr(nameEnd, close - nameEnd).find("xmlns") != npos;
            if (!empty) m_open.push_back({std::string(qname), keep});
            if (keep) {
                pos = close + 1;
                continue;
            }
            emit(data.substr(from, lt - from));
            m_dropped += close + 1 - lt;
        } else if (action == kDrop) {
            emit(data.substr(from, lt - from));
            m_dropped += close + 1 - lt;
            if (!empty) {
                m_inside = true;
                m_closeTag = "</";
                m_closeTag.append(data.substr(nameStart, nameEnd - nameStart));
            }
        } else {
            std::string_view attributes = data.substr(nameEnd, close - (empty ? 1 : 0) - nameEnd);
            if (attributes.find("xmlns") != npos) {
                pos = close + 1;
                continue;
            }
            const Kept& keep = m_keep[static_cast<std::size_t>(action)];
            m_kept.clear();
            if (!keep.names.empty() &&
                !keptAttributes(attributes, keep.names, keep.keepValue, m_kept)) {
                // Not plain `name="value"` pairs: the tag goes on as it is.
                pos = close + 1;
                continue;
            }
            emit(data.substr(from, nameEnd - from));
            std::size_t dropped = attributes.size();
            for (std::string_view attribute : m_kept) {
                emit(" ");
                emit(attribute);
                dropped -= std::min(dropped, attribute.size() + 1);
            }
            emit(empty ? std::string_view("/>") : std::string_view(">"));
            m_dropped += dropped;
        }
        pos = from = close + 1;
    }
    emit(data.substr(from));
    return data.size();
}

}  // namespace jikji::converters::hwpx
