#!/usr/bin/python3
"""cross_check_validators.py JIKJI SOURCE_DIR

The C++ validator of `jikji validate` and python3-jsonschema (tests/support/validate_records.py)
must agree on which records are valid, both as the published schemas say (a key the schemas do
not list is allowed) and with --strict on both sides (it is not). Variants of the seed record
(fixtures/portal/expected/1001.record.json) are written to a temporary folder, each breaking or
stretching one rule of the schemas; both validators judge every file; the verdicts must match
and must be what each variant expects. Exits 0 when they agree, 1 otherwise."""
import copy, json, os, subprocess, sys, tempfile

jikji, source = sys.argv[1], sys.argv[2]
seed = json.load(open(os.path.join(source, "fixtures/portal/expected/1001.record.json"), encoding="utf-8"))


def variant(edit):
    record = copy.deepcopy(seed)
    edit(record)
    return record


def first_block(record, kind):
    return next(b for b in record["body"]["blocks"] if b["type"] == kind)


def attachment(record):
    """The seed's attachment as if it had been captured and converted (its body as document)."""
    first = record["attachments"][0]
    if first["status"] != "ok":
        first.update(size=107520, sha256="ab" * 32, blob_path="captures/sha256/ab/" + "ab" * 32,
                     status="ok", document=copy.deepcopy(record["body"]))
    return first


def annotated(record, annotation, span_annotation):
    """A hidden comment or memo (a text box) and a field instruction (a span) added to the body."""
    paragraph = {"type": "paragraph", "text": "이름: ",
                 "spans": [{"text": "이름: "}, {"text": "이름을 입력하세요", "annotation": span_annotation}]}
    record["body"]["blocks"].append({"type": "text_box", "annotation": annotation,
                                     "blocks": [paragraph]})


def form(record, kind):
    """A form object's caption, a text box marked with the object's kind."""
    record["body"]["blocks"].append({"type": "text_box", "form": kind,
                                     "blocks": [{"type": "paragraph", "text": "동의함"}]})


def tracked(record, date="2026-06-15T04:31:00Z", change="deleted"):
    """A table deleted whole, a paragraph whose break was deleted, a run with who and when."""
    who = {"change_author": "이검토", "change_date": date}
    record["body"]["blocks"].append({"type": "table", "change": change, **who, "rows": [
        {"cells": [{"row": 0, "col": 0, "row_span": 1, "col_span": 1,
                    "blocks": [{"type": "paragraph", "text": "지운 표"}]}]}]})
    record["body"]["blocks"].append({"type": "paragraph", "text": "끝이 ", "break_change": "deleted",
                                     "spans": [{"text": "끝이 "}, {"text": "지운 말", "change": "deleted", **who}]})


def unset(obj, key):
    del obj[key]


