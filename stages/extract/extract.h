#pragma once

#include "converters/converter.h"
#include "pipeline/document.h"
#include "pipeline/isolation.h"

namespace jikji::stages {

struct ExtractOptions {
    /// Convert in a child process under `limits` (crash, hang and memory isolation).
    bool isolate = true;
    IsolationLimits limits;
};

/// The extract step for one captured file: detection, the converter, normalisation of every
/// string, then the facts read from the converted document (press-release fields). Never throws;
/// every outcome is a document with a status.
Document extractDocument(const converters::Input& input, const ExtractOptions& options = {});

}  // namespace jikji::stages
