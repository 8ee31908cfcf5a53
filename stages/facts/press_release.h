#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "pipeline/document.h"

namespace jikji::facts {

/// Reads the facts of the standard Korean government press-release form from a converted
/// document's blocks (table cells and paragraphs, whatever the source format): the kind of
/// release, embargo (`보도시점`) and release (`배포`) times, edition, issuer, title and
/// subtitles, the contact table, the `붙임` appendices and the body outline. Returns nullopt
/// when the document is not a press release.
std::optional<PressRelease> extractPressRelease(const Document& document);

/// Runs extractPressRelease and stores the result in the document.
void addPressRelease(Document& document);

/// A Korean date or date and time in the forms press releases use (`2026. 1. 30.(금) 08:00`,
/// `2026.1.30. 12:00`, `2025년 8월 13일(수) 15:00`, `1. 30.(금)` with `defaultYear`) as ISO 8601:
/// `2026-01-30T08:00:00+09:00`, or `2026-01-30` when no time is given. Empty when none is found.
std::string parseKoreanDateTime(std::string_view text, int defaultYear = 0);

/// A phone number as `0XX-XXX(X)-XXXX` (`02-…` for Seoul); numbers without an area code keep
/// their digits grouped as written.
std::string normalizePhone(std::string_view text);

}  // namespace jikji::facts
