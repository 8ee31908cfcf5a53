#pragma once

#include <string>
#include <string_view>

#include "pipeline/document.h"
#include "pipeline/document_sink.h"

namespace jikji::converters {

/// The bytes of one input, whole, and a name used only in messages (never opened as a path).
struct Input {
    std::string_view bytes;
    std::string name;
    /// False when the caller renders the document's text itself once it has changed the blocks
    /// (normalize::normalizeDocument does): the text is then left empty rather than rendered
    /// twice.
    bool renderText = true;
};

/// One input format. `probe()` says how sure the converter is that it reads this input;
/// `convert()` never throws: every outcome is a document with a status and warnings.
class Converter {
  public:
    virtual ~Converter() = default;

    /// Short format name written into documents: `hwpx`, `hwp5`, …
    virtual std::string_view name() const = 0;
    /// Version of this converter, recorded in `processing`.
    virtual std::string_view version() const = 0;
    /// 0 when the input is not this format, 100 when certain.
    virtual int probe(const Input& input) const noexcept = 0;

    /// Converts the input. Exceptions thrown inside become a status (`limit_exceeded`,
    /// `encrypted`, `corrupt`) and a warning.
    Document convert(const Input& input) const noexcept;

  protected:
    /// Emits the document to `sink` and returns its status; may throw the project's errors.
    virtual Status doConvert(const Input& input, DocumentSink& sink) const = 0;
};

}  // namespace jikji::converters
