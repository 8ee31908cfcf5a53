#include "converters/converter.h"

#include <new>

#include "pipeline/document_builder.h"
#include "pipeline/errors.h"

namespace jikji::converters {

Document Converter::convert(const Input& input) const noexcept {
    DocumentBuilder builder;
    Status status = Status::Corrupt;
    try {
        builder.setFormat(name(), {});
        status = doConvert(input, builder);
    } catch (const LimitError& error) {
        builder.warn("limit_exceeded", error.what(), input.name);
        status = Status::LimitExceeded;
    } catch (const EncryptedError& error) {
        builder.warn("encrypted", error.what(), input.name);
        status = Status::Encrypted;
    } catch (const std::bad_alloc&) {
        builder.warn("limit_exceeded", "out of memory while converting", input.name);
        status = Status::LimitExceeded;
    } catch (const std::exception& error) {
        builder.warn("corrupt", error.what(), input.name);
        status = Status::Corrupt;
    } catch (...) {
        builder.warn("corrupt", "unknown error while converting", input.name);
        status = Status::Corrupt;
    }
    try {
        return builder.finish(status, input.renderText);
    } catch (...) {
        Document document;
        document.format = std::string(name());
        document.status = Status::LimitExceeded;
        document.warnings.push_back(
            {"limit_exceeded", "out of memory while finishing", input.name});
        return document;
    }
}

}  // namespace jikji::converters
