#include <iostream>

#include "pipeline/cli/cli.h"
#include "pipeline/embedded_schemas.h"

namespace jikji::cli {

namespace {

constexpr std::string_view kSchemaSuffix = ".schema.json";

// The names `jikji schema` knows: every schemas/NAME.schema.json this build embedded.
std::string schemaNames() {
    std::string names;
    for (const EmbeddedSchema& schema : embeddedSchemas()) {
        std::string_view name = schema.fileName;
        if (!name.ends_with(kSchemaSuffix)) continue;
        if (!names.empty()) names += '|';
        names += name.substr(0, name.size() - kSchemaSuffix.size());
    }
    return names;
}

}  // namespace

int runSchema(const std::vector<std::string>& args) {
    std::string usage = "usage: jikji schema " + schemaNames() + "\n";
    if (args.size() == 1 && args[0] == "--help") {
        std::cout << usage;
        return kExitOk;
    }
    if (args.size() != 1) {
        std::cerr << usage;
        return kExitUsage;
    }
    for (const EmbeddedSchema& schema : embeddedSchemas()) {
        if (schema.fileName == args[0] + std::string(kSchemaSuffix)) {
            std::cout << schema.text;
            return kExitOk;
        }
    }
    std::cerr << "jikji schema: no schema named '" << args[0] << "'\n" << usage;
    return kExitUsage;
}

}  // namespace jikji::cli
