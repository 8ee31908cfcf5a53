#include "stages/emit/record_stage.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "converters/html/page_extractor.h"
#include "pipeline/web_url.h"
#include "stages/emit/emit.h"
#include "stages/extract/record_builder.h"
#include "stages/fetch/page_decoding.h"
#include "stages/normalize/file_name.h"

namespace jikji::stages {

namespace {

converters::html::ItemRules rulesOf(const Source& source) {
    converters::html::ItemRules rules;
    rules.fields = source.item.fields;
    // `related` is a link rule like `attachments`, written among the fields in configs.
    if (auto related = rules.fields.find("related"); related != rules.fields.end()) {
        rules.related = related->second;
        rules.fields.erase(related);
    }
    rules.body = source.item.body;
    rules.attachments = source.item.attachments;
    rules.exclude = source.item.exclude;
    return rules;
}

// An item page as a record reads it: decoded, read by the source's item rules, its URL and its
// attachments' URLs in the source's canonical form (records of an archive crawled under another
// rule follow the rule as it is now); fills the source part of `info` the page gives.
converters::html::ExtractedPage readItemPage(const Source& source, const std::string& bytes,
                                             const std::string& contentType, const std::string& url,
                                             SourceInfo& info) {
    fetch::DecodedPage page = fetch::decodePage(bytes, contentType, source.encoding);
    converters::html::ExtractedPage extracted =
        converters::html::extractPage(page.text, url, rulesOf(source));
    for (converters::html::PageLink& link : extracted.attachments)
        link.url = url::canonicalOr(link.url, source.canonical);
    info.name = source.name;
    info.url = url::canonicalOr(url, source.canonical);
    info.charsetDeclared = page.declared;
    info.charsetUsed = page.used;
    return extracted;
}

// The attachments of `item`: those the state store links to it, and those its page links that
// the store knows under another item (an archive crawled before attachments were shared).
std::vector<UrlRecord> linkedAttachments(StateStore& state, const Source& source,
                                         const UrlRecord& item,
                                         const converters::html::ExtractedPage& page) {
    std::vector<UrlRecord> out;
    for (UrlRecord& child : state.children(item.id))
        if (child.spec.kind == UrlKind::Attachment) out.push_back(std::move(child));
    for (const converters::html::PageLink& link : page.attachments) {
        if (std::any_of(out.begin(), out.end(),
                        [&](const UrlRecord& known) { return known.spec.url == link.url; }))
            continue;
        UrlSpec spec;
        spec.source = source.name;
        spec.kind = UrlKind::Attachment;
        spec.url = link.url;
        if (auto found = state.findUrl(spec); found && found->spec.kind == UrlKind::Attachment)
            out.push_back(std::move(*found));
    }
    return out;
}

}  // namespace

Record buildItemRecord(const Config& config, const Source& source, StateStore& state,
                       const CaptureStore& captures, const UrlRecord& item,
                       const ExtractOptions& extract) {
    // Every capture is hashed before a record is built from it (CaptureError otherwise).
    std::string bytes = captures.verified(item.digest);
    CaptureInfo info = captures.sidecar(item.digest);
    SourceInfo sourceInfo;
    converters::html::ExtractedPage extracted =
        readItemPage(source, bytes, info.header("Content-Type"), item.spec.url, sourceInfo);
    if (item.spec.method == "POST") sourceInfo.requestBody = item.spec.body;
    sourceInfo.fetchedAt = info.fetchedAt;
    if (info.status) sourceInfo.httpStatus = info.status;
    sourceInfo.etag = info.header("ETag");
    sourceInfo.lastModified = info.header("Last-Modified");
    sourceInfo.captureDigest = "sha256:" + item.digest;

    std::vector<AttachmentInput> attachments;
    for (const UrlRecord& child : linkedAttachments(state, source, item, extracted)) {
        AttachmentInput input;
        input.url = child.spec.url;
        if (child.spec.method == "POST") input.body = child.spec.body;
        if (!child.digest.empty()) {
            input.bytes = captures.verified(child.digest);
            input.blobPath = CaptureStore::relativeBlobPath(child.digest).string();
            CaptureInfo attachmentInfo = captures.sidecar(child.digest);
            std::string disposition = attachmentInfo.header("Content-Disposition");
            if (!disposition.empty())
                input.fileName =
                    normalize::decodeFileName(disposition, child.spec.linkText, child.spec.url)
                        .name;
        } else {
            input.error = child.lastError.empty() ? "not captured" : child.lastError;
        }
        attachments.push_back(std::move(input));
    }
    Record record = buildRecord(sourceInfo, extracted, std::move(attachments), extract);
    record.withdrawnAt = item.withdrawnAt;
    return record;
}

void requeueBadCapture(StateStore& state, const UrlRecord& item, const CaptureError& error) {
    std::int64_t id = 0;
    if (item.digest == error.digest()) {
        id = item.id;
    } else {
        for (const UrlRecord& child : state.children(item.id))
            if (child.digest == error.digest()) id = child.id;
    }
    try {
        if (id != 0) state.recordFailure(id, std::string(error.code()) + ": " + error.what(), 0, 0);
    } catch (const std::exception& failure) {
        // The fetch stage still refuses a 304 for a capture that is not intact.
        spdlog::warn("cannot mark {} for fetching again: {}", item.spec.url, failure.what());
    }
}

Record buildPageRecord(const Source& source, const std::string& bytes, const std::string& url) {
    SourceInfo sourceInfo;
    converters::html::ExtractedPage extracted = readItemPage(source, bytes, "", url, sourceInfo);
    std::vector<AttachmentInput> attachments;
    for (const auto& link : extracted.attachments) {
        AttachmentInput input;
        input.url = link.url;
        input.error = "not fetched: jikji check reads the saved page only";
        attachments.push_back(std::move(input));
    }
    return buildRecord(sourceInfo, extracted, std::move(attachments), {});
}

}  // namespace jikji::stages
