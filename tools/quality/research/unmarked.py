#!/usr/bin/env python3
"""Writes a copy of the evaluation set with the list markers taken off its lines.

The development split was turned into text by a scraper that renders HTML lists with a
marker ("* item", "1. item"): 36% of its lines start with one, and 619 of its 647 pages have
some. Common Crawl's WET text renders the same lists without markers (1.8% of the lines of
`shared/samples/commoncrawl-raw-10docs.jsonl`, one page in ten). Several of the classifier's
features and of its gate's read the markers, so this copy measures what the cleaner does on
text rendered the WET way: same pages, same labels, only the markers gone (score.py aligns a
line whose marker was cut to its labelled line; the labelled lines lose theirs as well).

    python3 tools/quality/research/unmarked.py --out /tmp/eval-unmarked
    # fold models trained on the split as it is (scripts/eval-cv.sh), then scored on the copy:
    cp -r target/eval-cv /tmp/cv-unmarked
    NOISESTRIP_CV_DIR=/tmp/cv-unmarked NOISESTRIP_EVAL_DIR=/tmp/eval-unmarked \\
        scripts/eval-cv.sh --reuse --threshold 0.175 --gate-threshold 0.90 --max-removed 0.70
"""

import argparse
import json
import re
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]

# A bullet or a list number of up to three digits, then whitespace, after any indentation
# (the indentation stays: WET keeps none either, but the features do not read it).
MARKER = re.compile(r"^(\s*)(?:[*\-•·–+▪◦‣]|\d{1,3}[.)])\s+")


def unmark(text):
    """The text with the list marker taken off each line, and how many lines had one."""
    lines = text.split("\n")
    out = [MARKER.sub(lambda m: m.group(1), line, count=1) for line in lines]
    return "\n".join(out), sum(a != b for a, b in zip(lines, out))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--eval-dir", default=str(REPO.parent / "shared" / "eval"))
    ap.add_argument("--split", default="dev")
    ap.add_argument("--out", required=True, help="directory for the copy (score.py, <split>/...)")
    args = ap.parse_args()
    src, dst = Path(args.eval_dir), Path(args.out)
    (dst / args.split / "docs").mkdir(parents=True, exist_ok=True)
    shutil.copy(src / "score.py", dst / "score.py")
    # The labelled lines lose their markers too, so that the clean documents made of the
    # content lines (the clean-text check) are rendered the same way.
    with open(src / args.split / "labels.jsonl", encoding="utf-8") as fin, \
            open(dst / args.split / "labels.jsonl", "w", encoding="utf-8") as fout:
        for row in fin:
            rec = json.loads(row)
            rec["lines"] = [unmark(line)[0] for line in rec["lines"]]
            fout.write(json.dumps(rec, ensure_ascii=False) + "\n")
    docs = lines = 0
    with open(src / args.split / "input.jsonl", encoding="utf-8") as fin, \
            open(dst / args.split / "input.jsonl", "w", encoding="utf-8") as fout:
        for row in fin:
            rec = json.loads(row)
            rec["text"], n = unmark(rec["text"])
            page = src / args.split / "docs" / f"{rec['id']}.txt"
            if page.exists():
                text, _ = unmark(page.read_text(encoding="utf-8"))
                (dst / args.split / "docs" / page.name).write_text(text, encoding="utf-8")
            fout.write(json.dumps(rec, ensure_ascii=False) + "\n")
            docs += 1
            lines += n
    print(f"{docs} documents, markers taken off {lines} lines: {dst}")


if __name__ == "__main__":
    main()
