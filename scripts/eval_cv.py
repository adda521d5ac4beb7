#!/usr/bin/env python3
"""Out-of-sample evaluation of noisestrip's full mode through the real binary.

Grouped-by-domain K-fold cross-validation (domains from labels.jsonl):
  1. features: `noisestrip --dump-features` on the pages (dev/docs/) and on their clean
     variants (each page's content lines joined back, as prose_safety.py builds them);
  2. models: `tools/quality/train.py cv-models` writes one weights file per fold, trained
     without that fold's domains (line model on the pages, gate on pages against clean text);
  3. cleaning: each fold's pages, and each fold's clean documents, are cleaned by the real
     binary with `--model fold_K.txt` (the model that never saw their domains);
  4. scoring: all outputs gathered and scored together, by `score.py --by page_type` for the
     reported figure, and the clean documents' kept lines counted (prose safety).

The operating point (threshold, gate_threshold, max_removed_share, unmarked_gate_threshold)
lives in each weights file's header and needs no retraining: `--sweep` rewrites the headers
and re-cleans for every combination, scoring in process with score.py's own functions (same
counts as its CLI).

usage: eval_cv.py [--bin PATH] [--work DIR] [--reuse] [--epochs N]
                  [--threshold T] [--gate-threshold G] [--max-removed M] [--unmarked-gate-threshold U]
                  [--sweep 't=0.1,0.2;g=0.9;m=0.8;u=0.9,0.95'] [-- NOISESTRIP ARGS...]
Standard library only. scripts/eval-cv.sh builds the binary and runs this.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
from prose_safety import clean_documents, load_scorer  # noqa: E402

HEADER_KEYS = ("threshold", "gate_threshold", "max_removed_share", "unmarked_gate_threshold")


def run(cmd, **kw):
    return subprocess.run([str(c) for c in cmd], check=True, **kw)


def read_folds(models):
    fold = {}
    with open(models / "folds.tsv", encoding="utf-8") as f:
        next(f)
        for row in f:
            doc, _domain, k = row.rstrip("\n").split("\t")
            fold[doc] = int(k)
    return fold


RESTORE_THRESHOLD = None  # set from --restore-threshold in main()


def with_settings(text, settings):
    """The weights file with its operating point replaced (None keeps the file's value), and
    the restore threshold (--restore-threshold) written in or replaced."""
    for key, value in zip(HEADER_KEYS, settings):
        if value is not None:
            text, n = re.subn(rf"(?m)^{key} .*$", f"{key} {value:.4f}", text)
            if n == 0:
                # Only the unmarked gate's threshold can be missing: an older model file.
                raise SystemExit(f"eval_cv: the fold models have no {key} to set (retrain them)")
    if RESTORE_THRESHOLD is not None:
        line = f"restore_threshold {RESTORE_THRESHOLD:.4f}"
        if re.search(r"(?m)^restore_threshold ", text):
            text = re.sub(r"(?m)^restore_threshold .*$", line, text)
        else:
            text = re.sub(r"(?m)^(max_removed_share .*)$", lambda m: m.group(1) + "\n" + line, text)
    return text


def header_settings(text):
    """The operating point in a weights file's header (None for a key it lacks: a model without
    the gate for unmarked text has no unmarked_gate_threshold)."""
    found = (re.search(rf"(?m)^{k} (\S+)", text) for k in HEADER_KEYS)
    return tuple(float(m.group(1)) if m else None for m in found)


class Folds:
    """The per-fold inputs (pages as JSONL, clean documents as directories), written once."""

    def __init__(self, work, split_dir, fold, clean_docs, k):
        self.work, self.k, self.fold = work, k, fold
        self.pages = [work / "in" / f"pages_{i}.jsonl" for i in range(k)]
        self.clean = [work / "in" / f"clean_{i}" for i in range(k)]
        (work / "in").mkdir(parents=True, exist_ok=True)
        files = [open(p, "w", encoding="utf-8") for p in self.pages]
        with open(split_dir / "input.jsonl", encoding="utf-8") as f:
            for row in f:
                if row.strip():
                    files[fold[str(json.loads(row)["id"])]].write(row if row.endswith("\n") else row + "\n")
        for h in files:
            h.close()
        for i, d in enumerate(self.clean):
            shutil.rmtree(d, ignore_errors=True)
            d.mkdir(parents=True)
        for doc_id, lines in clean_docs.items():
            (self.clean[fold[doc_id]] / f"{doc_id}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def clean_all(binary, extra, folds, models, settings, out):
    """Cleans every fold with its own model at `settings`; returns (pages JSONL, clean dir)."""
    out.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(models / "folds.tsv", out / "folds.tsv")
    pages_out = out / "pages.jsonl"
    clean_out = out / "clean"
    shutil.rmtree(clean_out, ignore_errors=True)
    with open(pages_out, "w", encoding="utf-8") as sink:
        for i in range(folds.k):
            model = out / f"fold_{i}.txt"
            model.write_text(with_settings((models / f"fold_{i}.txt").read_text(encoding="utf-8"), settings),
                             encoding="utf-8")
            with open(folds.pages[i], "rb") as src:
                run([binary, "--model", model, *extra, "--format", "jsonl"], stdin=src, stdout=sink)
            run([binary, "--model", model, *extra, "-o", f"{clean_out}/", f"{folds.clean[i]}/"])
    return pages_out, clean_out


def score_in_process(sc, recs, pages_out, clean_docs, clean_out):
    """score.py's content-kept micro P/R/F1 (all and by page type) and the clean lines kept."""
    outs = sc.load_outputs(pages_out)
    tot, groups = Counter(), {}
    for r in recs:
        kept = sc.kept_exact(r["lines"], outs.get(str(r["id"]), ""))
        c, _w = sc.line_counts(r["lines"], r["labels"], kept, set(r["ignore"]))
        tot.update(c)
        groups.setdefault(r.get("page_type", "?"), Counter()).update(c)
    res = {"all": sc.prf(tot["tp"], tot["fp"], tot["fn"])}
    for g in sorted(groups):
        res[g] = sc.prf(groups[g]["tp"], groups[g]["fp"], groups[g]["fn"])
    couts = sc.load_outputs(clean_out)
    n = k = 0
    for doc_id, lines in clean_docs.items():
        kept = sc.kept_exact(lines, couts.get(doc_id, ""))
        n += len(kept)
        k += sum(kept)
    return res, k / max(1, n)


