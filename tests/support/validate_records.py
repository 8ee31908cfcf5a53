#!/usr/bin/python3
"""validate_records.py [--strict] SCHEMA_DIR PATH…

Validates every record under the given paths (files, or folders searched for `*.json` whose
`schema` is `jikji.record/1`) against SCHEMA_DIR/record.schema.json with a real validator; the
record schema's references to document.schema.json resolve to SCHEMA_DIR as well.
--strict rejects keys the schema does not know, as `jikji validate --strict` does: every schema whose type
is object, that has properties and says nothing of other properties, gets
"unevaluatedProperties": false (the rule of makeStrict in pipeline/json_schema.cpp).
Exits 0 when all are valid, 1 when one is not, 77 (skipped) when there was nothing to check."""
import json, os, sys
import jsonschema

from script_support import urn_join

args = sys.argv[1:]
strict = args[:1] == ["--strict"]
if strict:
    args = args[1:]
schema_dir, paths = args[0], args[1:]


def make_strict(schema):
    if isinstance(schema, dict):
        if (schema.get("type") == "object" and "properties" in schema
                and "additionalProperties" not in schema and "unevaluatedProperties" not in schema):
            schema["unevaluatedProperties"] = False
        for value in schema.values():
            make_strict(value)
    elif isinstance(schema, list):
        for value in schema:
            make_strict(value)


record_schema = json.load(open(os.path.join(schema_dir, "record.schema.json"), encoding="utf-8"))
document_schema = json.load(open(os.path.join(schema_dir, "document.schema.json"), encoding="utf-8"))
if strict:
    make_strict(record_schema)
    make_strict(document_schema)
resolver = jsonschema.RefResolver.from_schema(
    record_schema, store={document_schema["$id"]: document_schema, record_schema["$id"]: record_schema},
    urljoin_cache=urn_join)
validator = jsonschema.Draft202012Validator(record_schema, resolver=resolver)

files = []
for path in paths:
    if os.path.isdir(path):
        for dirpath, _, names in os.walk(path):
            files += [(os.path.join(dirpath, n), False) for n in sorted(names) if n.endswith(".json")]
    else:
        files.append((path, True))

checked = failures = 0
for path, explicit in sorted(files):
    try:
        record = json.load(open(path, encoding="utf-8"))
    except ValueError as error:
        checked += 1
        failures += 1
        print(f"FAIL {path}: not valid JSON: {error}")
        continue
    if not explicit and record.get("schema") != "jikji.record/1":
        continue
    checked += 1
    errors = sorted(validator.iter_errors(record), key=lambda e: list(e.path))
    for error in errors[:3]:
        print(f"FAIL {path}: {error.message} at {list(error.path)}")
    failures += bool(errors)
if not checked:
    print("no records found: skipped")
    sys.exit(77)
print(f"{checked} records validated, {failures} failed")
sys.exit(1 if failures else 0)
