#include "stages/extract/record_builder.h"

#include <algorithm>
#include <set>

#include "converters/registry.h"
#include "jikji/version.h"
#include "pipeline/sha256.h"
#include "pipeline/typed_fields.h"
#include "pipeline/web_url.h"
#include "stages/normalize/normalize_document.h"

namespace jikji::stages {

namespace {

// The field names the record knows; every other field goes to `fields`.
const std::set<std::string, std::less<>>& knownFields() {
    static const std::set<std::string, std::less<>> names{"title",        "agency",   "department",
                                                          "phone",        "contact",  "posted_at",
                                                          "published_at", "keywords", "summary"};
    return names;
}

std::string joined(const std::vector<std::string>& values) {
    std::string out;
    for (const std::string& value : values) {
        if (!out.empty()) out += '\n';
        out += value;
    }
    return out;
}

class Builder {
  public:
    Builder(const SourceInfo& source, const converters::html::ExtractedPage& page,
            const ExtractOptions& extract)
        : m_source(source), m_page(page), m_extract(extract) {}

    Record build(std::vector<AttachmentInput> inputs) {
        m_record.processing.jikjiVersion = kVersion;
        m_record.processing.converters["html"] =
            std::string(converters::html::kPageExtractorVersion);
        m_record.processing.warnings = m_page.warnings;
        fillSource();
        fillFields();
        m_record.body = m_page.body;
        fillAttachments(std::move(inputs));
        for (const converters::html::PageLink& link : m_page.related) {
            if (link.url == m_record.source.url) continue;
            m_record.related.push_back(RecordLink{link.text, link.url});
        }
        normalizeStrings();
        return std::move(m_record);
    }

  private:
    // Every string that reaches a record goes through the normaliser; lossy changes are
    // counted in the record's warnings.
    void normalizeStrings() {
        normalize::NormalizeCounts counts;
        auto line = [&](std::string& value) {
            normalize::NormalizeResult result =
                normalize::normalizeText(value, {.multiline = false});
            counts += result.counts;
            value = std::move(result.text);
        };
        auto lines = [&](std::string& value) {
            normalize::NormalizeResult result = normalize::normalizeText(value);
            counts += result.counts;
            value = std::move(result.text);
        };
        line(m_record.title);
        line(m_record.agency.name);
        line(m_record.agency.nameHanja);
        line(m_record.department);
        line(m_record.contact.department);
        lines(m_record.summary);
        for (std::string& keyword : m_record.keywords)
            line(keyword);
        for (auto& [name, value] : m_record.fields)
            lines(value);
        for (RecordLink& link : m_record.related)
            line(link.title);
        for (RecordAttachment& attachment : m_record.attachments)
            line(attachment.name);
        normalize::normalizeDocument(m_record.body);
        for (Warning& warning : normalize::warningsFor(counts, "record"))
            m_record.processing.warnings.push_back(std::move(warning));
    }

    void warn(std::string code, std::string message, std::string where) {
        m_record.processing.warnings.push_back(
            Warning{std::move(code), std::move(message), std::move(where)});
    }

    const std::vector<std::string>* field(std::string_view name) const {
        auto found = m_page.fields.find(std::string(name));
        if (found == m_page.fields.end() || found->second.empty()) return nullptr;
        return &found->second;
    }

    void fillSource() {
        RecordSource& source = m_record.source;
        source = m_source;
        std::string pageUrl = m_source.url.empty() ? m_page.url : m_source.url;
        source.url = url::canonicalUrl(pageUrl).value_or(pageUrl);
        m_record.id = recordId(source.name, source.url, source.requestBody);
    }

    std::string date(std::string_view name) {
        const auto* values = field(name);
        if (!values) return {};
        if (auto parsed = typed::parseDateTime(values->front())) return *parsed;
        warn("bad_date", "no date in " + std::string(name) + " `" + values->front() + "`",
             std::string(name));
        return {};
    }

