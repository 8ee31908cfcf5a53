#include "pipeline/json_schema.h"

#include "pipeline/web_url.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <unicode/regex.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <stdexcept>

namespace jikji {

namespace {

using Poco::Dynamic::Var;
using Poco::JSON::Array;
using Poco::JSON::Object;

// Instances nest blocks in cells in tables; far deeper than any record is an attack.
constexpr int kMaxDepth = 200;

bool isObject(const Var& value) {
    return value.type() == typeid(Object::Ptr);
}
bool isArray(const Var& value) {
    return value.type() == typeid(Array::Ptr);
}
bool isBool(const Var& value) {
    return value.type() == typeid(bool);
}
bool isNumber(const Var& value) {
    return !isBool(value) && value.isNumeric();
}
bool isInteger(const Var& value) {
    if (!isNumber(value)) return false;
    if (value.isInteger()) return true;
    double number = value.convert<double>();
    return std::isfinite(number) && std::floor(number) == number;
}

std::string typeName(const Var& value) {
    if (value.isEmpty()) return "null";
    if (isBool(value)) return "boolean";
    if (isObject(value)) return "object";
    if (isArray(value)) return "array";
    if (value.isString()) return "string";
    if (isInteger(value)) return "integer";
    if (isNumber(value)) return "number";
    return "unknown";
}

bool hasType(const Var& value, const std::string& type) {
    if (type == "number") return isNumber(value);
    if (type == "integer") return isInteger(value);
    return typeName(value) == type;
}

bool jsonEqual(const Var& a, const Var& b) {
    if (isNumber(a) && isNumber(b)) {
        if (a.isInteger() && b.isInteger()) return a.toString() == b.toString();
        return a.convert<double>() == b.convert<double>();
    }
    std::string type = typeName(a);
    if (type != typeName(b) && !(isNumber(a) && isNumber(b))) return false;
    if (type == "null") return true;
    if (type == "boolean") return a.extract<bool>() == b.extract<bool>();
    if (type == "string") return a.extract<std::string>() == b.extract<std::string>();
    if (type == "array") {
        const Array& x = *a.extract<Array::Ptr>();
        const Array& y = *b.extract<Array::Ptr>();
        if (x.size() != y.size()) return false;
        for (unsigned i = 0; i < x.size(); ++i)
            if (!jsonEqual(x.get(i), y.get(i))) return false;
        return true;
    }
    if (type == "object") {
        const Object& x = *a.extract<Object::Ptr>();
        const Object& y = *b.extract<Object::Ptr>();
        if (x.size() != y.size()) return false;
        for (const auto& [key, value] : x)
            if (!y.has(key) || !jsonEqual(value, y.get(key))) return false;
        return true;
    }
    return false;
}

std::string shortJson(const Var& value) {
    std::string text = value.isString()  ? "\"" + value.extract<std::string>() + "\""
                       : value.isEmpty() ? "null"
                                         : value.toString();
    if (text.size() > 60) text = text.substr(0, 57) + "...";
    return text;
}

std::string escapePointer(const std::string& key) {
    std::string out;
    for (char c : key) {
        if (c == '~')
            out += "~0";
        else if (c == '/')
            out += "~1";
        else
            out += c;
    }
    return out;
}

std::string unescapePointer(const std::string& token) {
    std::string out;
    for (std::size_t i = 0; i < token.size(); ++i) {
        if (token[i] == '~' && i + 1 < token.size()) {
            out += token[i + 1] == '1' ? '/' : '~';
            ++i;
        } else {
            out += token[i];
        }
    }
    return out;
}

std::size_t codePoints(const std::string& text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

// `ref` read against the URI `base` of the schema it appears in.
std::string resolveUri(const std::string& base, const std::string& ref) {
    // A reference with a scheme (`https:`, `urn:`) is absolute.
    std::size_t colon = ref.find(':');
    if (colon != std::string::npos && colon > 0 &&
        std::isalpha(static_cast<unsigned char>(ref[0])) &&
        ref.find_first_not_of(
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-") == colon)
        return ref;
    std::string document = base.substr(0, base.find('#'));
    if (!ref.empty() && ref[0] == '#') return document + ref;
    std::size_t slash = document.rfind('/');
    return (slash == std::string::npos ? std::string() : document.substr(0, slash + 1)) + ref;
}

void addError(std::vector<SchemaError>* errors, const std::string& pointer, std::string message) {
    if (errors) errors->push_back({pointer, std::move(message)});
}

}  // namespace

// 2020-12 keywords this validator does not implement, and keywords of older drafts whose
// meaning a schema would expect from it: a schema that uses one is refused, never half-judged.
constexpr std::string_view kUnsupported[] = {
    "prefixItems",       "contains",          "minContains",    "maxContains",
    "unevaluatedItems",  "patternProperties", "propertyNames",  "dependentSchemas",
    "dependentRequired", "minItems",          "maxItems",       "uniqueItems",
    "minProperties",     "maxProperties",     "multipleOf",     "exclusiveMinimum",
    "exclusiveMaximum",  "$dynamicRef",       "$dynamicAnchor", "$recursiveRef",
    "$recursiveAnchor",  "$anchor",           "$vocabulary",    "dependencies",
    "additionalItems",
};

// Throws for a keyword of kUnsupported anywhere a subschema can be.
void refuseUnsupported(const Var& schema, const std::string& where) {
    if (!isObject(schema)) return;
    const Object& object = *schema.extract<Object::Ptr>();
    for (const auto& [key, value] : object) {
        if (std::find(std::begin(kUnsupported), std::end(kUnsupported), key) !=
            std::end(kUnsupported))
            throw std::runtime_error("unsupported keyword \"" + key + "\" at " + where);
        std::string at = where + "/" + escapePointer(key);
        if (key == "items" && isArray(value))
            throw std::runtime_error("\"items\" as an array (draft 7 tuples) at " + where);
        if (key == "properties" || key == "$defs" || key == "definitions") {
            if (isObject(value))
                for (const auto& [name, subschema] : *value.extract<Object::Ptr>())
                    refuseUnsupported(subschema, at + "/" + escapePointer(name));
        } else if (key == "allOf" || key == "anyOf" || key == "oneOf") {
            if (isArray(value)) {
                const Array& list = *value.extract<Array::Ptr>();
                for (unsigned i = 0; i < list.size(); ++i)
                    refuseUnsupported(list.get(i), at + "/" + std::to_string(i));
            }
        } else if (key == "additionalProperties" || key == "unevaluatedProperties" ||
                   key == "items" || key == "not" || key == "if" || key == "then" ||
                   key == "else") {
            refuseUnsupported(value, at);
        }
    }
}

struct SchemaValidator::Context {
    std::size_t maxErrors;
};

void makeStrict(Object::Ptr schema) {
    if (!schema) return;
    if (schema->has("type") && schema->get("type").isString() &&
        schema->getValue<std::string>("type") == "object" && schema->has("properties") &&
        !schema->has("additionalProperties") && !schema->has("unevaluatedProperties"))
        schema->set("unevaluatedProperties", false);
    for (const auto& [key, value] : *schema) {
        if (isObject(value)) {
            makeStrict(value.extract<Object::Ptr>());
        } else if (isArray(value)) {
            const Array& list = *value.extract<Array::Ptr>();
            for (unsigned i = 0; i < list.size(); ++i)
                if (isObject(list.get(i))) makeStrict(list.get(i).extract<Object::Ptr>());
        }
    }
}

Var parseJson(std::string_view text) {
    Poco::JSON::Parser parser;
    parser.setDepth(kMaxDepth);
    try {
        return parser.parse(std::string(text));
    } catch (const Poco::Exception& error) {
        throw std::runtime_error(error.displayText());
    }
}

SchemaValidator::SchemaValidator(bool strict) : m_strict(strict) {}
SchemaValidator::~SchemaValidator() = default;

std::string SchemaValidator::addSchema(std::string_view json) {
    Var parsed = parseJson(json);
    if (!isObject(parsed)) throw std::runtime_error("a schema is a JSON object");
    Object::Ptr schema = parsed.extract<Object::Ptr>();
    std::string id = schema->optValue<std::string>("$id", "");
    if (id.empty()) throw std::runtime_error("a schema without $id");
    refuseUnsupported(parsed, "#");
    if (m_strict) makeStrict(schema);
    m_schemas[id] = schema;
    return id;
}

std::vector<SchemaError> SchemaValidator::validate(const Var& instance, const std::string& schemaId,
                                                   std::size_t maxErrors) const {
    auto found = m_schemas.find(schemaId);
    if (found == m_schemas.end()) throw std::runtime_error("no schema " + schemaId);
    std::vector<SchemaError> errors;
    Context context{maxErrors};
    check(instance, Var(found->second), schemaId, "", context, &errors, nullptr, 0);
    if (errors.size() > maxErrors) errors.resize(maxErrors);
    return errors;
}

bool SchemaValidator::matches(const std::string& pattern, const std::string& text) const {
    std::lock_guard guard(m_patternMutex);
    auto& compiled = m_patterns[pattern];
    UErrorCode status = U_ZERO_ERROR;
    if (!compiled) {
        compiled.reset(
            icu::RegexPattern::compile(icu::UnicodeString::fromUTF8(pattern), 0, status));
        if (U_FAILURE(status)) throw std::runtime_error("bad pattern in schema: " + pattern);
    }
    icu::UnicodeString subject = icu::UnicodeString::fromUTF8(text);
    std::unique_ptr<icu::RegexMatcher> matcher(compiled->matcher(subject, status));
    if (U_FAILURE(status)) return false;
    // A hostile value must not make a pattern backtrack for ever (units of about 1 ms).
    matcher->setTimeLimit(1000, status);
    bool found = matcher->find(status);
    return U_SUCCESS(status) && found;
}

bool SchemaValidator::check(const Var& instance, const Var& schema, const std::string& base,
                            const std::string& pointer, Context& context,
                            std::vector<SchemaError>* errors, std::vector<std::string>* evaluated,
                            int depth) const {
    if (isBool(schema)) {
        if (schema.extract<bool>()) return true;
        addError(errors, pointer, "no value is allowed here");
        return false;
    }
    if (!isObject(schema)) return true;
    if (depth > kMaxDepth) {
        addError(errors, pointer, "nested too deeply");
        return false;
    }
    if (errors && errors->size() > context.maxErrors) return false;
    return checkObjectSchema(instance, *schema.extract<Object::Ptr>(), base, pointer, context,
                             errors, evaluated, depth);
}

bool SchemaValidator::checkObjectSchema(const Var& instance, const Object& schema,
                                        const std::string& base, const std::string& pointer,
                                        Context& context, std::vector<SchemaError>* errors,
                                        std::vector<std::string>* evaluated, int depth) const {
    bool ok = true;
    // Property names this schema evaluated at this place (for unevaluatedProperties).
    std::vector<std::string> seen;
    auto sub = [&](const Var& value, const Var& subschema, const std::string& where,
                   std::vector<SchemaError>* out, std::vector<std::string>* names) {
        return check(value, subschema, base, where, context, out, names, depth + 1);
    };

    if (schema.has("$ref")) {
        std::string uri = resolveUri(base, schema.getValue<std::string>("$ref"));
        std::string document = uri.substr(0, uri.find('#'));
        // A fragment is a JSON Pointer in its URI form: percent escapes first (RFC 6901 §6).
        std::string fragment = uri.find('#') == std::string::npos
                                   ? ""
                                   : url::percentDecode(uri.substr(uri.find('#') + 1));
        auto root = m_schemas.find(document);
        if (root == m_schemas.end()) throw std::runtime_error("unresolvable $ref " + uri);
        Var target = root->second;
        std::size_t at = 0;
        while (at < fragment.size()) {
            std::size_t next = fragment.find('/', at + 1);
            std::string token = unescapePointer(fragment.substr(at + 1, next - at - 1));
            if (!isObject(target) || !target.extract<Object::Ptr>()->has(token))
                throw std::runtime_error("unresolvable $ref " + uri);
            target = target.extract<Object::Ptr>()->get(token);
            at = next == std::string::npos ? fragment.size() : next;
        }
        ok = check(instance, target, document, pointer, context, errors, &seen, depth + 1) && ok;
    }

    if (schema.has("type")) {
        Var type = schema.get("type");
        std::vector<std::string> types;
        if (type.isString()) {
            types.push_back(type.extract<std::string>());
        } else if (isArray(type)) {
            const Array& list = *type.extract<Array::Ptr>();
            for (unsigned i = 0; i < list.size(); ++i)
                types.push_back(list.get(i).toString());
        }
        if (std::none_of(types.begin(), types.end(),
                         [&](const std::string& t) { return hasType(instance, t); })) {
            std::string wanted;
            for (const auto& t : types)
                wanted += (wanted.empty() ? "" : " or ") + t;
            addError(errors, pointer, "is " + typeName(instance) + ", expected " + wanted);
            return false;
        }
    }
    if (schema.has("const") && !jsonEqual(instance, schema.get("const"))) {
        addError(errors, pointer, "must be " + shortJson(schema.get("const")));
        ok = false;
    }
    if (schema.has("enum")) {
        const Array& values = *schema.getArray("enum");
        bool any = false;
        for (unsigned i = 0; i < values.size() && !any; ++i)
            any = jsonEqual(instance, values.get(i));
        if (!any) {
            std::string allowed;
            for (unsigned i = 0; i < values.size(); ++i)
                allowed += (i ? ", " : "") + shortJson(values.get(i));
            addError(errors, pointer, shortJson(instance) + " is not one of " + allowed);
            ok = false;
        }
    }
    if (instance.isString()) {
        const std::string& text = instance.extract<std::string>();
        if (schema.has("minLength") &&
            codePoints(text) < schema.getValue<std::size_t>("minLength")) {
            addError(errors, pointer, "is shorter than " + schema.get("minLength").toString());
            ok = false;
        }
        if (schema.has("maxLength") &&
            codePoints(text) > schema.getValue<std::size_t>("maxLength")) {
            addError(errors, pointer, "is longer than " + schema.get("maxLength").toString());
            ok = false;
        }
        if (schema.has("pattern")) {
            std::string pattern = schema.getValue<std::string>("pattern");
            if (!matches(pattern, text)) {
                addError(errors, pointer, shortJson(instance) + " does not match " + pattern);
                ok = false;
            }
        }
    }
    if (isNumber(instance)) {
        double number = instance.convert<double>();
        if (schema.has("minimum") && number < schema.getValue<double>("minimum")) {
            addError(errors, pointer,
                     instance.toString() + " is less than " + schema.get("minimum").toString());
            ok = false;
        }
        if (schema.has("maximum") && number > schema.getValue<double>("maximum")) {
            addError(errors, pointer,
                     instance.toString() + " is more than " + schema.get("maximum").toString());
            ok = false;
        }
    }
    if (isObject(instance)) {
        const Object& object = *instance.extract<Object::Ptr>();
        if (Array::Ptr required = schema.getArray("required"))
            for (unsigned i = 0; i < required->size(); ++i) {
                std::string name = required->get(i).toString();
                if (!object.has(name)) {
                    addError(errors, pointer, "required property '" + name + "' is missing");
                    ok = false;
                }
            }
        Object::Ptr properties = schema.getObject("properties");
        for (const auto& [key, value] : object) {
            std::string where = pointer + "/" + escapePointer(key);
            if (properties && properties->has(key)) {
                ok = sub(value, properties->get(key), where, errors, nullptr) && ok;
                seen.push_back(key);
            } else if (schema.has("additionalProperties")) {
                Var additional = schema.get("additionalProperties");
                if (isBool(additional) && !additional.extract<bool>()) {
                    addError(errors, where, "unknown property '" + key + "'");
                    ok = false;
                } else {
                    ok = sub(value, additional, where, errors, nullptr) && ok;
                }
                seen.push_back(key);
            }
        }
    }
    if (isArray(instance) && schema.has("items")) {
        const Array& list = *instance.extract<Array::Ptr>();
        Var items = schema.get("items");
        for (unsigned i = 0; i < list.size(); ++i)
            ok = sub(list.get(i), items, pointer + "/" + std::to_string(i), errors, nullptr) && ok;
    }
    if (Array::Ptr all = schema.getArray("allOf"))
        for (unsigned i = 0; i < all->size(); ++i)
            ok = sub(instance, all->get(i), pointer, errors, &seen) && ok;
    for (const char* keyword : {"anyOf", "oneOf"}) {
        Array::Ptr options = schema.getArray(keyword);
        if (!options) continue;
        std::size_t passed = 0;
        for (unsigned i = 0; i < options->size(); ++i) {
            std::vector<std::string> names;
            if (sub(instance, options->get(i), pointer, nullptr, &names)) {
                ++passed;
                seen.insert(seen.end(), names.begin(), names.end());
            }
        }
        bool good = std::string(keyword) == "anyOf" ? passed > 0 : passed == 1;
        if (!good) {
            addError(errors, pointer,
                     std::string("is valid against ") + std::to_string(passed) + " of the " +
                         std::to_string(options->size()) + " schemas of " + keyword);
            ok = false;
        }
    }
    if (schema.has("not") && sub(instance, schema.get("not"), pointer, nullptr, nullptr)) {
        addError(errors, pointer, "must not be valid against the schema of 'not'");
        ok = false;
    }
    if (schema.has("if")) {
        std::vector<std::string> names;
        if (sub(instance, schema.get("if"), pointer, nullptr, &names)) {
            seen.insert(seen.end(), names.begin(), names.end());
            if (schema.has("then"))
                ok = sub(instance, schema.get("then"), pointer, errors, &seen) && ok;
        } else if (schema.has("else")) {
            ok = sub(instance, schema.get("else"), pointer, errors, &seen) && ok;
        }
    }
    if (schema.has("unevaluatedProperties") && isObject(instance)) {
        Var unevaluated = schema.get("unevaluatedProperties");
        for (const auto& [key, value] : *instance.extract<Object::Ptr>()) {
            if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
            std::string where = pointer + "/" + escapePointer(key);
            if (isBool(unevaluated) && !unevaluated.extract<bool>()) {
                addError(errors, where, "unknown property '" + key + "'");
                ok = false;
            } else {
                ok = sub(value, unevaluated, where, errors, nullptr) && ok;
            }
            seen.push_back(key);
        }
    }
    if (ok && evaluated) evaluated->insert(evaluated->end(), seen.begin(), seen.end());
    return ok;
}

}  // namespace jikji
