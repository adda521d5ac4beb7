#!/usr/bin/env bash
# Side-by-side throughput of noisestrip and line filters on the same synthetic corpus.
#
# usage: benches/compare.sh
#
# Generates (or reuses) a synthetic scraped corpus with examples/gen_corpus.rs, as plain text
# (documents ended by a form feed) and as JSONL, exports noisestrip's built-in phrases with
# `noisestrip --list-phrases`, and runs, on the same files in the same run:
#   cat > file, grep -F -v -f phrases, grep -i -F -v -f phrases, rg -F / rg -i -F (when
#   rg is installed), noisestrip -j1 and -jN in the full and the conservative mode (text), and
#   noisestrip -j1 and -jN on the JSONL corpus.
# Before any time is reported, the outputs are checked: -j1 and -jN give identical bytes, and
# the -j1 text output is scored against the generator's ground truth (noise removed, content
# kept), which must clear a floor. Each command runs REPS times; the best time is reported
# (this machine is shared and noisy), with the peak RSS of all runs and the ratio of its
# throughput to `grep -F -v -f` measured in the same run.
#
# Environment:
#   SIZE      corpus size (default 1GB; e.g. 100MB for a quick run)
#   SEED      generator seed (default 42)
#   REPS      runs per command (default 3)
#   THREADS   the -jN thread count (default: all cores)
#   WIDE_THREADS  a further -j run, once, for the peak RSS at many threads (default 16;
#             0 skips it): memory must stay bounded whatever the thread count
#   WORK      where corpora and outputs live (default target/compare)
#   SAMPLE_BYTES  prefix of the text corpus that grep -i is timed on (default 20000000)
#   NOISESTRIP_NO_BUILD=1  use the existing release build
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
size=${SIZE:-1GB}
seed=${SEED:-42}
reps=${REPS:-3}
threads=${THREADS:-$(nproc)}
wide_threads=${WIDE_THREADS:-16}
target_dir=${CARGO_TARGET_DIR:-$repo_root/target}
work=${WORK:-$target_dir/compare}
mkdir -p "$work"

die() { echo "compare.sh: $*" >&2; exit 2; }
[[ -x /usr/bin/time ]] || die "needs /usr/bin/time (Debian package 'time') for peak RSS"

if [[ ${NOISESTRIP_NO_BUILD:-0} != 1 ]]; then
    echo "building noisestrip and the corpus generator (release)..." >&2
    cargo build --release --quiet --manifest-path "$repo_root/Cargo.toml"
    cargo build --release --quiet --manifest-path "$repo_root/Cargo.toml" --example gen_corpus
fi
bin=$target_dir/release/noisestrip
gen=$target_dir/release/examples/gen_corpus
[[ -x $bin && -x $gen ]] || die "no binaries under $target_dir/release"

text=$work/corpus-$size-$seed.txt
jsonl=$work/corpus-$size-$seed.jsonl
for f in "$text" "$jsonl"; do
    if [[ ! -s $f || ! -s $f.truth ]]; then
        format=${f##*.}
        echo "generating $f..." >&2
        "$gen" --size "$size" --seed "$seed" --format "$format" --out "$f.tmp" --truth "$f.truth.tmp" >&2
        mv "$f.tmp" "$f"
        mv "$f.truth.tmp" "$f.truth"
    fi
done
phrases=$work/phrases.txt
"$bin" --list-phrases >"$phrases"

# The machine, for the record.
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
echo "machine: $cpu, $(nproc) cores, $(free -g | awk '/^Mem:/{print $2}') GiB; load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "corpus: $size (seed $seed): text $(stat -c %s "$text") bytes, jsonl $(stat -c %s "$jsonl") bytes; $(wc -l <"$phrases") phrases"

# Correctness first: thread count must not change the output, and the cleaning must be
# accurate on the ground truth; otherwise no time is worth reporting.
check_same() {
    local name=$1; shift
    "$@" -j1 >"$work/check-1.out"
    "$@" -j"$threads" >"$work/check-n.out"
    cmp -s "$work/check-1.out" "$work/check-n.out" || die "$name: -j1 and -j$threads outputs differ"
}
check_same "text full" "$bin" --quiet --doc-sep formfeed "$text"
python3 "$repo_root/benches/synth_accuracy.py" --json \
    "$text.truth" "$text" "$work/check-1.out" >"$work/accuracy.json"
python3 - "$work/accuracy.json" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))
def find(d, *names):
    for n in names:
        if n in d:
            return d[n]
    raise SystemExit(f"compare.sh: accuracy JSON lacks {names}: keys {sorted(d)}")
removed = find(a, "noise_lines_removed")
kept = find(a, "content_lines_kept")
print(f"check: -j1 == -jN; accuracy on the ground truth: noise lines removed {removed:.2%}, content lines kept {kept:.2%}")
if removed < 0.5 or kept < 0.95:
    raise SystemExit("compare.sh: accuracy below the floor (noise removed >= 50%, content kept >= 95%)")
