#pragma once

#include <string>
#include <string_view>

namespace jikji::converters {

/// What the bytes of an input are, judged by content only (never by name or Content-Type).
struct Detection {
    /// `hwp5`, `hwpx`, `hwp3`, `hwpml`, `html`, `pdf`, `zip`, `ole`, `unknown`.
    std::string format;
    std::string mediaType;
    /// 0–100.
    int confidence = 0;
    /// Why: which magic or stream decided.
    std::string detail;
};

/// Sniffs magic bytes, then looks inside zip and OLE containers for the streams that name the
/// format (`mimetype`/`Contents/content.hpf` for HWPX, `FileHeader` for HWP 5).
Detection detect(std::string_view bytes);

/// Which container the bytes start with, by magic alone: `ole`, `zip`, or empty. Probes use it
/// to skip detect() (which reads inside containers) on inputs that cannot be their format.
std::string_view containerMagic(std::string_view bytes);

}  // namespace jikji::converters