# name → (record or raw text, valid?)
cases = {
    "seed": (seed, True),
    "integer-written-as-1.0": (variant(lambda r: r["source"].update(http_status=200.0)), True),
    "unknown-optional-source-key-absent": (variant(lambda r: r["source"].pop("etag", None)), True),
    "missing-title": (variant(lambda r: unset(r, "title")), False),
    "missing-body-schema": (variant(lambda r: unset(r["body"], "schema")), False),
    "unknown-top-level-key": (variant(lambda r: r.update(surprise=1)), "strict"),
    "unknown-key-in-block": (variant(lambda r: r["body"]["blocks"][0].update(colour="red")), "strict"),
    "unknown-key-in-attachment": (variant(lambda r: attachment(r).update(colour="red")), "strict"),
    "posted-at-month-13": (variant(lambda r: r.update(posted_at="2019-13-45")), False),
    "posted-at-february-29-of-2019": (variant(lambda r: r.update(posted_at="2019-02-29")), False),
    "posted-at-february-29-of-2020": (variant(lambda r: r.update(posted_at="2020-02-29")), True),
    "withdrawn": (variant(lambda r: r.update(withdrawn_at="2026-12-05T22:00:00.123Z")), True),
    "id-not-hex": (variant(lambda r: r.update(id="ZZZZZZZZZZZZZZZZZZZZ")), False),
    "id-too-long-pattern-is-anchored": (variant(lambda r: r.update(id=r["id"] + "0")), False),
    "http-status-700": (variant(lambda r: r["source"].update(http_status=700)), False),
    "http-status-string": (variant(lambda r: r["source"].update(http_status="200")), False),
    "http-status-true": (variant(lambda r: r["source"].update(http_status=True)), False),
    "posted-at-without-zone": (variant(lambda r: r.update(posted_at="2019-10-21T10:00:00")), False),
    "keyword-empty": (variant(lambda r: r["keywords"].append("")), False),
    "keyword-one-hangul-syllable": (variant(lambda r: r["keywords"].append("전")), True),
    "schema-const": (variant(lambda r: r.update(schema="jikji.record/2")), False),
    "attachment-status-unknown": (variant(lambda r: attachment(r).update(status="lost")), False),
    "attachment-ok-without-sha256": (variant(lambda r: unset(attachment(r), "sha256")), False),
    "attachment-fetch-failed-without-document": (variant(lambda r: r["attachments"][0].update(
        status="fetch_failed", error="timeout")), True),
    "converted-attachment": (variant(attachment), True),
    "list-item-without-level": (variant(lambda r: unset(first_block(r, "list_item"), "level")), False),
    "list-item-without-text": (variant(lambda r: unset(first_block(r, "list_item"), "text")), False),
    "document-status-unknown": (variant(lambda r: attachment(r)["document"].update(status="fine")), False),
    "field-not-string": (variant(lambda r: r["fields"].update(views=12)), False),
    "related-without-url": (variant(lambda r: r.update(related=[{"title": "x"}])), False),
    "warning-code-empty": (variant(lambda r: r["processing"]["warnings"].append({"code": "", "message": "m"})), False),
    "memo-and-field-instruction": (variant(lambda r: annotated(r, "memo", "field_instruction")), True),
    "hidden-comment": (variant(lambda r: annotated(r, "hidden_comment", "field_instruction")), True),
    "text-box-annotation-unknown": (variant(lambda r: annotated(r, "sticky_note", "field_instruction")), False),
    "span-annotation-unknown": (variant(lambda r: annotated(r, "memo", "tooltip")), False),
    "form-check-button": (variant(lambda r: form(r, "check_button")), True),
    "form-kind-unknown": (variant(lambda r: form(r, "slider")), False),
    "form-unknown-id": (variant(lambda r: form(r, "unknown")), True),
    "tracked-object-break-author-date": (variant(tracked), True),
    "tracked-date-without-zone": (variant(lambda r: tracked(r, date="2026-06-15 04:31")), False),
    "tracked-object-change-unknown": (variant(lambda r: tracked(r, change="moved")), False),
    "root-is-array": ([seed], False),
    "truncated": (json.dumps(seed, ensure_ascii=False)[:500], False),
    "not-json": ("not json {", False),
}

with tempfile.TemporaryDirectory() as work:
    files = {}
    for name, (content, _) in cases.items():
        path = os.path.join(work, name + ".json")
        with open(path, "w", encoding="utf-8") as out:
            out.write(content if isinstance(content, str) else json.dumps(content, ensure_ascii=False))
        files[name] = path

    disagreements = 0
    for mode in ([], ["--strict"]):
        python_invalid = set()
        output = subprocess.run(["/usr/bin/python3", os.path.join(source, "tests/support/validate_records.py")]
                                + mode + [os.path.join(source, "schemas")] + list(files.values()),
                                capture_output=True, text=True).stdout
        for line in output.splitlines():
            if line.startswith("FAIL "):
                python_invalid.add(line[5:].split(":")[0])

        result = subprocess.run([jikji, "validate", "--json"] + mode + list(files.values()),
                                capture_output=True, text=True)
        report = json.loads(result.stdout)
        cpp_invalid = {problem["path"] for problem in report["problems"]}

        for name, (_, expected) in cases.items():
            valid = (not mode) if expected == "strict" else expected
            path = files[name]
            py, cpp = path not in python_invalid, path not in cpp_invalid
            if py != cpp or py != valid:
                disagreements += 1
                print(f"DISAGREE {name}{' --strict' if mode else ''}: expected "
                      f"{'valid' if valid else 'invalid'}, "
                      f"python3-jsonschema says {'valid' if py else 'invalid'}, "
                      f"jikji validate says {'valid' if cpp else 'invalid'}")
    print(f"{len(cases)} records in 2 modes, {disagreements} disagreements")
    sys.exit(1 if disagreements else 0)
