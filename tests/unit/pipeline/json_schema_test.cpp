#include "pipeline/json_schema.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "pipeline/embedded_schemas.h"

namespace jikji {
namespace {

constexpr std::string_view kItem = R"({
  "$id": "https://example.test/s/item.json",
  "type": "object",
  "required": ["name"],
  "properties": {
    "name": {"type": "string", "minLength": 2},
    "code": {"type": "string", "pattern": "[0-9]{3}"},
    "count": {"type": "integer", "minimum": 0},
    "part": {"$ref": "part.json"},
    "kind": {"enum": ["a", "b"]}
  },
  "allOf": [{"if": {"properties": {"kind": {"const": "a"}}},
             "then": {"required": ["count"], "properties": {"extra": {"type": "string"}}}}]
})";
constexpr std::string_view kPart = R"({
  "$id": "https://example.test/s/part.json",
  "$ref": "#/$defs/part",
  "$defs": {"part": {"type": "object", "properties": {"n": {"type": "integer"}}}}
})";

std::vector<SchemaError> check(std::string_view instance, bool strict = true) {
    SchemaValidator validator(strict);
    validator.addSchema(kPart);
    std::string id = validator.addSchema(kItem);
    return validator.validate(parseJson(instance), id);
}

TEST(SchemaValidator, ReportsEachBrokenRuleWithItsPointer) {
    EXPECT_TRUE(
        check(R"({"name": "ab", "code": "x123y", "count": 1.0, "part": {"n": 2}})").empty());
    auto errors = check(R"({"code": "12", "count": -1, "part": {"n": "2"}, "kind": "c"})");
    std::set<std::string> pointers;
    for (const auto& error : errors)
        pointers.insert(error.pointer);
    EXPECT_EQ(pointers, (std::set<std::string>{"", "/code", "/count", "/part/n", "/kind"}));
}

// minLength counts code points, not bytes: one Hangul syllable is one character.
TEST(SchemaValidator, MinLengthCountsCodePoints) {
    EXPECT_EQ(check(R"({"name": "전", "count": 0})").size(), 1u);
    EXPECT_TRUE(check(R"({"name": "전주", "count": 0})").empty());
}

// In strict mode a key is known when a schema that applies evaluates it, `then` included.
TEST(SchemaValidator, StrictModeKnowsKeysOfAppliedSubschemasOnly) {
    EXPECT_TRUE(check(R"({"name": "ab", "kind": "a", "count": 1, "extra": "x"})").empty());
    auto errors = check(R"({"name": "ab", "kind": "b", "extra": "x"})");
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].pointer, "/extra");
    EXPECT_TRUE(check(R"({"name": "ab", "kind": "b", "extra": "x"})", false).empty());
    EXPECT_EQ(check(R"({"name": "ab", "part": {"n": 1, "m": 2}})").at(0).pointer, "/part/m");
}

TEST(SchemaValidator, DeepNestingIsRefusedNotFollowed) {
    std::string deep = std::string(100000, '[') + std::string(100000, ']');
    EXPECT_THROW(parseJson(deep), std::runtime_error);
}

TEST(SchemaValidator, EmbeddedSchemasAreThePublishedOnes) {
    SchemaValidator validator(true);
    std::set<std::string> names;
    for (const EmbeddedSchema& schema : embeddedSchemas()) {
        names.insert(std::string(schema.fileName));
        EXPECT_NO_THROW(validator.addSchema(schema.text)) << schema.fileName;
    }
    EXPECT_TRUE(names.count("record.schema.json"));
    EXPECT_TRUE(names.count("document.schema.json"));
}

}  // namespace
}  // namespace jikji
