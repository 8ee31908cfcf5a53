// The official JSON Schema Test Suite (Debian: json-schema-test-suite) against the in-house
// validator, for every keyword it claims. Debian's release 2.0.0 ships the suite up to draft 7,
// so the files of keywords whose meaning 2020-12 kept are run; a group whose schema the validator
// refuses (a keyword it does not implement) is counted as refused, never as passed. Directory:
// the environment variable JSON_SCHEMA_TEST_SUITE, else the Debian path; skipped when absent.
#include "pipeline/json_schema.h"

#include <gtest/gtest.h>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cstdlib>
#include <filesystem>
#include <set>

#include "pipeline/json_writer.h"
#include "tests/support/fixtures.h"

namespace jikji {
namespace {

namespace fs = std::filesystem;
using Poco::Dynamic::Var;
using Poco::JSON::Array;
using Poco::JSON::Object;

fs::path suiteDir() {
    if (const char* dir = std::getenv("JSON_SCHEMA_TEST_SUITE")) return dir;
    return "/usr/share/json-schema-test-suite/tests/draft7";
}

// Groups of the draft 7 files that test what 2020-12 defines differently (keywords beside `$ref`
// apply in 2020-12) or that need the draft 7 meta-schema from the network.
const std::set<std::string>& draft7Only() {
    static const std::set<std::string> groups{
        "ref overrides any sibling keywords", "Recursive references between schemas",
        "$ref to boolean schema true",        "$ref to boolean schema false",
        "remote ref, containing refs itself",
    };
    return groups;
}

struct Tally {
    std::size_t passed = 0, refused = 0, skipped = 0;
};

// Runs one file of the suite; every test of every group the validator accepts must agree.
Tally runFile(const fs::path& file) {
    Tally tally;
    Var parsed = parseJson(test::readBytes(file));
    Array::Ptr groups = parsed.extract<Array::Ptr>();
    for (unsigned g = 0; g < groups->size(); ++g) {
        Object::Ptr group = groups->getObject(g);
        std::string description = group->getValue<std::string>("description");
        if (draft7Only().count(description)) {
            ++tally.skipped;
            continue;
        }
        Var schema = group->get("schema");
        Object::Ptr object;
        if (schema.type() == typeid(Object::Ptr)) {
            // A copy with an $id of its own (the validator keeps schemas by $id).
            object = parseJson(toJsonString(schema.extract<Object::Ptr>())).extract<Object::Ptr>();
        } else {
            // A boolean schema, as the one subschema of an object schema.
            object = makeObject();
            Poco::JSON::Array::Ptr all = new Poco::JSON::Array;
            all->add(schema);
            object->set("allOf", all);
        }
        if (!object->has("$id"))
            object->set("$id", "urn:jikji:suite:" + file.stem().string() + ":" + std::to_string(g));
        SchemaValidator validator;
        std::string id;
        try {
            id = validator.addSchema(toJsonString(object));
        } catch (const std::runtime_error& error) {
            ++tally.refused;
            continue;
        }
        Array::Ptr tests = group->getArray("tests");
        for (unsigned t = 0; t < tests->size(); ++t) {
            Object::Ptr one = tests->getObject(t);
            bool expected = one->getValue<bool>("valid");
            bool valid = false;
            try {
                valid = validator.validate(one->get("data"), id).empty();
            } catch (const std::exception& error) {
                ADD_FAILURE() << file.filename() << ": " << description << " / "
                              << one->getValue<std::string>("description") << ": " << error.what();
                continue;
            }
            EXPECT_EQ(valid, expected) << file.filename() << ": " << description << " / "
                                       << one->getValue<std::string>("description");
            tally.passed += valid == expected;
        }
    }
    return tally;
}

// Every keyword SchemaValidator claims, by the suite file that tests it.
TEST(JsonSchemaSuite, EveryClaimedKeywordPassesTheOfficialTests) {
    if (!fs::is_directory(suiteDir())) GTEST_SKIP() << suiteDir() << " is absent";
    std::size_t passed = 0, refused = 0, skipped = 0;
    for (const char* keyword :
         {"type",         "properties", "required",       "additionalProperties",
          "items",        "enum",       "const",          "pattern",
          "minLength",    "maxLength",  "minimum",        "maximum",
          "allOf",        "anyOf",      "oneOf",          "not",
          "if-then-else", "ref",        "boolean_schema", "default"}) {
        fs::path file = suiteDir() / (std::string(keyword) + ".json");
        ASSERT_TRUE(fs::exists(file)) << file;
        Tally tally = runFile(file);
        passed += tally.passed;
        refused += tally.refused;
        skipped += tally.skipped;
    }
    std::cout << "JSON Schema Test Suite: " << passed << " tests agree; " << refused
              << " groups refused (unsupported keywords), " << skipped
              << " groups skipped (draft 7 semantics)\n";
    EXPECT_GT(passed, 200u);
}

// A schema that asks for what the validator does not do is refused, not half-judged.
TEST(JsonSchemaSuite, SchemasWithUnsupportedKeywordsAreRefused) {
    for (const char* schema :
         {R"({"$id": "urn:a", "minItems": 1})",
          R"({"$id": "urn:a", "properties": {"x": {"patternProperties": {"^a": true}}}})",
          R"({"$id": "urn:a", "allOf": [{"items": [{"type": "string"}]}]})",
          R"({"$id": "urn:a", "$defs": {"d": {"dependentRequired": {"a": ["b"]}}}})"}) {
        SchemaValidator validator;
        EXPECT_THROW(validator.addSchema(schema), std::runtime_error) << schema;
    }
    SchemaValidator validator;
    EXPECT_NO_THROW(validator.addSchema(
        R"({"$id": "urn:b", "title": "t", "format": "date", "properties": {"enum": {"const": 1}}})"));
}

}  // namespace
}  // namespace jikji
