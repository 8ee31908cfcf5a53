#!/usr/bin/python3
"""check_markdown_tables.py JIKJI CORPUS_DIR FIXTURES_DIR

Converts every corpus file and fixture document with `jikji convert --format json` and
`--format markdown`, parses the Markdown with a real CommonMark parser (markdown-it-py with its
GFM table rule and the footnote plugin, HTML blocks read with html.parser) and checks that every
document renders, and that the tables of the model (outside headers and footers, which the
Markdown leaves out) and the tables of the Markdown are the same: the same rows, the same cells
per row and the same row and column spans. Exits 77 (skipped) when there is nothing to convert."""
import collections, html.parser, json, os, subprocess, sys, tempfile

from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from script_support import inputs_by_folder

jikji, corpus, fixtures = sys.argv[1:4]
folders = inputs_by_folder(corpus, fixtures, ("hwp", "hwp3", "hwpx", "hwpx-distribution", "other", "pdf"))
if not folders:
    print("no corpus and no fixtures: skipped")
    sys.exit(77)


def model_tables(blocks, out):
    """Every table's signature: per row, (row_span, col_span) of each cell."""
    for block in blocks:
        kind = block["type"]
        # Headers and footers are left out of the Markdown, and so is what the text leaves out:
        # an object deleted in a tracked change, a hidden comment or memo.
        if kind in ("header", "footer") or block.get("change") == "deleted" or "annotation" in block:
            continue
        if kind == "table":
            out.append(tuple(tuple((c["row_span"], c["col_span"]) for c in row["cells"])
                             for row in block["rows"]))
            for row in block["rows"]:
                for cell in row["cells"]:
                    model_tables(cell["blocks"], out)
            model_tables(block.get("caption", []), out)
        elif kind in ("note", "text_box"):
            model_tables(block["blocks"], out)
    return out


class HtmlTables(html.parser.HTMLParser):
    def __init__(self, out):
        super().__init__(convert_charrefs=True)
        self.out = out
        self.stack = []

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.stack.append([])
        elif tag == "tr" and self.stack:
            self.stack[-1].append([])
        elif tag in ("td", "th") and self.stack and self.stack[-1]:
            attrs = dict(attrs)
            self.stack[-1][-1].append((int(attrs.get("rowspan", 1)), int(attrs.get("colspan", 1))))

    def handle_endtag(self, tag):
        if tag == "table" and self.stack:
            rows = self.stack.pop()
            self.out.append(tuple(tuple(row) for row in rows))


def markdown_tables(text):
    parser = MarkdownIt("commonmark").enable("table").use(footnote_plugin)
    out = []
    rows = None
    for token in parser.parse(text):
        if token.type == "table_open":
            rows = []
        elif token.type == "tr_open" and rows is not None:
            rows.append([])
        elif token.type in ("th_open", "td_open") and rows is not None:
            rows[-1].append((1, 1))
        elif token.type == "table_close":
            out.append(tuple(tuple(row) for row in rows))
            rows = None
        elif token.type in ("html_block", "html_inline"):
            reader = HtmlTables(out)
            reader.feed(token.content)
            reader.close()
    return out


failures = checked = tables = 0
with tempfile.TemporaryDirectory() as out:
    for folder, paths in folders:
        target = os.path.join(out, str(len(os.listdir(out))))
        for fmt in ("json", "markdown"):
            proc = subprocess.run([jikji, "--log-level", "error", "convert", "--format", fmt, "--out", target]
                                  + paths, capture_output=True, text=True)
            if proc.returncode not in (0, 1):
                print(f"FAIL {folder}: jikji convert --format {fmt} exited {proc.returncode}\n{proc.stderr[-2000:]}")
                failures += 1
        for path in paths:
            base = os.path.join(target, os.path.basename(path))
            if not os.path.exists(base + ".json") or not os.path.exists(base + ".md"):
                print(f"FAIL {path}: no output")
                failures += 1
                continue
            checked += 1
            document = json.load(open(base + ".json", encoding="utf-8"))
            expected = collections.Counter(model_tables(document["blocks"], []))
            found = collections.Counter(markdown_tables(open(base + ".md", encoding="utf-8").read()))
            tables += sum(expected.values())
            if expected != found:
                missing = expected - found
                extra = found - expected
                print(f"FAIL {path}: {sum(missing.values())} model table(s) not in the Markdown, "
                      f"{sum(extra.values())} Markdown table(s) not in the model; first missing: "
                      f"{next(iter(missing), None)!r:.300}; first extra: {next(iter(extra), None)!r:.300}")
                failures += 1
print(f"{checked} documents rendered, {tables} tables compared, {failures} failed")
sys.exit(1 if failures else 0)
