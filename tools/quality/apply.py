#!/usr/bin/env python3
"""Reference inference: apply weights.txt to documents, the way the Rust cleaner should.

usage: apply.py [--weights FILE] [--bin NOISESTRIP] [--explain] INPUT_DIR OUTPUT_DIR

For every INPUT_DIR/<id>.txt: the phrase/structure rules' removals come from
`NOISESTRIP --keep-duplicates --explain=jsonl` (dedupe off); then features (features.py),
the gate, the over-deletion guard and the line model decide; OUTPUT_DIR/<id>.txt receives
the kept lines (byte-identical). --explain prints, per removed line, the reason and p.
Standard library only. Use it to check the Rust port line for line.
"""
import argparse
import json
import math
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import features as featmod  # noqa: E402
from train import DOC_FEATURES, Doc, doc_features, judged_unmarked  # noqa: E402


def load_weights(path):
    """{'threshold', 'gate_threshold', 'max_removed_share', 'line': model, 'gate': model}, and
    'unmarked_gate' with its 'unmarked_gate_threshold' and 'unmarked_gate_max_marker_share'
    when the file has that gate; a model is (bias, {name: (mean, std, w, edges, bins)})."""
    out = {"line": [0.0, {}], "gate": [0.0, {}], "unmarked_gate": None,
           "unmarked_gate_max_marker_share": 0.05}
    for raw in Path(path).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, _, rest = line.partition(" ")
        if key in ("threshold", "gate_threshold", "max_removed_share", "unmarked_gate_threshold",
                   "unmarked_gate_max_marker_share"):
            out[key] = float(rest)
        elif key.startswith("unmarked_gate.") and out["unmarked_gate"] is None:
            out["unmarked_gate"] = [0.0, {}]
        if key.endswith(".bias"):
            out[key.split(".")[0]][0] = float(rest)
        elif key.endswith(".feature"):
            head, edges, bins = (rest.split("|") + ["", ""])[:3]
            name, mean, std, w = head.split()
            out[key.split(".")[0]][1][name] = (float(mean), float(std), float(w),
                                               [float(x) for x in edges.split()], [float(x) for x in bins.split()])
    if out["unmarked_gate"] is not None and "unmarked_gate_threshold" not in out:
        raise SystemExit(f"{path}: unmarked_gate without unmarked_gate_threshold")
    return out


def predict(model, names, x):
    bias, feats = model
    z = bias
    contrib = []
    for name, v in zip(names, x):
        f = feats.get(name)
        if f is None:
            continue
        mean, std, w, edges, bins = f
        c = w * (v - mean) / std
        if edges:
            c += bins[sum(1 for e in edges if e <= v)]
        z += c
        contrib.append((c, name))
    p = 1 / (1 + math.exp(-z)) if z >= 0 else math.exp(z) / (1 + math.exp(z))
    return p, sorted(contrib)[:3]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--weights", default=str(HERE.parent.parent / "model" / "line-model.txt"))
    ap.add_argument("--bin", default=str(HERE.parent.parent / "target" / "release" / "noisestrip"))
    ap.add_argument("--explain", action="store_true")
    ap.add_argument("input_dir")
    ap.add_argument("output_dir")
    a = ap.parse_args()
    W = load_weights(a.weights)
    sw = featmod.load_stopwords()
    expl = subprocess.run([a.bin, "--keep-duplicates", "--explain=jsonl", a.input_dir.rstrip("/") + "/"],
                          check=True, capture_output=True, text=True).stdout
    drops = {}
    for row in expl.splitlines():
        r = json.loads(row)
        if r.get("action") != "cut":
            drops.setdefault(Path(r["doc"]).stem, set()).add(int(r["line"]) - 1)
    out = Path(a.output_dir)
    out.mkdir(parents=True, exist_ok=True)
    for path in sorted(Path(a.input_dir).glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        lines = [l[:-1] if l.endswith("\r") else l for l in lines]
        dr = drops.get(path.stem, set())
        removed = [i in dr for i in range(len(lines))]
        idx, names, X = featmod.document_features(lines, sw, rule_dropped=removed)
        doc = Doc({"id": path.stem}, lines)
        doc.rows = [(i, removed[i], x) for i, x in zip(idx, X)]
        keep = [not r for r in removed]
        reason = {}
        # The gate for text without list markers judges documents with few marker lines.
        gx = doc_features(doc, names)
        unmarked = W["unmarked_gate"] is not None and judged_unmarked(gx, W["unmarked_gate_max_marker_share"])
        gate, gate_threshold = (W["unmarked_gate"], W["unmarked_gate_threshold"]) if unmarked \
            else (W["gate"], W["gate_threshold"])
        g, _ = predict(gate, DOC_FEATURES, gx)
        if g >= gate_threshold:
            t = W["threshold"]
            probs = {i: predict(W["line"], names, x) for i, r, x in doc.rows if not r}
            wk = names.index("lw")
            tot = sum(round(math.exp(x[wk]) - 1) for i, r, x in doc.rows if not r)
            rem = sum(round(math.exp(x[wk]) - 1) for i, r, x in doc.rows if not r and probs[i][0] < t)
            if tot == 0 or rem <= W["max_removed_share"] * tot:
                for i, (p, worst) in probs.items():
                    if p < t:
                        keep[i] = False
                        reason[i] = f"classifier.line p={p:.3f} " + ", ".join(n for _c, n in worst)
            elif a.explain:
                print(f"{path.name}: classifier.guard (would remove {rem}/{tot} words)")
        elif a.explain:
            print(f"{path.name}: classifier.gate p_gate={g:.3f} (looks clean)")
        if a.explain:
            for i in sorted(reason):
                print(f"{path.name}:{i + 1}: {reason[i]} | {lines[i][:70]}")
        kept = [l for l, k in zip(lines, keep) if k]
        (out / path.name).write_text("".join(l + "\n" for l in kept), encoding="utf-8")


if __name__ == "__main__":
    main()
