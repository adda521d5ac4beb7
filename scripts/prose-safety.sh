#!/usr/bin/env bash
# Clean-prose safety: clean the content lines of the evaluation set joined back into
# documents and report the share of lines kept (target >= 99.5%).
#
# usage: scripts/prose-safety.sh [NOISESTRIP ARGS...]
# Environment: NOISESTRIP_EVAL_DIR, NOISESTRIP_EVAL_SPLIT, NOISESTRIP_NO_BUILD (as eval.sh).
set -euo pipefail
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [[ ${NOISESTRIP_NO_BUILD:-0} != 1 ]]; then
    echo "building noisestrip (release)..." >&2
    cargo build --release --quiet --manifest-path "$repo_root/Cargo.toml"
fi
target_dir=${CARGO_TARGET_DIR:-$repo_root/target}
exec python3 "$repo_root/scripts/prose_safety.py" --bin "$target_dir/release/noisestrip" -- "$@"
