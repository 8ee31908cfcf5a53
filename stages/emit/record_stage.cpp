#include "stages/emit/record_stage.h"

#include <spdlog/spdlog.h>

#include <Poco/Data/DataException.h>

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

bool attachmentsSettled(StateStore& state, std::int64_t itemId) {
    for (const UrlRecord& child : state.children(itemId))
        if (child.spec.kind == UrlKind::Attachment &&
            (child.state == UrlState::Pending || child.state == UrlState::Leased))
            return false;
    return true;
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
    if (item.spec.method == "POST") sourceInfo.requestBody = item.spec.body;
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
        if (child.spec.method == "POST") input.body = child.spec.body;
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

EmitOutcome buildAndEmitRecord(const Config& config, const Source& source, StateStore& state,
                               const CaptureStore& captures, const UrlRecord& item,
                               const std::string& runId, const ExtractOptions& extract) {
    return emitRecord(config.archive,
                      buildItemRecord(config, source, state, captures, item, extract), runId)
        .outcome;
}

RecordStageResult runRecordStage(const Config& config, const Source& source, StateStore& state,
                                 const CaptureStore& captures, const std::string& runId,
                                 const ExtractOptions& extract) {
    RecordStageResult result;
    std::unique_ptr<IsolatedWorker> worker;
    ExtractOptions options = extract;
    if (options.isolate && !options.worker) {
        worker = makeExtractWorker(options);
        options.worker = worker.get();
    }
    for (const UrlRecord& item : state.itemsToExtract(source.name, 1u << 30)) {
        if (!attachmentsSettled(state, item.id)) {
            ++result.counts["records_waiting_for_attachments"];
            continue;
        }
        try {
            EmitOutcome outcome =
                buildAndEmitRecord(config, source, state, captures, item, runId, options);
            ++result.counts["records_" + std::string(toString(outcome))];
            state.markExtracted(item.id);
        } catch (const std::system_error& error) {
            // The archive itself failed (disk full, permissions): the run cannot go on.
            throw;
        } catch (const Poco::Data::DataException& error) {
            // So did the state store.
            throw;
        } catch (const std::exception& error) {
            spdlog::error("{}: record not built: {}", item.spec.url, error.what());
            result.failures.emplace_back(item.spec.url, error.what());
            ++result.counts["records_failed"];
        }
    }
    return result;
}

}  // namespace jikji::stages
