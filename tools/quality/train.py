#!/usr/bin/env python3
"""Train noisestrip's line classifier (standard library only) and report it out of sample.

The model (FINDINGS.md has the full specification):
  line score  z = bias + sum_f ( w_f * (x_f - mean_f) / std_f  +  b_f[bin_f(x_f)] )
              bin_f(x) = number of bin edges of f that are <= x  (quantile bins)
              p = 1 / (1 + exp(-z)); a line is kept when p >= threshold
  gate        a document-level logistic regression over DOC_FEATURES (below); the line
              classifier is applied only to documents with gate probability >= gate_threshold
              (already clean text is left to the phrase rules)
Figures are always out of sample: cross-validation with folds made of whole domains.

Inputs
  --labels FILE        labels.jsonl of the evaluation split (default: ../shared/eval/dev)
  --features FILE      per-line features of the raw documents, TSV (format below); default:
                       computed here with features.py (the reference implementation)
  --clean-features F   the same for the clean documents (each document's content lines joined
                       back, see `make-clean`); used to train the gate and measure safety
  --bin PATH           noisestrip binary: when features are computed here, its
                       `--keep-duplicates --explain=jsonl` output gives the rule removals

Features TSV: a header line, then one row per non-blank line of each document:
  doc <TAB> line <TAB> removed <TAB> <feature 1> <TAB> ... <feature n>
  doc      document id (file stem of dev/docs/<id>.txt)
  line     1-based line number in the document
  removed  1 when a phrase/structure rule removes the whole line, else 0 (cut lines: 0)
  features decimal numbers, column names as in features.FEATURES; extra columns are allowed
           and used as features unless listed with --exclude

Commands
  train.py [options]                 cross-validate, print figures, write the weights file
  train.py make-clean --out DIR      write the clean documents (<id>.txt) for dumping features
  train.py make-unmarked --out DIR   write the pages (DIR/pages/<id>.txt, and without their title
                                     line DIR/pages-untitled/<id>.txt) and the clean documents
                                     (DIR/clean/<id>.txt) without list markers, as WET text
                                     renders them (unmarked.py), for the gate of unmarked text
  train.py cv-models --out DIR       one weights file per domain-grouped fold, each trained
                                     without that fold (DIR/fold_K.txt, DIR/folds.tsv), for
                                     scoring the real binary out of sample (scripts/eval-cv.sh)
  train.py final                     fit on everything and write --weights (no CV); the
                                     operating point comes from --threshold, --gate-threshold
                                     and --max-removed

Output: --weights FILE (default model/line-model.txt), the readable model file.
"""
import argparse
import bisect
import hashlib
import importlib.util
import json
import math
import operator
import os
import random
import subprocess
import sys
import tempfile
from array import array
from itertools import accumulate, repeat
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))
import features as featmod  # noqa: E402
from unmarked import unmark, untitle  # noqa: E402

DOC_FEATURES = ["drop_share", "drop_ln", "marker_share", "sub_share", "max_marker_run", "headline_found",
                "copyright", "lines_ln", "dup_share", "short_share", "max_short_run", "region_share"]
# The main gate reads the first nine; the gate for text without list markers reads none of the
# marker features (near 0 on every document it judges) and the three made for it instead.
GATE_FEATURES = DOC_FEATURES[:9]
UNMARKED_GATE_FEATURES = [n for n in DOC_FEATURES if n not in ("marker_share", "sub_share", "max_marker_run")]


# ----------------------------------------------------------------------------- data
class Doc:
    """One document: its labelled lines and the feature rows of its non-blank lines."""

    def __init__(self, rec, lines):
        self.id = rec["id"]
        self.domain = rec.get("domain", "?")
        self.page_type = rec.get("page_type", "?")
        self.lines = lines
        self.labels = rec.get("labels") or [1] * len(lines)
        self.ignore = set(rec.get("ignore", ()))
        self.rows = []      # (0-based line, removed, [features])


