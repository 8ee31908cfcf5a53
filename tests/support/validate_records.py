#!/usr/bin/python3
"""validate_records.py SCHEMA_DIR PATH…

Validates every record under the given paths (files, or folders searched for `*.json` whose
`schema` is `jikji.record/1`) against SCHEMA_DIR/record.schema.json with a real validator; the
record schema's references to document.schema.json resolve to SCHEMA_DIR as well.
Exits 0 when all are valid, 1 when one is not, 77 (skipped) when there was nothing to check."""
import json, os, sys
import jsonschema

schema_dir, paths = sys.argv[1], sys.argv[2:]
record_schema = json.load(open(os.path.join(schema_dir, "record.schema.json"), encoding="utf-8"))
document_schema = json.load(open(os.path.join(schema_dir, "document.schema.json"), encoding="utf-8"))
resolver = jsonschema.RefResolver.from_schema(
    record_schema, store={document_schema["$id"]: document_schema, record_schema["$id"]: record_schema})
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
    record = json.load(open(path, encoding="utf-8"))
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
