#include "stages/fetch/page_decoding.h"

#include "stages/normalize/charset.h"

namespace jikji::fetch {

DecodedPage decodePage(std::string_view bytes, std::string_view contentType,
                       std::string_view forced) {
    if (forced == "auto") forced = {};
    normalize::CharsetDecision decision = normalize::resolveCharset(bytes, contentType, forced);
    normalize::DecodedText decoded = normalize::decodeToUtf8(bytes, decision.charset);
    DecodedPage page;
    page.text = std::move(decoded.text);
    page.declared = !decision.headerLabel.empty() ? decision.headerLabel : decision.metaLabel;
    page.used = decoded.charset;
    return page;
}

void checkEncodings(const Config& config) {
    for (std::size_t i = 0; i < config.sources.size(); ++i) {
        const std::string& label = config.sources[i].encoding;
        if (label != "auto" && !normalize::canonicalCharset(label))
            throw ConfigError(config.file.string() + ": sources[" + std::to_string(i) +
                              "].encoding: unknown charset label \"" + label +
                              "\" (use \"auto\" or a label such as \"euc-kr\", \"utf-8\")");
    }
}

}  // namespace jikji::fetch
