"""Lexical cohesion as line features, appended to a dumped features TSV (QUALITY.md section 16).

For every non-blank line: `coh`, the share of its distinct content words (word cores of >= 3
chars with a letter, not stopwords of the document's language) that another prose line of
the main region holds; `topic`, the share that at least two others hold; and their 5-line
window means. The fold models are then retrained on the augmented TSV and replayed with
seqdata.py and base.py.

usage: cohesion.py IN.tsv OUT.tsv raw|CLEAN_DOCS_DIR
  raw: the documents are the lines of dev/labels.jsonl; otherwise <dir>/<id>.txt.
Then, in a work directory holding raw.tsv and clean.tsv:
  python3 tools/quality/train.py cv-models --labels .../dev/labels.jsonl --features raw.tsv \
      --clean-features clean.tsv --folds 5 --out models
  python3 tools/quality/research/seqdata.py WORK /tmp/seq_coh.pkl
"""
import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
from features import (is_letter, load_stopwords, main_region, prose_lines,  # noqa: E402
                      window_mean)

SW = load_stopwords()
EVAL = HERE.parent.parent.parent.parent.parent / "shared" / "eval"


def cohesion(lines):
    idx, stats, _, sw, prose = prose_lines(lines, SW)
    ra, rb = main_region(stats, prose)
    content = [{w for w in s.words_core if len(w) >= 3 and any(is_letter(c) for c in w) and w not in sw}
               for s in stats]
    ref = {}
    if ra >= 0:
        for j in range(ra, rb + 1):
            if prose[j]:
                for w in content[j]:
                    ref[w] = ref.get(w, 0) + 1
    coh, topic = [], []
    for j, c in enumerate(content):
        own = 1 if ra <= j <= rb and prose[j] else 0
        coh.append(sum(1 for w in c if ref.get(w, 0) - own > 0) / len(c) if c else 0.0)
        topic.append(sum(1 for w in c if ref.get(w, 0) - own > 1) / len(c) if c else 0.0)
    c5, t5 = window_mean(coh, 5), window_mean(topic, 5)
    return {i: (coh[j], c5[j], topic[j], t5[j]) for j, i in enumerate(idx)}


def main(tsv_in, tsv_out, src):
    lines_of = {}
    if src == "raw":
        for row in open(EVAL / "dev" / "labels.jsonl", encoding="utf-8"):
            r = json.loads(row)
            lines_of[r["id"]] = r["lines"]
    current, values = None, {}
    with open(tsv_in, encoding="utf-8") as f, open(tsv_out, "w", encoding="utf-8") as g:
        g.write(f.readline().rstrip("\n") + "\tcoh\tcoh_w5\ttopic\ttopic_w5\n")
        for row in f:
            c = row.rstrip("\n").split("\t")
            if c[0] != current:
                current = c[0]
                if src == "raw":
                    lines = lines_of[current]
                else:
                    lines = open(os.path.join(src, current + ".txt"), encoding="utf-8").read().split("\n")
                values = cohesion(lines)
            v = values.get(int(c[1]) - 1, (0.0, 0.0, 0.0, 0.0))
            g.write(row.rstrip("\n") + "".join(f"\t{x:.4f}" for x in v) + "\n")


if __name__ == "__main__":
    main(*sys.argv[1:4])
