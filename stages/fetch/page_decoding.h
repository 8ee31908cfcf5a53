#pragma once

#include <string>
#include <string_view>

#include "pipeline/config.h"

/// Every page the crawler reads is decoded here, through the charset module (stages/normalize).
namespace jikji::fetch {

struct DecodedPage {
    std::string text;      ///< UTF-8; undecodable bytes become U+FFFD
    std::string declared;  ///< the charset the BOM, header or meta named ("" when none)
    std::string used;      ///< the ICU converter name used (`UTF-8`, `windows-949`, …)
};

/// Decodes a page with normalize::resolveCharset (BOM, `forced` unless empty or "auto", the
/// `charset` of `contentType`, a `<meta>` charset, strict trial decoding) and
/// normalize::decodeToUtf8. Every Korean label decodes as windows-949, the superset servers send.
DecodedPage decodePage(std::string_view bytes, std::string_view contentType,
                       std::string_view forced = {});

/// Checks that every source's `encoding` is "auto" or a label normalize::canonicalCharset knows:
/// ConfigError naming the source and the label otherwise (a forced charset that decodes
/// nothing must not pass silently).
void checkEncodings(const Config& config);

}  // namespace jikji::fetch
