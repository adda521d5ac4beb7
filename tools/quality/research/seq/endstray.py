"""Stray stretches after an end-of-article marker (QUALITY.md section 15): a stretch after the
main one with a line between them that a rule of the end families (comments, related, share,
tags, newsletter) dropped or cut must reach a mean log-odds of M1 instead of -0.5.

usage: SEQ_PKL=/tmp/seq.pkl RULES_RAW=raw.jsonl RULES_CLEAN=clean.jsonl python3 endstray.py
  RULES_RAW / RULES_CLEAN: `noisestrip --no-classifier --explain=jsonl` on dev/docs/ and on the
  clean documents of the eval-cv work directory (clean-docs/). Figures without wcxb-2904."""
import json
import os
import sys
from collections import defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from shipped import *  # noqa: E402,F401,F403

END = ("comments", "related", "share", "tags", "newsletter")


def ends_of(path):
    found = defaultdict(set)
    for row in open(path, encoding="utf-8"):
        e = json.loads(row)
        if "line" in e and (e.get("rule") or "").split(".")[0] in END:
            found[os.path.basename(e["doc"])[:-4]].add(e["line"] - 1)
    return found


def stray_end(doc, kept, marks, m1, m0=-0.5, gap=3, main_share=0.7, ratio=0.1, after_ratio=0.2):
    """The stray stage with the bar `m1` after an end marker (rows in `marks`)."""
    return stray_stretches(doc, kept, gap, main_share, ratio, after_ratio, m0=m0, marks=marks, m1=m1)


if __name__ == "__main__":
    raw, clean = ends_of(os.environ["RULES_RAW"]), ends_of(os.environ["RULES_CLEAN"])
    data = load()
    clean_ids = {id(d) for d in data["clean"]}
    data["pages"] = [d for d in data["pages"] if d["id"] != "wcxb-2904"]

    def decide(d, t, m1):
        kept, applied = classify(d, t, 0.9, 0.7)
        if applied:
            kept = stray_end(d, kept, (clean if id(d) in clean_ids else raw).get(d["id"], set()), m1)
        return kept

    for t in (0.15, 0.175, 0.2, 0.225):
        for m1 in (-0.5, 0.0, 0.5, 1.0):
            evaluate(data, lambda d: decide(d, t, m1), label=f"t={t} m1={m1}")
