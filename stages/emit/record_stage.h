#pragma once

#include "pipeline/archive.h"
#include "pipeline/config.h"
#include "pipeline/state_store.h"
#include "stages/emit/emit.h"
#include "stages/extract/extract.h"

namespace jikji::stages {

/// Builds the record of one captured item page from the captures store alone (the page, its
/// attachments' captures as the state store lists them). Throws for an item whose capture
/// cannot be read.
Record buildItemRecord(const Config& config, const Source& source, StateStore& state,
                       const CaptureStore& captures, const UrlRecord& item,
                       const ExtractOptions& extract = {});

/// The record the source's item rules make of one saved page (`jikji check --page`): the page is
/// decoded and read as buildItemRecord reads a capture; its attachments are listed, not fetched.
Record buildPageRecord(const Source& source, const std::string& bytes, const std::string& url);

/// A record could not be built because a capture it needs is missing or damaged: the URL whose
/// capture it is (the item or one of its attachments) is marked failed with the error's code,
/// so that the next pass fetches it again as if new (which heals the capture store).
void requeueBadCapture(StateStore& state, const UrlRecord& item, const CaptureError& error);

}  // namespace jikji::stages
