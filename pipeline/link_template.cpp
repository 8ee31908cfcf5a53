#include "pipeline/link_template.h"

#include <unicode/parseerr.h>
#include <unicode/regex.h>
#include <unicode/unistr.h>
#include <unicode/utypes.h>

#include <vector>

#include "pipeline/limits.h"

namespace jikji {

namespace {

/// One piece of a template: literal text, or the number of a group (1-based).
struct Piece {
    std::string text;
    int group = 0;
};

/// `{N}` is a group; any other brace is literal text.
std::vector<Piece> parseTemplate(const std::string& text) {
    std::vector<Piece> pieces;
    std::string literal;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '{') {
            std::size_t end = i + 1;
            while (end < text.size() && end - i <= 3 && text[end] >= '0' && text[end] <= '9')
                ++end;
            if (end > i + 1 && end < text.size() && text[end] == '}') {
                if (!literal.empty()) pieces.push_back({std::move(literal), 0});
                literal.clear();
                pieces.push_back({{}, std::stoi(text.substr(i + 1, end - i - 1))});
                i = end;
                continue;
            }
        }
        literal.push_back(text[i]);
    }
    if (!literal.empty()) pieces.push_back({std::move(literal), 0});
    return pieces;
}

void checkGroups(const std::string& key, const std::string& text, int groups) {
    for (const Piece& piece : parseTemplate(text)) {
        if (piece.group == 0) continue;
        if (piece.group > groups)
            throw LinkTemplateError(key, "\"" + text + "\" uses {" + std::to_string(piece.group) +
                                             "}, but the pattern has " + std::to_string(groups) +
                                             (groups == 1 ? " group" : " groups"));
    }
}

std::string fill(const std::string& text, const std::vector<std::string>& groups) {
    std::string out;
    for (const Piece& piece : parseTemplate(text)) {
        if (piece.group == 0)
            out += piece.text;
        else
            out += percentEncodeComponent(groups[static_cast<std::size_t>(piece.group)]);
    }
    return out;
}

}  // namespace

std::string percentEncodeComponent(std::string_view text) {
    static const char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~') {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('%');
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 15]);
        }
    }
    return out;
}

LinkTemplate::LinkTemplate(const std::string& pattern, std::string url, std::string method,
                           std::string body)
    : m_pattern(pattern),
      m_url(std::move(url)),
      m_method(std::move(method)),
      m_body(std::move(body)) {
    if (m_pattern.empty()) throw LinkTemplateError("pattern", "must not be empty");
    if (m_url.empty()) throw LinkTemplateError("url", "must not be empty");
    if (!m_method.empty() && m_method != "GET" && m_method != "POST")
        throw LinkTemplateError("method", "must be GET or POST");
    if (!m_body.empty() && m_method != "POST")
        throw LinkTemplateError("body", "is sent only with \"method\": \"POST\"");
    UErrorCode status = U_ZERO_ERROR;
    UParseError where{};
    m_compiled.reset(
        icu::RegexPattern::compile(icu::UnicodeString::fromUTF8(m_pattern), where, status));
    if (U_FAILURE(status) || !m_compiled)
        throw LinkTemplateError("pattern", "\"" + m_pattern +
                                               "\" is not a valid ICU regular expression (" +
                                               u_errorName(status) + " at offset " +
                                               std::to_string(where.offset) + ")");
    status = U_ZERO_ERROR;
    std::unique_ptr<icu::RegexMatcher> probe(m_compiled->matcher(status));
    int groups = U_SUCCESS(status) ? probe->groupCount() : 0;
    checkGroups("url", m_url, groups);
    checkGroups("body", m_body, groups);
}

LinkTemplate::~LinkTemplate() = default;

std::optional<TemplatedLink> LinkTemplate::apply(std::string_view value) const {
    if (value.size() > limits::kMaxLinkTemplateInput) return std::nullopt;
    icu::UnicodeString subject = icu::UnicodeString::fromUTF8(
        icu::StringPiece(value.data(), static_cast<int32_t>(value.size())));
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::RegexMatcher> matcher(m_compiled->matcher(subject, status));
    if (U_FAILURE(status)) return std::nullopt;
    // A hostile value must not make the pattern backtrack for ever (units of about 1 ms).
    matcher->setTimeLimit(1000, status);
    if (!matcher->find(status) || U_FAILURE(status)) return std::nullopt;
    std::vector<std::string> groups(static_cast<std::size_t>(matcher->groupCount()) + 1);
    for (int i = 1; i <= matcher->groupCount(); ++i) {
        icu::UnicodeString group = matcher->group(i, status);
        if (U_FAILURE(status)) return std::nullopt;
        group.toUTF8String(groups[static_cast<std::size_t>(i)]);
    }
    return TemplatedLink{fill(m_url, groups), m_method, fill(m_body, groups)};
}

}  // namespace jikji