PY
# Kept to check the many-threads run below against.
mv "$work/check-1.out" "$work/text-full-j1.out"
check_same "text conservative" "$bin" --quiet --mode conservative --doc-sep formfeed "$text"
check_same "jsonl" "$bin" --quiet --format jsonl "$jsonl"

# run NAME INPUT CMD...: best wall time of REPS runs, peak RSS; prints one row.
declare -A mbps
baseline=
run() {
    local name=$1 input=$2; shift 2
    local bytes best=0 rss=0 t m
    bytes=$(stat -c %s "$input")
    for ((i = 0; i < reps; i++)); do
        # Output goes to a file, not /dev/null: GNU grep notices /dev/null and stops at the
        # first selected line, which would time nothing.
        /usr/bin/time -f '%e %M' -o "$work/time.txt" "$@" <"$input" >"$work/run.out" 2>"$work/stderr.txt" || {
            # grep -v exits 1 when it selects no line; anything else is a failure.
            local rc=$?
            [[ $rc == 1 && ($1 == grep || $1 == rg) ]] || { cat "$work/stderr.txt" >&2; die "$name failed ($rc)"; }
        }
        read -r t m < <(tail -n1 "$work/time.txt")
        if [[ $best == 0 ]] || awk -v a="$t" -v b="$best" 'BEGIN{exit !(a<b)}'; then best=$t; fi
        ((m > rss)) && rss=$m
    done
    local rate
    rate=$(awk -v b="$bytes" -v t="$best" 'BEGIN{printf "%.1f", (t > 0 ? b / 1e6 / t : 0)}')
    mbps[$name]=$rate
    [[ $name == "grep -F -v -f" ]] && baseline=$rate
    local ratio="-"
    [[ -n $baseline ]] && ratio=$(awk -v r="$rate" -v g="$baseline" 'BEGIN{printf "%.2f", r / g}')
    printf '%-40s %9s MB/s %8.1f MB RSS %8s x grep\n' "$name" "$rate" "$(awk -v k="$rss" 'BEGIN{print k/1024}')" "$ratio"
}

# grep -i with thousands of phrases runs at well under 1 MB/s: it is timed on a prefix of
# the corpus (whole lines), which its row says.
sample_bytes=${SAMPLE_BYTES:-20000000}
sample=$work/sample-$size-$seed.txt
head -c "$sample_bytes" "$text" | sed '$d' >"$sample"

printf '%-40s %14s %15s %15s\n' "command (best of $reps)" "throughput" "peak RSS" "vs grep -F -v"
run "grep -F -v -f" "$text" grep -F -v -f "$phrases"
run "cat > file" "$text" cat
run "grep -i -F -v -f (on $((sample_bytes / 1000000)) MB)" "$sample" grep -i -F -v -f "$phrases"
if command -v rg >/dev/null; then
    run "rg -F -v -f" "$text" rg -F -v -f "$phrases"
    run "rg -i -F -v -f" "$text" rg -i -F -v -f "$phrases"
else
    echo "(rg not installed: skipped)"
fi
run "noisestrip -j1 text (full)" "$text" "$bin" --quiet -j1 --doc-sep formfeed
run "noisestrip -j$threads text (full)" "$text" "$bin" --quiet -j"$threads" --doc-sep formfeed
run "noisestrip -j1 text (conservative)" "$text" "$bin" --quiet -j1 --mode conservative --doc-sep formfeed
run "noisestrip -j$threads text (conservative)" "$text" "$bin" --quiet -j"$threads" --mode conservative --doc-sep formfeed
run "noisestrip -j1 jsonl (full)" "$jsonl" "$bin" --quiet -j1 --format jsonl
run "noisestrip -j$threads jsonl (full)" "$jsonl" "$bin" --quiet -j"$threads" --format jsonl
if ((wide_threads > 0 && wide_threads != threads)); then
    # Memory at many threads: one run is enough for the peak RSS (its speed on this
    # machine's cores says nothing).
    reps_saved=$reps
    reps=1
    run "noisestrip -j$wide_threads text (full, RSS)" "$text" "$bin" --quiet -j"$wide_threads" --doc-sep formfeed
    reps=$reps_saved
    cmp -s "$work/run.out" "$work/text-full-j1.out" || die "-j$wide_threads and -j1 outputs differ"
fi
awk -v a="${mbps["noisestrip -j$threads text (full)"]}" -v b="${mbps["noisestrip -j1 text (full)"]}" \
    -v c="${mbps["noisestrip -j$threads jsonl (full)"]}" -v d="${mbps["noisestrip -j1 jsonl (full)"]}" \
    'BEGIN{printf "scaling -j'"$threads"'/-j1: text %.2fx, jsonl %.2fx\n", a / b, c / d}'
rm -f "$work/run.out" "$work/text-full-j1.out"
