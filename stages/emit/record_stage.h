#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "pipeline/archive.h"
#include "pipeline/config.h"
#include "pipeline/state_store.h"
#include "stages/emit/emit.h"
#include "stages/extract/extract.h"

namespace jikji::stages {

/// What the extract → normalize → emit stages did over one source's captured items.
struct RecordStageResult {
    std::map<std::string, std::size_t> counts;
    /// url → why its record could not be made.
    std::vector<std::pair<std::string, std::string>> failures;
};

/// Builds the record of one captured item page from the captures store alone (the page, its
/// attachments' captures as the state store lists them). Throws for an item whose capture
/// cannot be read.
Record buildItemRecord(const Config& config, const Source& source, StateStore& state,
                       const CaptureStore& captures, const UrlRecord& item,
                       const ExtractOptions& extract = {});

/// A record could not be built because a capture it needs is missing or damaged: the URL whose
/// capture it is (the item or one of its attachments) is marked failed with the error's code,
/// so that the next pass fetches it again as if new (which heals the capture store).
void requeueBadCapture(StateStore& state, const UrlRecord& item, const CaptureError& error);

/// buildItemRecord, then emitRecord. Throws for an item whose capture cannot be read,
/// std::system_error when the archive cannot be written.
EmitOutcome buildAndEmitRecord(const Config& config, const Source& source, StateStore& state,
                               const CaptureStore& captures, const UrlRecord& item,
                               const std::string& runId, const ExtractOptions& extract = {});

/// Builds and emits the record of every item page of `source` whose current capture is not
/// extracted yet and whose attachments have all been fetched (or have failed): the page is
/// decoded (text::resolveCharset), read by the source's item rules, its attachments converted
/// (isolated per `extract`), and the record written atomically with a manifest line. The item is
/// then marked extracted, so a rerun does nothing and a killed run resumes. Bytes come only from
/// the captures store: the same function rebuilds records without the network.
RecordStageResult runRecordStage(const Config& config, const Source& source, StateStore& state,
                                 const CaptureStore& captures, const std::string& runId,
                                 const ExtractOptions& extract = {});

}  // namespace jikji::stages
