#!/usr/bin/env python3
"""Cross-check the Rust line features (src/classify/features.rs) against features.py.

usage: compare_features.py [--bin PATH] [--show N] FILE_OR_DIR...

Runs the `features_tsv` example (built with `cargo build --example features_tsv`; default
binary target/debug/examples/features_tsv) on the documents, computes features.py's values
for the same documents (no rule removals: removed = 0 everywhere, as in the dump), and
reports, per feature, the largest absolute difference and the number of rows where it is at
least 1e-9; then the same for the gate features (computed as train.py's doc_features does).
Rows are matched by (document, line). --show N prints the first N differing values with the
line's text, for diagnosis. Exit status 1 when anything differs.
"""
import argparse
import math
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))
import features as featmod  # noqa: E402
import train  # noqa: E402

TOL = 1e-9


def doc_lines(path):
    """The document's lines as the Rust side splits them: at "\\n", a last empty piece (after
    a final newline) dropped, a trailing "\\r" removed."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [l[:-1] if l.endswith("\r") else l for l in lines]


def read_tsv(text, key_cols):
    rows = text.splitlines()
    header = rows[0].split("\t")
    out = {}
    for row in rows[1:]:
        cells = row.split("\t")
        key = tuple(cells[:key_cols])
        out[key] = {n: float(c) for n, c in zip(header[key_cols:], cells[key_cols:])}
    return header[key_cols:], out


class Diffs:
    """Largest difference and count of differing rows, per feature."""

    def __init__(self, names):
        self.names = names
        self.max = {n: 0.0 for n in names}
        self.count = {n: 0 for n in names}
        self.rows = 0
        self.bad_rows = 0
        self.examples = []

    def add(self, key, py, rs, show, text=""):
        self.rows += 1
        bad = False
        for n in self.names:
            a, b = py[n], rs.get(n, math.nan)
            d = abs(a - b) if not (math.isnan(a) or math.isnan(b)) else math.inf
            if d > self.max[n]:
                self.max[n] = d
            if d >= TOL:
                self.count[n] += 1
                bad = True
                if len(self.examples) < show:
                    self.examples.append((key, n, a, b, text))
        self.bad_rows += bad

    def report(self, title):
        print(f"{title}: {self.rows} rows compared, {self.bad_rows} with some |diff| >= {TOL:g}")
        width = max(len(n) for n in self.names)
        for n in self.names:
            flag = "" if self.count[n] == 0 else "   <-- differs"
            print(f"  {n:<{width}}  max |diff| {self.max[n]:.3g}  rows {self.count[n]}{flag}")
        for key, n, a, b, text in self.examples:
            print(f"  {':'.join(key)} {n}: python {a!r} rust {b!r}  | {text[:100]!r}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=str(REPO / "target" / "debug" / "examples" / "features_tsv"))
    ap.add_argument("--show", type=int, default=0)
    ap.add_argument("paths", nargs="+")
    a = ap.parse_args()

    files = []
    for p in map(Path, a.paths):
        files += sorted(p.glob("*.txt")) if p.is_dir() else [p]
    args = [str(f) for f in files]
    _, rust = read_tsv(subprocess.run([a.bin] + args, check=True, capture_output=True,
                                      text=True).stdout, 3)
    _, rust_gate = read_tsv(subprocess.run([a.bin, "--gate"] + args, check=True, capture_output=True,
                                           text=True).stdout, 1)

    sw = featmod.load_stopwords()
    line_diffs = gate_diffs = None
    missing = extra = 0
    seen = set()
    for f in files:
        lines = doc_lines(f)
        idx, names, rows = featmod.document_features(lines, sw, rule_dropped=[False] * len(lines))
        if line_diffs is None and names:
            line_diffs = Diffs(names)
        doc = train.Doc({"id": f.stem}, lines)
        doc.rows = [(i, False, x) for i, x in zip(idx, rows)]
        for i, x in zip(idx, rows):
            key = (f.stem, str(i + 1), "0")
            seen.add(key)
            if key not in rust:
                missing += 1
                continue
            line_diffs.add(key[:2], dict(zip(names, x)), rust[key], a.show, lines[i])
        if names:
            g = train.doc_features(doc, names)
            gate_diffs = gate_diffs or Diffs(train.DOC_FEATURES)
            gate_diffs.add((f.stem,), dict(zip(train.DOC_FEATURES, g)), rust_gate.get((f.stem,), {}), a.show)
    extra = sum(1 for k in rust if k not in seen)
    print(f"{len(files)} documents; rows only in python: {missing}, only in rust: {extra}")
    ok = missing == 0 and extra == 0
    if line_diffs:
        line_diffs.report("line features")
        ok &= line_diffs.bad_rows == 0
    if gate_diffs:
        gate_diffs.report("gate features")
        ok &= gate_diffs.bad_rows == 0
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
