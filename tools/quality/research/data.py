"""Shared loading for the exploration scripts (not needed to retrain: see ../train.py).

Loads the labelled split, the current binary's rule decisions (--explain=jsonl) and the
reference features; scores kept-line vectors exactly as score.py does (its own functions are
imported from the evaluation directory at run time).
"""
import importlib.util
import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
QUALITY = HERE.parent
REPO = QUALITY.parent.parent
sys.path.insert(0, str(QUALITY))
import features  # noqa: E402

EVAL = Path(os.environ.get("NOISESTRIP_EVAL_DIR", REPO.parent / "shared" / "eval"))
BIN = REPO / "target" / "release" / "noisestrip"
CACHE = Path(os.environ.get("QUALITY_CACHE", "/tmp/quality-cache"))


def scorer():
    spec = importlib.util.spec_from_file_location("score", EVAL / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def rule_drops(extra=()):
    """{doc_id: set of 0-based line numbers dropped by the current binary's rules}."""
    out = subprocess.run([str(BIN), *extra, "--explain=jsonl", str(EVAL / "dev" / "docs") + "/"],
                         check=True, capture_output=True, text=True).stdout
    drops = {}
    for row in out.splitlines():
        r = json.loads(row)
        if r["action"] == "cut":
            continue
        drops.setdefault(Path(r["doc"]).stem, set()).add(r["line"] - 1)
    return drops


def load(tag="default", extra=(), rebuild=False):
    """List of docs: dict(id, domain, page_type, lines, labels, ignore, idx, names, X, drop)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"docs-{tag}.pkl"
    if path.exists() and not rebuild:
        with open(path, "rb") as f:
            return pickle.load(f)
    sw = features.load_stopwords()
    drops = rule_drops(extra)
    recs = [json.loads(l) for l in open(EVAL / "dev" / "labels.jsonl", encoding="utf-8")]
    docs = []
    for r in recs:
        lines = r["lines"]
        drop = [i in drops.get(r["id"], ()) for i in range(len(lines))]
        idx, names, X = features.document_features(lines, sw, rule_dropped=drop)
        docs.append(dict(id=r["id"], domain=r["domain"], page_type=r["page_type"], lines=lines,
                         labels=r["labels"], ignore=set(r["ignore"]), idx=idx, names=names, X=X, drop=drop))
    with open(path, "wb") as f:
        pickle.dump(docs, f)
    return docs


def folds_by_domain(docs, k=5, seed=0):
    """Assign each domain to one of k folds: domains sorted by a hash, then dealt greedily to
    the fold with the fewest lines so far (balanced, deterministic)."""
    import hashlib
    size = {}
    for d in docs:
        size[d["domain"]] = size.get(d["domain"], 0) + len(d["lines"])
    order = sorted(size, key=lambda dm: hashlib.sha1(f"{seed}:{dm}".encode()).hexdigest())
    order.sort(key=lambda dm: -size[dm])
    load_ = [0] * k
    fold_of = {}
    for dm in order:
        f = min(range(k), key=lambda i: load_[i])
        fold_of[dm] = f
        load_[f] += size[dm]
    return [fold_of[d["domain"]] for d in docs]


def score(docs, kept_per_doc, by="page_type"):
    """Micro content-kept P/R/F1 over scored lines (score.py's grouping), overall and by group."""
    sc = scorer()
    from collections import Counter
    tot, groups = Counter(), {}
    for d, kept in zip(docs, kept_per_doc):
        c, _w = sc.line_counts(d["lines"], d["labels"], kept, d["ignore"])
        tot.update(c)
        groups.setdefault(d[by], Counter()).update(c)
    res = {"all": sc.prf(tot["tp"], tot["fp"], tot["fn"])}
    for g in sorted(groups):
        c = groups[g]
        res[g] = sc.prf(c["tp"], c["fp"], c["fn"])
    return res


def fmt(res):
    return "  ".join(f"{k}={v[0]:.3f}/{v[1]:.3f}/{v[2]:.3f}" for k, v in res.items())


def short(res, keys=("all", "article")):
    return "  ".join(f"{k} P{res[k][0]:.3f} R{res[k][1]:.3f} F{res[k][2]:.3f}" for k in keys)


def load_prose(extra=("--keep-duplicates",), rebuild=False):
    """The clean-prose variant: each document is only its content lines (label 1, not
    ignored) joined back; every line is labelled 1. Same fields as load()."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / "docs-prose.pkl"
    if path.exists() and not rebuild:
        with open(path, "rb") as f:
            return pickle.load(f)
    import tempfile
    sw = features.load_stopwords()
    recs = [json.loads(l) for l in open(EVAL / "dev" / "labels.jsonl", encoding="utf-8")]
    docs = []
    with tempfile.TemporaryDirectory() as tmp:
        for r in recs:
            ign = set(r["ignore"])
            lines = [l for i, (l, lab) in enumerate(zip(r["lines"], r["labels"])) if lab == 1 and i not in ign]
            r["prose_lines"] = lines
            if lines:
                Path(tmp, r["id"] + ".txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        out = subprocess.run([str(BIN), *extra, "--explain=jsonl", tmp + "/"], check=True,
                             capture_output=True, text=True).stdout
    drops = {}
    for row in out.splitlines():
        r = json.loads(row)
        if r["action"] != "cut":
            drops.setdefault(Path(r["doc"]).stem, set()).add(r["line"] - 1)
    for r in recs:
        lines = r["prose_lines"]
        if not lines:
            continue
        drop = [i in drops.get(r["id"], ()) for i in range(len(lines))]
        idx, names, X = features.document_features(lines, sw, rule_dropped=drop)
        docs.append(dict(id=r["id"], domain=r["domain"], page_type=r["page_type"], lines=lines,
                         labels=[1] * len(lines), ignore=set(), idx=idx, names=names, X=X, drop=drop))
    with open(path, "wb") as f:
        pickle.dump(docs, f)
    return docs
