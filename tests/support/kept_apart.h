#pragma once

#include <string>
#include <utility>
#include <vector>

#include "pipeline/document.h"

/// What a converted document keeps in its blocks but out of its text, as the tests of every
/// format read it.
namespace jikji::test {

/// The annotation (`hidden_comment`, `memo`) and text of each such top-level text box.
inline std::vector<std::pair<std::string, std::string>> annotations(const Document& document) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const Block& block : document.blocks)
        if (block.kind == BlockKind::TextBox && !block.annotation.empty())
            out.emplace_back(block.annotation, renderText(block.children));
    return out;
}

/// The kind and text of each top-level text box that holds what a form object shows.
inline std::vector<std::pair<std::string, std::string>> formObjects(const Document& document) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const Block& block : document.blocks)
        if (block.kind == BlockKind::TextBox && !block.form.empty())
            out.emplace_back(block.form, renderText(block.children));
    return out;
}

/// The text of every top-level run marked as a field instruction, in order.
inline std::vector<std::string> fieldInstructions(const Document& document) {
    std::vector<std::string> out;
    for (const Block& block : document.blocks)
        for (const Span& span : block.spans)
            if (span.annotation == "field_instruction") out.push_back(span.text);
    return out;
}

}  // namespace jikji::test
