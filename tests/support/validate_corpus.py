#!/usr/bin/python3
"""validate_corpus.py JIKJI SCHEMA CORPUS_DIR FIXTURES_DIR

Converts every file under the corpus folders and the project's fixture documents with
`jikji convert --out`, then checks: no crash (exit 0 or 1), one JSON per input, a format
reported for each, and every JSON valid against the document schema (a real validator).
Exits 77 (skipped) when there is nothing to convert."""
import json, os, subprocess, sys, tempfile
import jsonschema

from script_support import inputs_by_folder, urn_join

jikji, schema_path, corpus, fixtures = sys.argv[1:5]
folders = inputs_by_folder(corpus, fixtures, ("hwp", "hwp3", "hwpx", "hwpx-distribution", "other"))
if not folders:
    print("no corpus and no fixtures: skipped")
    sys.exit(77)

schema = json.load(open(schema_path, encoding="utf-8"))
resolver = jsonschema.RefResolver.from_schema(schema, urljoin_cache=urn_join)
validator = jsonschema.Draft202012Validator(schema, resolver=resolver)
failures = 0
with tempfile.TemporaryDirectory() as out:
    seen = 0
    for folder, paths in folders:
        target = os.path.join(out, str(len(os.listdir(out))))
        proc = subprocess.run([jikji, "--log-level", "error", "convert", "--out", target] + paths,
                              capture_output=True, text=True)
        if proc.returncode not in (0, 1):
            print(f"FAIL {folder}: jikji exited {proc.returncode}\n{proc.stderr[-2000:]}")
            failures += 1
            continue
        for path in paths:
            seen += 1
            result = os.path.join(target, os.path.basename(path) + ".json")
            if not os.path.exists(result):
                print(f"FAIL {path}: no output")
                failures += 1
                continue
            document = json.load(open(result, encoding="utf-8"))
            errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
            if errors:
                print(f"FAIL {path}: {errors[0].message} at {list(errors[0].path)}")
                failures += 1
            elif not document.get("format"):
                print(f"FAIL {path}: no format")
                failures += 1
print(f"{seen} documents converted and validated, {failures} failed")
sys.exit(1 if failures else 0)
