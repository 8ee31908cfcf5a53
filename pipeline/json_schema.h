#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Object.h>

#include <unicode/uversion.h>

U_NAMESPACE_BEGIN
class RegexPattern;
U_NAMESPACE_END

namespace jikji {

/// One way an instance breaks its schema.
struct SchemaError {
    std::string pointer;  ///< JSON Pointer into the instance (`/attachments/0/sha256`; "" = root)
    std::string message;
};

/// A validator for the part of JSON Schema draft 2020-12 that the project's schemas use:
/// `type`, `properties`, `required`, `additionalProperties`, `unevaluatedProperties`, `items`,
/// `enum`, `const`, `pattern` (ICU regular expressions, searched as ECMA-262 says),
/// `minLength`/`maxLength` (in code points), `minimum`/`maximum`, `allOf`/`anyOf`/`oneOf`/
/// `not`, `if`/`then`/`else`, and `$ref` to `#/$defs/…` or to another added schema by a URI
/// relative to the `$id` of the schema it is in. A schema that uses a 2020-12 keyword outside
/// this list that asserts something (`minItems`, `patternProperties`, `prefixItems`, …), or a
/// keyword of an older draft (`dependencies`, `additionalItems`, `items` as an array), is refused
/// by addSchema; other keywords are annotations and ignored. The official JSON Schema Test Suite
/// checks these keywords (tests/unit/pipeline/json_schema_suite_test.cpp).
/// Schemas are trusted input (ours); instances are not: their depth is bounded.
class SchemaValidator {
  public:
    /// `strict`: every object schema that lists `properties` and says nothing of other
    /// properties rejects those it does not know, as `"unevaluatedProperties": false` would
    /// (see strictSchema). The published schemas let consumers ignore unknown keys; an archive
    /// written by this version of jikji has none, so `jikji validate` reports them.
    explicit SchemaValidator(bool strict = false);
    ~SchemaValidator();

    /// Adds a schema under its `$id`; returns the `$id`. Throws std::runtime_error when the
    /// text is not a JSON object with an `$id`, or uses a keyword this validator does not know.
    std::string addSchema(std::string_view json);
    /// Validates `instance` against the schema added as `schemaId`; at most `maxErrors` errors.
    std::vector<SchemaError> validate(const Poco::Dynamic::Var& instance,
                                      const std::string& schemaId,
                                      std::size_t maxErrors = 20) const;

  private:
    struct Context;
    bool check(const Poco::Dynamic::Var& instance, const Poco::Dynamic::Var& schema,
               const std::string& base, const std::string& pointer, Context& context,
               std::vector<SchemaError>* errors, std::vector<std::string>* evaluated,
               int depth) const;
    bool checkObjectSchema(const Poco::Dynamic::Var& instance, const Poco::JSON::Object& schema,
                           const std::string& base, const std::string& pointer, Context& context,
                           std::vector<SchemaError>* errors, std::vector<std::string>* evaluated,
                           int depth) const;
    bool matches(const std::string& pattern, const std::string& text) const;

    bool m_strict;
    std::map<std::string, Poco::JSON::Object::Ptr> m_schemas;
    mutable std::mutex m_patternMutex;
    mutable std::map<std::string, std::unique_ptr<icu::RegexPattern>> m_patterns;
};

/// The strict form of a schema: `"unevaluatedProperties": false` added to every schema whose
/// `type` is `object`, that has `properties` and neither `additionalProperties` nor
/// `unevaluatedProperties`. tests/support/validate_records.py --strict applies the same rule.
void makeStrict(Poco::JSON::Object::Ptr schema);

/// Parses JSON text as the validator expects it (objects, arrays, nesting bounded). Throws
/// std::runtime_error with the parser's message.
Poco::Dynamic::Var parseJson(std::string_view text);

}  // namespace jikji
