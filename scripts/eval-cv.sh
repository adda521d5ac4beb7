#!/usr/bin/env bash
# Out-of-sample figures of the full mode, through the real binary (the figures we report).
#
# usage: scripts/eval-cv.sh [EVAL_CV ARGS...] [-- NOISESTRIP ARGS...]
#   scripts/eval-cv.sh                              dump, train 5 fold models, clean, score
#   scripts/eval-cv.sh --reuse                      same fold models, re-clean and re-score
#   scripts/eval-cv.sh --reuse --threshold 0.25     another operating point (no retraining)
#   scripts/eval-cv.sh --reuse --sweep 't=0.1,0.2,0.3;g=0.5,0.9;m=0.8,1'
#
# Grouped-by-domain 5-fold cross-validation (domains from dev/labels.jsonl):
#   1. `noisestrip --dump-features` on dev/docs/ and on the clean documents (each page's
#      content lines joined back), i.e. the features the binary itself computes;
#   2. `tools/quality/train.py cv-models`: fold_K.txt = line model + gate trained without the
#      domains of fold K (about 2 minutes per fold on one core);
#   3. every fold's pages (JSONL) and clean documents are cleaned by the real binary with
#      `--model fold_K.txt`, so no document is cleaned by a model that saw its site;
#   4. all page outputs together are scored by `score.py --by page_type`, and the clean
#      documents by scripts/prose_safety.py --folds (share of clean lines kept, target 99.5%).
# The operating point is the fold files' header (train.py's --threshold, --gate-threshold,
# --max-removed; or --threshold/--gate-threshold/--max-removed here, which rewrite it).
#
# Environment: CARGO_TARGET_DIR (binary), NOISESTRIP_EVAL_DIR, NOISESTRIP_EVAL_SPLIT,
#   NOISESTRIP_CV_DIR (working directory, default target/eval-cv: features, fold models,
#   outputs and scores.json are kept there), NOISESTRIP_NO_BUILD=1 (skip cargo build),
#   NOISESTRIP_EVAL_FULL=1 (print score.py's full report).
set -euo pipefail
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [[ ${NOISESTRIP_NO_BUILD:-0} != 1 ]]; then
    echo "building noisestrip (release)..." >&2
    cargo build --release --quiet --manifest-path "$repo_root/Cargo.toml"
fi
target_dir=${CARGO_TARGET_DIR:-$repo_root/target}
export NOISESTRIP_CV_DIR=${NOISESTRIP_CV_DIR:-$target_dir/eval-cv}
exec python3 "$repo_root/scripts/eval_cv.py" --bin "$target_dir/release/noisestrip" "$@"
