#pragma once

#include <string>
#include <string_view>

/// Until the charset module (stages/normalize, jikji::text::decodePage) is merged, every page
/// the crawler reads is decoded here, in this one function.
namespace jikji::fetch {

struct DecodedPage {
    std::string text;      ///< UTF-8; undecodable bytes become U+FFFD
    std::string declared;  ///< the charset the BOM, header or meta named ("" when none)
    std::string used;      ///< the ICU converter name used (`UTF-8`, `windows-949`, …)
};

/// Decodes a page: `forced` (unless empty or "auto"), else a BOM, else the `charset` of
/// `contentType`, else a `<meta>` charset in the first 4 KiB, else UTF-8 when the bytes are
/// valid UTF-8 and windows-949 otherwise. Every Korean label (euc-kr, ks_c_5601-1987, cp949, …)
/// decodes as windows-949, the superset that real servers send.
DecodedPage decodePage(std::string_view bytes, std::string_view contentType,
                       std::string_view forced = {});

}  // namespace jikji::fetch
