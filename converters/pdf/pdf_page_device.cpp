#include "converters/pdf/pdf_page_device.h"

#include <GfxFont.h>
#include <GfxState.h>
#include <XRef.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "converters/pdf/pdf_glyphs.h"
#include "pipeline/limits.h"

namespace jikji::converters::pdf {

namespace {

// A filled rectangle thinner than this is a rule (Hancom draws cell borders both ways).
constexpr double kThinFill = 3.0;
// Ends that differ by less than this across the line still make it horizontal or vertical.
constexpr double kSlant = 0.5;
// Shorter strokes are dots (a dotted leader's), not the dashes of a rule.
constexpr double kMinDash = 0.2;

// Near-white rules are invisible on paper; borders set to "none" are sometimes drawn so.
bool invisible(const GfxRGB& rgb) {
    return colToDbl(rgb.r) > 0.92 && colToDbl(rgb.g) > 0.92 && colToDbl(rgb.b) > 0.92;
}

}  // namespace

// The arguments are those of poppler-cpp's page::text_list, so that the words and their
// reading order stay what they were.
PageDevice::PageDevice(GlyphRecovery& recovery)
    : TextOutputDev(nullptr, false, 0, false, false), m_recovery(recovery) {}

void PageDevice::addRule(bool horizontal, double at, double from, double to) {
    if (m_rules.size() >= limits::kMaxPdfRulesPerPage) {
        m_dropped = true;
        return;
    }
    if (!std::isfinite(at) || !std::isfinite(from) || !std::isfinite(to)) return;
    m_rules.push_back({horizontal, at, std::min(from, to), std::max(from, to)});
}

void PageDevice::collect(GfxState* state, bool filled) {
    GfxRGB rgb;
    if (filled) {
        if (state->getFillOpacity() < 0.1) return;
        state->getFillRGB(&rgb);
    } else {
        if (state->getStrokeOpacity() < 0.1) return;
        state->getStrokeRGB(&rgb);
    }
    if (invisible(rgb)) return;
    const GfxPath* path = state->getPath();
    for (int s = 0; s < path->getNumSubpaths(); ++s) {
        const GfxSubpath* subpath = path->getSubpath(s);
        int n = subpath->getNumPoints();
        if (n < 2 || n > 64) continue;
        double xs[64], ys[64];
        bool curved = false;
        for (int i = 0; i < n; ++i) {
            state->transform(subpath->getX(i), subpath->getY(i), &xs[i], &ys[i]);
            curved = curved || subpath->getCurve(i);
        }
        if (curved) continue;
        if (filled) {
            // A thin rectangle: its long axis is the rule.
            if (n != 4 && n != 5) continue;
            double x0 = *std::min_element(xs, xs + n), x1 = *std::max_element(xs, xs + n);
            double y0 = *std::min_element(ys, ys + n), y1 = *std::max_element(ys, ys + n);
            bool rectangle = true;
            for (int i = 0; i < n && rectangle; ++i) {
                int j = (i + 1) % n;
                rectangle =
                    std::fabs(xs[i] - xs[j]) <= kSlant || std::fabs(ys[i] - ys[j]) <= kSlant;
            }
            if (!rectangle) continue;
            double w = x1 - x0, h = y1 - y0;
            // Larger fills (cell shading, backgrounds) draw no rule: their edges made tables
            // of shaded paragraphs and charts, and found no more of the twins' tables.
            if (h <= kThinFill && w > h)
                addRule(true, (y0 + y1) / 2, x0, x1);
            else if (w <= kThinFill && h > w)
                addRule(false, (x0 + x1) / 2, y0, y1);
            continue;
        }
        int edges = subpath->isClosed() ? n : n - 1;
        for (int i = 0; i < edges; ++i) {
            int j = (i + 1) % n;
            // A dash of a dashed rule may be shorter than kSlant: along the axis it runs on.
            double dx = std::fabs(xs[i] - xs[j]), dy = std::fabs(ys[i] - ys[j]);
            if (dy <= kSlant && dx > std::max(dy, kMinDash))
                addRule(true, (ys[i] + ys[j]) / 2, xs[i], xs[j]);
            else if (dx <= kSlant && dy > std::max(dx, kMinDash))
                addRule(false, (xs[i] + xs[j]) / 2, ys[i], ys[j]);
        }
    }
}

void PageDevice::startPage(int page, GfxState* state, XRef* xref) {
    m_xref = xref;
    TextOutputDev::startPage(page, state, xref);
}

char32_t PageDevice::recover(GfxState* state, CharCode code) {
    GfxFont* font = state->getFont().get();
    if (!font) return 0;
    if (!font->isCIDFont()) {
        const char* name =
            static_cast<Gfx8BitFont*>(font)->getCharName(static_cast<int>(code & 0xFF));
        char32_t named = name ? codePointOfGlyphName(name) : 0;
        return named >= 0xE000 && named <= 0xF8FF ? 0 : named;
    }
    if (font->getType() != fontCIDType2 || !m_xref) return 0;
    const Ref id = *font->getID();
    const auto* cid = static_cast<const GfxCIDFont*>(font);
    unsigned gid = code;
    if (cid->getCIDToGID()) {
        if (code >= cid->getCIDToGIDLen()) return 0;
        gid = static_cast<unsigned>(cid->getCIDToGID()[code]);
    }
    auto key = std::tuple{id.num, id.gen, gid};
    if (auto known = m_recovery.glyphs.find(key); known != m_recovery.glyphs.end())
        return known->second;
    auto [program, fresh] = m_recovery.programs.try_emplace({id.num, id.gen});
    if (fresh) {
        if (auto bytes = font->readEmbFontFile(m_xref))
            program->second.assign(bytes->begin(), bytes->end());
    }
    std::uint64_t hash = trueTypeGlyphHash(program->second, gid);
    char32_t found = hancomGlyphByOutline(hash);
    m_recovery.glyphs.emplace(key, found);
    return found;
}

// Wingdings and Webdings draw symbols at Latin-1 codes, and their ToUnicode maps often give
// the letters (`v` for ❖). Word processors keep them as U+F020–U+F0FF (Microsoft's convention;
// the HWP does), which `stages/normalize` maps to the symbols.
namespace {

bool isDingbatFont(const GfxFont* font) {
    if (!font || !font->getName()) return false;
    const std::string& name = *font->getName();
    return name.find("Wingdings") != std::string::npos ||
           name.find("Webdings") != std::string::npos;
}

// The byte of Windows code page 1252 that a code point stands for (what a symbol font's
// ToUnicode map gives for its codes 0x80–0x9F), or 0.
unsigned windowsByte(Unicode u) {
    static constexpr Unicode kHigh[32] = {
        0x20AC, 0x0000, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x0000, 0x017D, 0x0000, 0x0000, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
        0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x0000, 0x017E, 0x0178};
    if (u > 0x20 && u <= 0xFF && (u < 0x80 || u > 0x9F)) return u;  // a space stays one
    for (unsigned i = 0; i < 32; ++i)
        if (kHigh[i] && kHigh[i] == u) return 0x80 + i;
    return 0;
}

}  // namespace

void PageDevice::drawChar(GfxState* state, double x, double y, double dx, double dy, double originX,
                          double originY, CharCode code, int bytes, const Unicode* u, int length) {
    if (length == 1 && isDingbatFont(state->getFont().get()) && windowsByte(u[0])) {
        Unicode symbol = 0xF000 + windowsByte(u[0]);
        TextOutputDev::drawChar(state, x, y, dx, dy, originX, originY, code, bytes, &symbol, 1);
        return;
    }
    if (length == 1 && u[0] >= 0xE000 && u[0] <= 0xF8FF) {
        if (char32_t found = recover(state, code)) {
            ++m_recovery.recovered;
            Unicode recovered = found;
            TextOutputDev::drawChar(state, x, y, dx, dy, originX, originY, code, bytes, &recovered,
                                    1);
            return;
        }
    }
    TextOutputDev::drawChar(state, x, y, dx, dy, originX, originY, code, bytes, u, length);
}

void PageDevice::collectClip(GfxState* state) {
    const GfxPath* path = state->getPath();
    if (path->getNumSubpaths() != 1) return;
    const GfxSubpath* subpath = path->getSubpath(0);
    int n = subpath->getNumPoints();
    if (n != 4 && n != 5) return;
    double xs[5], ys[5];
    for (int i = 0; i < n; ++i) {
        if (subpath->getCurve(i)) return;
        state->transform(subpath->getX(i), subpath->getY(i), &xs[i], &ys[i]);
    }
    for (int i = 0; i < n; ++i) {
        int j = (i + 1) % n;
        if (std::fabs(xs[i] - xs[j]) > kSlant && std::fabs(ys[i] - ys[j]) > kSlant) return;
    }
    double x0 = *std::min_element(xs, xs + n), x1 = *std::max_element(xs, xs + n);
    double y0 = *std::min_element(ys, ys + n), y1 = *std::max_element(ys, ys + n);
    if (x1 - x0 < 4 || y1 - y0 < 4) return;
    double pw = state->getPageWidth(), ph = state->getPageHeight();
    if (x1 - x0 > 0.9 * pw && y1 - y0 > 0.9 * ph) return;
    // The same cell is clipped again for its fill, its text and its nested parts.
    auto key = std::array{std::lround(x0 * 10), std::lround(y0 * 10), std::lround(x1 * 10),
                          std::lround(y1 * 10)};
    if (!m_clipKeys.insert(key).second) return;
    if (m_clips.size() >= limits::kMaxPdfRulesPerPage / 4) {
        m_dropped = true;
        return;
    }
    m_clips.push_back({x0, y0, x1, y1});
}

void PageDevice::clip(GfxState* state) {
    collectClip(state);
}

void PageDevice::eoClip(GfxState* state) {
    collectClip(state);
}

void PageDevice::stroke(GfxState* state) {
    collect(state, false);
}

void PageDevice::fill(GfxState* state) {
    collect(state, true);
}

void PageDevice::eoFill(GfxState* state) {
    collect(state, true);
}

}  // namespace jikji::converters::pdf