    void fillFields() {
        if (const auto* title = field("title")) {
            m_record.title = typed::stripLeadingMark(joined(*title));
        } else {
            warn("no_title", "the page gave no title", "title");
        }
        if (const auto* agency = field("agency")) {
            typed::Agency parsed = typed::parseAgency(agency->front());
            m_record.agency = RecordAgency{parsed.name, parsed.nameHanja};
        }
        if (const auto* contact = field("contact")) {
            typed::Contact parsed = typed::parseContact(joined(*contact), m_source.phoneAreaCode);
            m_record.contact = RecordContact{parsed.department, parsed.phone};
        }
        if (const auto* phone = field("phone")) {
            if (auto parsed = typed::parsePhone(phone->front(), m_source.phoneAreaCode))
                m_record.contact.phone = *parsed;
            else
                warn("bad_phone", "no phone number in `" + phone->front() + "`", "phone");
        }
        if (const auto* department = field("department"))
            m_record.department = department->front();
        else
            m_record.department = m_record.contact.department;
        m_record.postedAt = date("posted_at");
        m_record.publishedAt = date("published_at");
        if (const auto* keywords = field("keywords")) {
            for (const std::string& value : *keywords) {
                std::size_t start = 0;
                while (start <= value.size()) {
                    std::size_t end = value.find('\n', start);
                    std::string keyword = value.substr(start, end - start);
                    if (!keyword.empty() &&
                        std::find(m_record.keywords.begin(), m_record.keywords.end(), keyword) ==
                            m_record.keywords.end())
                        m_record.keywords.push_back(keyword);
                    if (end == std::string::npos) break;
                    start = end + 1;
                }
            }
        }
        if (const auto* summary = field("summary")) m_record.summary = joined(*summary);
        for (const auto& [name, values] : m_page.fields) {
            if (knownFields().count(name) || values.empty()) continue;
            m_record.fields[name] = joined(values);
        }
    }

    void fillAttachments(std::vector<AttachmentInput> inputs) {
        for (AttachmentInput& input : inputs)
            input.url = url::canonicalUrl(input.url).value_or(input.url);
        std::vector<bool> used(inputs.size(), false);
        for (const converters::html::PageLink& link : m_page.attachments) {
            RecordAttachment attachment;
            attachment.name = link.text;
            attachment.url = link.url;
            attachment.declaredSizeText = link.declaredSize;
            if (!link.declaredSize.empty())
                attachment.declaredSize = typed::parseFileSize(link.declaredSize);
            auto input = std::find_if(inputs.begin(), inputs.end(), [&](const AttachmentInput& in) {
                return in.url == link.url && in.body == link.body;
            });
            if (input == inputs.end()) {
                attachment.status = kAttachmentNotFetched;
            } else {
                used[static_cast<std::size_t>(input - inputs.begin())] = true;
                convert(*input, attachment);
            }
            m_record.attachments.push_back(std::move(attachment));
        }
        // Captures that no link on the page names (the page changed since) are kept too.
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            if (used[i]) continue;
            RecordAttachment attachment;
            attachment.url = inputs[i].url;
            std::string path = attachment.url.substr(0, attachment.url.find('?'));
            attachment.name = url::percentDecode(path.substr(path.rfind('/') + 1));
            convert(inputs[i], attachment);
            m_record.attachments.push_back(std::move(attachment));
        }
    }

    static bool looksLikeFileName(std::string_view name) {
        std::size_t dot = name.rfind('.');
        return dot != std::string_view::npos && dot > 0 && name.size() - dot >= 2 &&
               name.size() - dot <= 6 && name.find(' ', dot) == std::string_view::npos;
    }

    void convert(const AttachmentInput& input, RecordAttachment& attachment) {
        attachment.blobPath = input.blobPath;
        if (!input.fileName.empty() && !looksLikeFileName(attachment.name))
            attachment.name = input.fileName;
        if (!input.bytes) {
            attachment.status = kAttachmentFetchFailed;
            attachment.error =
                input.error.empty() ? "the attachment could not be fetched" : input.error;
            return;
        }
        const std::string& bytes = *input.bytes;
        attachment.size = bytes.size();
        attachment.sha256 = sha256Hex(bytes);
        converters::Input converterInput{bytes, attachment.name};
        Document document = extractDocument(converterInput, m_extract);
        if (const converters::Converter* converter = converters::converterFor(converterInput))
            m_record.processing.converters[std::string(converter->name())] =
                std::string(converter->version());
        attachment.mediaType = document.mediaType;
        attachment.status = std::string(toString(document.status));
        attachment.document = std::move(document);
    }

    const SourceInfo& m_source;
    const converters::html::ExtractedPage& m_page;
    const ExtractOptions& m_extract;
    Record m_record;
};

}  // namespace

Record buildRecord(const SourceInfo& source, const converters::html::ExtractedPage& page,
                   std::vector<AttachmentInput> attachments, const ExtractOptions& extract) {
    return Builder(source, page, extract).build(std::move(attachments));
}

}  // namespace jikji::stages
