#pragma once

#include <span>
#include <string_view>

#include "converters/converter.h"
#include "converters/detect/detect.h"

namespace jikji::converters {

/// Every converter, from the one explicit table in registry.cpp.
std::span<const Converter* const> allConverters();

/// The converter with the highest probe confidence for this input, or nullptr.
const Converter* converterFor(const Input& input);

/// Detects the input and converts it with the best converter. An input that no converter
/// reads becomes a document with status `unsupported` and a warning naming what it is.
Document convertInput(const Input& input);

}  // namespace jikji::converters