def load_labels(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


def clean_records(recs):
    """The clean variant of each document: content lines (label 1, not ignored) only."""
    out = []
    for r in recs:
        ign = set(r["ignore"])
        lines = [l for i, (l, lab) in enumerate(zip(r["lines"], r["labels"])) if lab == 1 and i not in ign]
        if lines:
            out.append(dict(r, lines=lines, labels=[1] * len(lines), ignore=[]))
    return out


def rule_removals(binary, recs):
    """{doc id: set of 0-based lines a rule removed}, from `--explain=jsonl` of the binary."""
    if not binary:
        return {}
    with tempfile.TemporaryDirectory(prefix="train-") as tmp:
        for r in recs:
            Path(tmp, f"{r['id']}.txt").write_text("\n".join(r["lines"]) + "\n", encoding="utf-8")
        out = subprocess.run([binary, "--keep-duplicates", "--explain=jsonl", tmp + "/"], check=True,
                             capture_output=True, text=True).stdout
    drops = {}
    for row in out.splitlines():
        r = json.loads(row)
        if r.get("action") != "cut":
            drops.setdefault(Path(r["doc"]).stem, set()).add(int(r["line"]) - 1)
    return drops


def reference_docs(recs, binary):
    """Documents with features computed by features.py (the reference implementation)."""
    sw = featmod.load_stopwords()
    drops = rule_removals(binary, recs)
    docs, names = [], None
    for r in recs:
        d = Doc(r, r["lines"])
        dr = drops.get(r["id"], set())
        removed = [i in dr for i in range(len(r["lines"]))]
        idx, nm, X = featmod.document_features(r["lines"], sw, rule_dropped=removed)
        names = names or nm
        d.rows = [(i, removed[i], x) for i, x in zip(idx, X)]
        docs.append(d)
    return docs, names


def tsv_docs(recs, path, exclude):
    """Documents with features read from a TSV dump (see the module doc)."""
    by_id = {r["id"]: Doc(r, r["lines"]) for r in recs}
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        if header[:3] != ["doc", "line", "removed"]:
            raise SystemExit(f"{path}: header must start with doc, line, removed")
        keep = [k for k, n in enumerate(header) if k >= 3 and n not in exclude]
        names = [header[k] for k in keep]
        for ln, row in enumerate(f, 2):
            cells = row.rstrip("\n").split("\t")
            d = by_id.get(cells[0])
            if d is None:
                continue
            try:
                d.rows.append((int(cells[1]) - 1, cells[2] == "1", [float(cells[k]) for k in keep]))
            except (ValueError, IndexError) as e:
                raise SystemExit(f"{path}:{ln}: {e}")
    return [d for d in by_id.values()], names


def folds_by_domain(docs, k, seed=0):
    """Whole domains per fold: domains in order of decreasing size (ties by a hash), each dealt
    to the fold with the fewest lines so far. Deterministic."""
    size = {}
    for d in docs:
        size[d.domain] = size.get(d.domain, 0) + len(d.lines)
    order = sorted(size, key=lambda dm: hashlib.sha1(f"{seed}:{dm}".encode()).hexdigest())
    order.sort(key=lambda dm: -size[dm])
    load, fold_of = [0] * k, {}
    for dm in order:
        f = min(range(k), key=lambda i: load[i])
        fold_of[dm] = f
        load[f] += size[dm]
    return {d.id: fold_of[d.domain] for d in docs}


# ----------------------------------------------------------------------------- model
def sigmoid(z):
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


class Logistic:
    """Logistic regression over standardised features plus (optionally) one weight per
    quantile bin of each feature. Trained with mini-batch Adam and L2, deterministic."""

    def __init__(self, names, n_bins=8, l2=1e-4, epochs=12, lr=0.02, batch=256, seed=1):
        self.names, self.n_bins, self.l2 = names, n_bins, l2
        self.epochs, self.lr, self.batch, self.seed = epochs, lr, batch, seed

    def fit(self, X, y, weight=None):
        """Mini-batch Adam on the binned design. Column-major and batch-major so that the inner
        loops run in C (map/sum over arrays): about 50 times faster than a row-by-row loop,
        same optimisation (fixed mini-batches, visited in a new random order each epoch; lazy
        L2 and Adam on the bins a batch touches)."""
        n, m = len(X), len(self.names)
        cols = list(zip(*X)) if n else [()] * m
        self.mean = [math.fsum(c) / n for c in cols]
        self.std = []
        for c, mu in zip(cols, self.mean):
            d = list(map(operator.sub, c, repeat(mu, n)))
            v = math.fsum(map(operator.mul, d, d)) / n
            self.std.append(math.sqrt(v) if v > 1e-12 else 1.0)
        self.edges = []
        for c in cols:
            if self.n_bins <= 1:
                self.edges.append([])
                continue
            s = sorted(c)
            self.edges.append(sorted(set(s[min(n - 1, (k * n) // self.n_bins)] for k in range(1, self.n_bins))))
        self.offset = []
        total = 0
        for e in self.edges:
            self.offset.append(total)
            total += len(e) + 1 if e else 0
        weight = list(weight) if weight else None
        rng = random.Random(self.seed)
        order = list(range(n))
        rng.shuffle(order)
        binned = [j for j in range(m) if self.edges[j]]
        mul, add, sub = operator.mul, operator.add, operator.sub
        # Whole columns first (standardised values, global bin indexes), then gathered per
        # batch; every step is a C-level map or itemgetter.
        zcol = [list(map(mul, map(sub, cols[j], repeat(self.mean[j], n)), repeat(1.0 / self.std[j], n)))
                for j in range(m)]
        bcol = [list(map(add, map(bisect.bisect_right, repeat(self.edges[j], n), cols[j]), repeat(self.offset[j], n)))
                for j in binned]
        batches = []
        for s in range(0, n, self.batch):
            take = operator.itemgetter(*order[s:s + self.batch])
            one = s + 1 == min(n, s + self.batch)  # itemgetter of one index returns a scalar
            gather = (lambda c: [take(c)]) if one else take
            zc = [array("d", gather(c)) for c in zcol]
            bc = [array("l", gather(c)) for c in bcol]
            yb = array("d", gather(y))
            wb_ = array("d", gather(weight)) if weight else None
            # The bins' gradient is a sum of g over the (feature, row) pairs of each bin: the
            # pairs sorted by bin once here, then one gather and one prefix sum per step.
            flat = [a for col in bc for a in col]
            perm = sorted(range(len(flat)), key=flat.__getitem__)
            sb = [flat[q] for q in perm]
            spans, lo = [], 0
            for a in sorted(set(flat)):
                hi = bisect.bisect_right(sb, a, lo)
                spans.append((a, lo, hi))
                lo = hi
            batches.append((zc, bc, yb, wb_, operator.itemgetter(*perm) if len(perm) > 1 else None, spans))
        del zcol, bcol
        del cols
        wd = [0.0] * m
        wb = [0.0] * total
        bias = 0.0
        md, vd = [0.0] * m, [0.0] * m
        mb, vb = [0.0] * total, [0.0] * total
        m0 = v0 = 0.0
        b1, b2, eps = 0.9, 0.999, 1e-8
        step = 0
        steps_total = self.epochs * len(batches)
        exp = math.exp
        bidx = list(range(len(batches)))
        for _ep in range(self.epochs):
            rng.shuffle(bidx)
            for b in bidx:
                zc, bc, yb, wts, perm, spans = batches[b]
                size = len(yb)
                z = [bias] * size
                for j in range(m):
                    wj = wd[j]
                    if wj:
                        z = list(map(add, z, map(mul, repeat(wj, size), zc[j])))
                for col in bc:
                    z = list(map(add, z, map(wb.__getitem__, col)))
                p = [1.0 / (1.0 + exp(-v)) if v >= 0 else 1.0 - 1.0 / (1.0 + exp(v)) for v in z]
                g = list(map(sub, p, yb))
                if wts is not None:
                    g = list(map(mul, g, wts))
                k = 1.0 / size
                step += 1
                lr = self.lr * 0.5 * (1 + math.cos(math.pi * step / steps_total))
                c1, c2 = 1 - b1 ** step, 1 - b2 ** step
                for j in range(m):
                    gj = sum(map(mul, g, zc[j])) * k + self.l2 * wd[j]
                    md[j] = b1 * md[j] + (1 - b1) * gj
                    vd[j] = b2 * vd[j] + (1 - b2) * gj * gj
                    wd[j] -= lr * (md[j] / c1) / (math.sqrt(vd[j] / c2) + eps)
                if perm is not None:
                    cs = [0.0]
                    cs.extend(accumulate(perm(g * len(bc))))
                else:
                    cs = [0.0] + g * len(bc)
                for a, lo, hi in spans:
                    # lazy L2 on the touched bins only (untouched bins keep their value)
                    gj = (cs[hi] - cs[lo]) * k + self.l2 * wb[a]
                    mb[a] = b1 * mb[a] + (1 - b1) * gj
                    vb[a] = b2 * vb[a] + (1 - b2) * gj * gj
                    wb[a] -= lr * (mb[a] / c1) / (math.sqrt(vb[a] / c2) + eps)
                g0 = sum(g) * k
                m0 = b1 * m0 + (1 - b1) * g0
                v0 = b2 * v0 + (1 - b2) * g0 * g0
                bias -= lr * (m0 / c1) / (math.sqrt(v0 / c2) + eps)
        self.w, self.wb, self.bias = wd, wb, bias
        return self

    def _transform(self, r):
        xs = [(v - mu) / sd for v, mu, sd in zip(r, self.mean, self.std)]
        act = [off + bisect.bisect_right(e, v) for v, e, off in zip(r, self.edges, self.offset) if e]
        return xs, act

    def predict(self, r):
        xs, act = self._transform(r)
        return sigmoid(self.bias + sum(map(float.__mul__, self.w, xs)) + sum(self.wb[a] for a in act))

    def dump(self, prefix):
        """Readable lines: `<prefix>.bias B`, then per feature
        `<prefix>.feature NAME MEAN STD WEIGHT | EDGE... | BINWEIGHT...`."""
        out = [f"{prefix}.bias {self.bias:.6f}"]
        for j, name in enumerate(self.names):
            e = self.edges[j]
            bins = self.wb[self.offset[j]:self.offset[j] + len(e) + 1] if e else []
            out.append(f"{prefix}.feature {name} {self.mean[j]:.6f} {self.std[j]:.6f} {self.w[j]:.6f} | "
                       + " ".join(f"{x:.6f}" for x in e) + " | " + " ".join(f"{x:.6f}" for x in bins))
        return out


# ----------------------------------------------------------------------------- gate
def doc_features(doc, names):
    """DOC_FEATURES of one document, from its line rows (FINDINGS.md): evidence of page
    chrome that clean text lacks (rule removals, nested or long bullet runs, a restated
    title, a copyright line, repeated lines)."""
    col = {n: k for k, n in enumerate(names)}
    rows = doc.rows
    n = max(1, len(rows))
    n_lines = max(1, len(doc.lines))
    removed = sum(1 for _i, r, _x in rows if r)
    marker = [x[col["bullet"]] + x[col["numbered"]] + x[col["sub_bullet"]] > 0 for _i, _r, x in rows]
    run = best = 0
    for mk in marker:
        run = run + 1 if mk else 0
        best = max(best, run)
    first = rows[0][2] if rows else None
    # Short lines (under 5 words) and their longest run: menus without list markers.
    words = row_words(names)
    short = [words(x) < 5 for _i, _r, x in rows]
    run = best_short = 0
    for sh in short:
        run = run + 1 if sh else 0
        best_short = max(best_short, run)
    return [removed / n_lines, math.log1p(removed), sum(marker) / n,
            sum(x[col["sub_bullet"]] for _i, _r, x in rows) / n, math.log1p(best),
            first[col["headline_found"]] if first else 0.0,
            1.0 if any(x[col["copyright"]] for _i, _r, x in rows) else 0.0,
            math.log1p(len(rows)), sum(x[col["dup_earlier"]] for _i, _r, x in rows) / n,
            sum(short) / n, math.log1p(best_short), first[col["region_share"]] if first else 0.0]


def row_words(names):
    """Word count of a row, recovered from the lw feature (lw = ln(1 + words))."""
    k = names.index("lw")
    return lambda x: round(math.exp(x[k]) - 1)


# ----------------------------------------------------------------------------- scoring
def load_scorer(eval_dir):
    spec = importlib.util.spec_from_file_location("score", Path(eval_dir) / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def kept_lines(doc, probs, gate_p, t, gt, words=None, max_removed=1.0):
    """Which lines survive: not removed by a rule, and (classifier not applied or p >= t).
    The classifier is applied when the gate is open (gate_p >= gt) and it would remove at
    most max_removed of the words of the lines the rules keep (over-deletion guard)."""
    kept = [True] * len(doc.lines)
    apply = gate_p >= gt
    if apply and max_removed < 1.0 and words is not None:
        tot = rem = 0
        for (_i, removed, x), p in zip(doc.rows, probs):
            if not removed:
                w = words(x)
                tot += w
                rem += w if p < t else 0
        apply = tot == 0 or rem <= max_removed * tot
    for (i, removed, _x), p in zip(doc.rows, probs):
        if removed or (apply and p < t):
            kept[i] = False
    return kept


def score(sc, docs, kept_by_doc):
    from collections import Counter
    tot, groups = Counter(), {}
    for d, kept in zip(docs, kept_by_doc):
        c, _w = sc.line_counts(d.lines, d.labels, kept, d.ignore)
        tot.update(c)
        groups.setdefault(d.page_type, Counter()).update(c)
    res = {"all": sc.prf(tot["tp"], tot["fp"], tot["fn"])}
    for g in sorted(groups):
        c = groups[g]
        res[g] = sc.prf(c["tp"], c["fp"], c["fn"])
    return res


def clean_share(cdocs, probs_by_doc, gates, t, gt, words=None, max_removed=1.0):
    n = k = 0
    for d, probs, g in zip(cdocs, probs_by_doc, gates):
        kept = kept_lines(d, probs, g, t, gt, words, max_removed)
        n += len(d.rows)
        k += sum(1 for i, _r, _x in d.rows if kept[i])
    return k / max(1, n)


def fmt(res, keys=None):
    keys = keys or list(res)
    return "  ".join(f"{k} {res[k][0]:.3f}/{res[k][1]:.3f}/{res[k][2]:.3f}" for k in keys if res[k][2] is not None)


# ----------------------------------------------------------------------------- main

def command_line():
    """This invocation, for the weights file's header (paths relative to the repository)."""
    parts = []
    for a in sys.argv[1:]:
        try:
            a = os.path.relpath(a, REPO) if os.path.exists(a) and os.path.isabs(a) else a
        except ValueError:
            pass
        parts.append(a)
    return "python3 tools/quality/train.py " + " ".join(parts)


def model_text(line, gate, n_docs, n_clean, settings, note, ugate=None, ugt=None, umax=0.05):
    t, gt, mr = settings
    lines = [f"# noisestrip line classifier, trained by tools/quality/train.py on {n_docs} documents"
             f" (and {n_clean} clean documents for the gate)",
             "# see tools/quality/FINDINGS.md for the features and how to apply these numbers,",
             "# QUALITY.md for how the operating point below was chosen (out-of-sample, scripts/eval-cv.sh)"]
    lines += [f"# {x}" for x in note]
    lines += ["version 1", f"threshold {t:.4f}", f"gate_threshold {gt:.4f}", f"max_removed_share {mr:.4f}",
              # Below this gate probability the cleaner also restores what its structural stages
              # and `certainty: low` rules removed: every gated document (QUALITY.md section 5).
              f"restore_threshold {gt:.4f}"]
    lines += line.dump("line")
    if gate:
        lines += gate.dump("gate")
    if ugate:
        # Documents in which (almost) no line starts with a list marker (as WET renders them):
        # their own gate, trained on the pages and clean documents rendered that way.
        lines += [f"unmarked_gate_threshold {gt if ugt is None else ugt:.4f}",
                  f"unmarked_gate_max_marker_share {umax:.4f}"]
        lines += ugate.dump("unmarked_gate")
    return "\n".join(lines) + "\n"


def write_model(path, docs, cdocs, names, args, settings, note=None, udocs=(), ucdocs=()):
    """Fits the line model and the gates on all of `docs` / `cdocs` (and the unmarked renderings
    `udocs` / `ucdocs`) and writes the weights file."""
    line, gate, ugate = fit_all(docs, cdocs, names, args, udocs, ucdocs)
    note = note or [f"command: {command_line()}"]
    text = model_text(line, gate, len(docs), len(cdocs), settings, note, ugate, args.unmarked_gate_threshold,
                      args.unmarked_max_marker_share)
    Path(path).write_text(text, encoding="utf-8")
    print(f"wrote {path}")


def cv_models(docs, cdocs, names, args, settings, udocs=(), ucdocs=()):
    """One weights file per fold, each trained without that fold's domains (pages and their
    clean variants alike), for scoring the real binary out of sample (scripts/eval-cv.sh):
    OUT/fold_K.txt and OUT/folds.tsv (document id, domain, fold)."""
    out = Path(args.out or "cv-models")
    out.mkdir(parents=True, exist_ok=True)
    fold = folds_by_domain(docs, args.folds)
    with open(out / "folds.tsv", "w", encoding="utf-8") as f:
        f.write("doc\tdomain\tfold\n")
        for d in sorted(docs, key=lambda d: d.id):
            f.write(f"{d.id}\t{d.domain}\t{fold[d.id]}\n")
    for k in range(args.folds):
        tr = [d for d in docs if fold[d.id] != k]
        ctr = [d for d in cdocs if fold.get(d.id) != k]
        utr = [d for d in udocs if fold.get(d.id) != k]
        uctr = [d for d in ucdocs if fold.get(d.id) != k]
        note = [f"fold {k} of {args.folds} (grouped by domain): trained without the "
                f"{len(docs) - len(tr)} documents of fold {k}", f"command: {command_line()}"]
        write_model(out / f"fold_{k}.txt", tr, ctr, names, args, settings, note, utr, uctr)


def training_rows(docs, doc_weight=0.0):
    """Feature rows and labels of the scored lines; with doc_weight > 0 also sample weights
    (lines of a document of n rows weigh n ** -doc_weight, scaled to a mean of 1), so that a
    few very long pages do not dominate the fit."""
    X, y, w = [], [], []
    for d in docs:
        k = len(X)
        for i, _removed, x in d.rows:
            if i in d.ignore or i >= len(d.labels):
                continue
            X.append(x)
            y.append(1.0 if d.labels[i] == 1 else 0.0)
        w.extend([max(1, len(X) - k) ** -doc_weight] * (len(X) - k))
    if doc_weight <= 0:
        return X, y, None
    scale = len(w) / math.fsum(w)
    return X, y, [v * scale for v in w]


def fit_gate(docs, cdocs, names, gate_names):
    """A gate over `gate_names`: pages (1) against clean documents (0)."""
    GX = [gate_input(gate_names, doc_features(d, names)) for d in docs + cdocs]
    Gy = [1.0] * len(docs) + [0.0] * len(cdocs)
    return Logistic(gate_names, n_bins=0, l2=1e-3, epochs=300, lr=0.05, batch=64).fit(GX, Gy)


def gate_input(gate_names, row):
    """The values of a document's DOC_FEATURES `row` that a gate over `gate_names` reads."""
    return [row[DOC_FEATURES.index(n)] for n in gate_names]


def judged_unmarked(row, max_marker_share):
    """True when the gate for unmarked text judges the document whose DOC_FEATURES are `row`:
    fewer of its lines than `max_marker_share` start with a list marker (the binary's rule,
    src/classify/model.rs)."""
    return row[DOC_FEATURES.index("marker_share")] < max_marker_share


def fit_all(docs, cdocs, names, args, udocs=(), ucdocs=()):
    """The line model on the pages' labelled lines; the gate on pages (1) vs clean documents (0);
    with `udocs`/`ucdocs` (the same pages and clean documents rendered without list markers),
    also the gate for unmarked text, trained on those."""
    X, y, w = training_rows(docs, args.doc_weight)
    line = Logistic(names, n_bins=args.bins, l2=args.l2, epochs=args.epochs, lr=args.lr).fit(X, y, w)
    gate = fit_gate(docs, cdocs, names, GATE_FEATURES) if cdocs else None
    ugate = fit_gate(list(udocs), list(ucdocs), names, UNMARKED_GATE_FEATURES) if cdocs and udocs else None
    return line, gate, ugate


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", nargs="?", default="train", choices=["train", "make-clean", "make-unmarked", "cv-models", "final"])
    ap.add_argument("--eval-dir", default=os.environ.get("NOISESTRIP_EVAL_DIR", str(REPO.parent / "shared" / "eval")))
    ap.add_argument("--labels")
    ap.add_argument("--features")
    ap.add_argument("--clean-features")
    ap.add_argument("--unmarked-features", help="features of the pages rendered without list markers (TSV;"
                    " several renderings as a comma-separated list)")
    ap.add_argument("--unmarked-clean-features", help="the same for the clean documents")
    ap.add_argument("--unmarked-gate-threshold", type=float, default=None,
                    help="threshold of the gate for unmarked text (default: --gate-threshold)")
    ap.add_argument("--unmarked-max-marker-share", type=float, default=0.05,
                    help="the gate for unmarked text judges documents with fewer marker lines than this share")
    ap.add_argument("--exclude", default="", help="comma-separated feature columns not to use")
    ap.add_argument("--bin", default=str(REPO / "target" / "release" / "noisestrip"))
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--bins", type=int, default=8, help="quantile bins per feature (0: linear only)")
    ap.add_argument("--l2", type=float, default=1e-4)
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--lr", type=float, default=0.02)
    ap.add_argument("--doc-weight", type=float, default=0.0,
                    help="weigh a document's lines by (its line count) ** -POWER (0: every line alike)")
    ap.add_argument("--threshold", type=float, default=None, help="line threshold (default: best F1 with recall >= --min-recall)")
    ap.add_argument("--min-recall", type=float, default=0.90, help="choose the best F1 with at least this content recall")
    ap.add_argument("--min-safety", type=float, default=0.995, help="... and at least this share of clean lines kept")
    ap.add_argument("--gate-threshold", type=float, default=0.9)
    ap.add_argument("--max-removed", type=float, default=0.8,
                    help="over-deletion guard: skip the classifier on a document when it would remove more than this share of words")
    ap.add_argument("--no-gate", action="store_true")
    ap.add_argument("--weights", default=str(HERE.parent.parent / "model" / "line-model.txt"))
    ap.add_argument("--out", help="make-clean: directory for the clean documents; cv-models: directory for the fold models")
    ap.add_argument("--cv-only", action="store_true", help="do not fit and write the final model")
    ap.add_argument("--note", action="append", default=[],
                    help="a comment line for the weights file's header (repeatable; default: this command)")
    args = ap.parse_args()

    labels = args.labels or str(Path(args.eval_dir) / "dev" / "labels.jsonl")
    recs = load_labels(labels)
    crecs = clean_records(recs)
    if args.command == "make-clean":
        out = Path(args.out or "clean-docs")
        out.mkdir(parents=True, exist_ok=True)
        for r in crecs:
            (out / f"{r['id']}.txt").write_text("\n".join(r["lines"]) + "\n", encoding="utf-8")
        print(f"wrote {len(crecs)} clean documents to {out}/")
        return
    if args.command == "make-unmarked":
        out = Path(args.out or "unmarked")
        docs_dir = Path(labels).parent / "docs"
        # pages-untitled: the pages without their first line (the <title>) as well, as older WET
        # text renders them; the clean documents never held that line (it is not content).
        for sub, group in (("pages", recs), ("pages-untitled", recs), ("clean", crecs)):
            (out / sub).mkdir(parents=True, exist_ok=True)
            for r in group:
                page = docs_dir / f"{r['id']}.txt"
                text = page.read_text(encoding="utf-8") if sub != "clean" and page.exists() \
                    else "\n".join(r["lines"]) + "\n"
                text = unmark(text)[0]
                if sub == "pages-untitled":
                    text = untitle(text)
                (out / sub / f"{r['id']}.txt").write_text(text, encoding="utf-8")
        print(f"wrote {len(recs)} pages (with and without their title line) and {len(crecs)} clean documents"
              f" without list markers to {out}/")
        return

    exclude = set(x for x in args.exclude.split(",") if x)
    binary = args.bin if Path(args.bin).exists() else None
    if args.features:
        docs, names = tsv_docs(recs, args.features, exclude)
    else:
        docs, names = reference_docs(recs, binary)
    cdocs = []
    if not args.no_gate:
        if args.clean_features:
            cdocs, cnames = tsv_docs(crecs, args.clean_features, exclude)
        else:
            cdocs, cnames = reference_docs(crecs, binary)
        if cnames != names:
            raise SystemExit("clean features have other columns than the raw features")
    if not args.features and exclude:
        keep = [k for k, n in enumerate(names) if n not in exclude]
        for d in docs + cdocs:
            d.rows = [(i, r, [x[k] for k in keep]) for i, r, x in d.rows]
        names = [names[k] for k in keep]
    udocs, ucdocs = [], []
    if args.unmarked_features and not cdocs:
        raise SystemExit("--unmarked-features trains a gate: it needs the clean documents (no --no-gate)")
    if args.unmarked_features:
        if not args.unmarked_clean_features:
            raise SystemExit("--unmarked-features needs --unmarked-clean-features")
        # Several renderings of the same pages (comma-separated files) are all training pages
        # of the gate for unmarked text; a document keeps its id, hence its fold, in each.
        for path in args.unmarked_features.split(","):
            more, unames = tsv_docs(recs, path, exclude)
            if unames != names:
                raise SystemExit(f"{path}: unmarked features have other columns than the raw features")
            udocs += more
        ucdocs, ucnames = tsv_docs(crecs, args.unmarked_clean_features, exclude)
        if ucnames != names:
            raise SystemExit("unmarked features have other columns than the raw features")
    print(f"{len(docs)} documents, {sum(len(d.rows) for d in docs)} feature rows, {len(names)} features;"
          f" rule removals from {'the features file' if args.features else (binary or 'nowhere (no binary)')}")

    settings = (args.threshold if args.threshold is not None else 0.3,
                0.0 if args.no_gate else args.gate_threshold, args.max_removed)
    if args.command == "cv-models":
        cv_models(docs, cdocs, names, args, settings, udocs, ucdocs)
        return
    if args.command == "final":
        write_model(args.weights, docs, cdocs, names, args, settings, args.note or None, udocs, ucdocs)
        return

    sc = load_scorer(args.eval_dir)
    fold = folds_by_domain(docs, args.folds)
    cfold = {d.id: fold[d.id] for d in cdocs}
    probs = {d.id: None for d in docs}
    cprobs, gates, cgates = {}, {}, {}
    for f in range(args.folds):
        tr = [d for d in docs if fold[d.id] != f]
        ctr = [d for d in cdocs if cfold[d.id] != f]
        line, gate, ugate = fit_all(tr, ctr, names, args, [d for d in udocs if fold[d.id] != f],
                                    [d for d in ucdocs if cfold.get(d.id) != f])

        def gate_p(d):
            # Simulated with one gate threshold for both gates.
            if not gate:
                return 1.0
            row = doc_features(d, names)
            g = ugate if ugate and judged_unmarked(row, args.unmarked_max_marker_share) else gate
            return g.predict(gate_input(g.names, row))
        for d in docs:
            if fold[d.id] == f:
                probs[d.id] = [line.predict(x) for _i, _r, x in d.rows]
                gates[d.id] = gate_p(d)
        for d in cdocs:
            if cfold[d.id] == f:
                cprobs[d.id] = [line.predict(x) for _i, _r, x in d.rows]
                cgates[d.id] = gate_p(d)
        print(f"fold {f}: trained on {len(tr)} documents", flush=True)

    words = row_words(names)
    cp = [cprobs[d.id] for d in cdocs]
    cg = [cgates[d.id] for d in cdocs]

    def evaluate(t, gt, mr):
        res = score(sc, docs, [kept_lines(d, probs[d.id], gates[d.id], t, gt, words, mr) for d in docs])
        safe = clean_share(cdocs, cp, cg, t, gt, words, mr) if cdocs else float("nan")
        return res, safe

    print(f"\nout-of-sample (grouped by domain, {args.folds} folds): content kept P/R/F1 (micro) and the"
          " share of clean-document lines kept")
    rules_only, safe0 = evaluate(0.0, 2.0, 1.0)
    print(f"  rules only (no classifier)          {fmt(rules_only, ['all', 'article'])}  clean {safe0:.4f}")
    gate_grid = [0.0] if args.no_gate else sorted({0.5, 0.7, 0.9, args.gate_threshold})
    guard_grid = sorted({1.0, args.max_removed})
    best = None
    for gt in gate_grid:
        for mr in guard_grid:
            for t in [x / 100 for x in range(10, 65, 5)]:
                res, safe = evaluate(t, gt, mr)
                print(f"  gate {gt:.1f} guard {mr:.2f} t={t:.2f}  {fmt(res, ['all', 'article'])}  clean {safe:.4f}")
                ok = res["all"][1] >= args.min_recall and (safe != safe or safe >= args.min_safety)
                if ok and (best is None or res["all"][2] > best[0]):
                    best = (res["all"][2], t, gt, mr)
    if args.threshold is not None:
        t, gt, mr = args.threshold, (0.0 if args.no_gate else args.gate_threshold), args.max_removed
    elif best:
        _f, t, gt, mr = best
    else:
        print(f"no setting reaches recall >= {args.min_recall} and clean >= {args.min_safety}; using the defaults")
        t, gt, mr = 0.3, (0.0 if args.no_gate else args.gate_threshold), args.max_removed
    res, safe = evaluate(t, gt, mr)
    print(f"\nchosen: threshold {t:.2f}, gate threshold {gt:.2f}, over-deletion guard {mr:.2f}")
    for k, v in res.items():
        print(f"  {k:<14} P {v[0]:.3f}  R {v[1]:.3f}  F1 {v[2]:.3f}")
    print(f"  clean lines kept {safe:.4f}; gate open on {sum(1 for g in gates.values() if g >= gt)}/{len(gates)} pages,"
          f" {sum(1 for g in cgates.values() if g >= gt)}/{len(cgates)} clean documents")
    if args.cv_only:
        return
    write_model(args.weights, docs, cdocs, names, args, (t, gt, mr), None, udocs, ucdocs)


if __name__ == "__main__":
    main()
