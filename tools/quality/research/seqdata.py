#!/usr/bin/env python3
"""Out-of-sample first-pass line probabilities for sequence-decoding experiments.

Reads the work directory of scripts/eval-cv.sh (raw.tsv, clean.tsv, models/fold_K.txt,
models/folds.tsv) and writes a pickle with, per document (pages and clean documents):
id, fold, page_type, lines, labels, ignore, and per non-blank line (0-based line, removed by a
rule, words, p from the fold model that never saw the document's domain), plus the gate
probability. The operating point (threshold, gate, guard) is applied later, by the simulator.

usage: seqdata.py WORK_DIR OUT.pickle
"""
import json
import math
import pickle
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from apply import load_weights, predict  # noqa: E402
from train import DOC_FEATURES, Doc, doc_features  # noqa: E402

REPO = HERE.parent.parent.parent


def read_tsv(path, docs):
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        names = header[3:]
        for row in f:
            c = row.rstrip("\n").split("\t")
            d = docs.get(c[0])
            if d is None:
                continue
            d.rows.append((int(c[1]) - 1, c[2] == "1", [float(x) for x in c[3:]]))
    return names


def main():
    work, out = Path(sys.argv[1]), Path(sys.argv[2])
    eval_dir = REPO.parent / "shared" / "eval"
    recs = [json.loads(l) for l in open(eval_dir / "dev" / "labels.jsonl", encoding="utf-8") if l.strip()]
    fold = {}
    with open(work / "models" / "folds.tsv", encoding="utf-8") as f:
        next(f)
        for row in f:
            doc, _dm, k = row.rstrip("\n").split("\t")
            fold[doc] = int(k)
    W = [load_weights(work / "models" / f"fold_{k}.txt") for k in range(max(fold.values()) + 1)]
    result = {"pages": [], "clean": []}
    for kind, tsv in (("pages", "raw.tsv"), ("clean", "clean.tsv")):
        docs = {}
        for r in recs:
            if kind == "pages":
                lines, labels, ign = r["lines"], r["labels"], r["ignore"]
            else:
                ig = set(r["ignore"])
                lines = [l for i, (l, lab) in enumerate(zip(r["lines"], r["labels"])) if lab == 1 and i not in ig]
                if not lines:
                    continue
                labels, ign = [1] * len(lines), []
            d = Doc({"id": r["id"]}, lines)
            d.labels, d.ignore_list, d.page_type, d.domain = labels, ign, r.get("page_type", "?"), r["domain"]
            docs[r["id"]] = d
        names = read_tsv(work / tsv, docs)
        wk = names.index("lw")
        for d in docs.values():
            w = W[fold[d.id]]
            g, _ = predict(w["gate"], DOC_FEATURES, doc_features(d, names))
            rows = []
            for i, rem, x in d.rows:
                p = predict(w["line"], names, x)[0] if not rem else None
                rows.append((i, rem, round(math.exp(x[wk]) - 1), p, x))
            result[kind].append(dict(id=d.id, fold=fold[d.id], page_type=d.page_type, lines=d.lines,
                                     labels=d.labels, ignore=d.ignore_list, gate=g, rows=rows))
    result["names"] = names
    with open(out, "wb") as f:
        pickle.dump(result, f)


if __name__ == "__main__":
    main()
