#!/usr/bin/env bash
# Retrain the shipped line classifier (model/line-model.txt) on the whole development split.
#
# usage: scripts/retrain.sh [--threshold T] [--gate-threshold G] [--max-removed M] [TRAIN.PY ARGS...]
#   e.g. scripts/retrain.sh --threshold 0.20 --gate-threshold 0.90 --max-removed 0.70
#
# 1. builds noisestrip (release; NOISESTRIP_NO_BUILD=1 skips it);
# 2. writes the clean documents (each dev page's content lines joined back) and dumps the
#    features of the pages and of the clean documents with `noisestrip --dump-features`
#    (the features are those of the rules in this checkout: re-run after any rule change);
#    and of both rendered without list markers, the pages also without their title line
#    (train.py make-unmarked);
# 3. `tools/quality/train.py final`: line model on the pages' labelled lines, gate on pages
#    against clean documents, the gate for unmarked text on the unmarked renderings, the given
#    operating point in the header; writes
#    model/line-model.txt (or --weights FILE), with this command in its header comments.
# Choose the operating point out of sample first: scripts/eval-cv.sh --sweep ... (QUALITY.md).
# Rebuild afterwards: the weights are embedded in the binary at build time.
#
# Environment: CARGO_TARGET_DIR, NOISESTRIP_EVAL_DIR, NOISESTRIP_EVAL_SPLIT,
#   NOISESTRIP_RETRAIN_DIR (features, default $CARGO_TARGET_DIR/retrain).
set -euo pipefail
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
eval_dir=${NOISESTRIP_EVAL_DIR:-$repo_root/../shared/eval}
split_dir=$eval_dir/${NOISESTRIP_EVAL_SPLIT:-dev}
if [[ ${NOISESTRIP_NO_BUILD:-0} != 1 ]]; then
    echo "building noisestrip (release)..." >&2
    cargo build --release --quiet --manifest-path "$repo_root/Cargo.toml"
fi
target_dir=${CARGO_TARGET_DIR:-$repo_root/target}
bin=$target_dir/release/noisestrip
work=${NOISESTRIP_RETRAIN_DIR:-$target_dir/retrain}
mkdir -p "$work"
rm -rf "$work/clean"
python3 "$repo_root/tools/quality/train.py" make-clean --eval-dir "$eval_dir" \
    --labels "$split_dir/labels.jsonl" --out "$work/clean" >&2
echo "dumping features..." >&2
"$bin" --dump-features "$split_dir/docs/" >"$work/raw.tsv"
"$bin" --dump-features "$work/clean/" >"$work/clean.tsv"
# Pages (with and without their title line) and clean documents without list markers (as WET
# renders them): the gate for unmarked text.
rm -rf "$work/unmarked"
python3 "$repo_root/tools/quality/train.py" make-unmarked --eval-dir "$eval_dir" \
    --labels "$split_dir/labels.jsonl" --out "$work/unmarked" >&2
"$bin" --dump-features "$work/unmarked/pages/" >"$work/raw-unmarked.tsv"
"$bin" --dump-features "$work/unmarked/pages-untitled/" >"$work/raw-untitled.tsv"
"$bin" --dump-features "$work/unmarked/clean/" >"$work/clean-unmarked.tsv"
commit=$(git -C "$repo_root" rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git -C "$repo_root" status --porcelain -- rules src 2>/dev/null | head -1)
exec python3 "$repo_root/tools/quality/train.py" final --eval-dir "$eval_dir" \
    --labels "$split_dir/labels.jsonl" --features "$work/raw.tsv" --clean-features "$work/clean.tsv" \
    --unmarked-features "$work/raw-unmarked.tsv,$work/raw-untitled.tsv" --unmarked-clean-features "$work/clean-unmarked.tsv" \
    --note "made by: scripts/retrain.sh $*" \
    --note "features dumped by noisestrip --dump-features at commit $commit${dirty:+ (with uncommitted changes in rules/ or src/)}" \
    "$@"
