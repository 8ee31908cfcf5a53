#include "stages/emit/record_stage.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "converters/html/page_extractor.h"
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

}  // namespace

Record buildItemRecord(const Config& config, const Source& source, StateStore& state,
                       const CaptureStore& captures, const UrlRecord& item,
                       const ExtractOptions& extract) {
    converters::html::ItemRules rules = rulesOf(source);
    std::string bytes = captures.get(item.digest);
    CaptureInfo info = captures.sidecar(item.digest);
    fetch::DecodedPage page =
        fetch::decodePage(bytes, info.header("Content-Type"), source.encoding);
    converters::html::ExtractedPage extracted =
        converters::html::extractPage(page.text, item.spec.url, rules);

    SourceInfo sourceInfo;
    sourceInfo.name = source.name;
    sourceInfo.url = item.spec.url;
    sourceInfo.fetchedAt = info.fetchedAt;
    if (info.status) sourceInfo.httpStatus = info.status;
    sourceInfo.etag = info.header("ETag");
    sourceInfo.lastModified = info.header("Last-Modified");
    sourceInfo.captureDigest = "sha256:" + item.digest;
    sourceInfo.charsetDeclared = page.declared;
    sourceInfo.charsetUsed = page.used;

    std::vector<AttachmentInput> attachments;
    for (const UrlRecord& child : state.children(item.id)) {
        if (child.spec.kind != UrlKind::Attachment) continue;
        AttachmentInput input;
        input.url = child.spec.url;
        if (!child.digest.empty() && captures.has(child.digest)) {
            input.bytes = captures.get(child.digest);
            input.blobPath = CaptureStore::relativeBlobPath(child.digest).string();
            CaptureInfo attachmentInfo = captures.sidecar(child.digest);
            std::string disposition = attachmentInfo.header("Content-Disposition");
            if (!disposition.empty())
                input.fileName =
                    text::decodeFileName(disposition, child.spec.linkText, child.spec.url).name;
        } else {
            input.error = child.lastError.empty() ? "not captured" : child.lastError;
        }
        attachments.push_back(std::move(input));
    }
    return buildRecord(sourceInfo, extracted, std::move(attachments), extract);
}

Record buildPageRecord(const Source& source, const std::string& bytes, const std::string& url) {
    fetch::DecodedPage page = fetch::decodePage(bytes, "", source.encoding);
    converters::html::ExtractedPage extracted =
        converters::html::extractPage(page.text, url, rulesOf(source));
    SourceInfo sourceInfo;
    sourceInfo.name = source.name;
    sourceInfo.url = url;
    sourceInfo.charsetDeclared = page.declared;
    sourceInfo.charsetUsed = page.used;
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
