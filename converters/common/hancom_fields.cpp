#include "converters/common/hancom_fields.h"

#include <algorithm>
#include <cctype>

namespace jikji::converters {

std::string hyperlinkTarget(std::string_view command) {
    std::string out;
    for (std::size_t i = 0; i < command.size(); ++i) {
        char c = command[i];
        if (c == '\\' && i + 1 < command.size()) {
            out += command[++i];
        } else if (c == ';') {
            break;
        } else {
            out += c;
        }
    }
    std::size_t begin = 0, end = out.size();
    while (begin < end && static_cast<unsigned char>(out[begin]) <= ' ')
        ++begin;
    while (end > begin && static_cast<unsigned char>(out[end - 1]) <= ' ')
        --end;
    return out.substr(begin, end - begin);
}

std::string wstringParameter(std::string_view parameters, std::string_view name) {
    std::string key = std::string(name) + ":wstring:";
    std::size_t at = 0;
    // The key starts the string or follows a space or a set's `set:N:`.
    while ((at = parameters.find(key, at)) != std::string_view::npos) {
        if (at == 0 || parameters[at - 1] == ' ' || parameters[at - 1] == ':') break;
        ++at;
    }
    if (at == std::string_view::npos) return {};
    at += key.size();
    std::size_t units = 0;
    for (; at < parameters.size() && parameters[at] >= '0' && parameters[at] <= '9'; ++at)
        units = std::min<std::size_t>(units * 10 + static_cast<std::size_t>(parameters[at] - '0'),
                                      parameters.size());
    if (at >= parameters.size() || parameters[at] != ':') return {};
    std::size_t begin = ++at;
    // L counts UTF-16 code units: a four-byte UTF-8 sequence is two of them.
    while (units > 0 && at < parameters.size()) {
        auto lead = static_cast<unsigned char>(parameters[at]);
        std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        units -= std::min<std::size_t>(units, length == 4 ? 2 : 1);
        at = std::min(at + length, parameters.size());
    }
    return trim(parameters.substr(begin, at - begin));
}

std::string clickHereGuide(std::string_view command) {
    constexpr std::string_view kPrefix = "Clickhere:";
    if (command.substr(0, kPrefix.size()) != kPrefix) return hyperlinkTarget(command);
    return wstringParameter(command, "Direction");
}

std::string formObjectText(std::string_view parameters) {
    std::string caption = wstringParameter(parameters, "Caption");
    return caption.empty() ? wstringParameter(parameters, "Text") : caption;
}

void warnKeptApart(DocumentSink& sink, const KeptApart& kept, std::string_view where) {
    struct Kind {
        std::size_t count;
        std::string_view code;
        std::string_view what;
    };
    const Kind kinds[] = {
        {kept.trackedChanges, "tracked_changes",
         " tracked change(s): the text is the final text; deleted and inserted runs are kept in "
         "the blocks, marked"},
        {kept.annotations, "annotations",
         " hidden comment(s) or memo(s): their text is kept in text boxes marked as such, no "
         "part of the text"},
        {kept.instructions, "field_instructions",
         " click-here field(s): their guide text is kept in the blocks, marked as such, no part "
         "of the text"},
    };
    for (const Kind& kind : kinds)
        if (kind.count)
            sink.warn(kind.code, std::to_string(kind.count) + std::string(kind.what), where);
}

std::string mediaTypeForExtension(std::string_view extension) {
    std::string lower(extension);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower == "jpg" || lower == "jpeg") return "image/jpeg";
    if (lower == "png") return "image/png";
    if (lower == "gif") return "image/gif";
    if (lower == "bmp") return "image/bmp";
    if (lower == "tif" || lower == "tiff") return "image/tiff";
    if (lower == "wmf") return "image/wmf";
    if (lower == "emf") return "image/emf";
    if (lower == "svg") return "image/svg+xml";
    if (lower == "ole") return "application/x-ole-storage";
    return "application/octet-stream";
}

std::string trim(std::string_view text) {
    std::size_t begin = 0, end = text.size();
    while (begin < end && static_cast<unsigned char>(text[begin]) <= ' ')
        ++begin;
    while (end > begin && static_cast<unsigned char>(text[end - 1]) <= ' ')
        --end;
    return std::string(text.substr(begin, end - begin));
}

}  // namespace jikji::converters
