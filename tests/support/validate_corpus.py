#!/usr/bin/python3
"""validate_corpus.py JIKJI SCHEMA CORPUS_DIR FIXTURES_DIR

Converts every file under the corpus folders and the project's fixture documents with
`jikji convert --out`, then checks: no crash (exit 0 or 1), one JSON per input, a format
reported for each, and every JSON valid against the document schema (a real validator).
Exits 77 (skipped) when there is nothing to convert."""
import json, os, subprocess, sys, tempfile, urllib.parse
import jsonschema

jikji, schema_path, corpus, fixtures = sys.argv[1:5]
inputs = []
for root in [os.path.join(corpus, d) for d in ("hwp", "hwp3", "hwpx", "hwpx-distribution", "other")] + [
        os.path.join(fixtures, "documents"), os.path.join(fixtures, "hostile")]:
    if not os.path.isdir(root):
        continue
    for dirpath, _, names in os.walk(root):
        for name in sorted(names):
            if not name.endswith((".json", ".txt", ".md")):
                inputs.append(os.path.join(dirpath, name))
if not inputs:
    print("no corpus and no fixtures: skipped")
    sys.exit(77)

schema = json.load(open(schema_path, encoding="utf-8"))
# The schema's $id is a URN, against which urllib's urljoin leaves `#/$defs/…` unresolved.
resolver = jsonschema.RefResolver.from_schema(
    schema, urljoin_cache=lambda base, ref: base.split("#")[0] + ref if ref.startswith("#")
    else urllib.parse.urljoin(base, ref))
validator = jsonschema.Draft202012Validator(schema, resolver=resolver)
failures = 0
with tempfile.TemporaryDirectory() as out:
    # Inputs with the same file name in different folders would overwrite each other: convert
    # each folder in its own run.
    by_dir = {}
    for path in inputs:
        by_dir.setdefault(os.path.dirname(path), []).append(path)
    seen = 0
    for folder, paths in sorted(by_dir.items()):
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
