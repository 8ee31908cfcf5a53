"""What the Python test scripts of tests/support share."""
import os
import urllib.parse


def inputs_by_folder(corpus, fixtures, folders):
    """The documents to convert, as (folder, [paths]) sorted by folder: every file of the given
    corpus folders and of the fixture documents and hostile inputs, goldens excluded. One run of
    `jikji convert --out` per folder, since one file name may occur in several folders."""
    roots = [os.path.join(corpus, d) for d in folders] + [
        os.path.join(fixtures, "documents"), os.path.join(fixtures, "hostile")]
    by_dir = {}
    for root in roots:
        if not os.path.isdir(root):
            continue
        for dirpath, _, names in os.walk(root):
            for name in sorted(names):
                if not name.endswith((".json", ".txt", ".md")):
                    by_dir.setdefault(dirpath, []).append(os.path.join(dirpath, name))
    return sorted(by_dir.items())


def urn_join(base, ref):
    """urljoin for schemas whose $ids are URNs (urn:jikji:schema:record:1), against which urllib's
    urljoin leaves a fragment-only reference unresolved."""
    if ref.startswith("#"):
        return base.split("#")[0] + ref
    return urllib.parse.urljoin(base, ref)
