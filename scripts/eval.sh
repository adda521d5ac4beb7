#!/usr/bin/env bash
# Score noisestrip on the line-labelled evaluation set, by page type.
#
# usage: scripts/eval.sh [NOISESTRIP ARGS...]
#   e.g. scripts/eval.sh
#        scripts/eval.sh --mode conservative
#
# Builds noisestrip in release, cleans the development split, scores the output with the
# set's own scorer (score.py) and prints the figures. Extra arguments go to noisestrip.
#
# The full mode's figures are IN-SAMPLE (the shipped classifier weights were trained on
# this split); scripts/eval-cv.sh gives the out-of-sample ones (QUALITY.md). The conservative
# mode has no learned part, so its figures here are out of sample as they are.
#
# Environment:
#   NOISESTRIP_EVAL_DIR   the evaluation set (default: ../shared/eval from the repo root);
#                         it must hold score.py and dev/{input.jsonl,labels.jsonl,docs/}
#   NOISESTRIP_EVAL_SPLIT the split inside it (default: dev)
#   NOISESTRIP_EVAL_OUT   keep the cleaned outputs here instead of a temporary directory
#   NOISESTRIP_EVAL_JSON  also write score.py's figures as JSON to this file
#   NOISESTRIP_EVAL_WORST list the N documents with the lowest content F1 (default 0)
#   NOISESTRIP_EVAL_FULL  set to 1 to print score.py's full report (all metrics)
#   NOISESTRIP_NO_BUILD   set to 1 to skip `cargo build --release`
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
eval_dir=${NOISESTRIP_EVAL_DIR:-$repo_root/../shared/eval}
split=${NOISESTRIP_EVAL_SPLIT:-dev}
split_dir=$eval_dir/$split

die() { echo "eval.sh: $*" >&2; exit 2; }
[[ -f $eval_dir/score.py ]] || die "no score.py in $eval_dir (set NOISESTRIP_EVAL_DIR)"
[[ -f $split_dir/labels.jsonl ]] || die "no $split_dir/labels.jsonl"
command -v python3 >/dev/null || die "python3 is needed to run score.py"

if [[ ${NOISESTRIP_NO_BUILD:-0} != 1 ]]; then
    echo "building noisestrip (release)..." >&2
    cargo build --release --quiet --manifest-path "$repo_root/Cargo.toml"
fi
target_dir=${CARGO_TARGET_DIR:-$repo_root/target}
bin=$target_dir/release/noisestrip
[[ -x $bin ]] || die "no binary at $bin"

if [[ -n ${NOISESTRIP_EVAL_OUT:-} ]]; then
    work=$NOISESTRIP_EVAL_OUT
    mkdir -p "$work"
else
    work=$(mktemp -d "${TMPDIR:-/tmp}/noisestrip-eval.XXXXXX")
    trap 'rm -rf "$work"' EXIT
fi

start=$(date +%s.%N)
if "$bin" --help 2>/dev/null | grep -q -- '--format'; then
    # One JSONL stream in, one out: the way a corpus would be cleaned.
    outputs=$work/out.jsonl
    "$bin" --format jsonl "$@" <"$split_dir/input.jsonl" >"$outputs"
else
    # One file per document: <id>.txt in, <id>.txt out.
    [[ -d $split_dir/docs ]] || die "no $split_dir/docs"
    outputs=$work/out
    rm -rf "$outputs"
    "$bin" "$@" -o "$outputs/" "$split_dir/docs/"
fi
end=$(date +%s.%N)

json_out=${NOISESTRIP_EVAL_JSON:-$work/scores.json}
score_args=(--by page_type --json "$json_out")
[[ ${NOISESTRIP_EVAL_WORST:-0} != 0 ]] && score_args+=(--worst "$NOISESTRIP_EVAL_WORST")

echo "noisestrip $* on $split ($(awk -v s="$start" -v e="$end" 'BEGIN{printf "%.2f", e-s}') s to clean)"
if [[ ${NOISESTRIP_EVAL_FULL:-0} == 1 ]]; then
    python3 "$eval_dir/score.py" "$split_dir/labels.jsonl" "$outputs" "${score_args[@]}"
else
    # score.py's full report is long; keep its warnings and --worst list, then summarise.
    python3 "$eval_dir/score.py" "$split_dir/labels.jsonl" "$outputs" "${score_args[@]}" |
        sed -n '/lowest content-F1/,$p'
fi
python3 - "$json_out" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
if s.get("missing"):
    print(f"WARNING: {s['missing']} documents had no output")
def f(x):
    return "  nan" if x is None or x != x else f"{x:.3f}"
print(f"{'group':<14} {'docs':>5} {'lines':>7} {'kept':>6} | content kept micro  P     R     F1  | boiler F1 | word F1")
keys = ["all"] + sorted(k for k in s if k not in ("all", "missing"))
for k in keys:
    g = s[k]
    p, r, f1 = g["content_micro"]
    print(f"{k:<14} {g['docs']:>5} {g['lines_scored']:>7} {g['kept_share']:>6.1%} |"
          f"                   {f(p)} {f(r)} {f(f1)} |     {f(g['boiler_micro'][2])} |   {f(g['word'][2])}")
print("headline: content-kept micro F1 (row 'all'); full report: NOISESTRIP_EVAL_FULL=1")
PY
