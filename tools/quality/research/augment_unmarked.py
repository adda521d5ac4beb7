#!/usr/bin/env python3
"""Fold models trained on every page twice: as the split renders it, and without list markers.

`unmarked.py` showed that the shipped procedure loses F1 on text rendered without list
markers (the way Common Crawl's WET files are). This trains the fold models on both
renderings at once: each page and each clean document gets a copy without markers (id
suffixed `~u`, same domain, so the same fold, and the same labels), then `train.py cv-models`
runs on the union. The fold models it writes are then scored on each rendering with
`scripts/eval-cv.sh --reuse`.

    scripts/eval-cv.sh                                    # features of the split, in target/eval-cv
    python3 tools/quality/unmarked.py --out /tmp/eval-unmarked
    python3 tools/quality/research/augment_unmarked.py --cv-dir target/eval-cv \\
        --unmarked-dir /tmp/eval-unmarked --out /tmp/cv-aug
    NOISESTRIP_CV_DIR=/tmp/cv-aug scripts/eval-cv.sh --reuse --threshold 0.175 ...
    NOISESTRIP_CV_DIR=/tmp/cv-aug NOISESTRIP_EVAL_DIR=/tmp/eval-unmarked scripts/eval-cv.sh --reuse ...
"""

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
sys.path.insert(0, str(HERE.parent))
from unmarked import unmark  # noqa: E402

SUFFIX = "~u"


def dump(binary, directory, path):
    with open(path, "wb") as f:
        subprocess.run([binary, "--dump-features", f"{directory}/"], stdout=f, check=True)


def append_renamed(src, dst):
    """Appends the rows of TSV `src` (without its header) to `dst`, each document id suffixed."""
    with open(src, encoding="utf-8") as fin, open(dst, "a", encoding="utf-8") as fout:
        fin.readline()
        for row in fin:
            doc, rest = row.split("\t", 1)
            fout.write(f"{doc}{SUFFIX}\t{rest}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cv-dir", required=True, help="an eval-cv work directory: raw.tsv, clean.tsv, clean-docs/")
    ap.add_argument("--eval-dir", default=str(REPO.parent / "shared" / "eval"))
    ap.add_argument("--unmarked-dir", required=True, help="the copy that unmarked.py wrote")
    ap.add_argument("--split", default="dev")
    ap.add_argument("--bin", default=str(REPO / "target" / "release" / "noisestrip"))
    ap.add_argument("--out", required=True, help="new eval-cv work directory (models/ and the union)")
    ap.add_argument("train_args", nargs="*", help="more arguments for train.py")
    args = ap.parse_args()
    cv, out = Path(args.cv_dir), Path(args.out)
    (out / "models").mkdir(parents=True, exist_ok=True)

    # The clean documents without markers, and the features of both unmarked sets.
    cdocs = out / "clean-docs-unmarked"
    cdocs.mkdir(exist_ok=True)
    for page in (cv / "clean-docs").glob("*.txt"):
        (cdocs / page.name).write_text(unmark(page.read_text(encoding="utf-8"))[0], encoding="utf-8")
    dump(args.bin, Path(args.unmarked_dir) / args.split / "docs", out / "raw-unmarked.tsv")
    dump(args.bin, cdocs, out / "clean-unmarked.tsv")

    # The union: the split's rows, then the copies' rows under suffixed ids.
    for name in ("raw", "clean"):
        shutil.copy(cv / f"{name}.tsv", out / f"{name}.tsv")
        append_renamed(out / f"{name}-unmarked.tsv", out / f"{name}.tsv")
    labels = out / "labels.jsonl"
    with open(Path(args.eval_dir) / args.split / "labels.jsonl", encoding="utf-8") as fin, \
            open(labels, "w", encoding="utf-8") as fout:
        for row in fin:
            rec = json.loads(row)
            fout.write(json.dumps(rec, ensure_ascii=False) + "\n")
            rec["id"] = f"{rec['id']}{SUFFIX}"
            rec["lines"] = [unmark(line)[0] for line in rec["lines"]]
            fout.write(json.dumps(rec, ensure_ascii=False) + "\n")

    cmd = [sys.executable, str(REPO / "tools" / "quality" / "train.py"), "cv-models",
           "--eval-dir", args.eval_dir, "--labels", str(labels), "--features", str(out / "raw.tsv"),
           "--clean-features", str(out / "clean.tsv"), "--folds", "5", "--out", str(out / "models"),
           *args.train_args]
    print(" ".join(cmd), file=sys.stderr, flush=True)
    subprocess.run(cmd, check=True)


if __name__ == "__main__":
    main()