def parse_sweep(spec, base):
    grid = dict(zip("tgmu", ([x] for x in base)))
    for part in filter(None, (p.strip() for p in spec.split(";"))):
        key, _, values = part.partition("=")
        if key not in grid:
            raise SystemExit(f"--sweep: unknown key {key!r} (t, g, m, u)")
        grid[key] = [float(v) for v in values.split(",")]
    return [(t, g, m, u) for u in grid["u"] for g in grid["g"] for m in grid["m"] for t in grid["t"]]


def ugate(u):
    """The unmarked gate's threshold for a table ("-" when the models have no such gate)."""
    return "    -" if u is None else f"{u:5.2f}"


def f3(x):
    return "  nan" if x is None else f"{x:.3f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    ap.add_argument("--bin", default=str(target / "release" / "noisestrip"))
    ap.add_argument("--eval-dir", default=os.environ.get("NOISESTRIP_EVAL_DIR", str(REPO.parent / "shared" / "eval")))
    ap.add_argument("--split", default=os.environ.get("NOISESTRIP_EVAL_SPLIT", "dev"))
    ap.add_argument("--work", default=os.environ.get("NOISESTRIP_CV_DIR", str(REPO / "target" / "eval-cv")),
                    help="working directory (features, fold models, outputs); kept for inspection")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--reuse", action="store_true",
                    help="reuse the features and fold models already in --work (no dump, no training)")
    ap.add_argument("--epochs", type=int, default=None, help="passed to train.py")
    ap.add_argument("--train-args", default="", help="more arguments for train.py cv-models (one string)")
    ap.add_argument("--threshold", type=float)
    ap.add_argument("--gate-threshold", type=float)
    ap.add_argument("--max-removed", type=float)
    ap.add_argument("--unmarked-gate-threshold", type=float,
                    help="threshold of the gate for text without list markers (u in --sweep)")
    ap.add_argument("--restore-threshold", type=float,
                    help="gate probability below which the cleaner restores structural and "
                         "certainty-low removals (default: the file's, else the gate threshold; "
                         "the main gate's only: the unmarked gate restores below its own threshold)")
    ap.add_argument("--sweep", default="", help="grid of operating points, e.g. 't=0.1,0.2,0.3;g=0.5,0.9;m=0.8,1'")
    ap.add_argument("rest", nargs=argparse.REMAINDER, help="arguments for noisestrip (after --)")
    args = ap.parse_args()
    global RESTORE_THRESHOLD
    RESTORE_THRESHOLD = args.restore_threshold
    extra = args.rest[1:] if args.rest[:1] == ["--"] else args.rest

    eval_dir = Path(args.eval_dir)
    split_dir = eval_dir / args.split
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    binary = args.bin
    sc = load_scorer(eval_dir)
    recs = sc.load_eval(split_dir / "labels.jsonl")
    clean_docs = clean_documents(recs)
    models = work / "models"
    t0 = time.time()

    if not args.reuse or not (models / "folds.tsv").exists():
        print(f"[eval-cv] dumping features with {binary}", file=sys.stderr, flush=True)
        cdir = work / "clean-docs"
        shutil.rmtree(cdir, ignore_errors=True)
        cdir.mkdir(parents=True)
        for doc_id, lines in clean_docs.items():
            (cdir / f"{doc_id}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        with open(work / "raw.tsv", "wb") as f:
            run([binary, *extra, "--dump-features", f"{split_dir / 'docs'}/"], stdout=f)
        with open(work / "clean.tsv", "wb") as f:
            run([binary, *extra, "--dump-features", f"{cdir}/"], stdout=f)
        # The pages (with and without their title line) and clean documents without list markers
        # (as WET renders them), for the gate of unmarked text.
        train_py = REPO / "tools" / "quality" / "train.py"
        udir = work / "unmarked"
        shutil.rmtree(udir, ignore_errors=True)
        run([sys.executable, train_py, "make-unmarked", "--eval-dir", eval_dir,
             "--labels", split_dir / "labels.jsonl", "--out", udir], stdout=sys.stderr)
        for sub, name in (("pages", "raw-unmarked.tsv"), ("pages-untitled", "raw-untitled.tsv"),
                          ("clean", "clean-unmarked.tsv")):
            with open(work / name, "wb") as f:
                run([binary, *extra, "--dump-features", f"{udir / sub}/"], stdout=f)
        print(f"[eval-cv] training {args.folds} fold models (train.py cv-models)", file=sys.stderr, flush=True)
        cmd = [sys.executable, train_py, "cv-models", "--eval-dir", eval_dir,
               "--labels", split_dir / "labels.jsonl", "--features", work / "raw.tsv",
               "--clean-features", work / "clean.tsv", "--unmarked-features",
               f"{work / 'raw-unmarked.tsv'},{work / 'raw-untitled.tsv'}",
               "--unmarked-clean-features", work / "clean-unmarked.tsv", "--folds", args.folds, "--out", models]
        if args.epochs:
            cmd += ["--epochs", args.epochs]
        cmd += args.train_args.split()
        run(cmd, stdout=sys.stderr)
        print(f"[eval-cv] features and models in {time.time() - t0:.0f} s", file=sys.stderr, flush=True)

    fold = read_folds(models)
    missing = [r["id"] for r in recs if str(r["id"]) not in fold]
    if missing:
        raise SystemExit(f"{len(missing)} documents have no fold in {models}/folds.tsv (stale --reuse?)")
    folds = Folds(work, split_dir, fold, clean_docs, args.folds)
    base = header_settings((models / "fold_0.txt").read_text(encoding="utf-8"))
    chosen = tuple(v if v is not None else b
                   for v, b in zip((args.threshold, args.gate_threshold, args.max_removed,
                                    args.unmarked_gate_threshold), base))

    if args.sweep:
        print(f"out-of-sample sweep ({args.folds} folds by domain), noisestrip {' '.join(extra)}")
        print(f"{'t':>5} {'gate':>5} {'guard':>5} {'ugate':>5} | {'P':>5} {'R':>5} {'F1':>5} | "
              f"{'art P':>5} {'art R':>5} {'art F1':>6} | clean kept")
        for setting in parse_sweep(args.sweep, chosen):
            pages_out, clean_out = clean_all(binary, extra, folds, models, setting, work / "sweep")
            res, safe = score_in_process(sc, recs, pages_out, clean_docs, clean_out)
            a, art = res["all"], res.get("article", (None, None, None))
            print(f"{setting[0]:5.3f} {setting[1]:5.2f} {setting[2]:5.2f} {ugate(setting[3])} | "
                  f"{f3(a[0])} {f3(a[1])} {f3(a[2])} | "
                  f"{f3(art[0])} {f3(art[1])} {f3(art[2]):>6} | {safe:.2%}", flush=True)
        return

    out = work / "run"
    pages_out, clean_out = clean_all(binary, extra, folds, models, chosen, out)
    t, g, m, u = chosen
    print(f"out-of-sample: {args.folds} folds grouped by domain, each fold cleaned by the model trained"
          f" without it; noisestrip {' '.join(extra)} at threshold {t:.3f}, gate {g:.2f}, guard {m:.2f},"
          f" unmarked gate {ugate(u).strip()}")
    json_out = out / "scores.json"
    report = subprocess.run([sys.executable, eval_dir / "score.py", split_dir / "labels.jsonl", pages_out,
                             "--by", "page_type", "--json", json_out], check=True, capture_output=True, text=True)
    if os.environ.get("NOISESTRIP_EVAL_FULL") == "1":
        print(report.stdout)
    s = json.loads(json_out.read_text())
    print(f"{'group':<14} {'docs':>5} {'lines':>7} {'kept':>6} | content kept micro  P     R     F1  | boiler F1 | word F1")
    for k in ["all"] + sorted(k for k in s if k not in ("all", "missing")):
        v = s[k]
        p, r, f1 = v["content_micro"]
        print(f"{k:<14} {v['docs']:>5} {v['lines_scored']:>7} {v['kept_share']:>6.1%} |"
              f"                   {f3(p)} {f3(r)} {f3(f1)} |     {f3(v['boiler_micro'][2])} |   {f3(v['word'][2])}")
    print(f"(score.py --by page_type on {pages_out}; fold models and outputs in {work})")
    sys.stdout.flush()
    # Prose safety, each clean document cleaned by the fold model that never saw its domain.
    run([sys.executable, REPO / "scripts" / "prose_safety.py", "--bin", binary, "--eval-dir", eval_dir,
         "--split", args.split, "--folds", out, "--", *extra])


if __name__ == "__main__":
    main()
