#!/usr/bin/env python3
"""Clean-prose safety check: how much of already-clean text does noisestrip keep?

For each document of the evaluation split, the content lines (label 1, not listed in
`ignore`) are joined back with "\\n" into a document of clean prose. noisestrip cleans those
documents and this script counts how many of their lines survive (aligned with score.py's
own exact matcher, so a line whose tail was cut still counts as kept). Target: >= 99.5%.

usage: prose_safety.py [--bin PATH] [--eval-dir DIR] [--split dev] [--show N]
                       [--folds DIR] [-- NOISESTRIP ARGS...]

--folds DIR (out-of-sample, used by scripts/eval_cv.py): DIR/folds.tsv gives each document's
fold and DIR/fold_K.txt the model trained without that fold; each document is then cleaned
with `--model DIR/fold_K.txt` of its own fold.

Reports: lines kept (share), words kept (share, words of removed/cut lines), documents that
lost any line, and the N most common rules behind the removals (from --explain=jsonl) with
examples. Standard library only.
"""
import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def load_scorer(eval_dir):
    """Import score.py from the evaluation set (read at run time, not copied)."""
    spec = importlib.util.spec_from_file_location("score", eval_dir / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def clean_documents(recs):
    """{id: content lines (label 1, not ignored)} of every document that has any."""
    docs = {}
    for rec in recs:
        ign = set(rec["ignore"])
        lines = [l for i, (l, lab) in enumerate(zip(rec["lines"], rec["labels"])) if lab == 1 and i not in ign]
        if lines:
            docs[str(rec["id"])] = lines
    return docs


def read_folds(folds_dir):
    """{document id: fold} from DIR/folds.tsv (doc, domain, fold)."""
    fold = {}
    with open(Path(folds_dir) / "folds.tsv", encoding="utf-8") as f:
        next(f)
        for row in f:
            doc, _domain, k = row.rstrip("\n").split("\t")
            fold[doc] = int(k)
    return fold


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=str(REPO / "target" / "release" / "noisestrip"))
    ap.add_argument("--eval-dir", default=os.environ.get("NOISESTRIP_EVAL_DIR", str(REPO.parent / "shared" / "eval")))
    ap.add_argument("--split", default=os.environ.get("NOISESTRIP_EVAL_SPLIT", "dev"))
    ap.add_argument("--show", type=int, default=10, help="rules and example lines to list")
    ap.add_argument("--folds", help="out of sample: clean each document with DIR/fold_K.txt of its fold (DIR/folds.tsv)")
    ap.add_argument("rest", nargs=argparse.REMAINDER, help="arguments for noisestrip (after --)")
    args = ap.parse_args()
    extra = args.rest[1:] if args.rest[:1] == ["--"] else args.rest

    eval_dir = Path(args.eval_dir)
    scorer = load_scorer(eval_dir)
    recs = scorer.load_eval(eval_dir / args.split / "labels.jsonl")

    docs = clean_documents(recs)
    fold = read_folds(args.folds) if args.folds else {doc_id: 0 for doc_id in docs}
    with tempfile.TemporaryDirectory(prefix="noisestrip-prose.") as tmp:
        out = Path(tmp) / "out"
        explain = ""
        for k in sorted(set(fold[d] for d in docs)):
            src = Path(tmp) / f"in_{k}"
            src.mkdir()
            for doc_id, lines in docs.items():
                if fold[doc_id] == k:
                    (src / f"{doc_id}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
            model = ["--model", str(Path(args.folds) / f"fold_{k}.txt")] if args.folds else []
            subprocess.run([args.bin, *model, *extra, "-o", f"{out}/", f"{src}/"], check=True)
            explain += subprocess.run([args.bin, *model, *extra, "--explain=jsonl", f"{src}/"], check=True,
                                      capture_output=True, text=True).stdout
        outs = scorer.load_outputs(out)

    n_lines = kept_lines = n_words = kept_words = 0
    dup_lost = 0
    docs_hit = 0
    lost = []
    for doc_id, lines in docs.items():
        kept = scorer.kept_exact(lines, outs.get(doc_id, ""))
        seen = Counter()
        hit = False
        for line, k in zip(lines, kept):
            w = len(scorer.norm_tokens(line))
            n_lines += 1
            n_words += w
            seen[scorer.collapse(line)] += 1
            if k:
                kept_lines += 1
                kept_words += w
            else:
                hit = True
                if seen[scorer.collapse(line)] > 1:
                    dup_lost += 1
                lost.append((doc_id, line))
        docs_hit += hit

    rules = Counter()
    examples = {}
    for row in explain.splitlines():
        if not row.strip():
            continue
        r = json.loads(row)
        if r.get("action") == "cut":
            continue  # a cut line still counts as kept
        rules[r.get("rule", "?")] += 1
        examples.setdefault(r.get("rule", "?"), (Path(r.get("doc", "")).stem, r.get("line")))

    how = f" (out of sample: fold models in {args.folds})" if args.folds else ""
    print(f"clean-prose safety on {args.split}: {len(docs)} documents of content lines only, noisestrip {' '.join(extra)}{how}")
    print(f"  lines kept: {kept_lines}/{n_lines} = {kept_lines / max(1, n_lines):.2%}  (target >= 99.50%)")
    print(f"  words kept: {kept_words}/{n_words} = {kept_words / max(1, n_words):.2%}")
    print(f"  lines lost that repeat an earlier line of the document: {dup_lost}")
    print(f"  documents that lost any line: {docs_hit}/{len(docs)}")
    if args.show:
        print(f"  removals by rule (top {args.show}):")
        for rule, n in rules.most_common(args.show):
            doc_id, line_no = examples[rule]
            text = docs.get(doc_id, [""])[line_no - 1] if isinstance(line_no, int) and 0 < line_no <= len(docs.get(doc_id, [])) else ""
            print(f"    {n:6}  {rule:<32} e.g. {doc_id}:{line_no} {text[:70]!r}")


if __name__ == "__main__":
    main()
