#!/usr/bin/env python3
"""Text as Common Crawl's WET files render it: the list markers taken off.

The development split was turned into text by a scraper that renders HTML lists with a
marker ("* item", nested "+ item" and "o item", "1. item"): 36% of its lines start with one,
and 619 of its 647 pages have some. Common Crawl's WET text renders the same lists without
markers (1.8% of the lines of `shared/samples/commoncrawl-raw-10docs.jsonl`, one page in
ten). The main gate leans on markers, so the training pipeline (`scripts/retrain.sh`,
`scripts/eval-cv.sh`) renders every page and clean document this way as well and fits the
gate for unmarked text on them (QUALITY.md section 18).

As a command it writes a copy of the evaluation set rendered this way, to measure the cleaner
on it: same pages, same labels, only the markers gone (the labelled lines lose theirs as well,
so each line of the copy still aligns with its label, and the clean documents made of the
content lines are rendered the same way).

With `--untitled` the copy also loses each page's first line, the page's <title>: WET text
extracted before 2023 or so starts straight with the page's menus (all ten pages of
`commoncrawl-raw-10docs.jsonl` do), while newer WET files and this split start with the
title. The title line is never scored (score.py ignores it on every page of the split), so
the figures stay comparable; what changes is what the cleaner sees, since the restated title
is one of the gates' signs of a scraped page. The gate for unmarked text is trained on both
renderings (`train.py make-unmarked` writes `pages-untitled/` as well).

    python3 tools/quality/unmarked.py --out /tmp/eval-unmarked
    python3 tools/quality/unmarked.py --untitled --out /tmp/eval-untitled   # and no title line
    # fold models of scripts/eval-cv.sh, scored on the copy:
    mkdir -p /tmp/cv-unmarked && ln -s "$PWD/target/eval-cv/models" /tmp/cv-unmarked/models
    NOISESTRIP_CV_DIR=/tmp/cv-unmarked NOISESTRIP_EVAL_DIR=/tmp/eval-unmarked \\
        scripts/eval-cv.sh --reuse
"""

import argparse
import json
import re
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# A marker the scraper writes (a bullet, its nested forms "+" and "o", or a list number of up
# to three digits) after any indentation, then whitespace or the end of the line: a marker
# alone on its line (an empty list item) leaves a blank line, as WET text has none of them.
# The indentation stays (WET keeps none either, but the features do not read it). A line of
# prose that starts with a lone lower-case "o" (Spanish "o bien") loses it too: rare, and
# only in this copy, never in what the cleaner writes.
MARKER = re.compile(r"^(\s*)(?:[*\-•·–+▪◦‣o]|\d{1,3}[.)])(?:\s+|$)")


def unmark(text):
    """The text with the list marker taken off each line, and how many lines had one.

    >>> unmark("Menu\\n* Home\\n  o Sub page\\n*\\n1. First step\\n10 km")
    ('Menu\\nHome\\n  Sub page\\n\\nFirst step\\n10 km', 4)
    """
    lines = text.split("\n")
    out = [MARKER.sub(lambda m: m.group(1), line, count=1) for line in lines]
    return "\n".join(out), sum(a != b for a, b in zip(lines, out))


def untitle(text):
    """The text without its first line (the page's <title> in the split and in newer WET text).

    >>> untitle("Page title - Site\\nHome\\nHeadline")
    'Home\\nHeadline'
    """
    return text.split("\n", 1)[1] if "\n" in text else ""


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--eval-dir", default=str(REPO.parent / "shared" / "eval"))
    ap.add_argument("--split", default="dev")
    ap.add_argument("--out", required=True, help="directory for the copy (score.py, <split>/...)")
    ap.add_argument("--untitled", action="store_true",
                    help="also take each page's first line (its <title>) off, as older WET text has none")
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
            if args.untitled:
                # Every index moves up by one; the title line's own label and ignore go.
                rec["lines"], rec["labels"] = rec["lines"][1:], rec["labels"][1:]
                rec["ignore"] = [i - 1 for i in rec["ignore"] if i > 0]
            fout.write(json.dumps(rec, ensure_ascii=False) + "\n")
    docs = lines = 0
    with open(src / args.split / "input.jsonl", encoding="utf-8") as fin, \
            open(dst / args.split / "input.jsonl", "w", encoding="utf-8") as fout:
        for row in fin:
            rec = json.loads(row)
            rec["text"], n = unmark(rec["text"])
            if args.untitled:
                rec["text"] = untitle(rec["text"])
            page = src / args.split / "docs" / f"{rec['id']}.txt"
            if page.exists():
                text, _ = unmark(page.read_text(encoding="utf-8"))
                if args.untitled:
                    text = untitle(text)
                (dst / args.split / "docs" / page.name).write_text(text, encoding="utf-8")
            fout.write(json.dumps(rec, ensure_ascii=False) + "\n")
            docs += 1
            lines += n
    print(f"{docs} documents, markers taken off {lines} lines{', title lines taken off' if args.untitled else ''}: {dst}")


if __name__ == "__main__":
    main()
