#!/usr/bin/env bash
# The speed of quotes next to the limits of the machine, in one run on one
# input (see README.md, "Performance"):
#
#   (a) the limits: a single RE2 pass of a cue-verb alternation over the
#       article texts, and memchr for '"' (bench/limits.cc);
#   (b) `quotes extract --jsonl` on one thread and on all cores, in MB/s
#       of article text and of input bytes; and the engine alone on one
#       thread (//bench:extract_bench BM_Extract over all the corpus's
#       texts in memory: no JSON read or written);
#   (c) raw LevelDB WriteBatch puts of as many records as ingest stored,
#       of the size of ours, with two index keys each (random and
#       time-ordered keys), and of ingest's whole write set;
#   (d) `quotes ingest` of the same input into a new store;
#
# then the ratios extract/RE2-pass and ingest/raw-puts, extract's MB/s at
# 1, 10 and 100 MB of input (the corpus repeated, doc ids made unique),
# the peak memory and wall time of ingesting 1 GB streamed from a
# generator, and query latency p50/p99 at 10^4 and 10^5 stored quotes
# (10^6 with --million) from //bench:store_bench.
#
# Usage: bench/run_benchmarks.sh [--quick] [--million] [--runs N]
#                                [--workdir DIR] [--keep]
#   --quick    skip the 1 GB ingest and the 100 MB extract
#   --million  also measure queries at 10^6 stored quotes (minutes)
#   --runs N   timed runs of each command (default 3; the median is shown)
#   --workdir  scratch directory (default: a new one under $TMPDIR or /tmp)
#   --keep     keep the scratch directory
#
# Input: the article texts of ../shared/corpus/bbc_reuters.jsonl.gz (or
# $QUOTES_SHARED_DIR/corpus/...) when present, else generated news-like
# text; the first lines say which.  Timings are whole commands, start-up
# included; on a machine shared with other work, compare figures of the
# same run only (the load average is printed at the start and the end).
set -euo pipefail

quick=0
million=0
runs=3
workdir=""
keep=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) quick=1 ;;
    --million) million=1 ;;
    --runs) runs="$2"; shift ;;
    --workdir) workdir="$2"; shift ;;
    --keep) keep=1 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "run_benchmarks.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done

cd "$(dirname "$0")/.."
root=$(pwd)

say() { printf '%s\n' "$*"; }
section() { printf '\n== %s\n' "$*"; }
# Arithmetic on decimals.
calc() { awk "BEGIN { printf \"%.${2:-1}f\", $1 }"; }
# The median of the numbers on stdin.
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# The value after "NAME :" in db_bench-style lines on stdin.
field() { awk -v k="$1" '$1 == k && $2 == ":" { print $3; exit }'; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

# ---------------------------------------------------------------------------
say "building (bazel -c opt) ..."
targets=(//cli:quotes //bench:limits //bench:store_bench //bench:extract_bench)
bazel build -c opt "${targets[@]}" >/dev/null 2>&1 || bazel build -c opt "${targets[@]}"
if [[ -z "$workdir" ]]; then
  workdir=$(mktemp -d "${TMPDIR:-/tmp}/quotes_bench.XXXXXX")
fi
mkdir -p "$workdir"
if [[ $keep -eq 0 ]]; then trap 'rm -rf "$workdir"' EXIT; fi
# Copies: the binaries stay the same while the run lasts, whatever is
# rebuilt meanwhile.
bin="$workdir/bin"
mkdir -p "$bin"
cp -f bazel-bin/cli/quotes bazel-bin/bench/limits bazel-bin/bench/store_bench \
  bazel-bin/bench/extract_bench "$bin/"
quotes="$bin/quotes"
limits="$bin/limits"

# Runs a command once; prints "WALL_SECONDS PEAK_RSS_KB".  stdout of the
# command goes to $out (default /dev/null), stdin from $in (default none).
timed() {
  local t0 t1 rss user sys
  t0=$EPOCHREALTIME
  /usr/bin/time -f '%M %U %S' -o "$workdir/time.txt" "$@" <"${in:-/dev/null}" >"${out:-/dev/null}"
  t1=$EPOCHREALTIME
  read -r rss user sys < <(tail -n 1 "$workdir/time.txt")
  printf '%s %s %s\n' "$(calc "$t1 - $t0" 3)" "$rss" "$(calc "$user + $sys" 2)"
}

# The median wall seconds of $runs runs of a command.
median_wall() {
  local i
  for ((i = 0; i < runs; i++)); do timed "$@" | cut -d' ' -f1; done | median
}

say "machine: $(nproc) cores, load average at start: $(load)"
say "scratch: $workdir"

# ---------------------------------------------------------------------------
section "input"
shared="${QUOTES_SHARED_DIR:-$root/../shared}"
corpus="$shared/corpus/bbc_reuters.jsonl.gz"
input="$workdir/input.jsonl"
if [[ -r "$corpus" ]]; then
  zcat "$corpus" >"$input"
  input_kind="the bbc_reuters corpus ($corpus)"
else
  "$limits" generate --bytes=25M >"$input"
  input_kind="generated news-like text (no corpus at $corpus)"
fi
input_bytes=$(stat -c %s "$input")
docs=$(wc -l <"$input")
say "input: $input_kind"

# ---------------------------------------------------------------------------
section "(a) limits: a single RE2 pass of 60 cue verbs and inflections; memchr for '\"'"
"$limits" scan "$input" | tee "$workdir/scan.txt"
text_mb=$(awk '$1 == "texts" { print $3 }' "$workdir/scan.txt")
re2_mbs=$(field re2_pass <"$workdir/scan.txt")
memchr_mbs=$(field memchr <"$workdir/scan.txt")
input_mb=$(calc "$input_bytes / 1e6" 2)
say "input: $input_mb MB in $docs documents; $text_mb MB of article text"

# ---------------------------------------------------------------------------
section "(b) quotes extract --jsonl (median of $runs runs)"
t1=$(median_wall "$quotes" extract --jsonl --threads 1 "$input")
tn=$(median_wall "$quotes" extract --jsonl "$input")
extracted=$( ("$quotes" extract --jsonl "$input" || true) | wc -l)
extract1_mbs=$(calc "$text_mb / $t1")
extractn_mbs=$(calc "$text_mb / $tn")
extractn_qps=$(calc "$extracted / $tn" 0)
say "extract, 1 thread : $extract1_mbs MB/s of text; $(calc "$input_mb / $t1") MB/s of input; $t1 s"
say "extract, $(nproc) threads: $extractn_mbs MB/s of text; $(calc "$input_mb / $tn") MB/s of input; $tn s; $extracted quotes, $extractn_qps quotes/s"
# The engine alone: Extractor::Extract over every text, already in memory
# (the median of $runs repetitions of Google Benchmark's BM_Extract).
engine_csv=$(QUOTES_SHARED_DIR="$shared" QUOTES_BENCH_MIB=0 "$bin/extract_bench" \
  --benchmark_filter='^BM_Extract$' --benchmark_repetitions="$runs" \
  --benchmark_report_aggregates_only=true --benchmark_format=csv 2>/dev/null |
  grep -E '^"BM_Extract(_median)?"' | tail -n 1 || true)
if [[ -n "$engine_csv" ]]; then
  engine_mbs=$(calc "$(cut -d, -f6 <<<"$engine_csv") / 1e6")
  engine_input=$(cut -d, -f8 <<<"$engine_csv" | tr -d '"')
  say "engine alone, 1 thread: $engine_mbs MB/s of text ($engine_input, $(cut -d, -f4 <<<"$engine_csv") ms processor time)"
  if [[ "$engine_input" != "bbc_reuters" ]]; then
    say "  (no corpus: extract_bench reads its own generated text, not this run's input)"
  fi
else
  engine_mbs="?"
  say "engine alone: extract_bench failed"
fi

# ---------------------------------------------------------------------------
section "(d) quotes ingest into a new store (median of $runs runs)"
walls=()
cpus=()
for ((i = 0; i < runs; i++)); do
  rm -rf "$workdir/db"
  out="$workdir/ingest.txt" timed "$quotes" ingest --db "$workdir/db" "$input" >"$workdir/ingest_time.txt"
  walls+=("$(cut -d' ' -f1 "$workdir/ingest_time.txt")")
  rss_kb=$(cut -d' ' -f2 "$workdir/ingest_time.txt")
  cpus+=("$(cut -d' ' -f3 "$workdir/ingest_time.txt")")
done
ingest_s=$(printf '%s\n' "${walls[@]}" | median)
ingest_cpu=$(printf '%s\n' "${cpus[@]}" | median)
cat "$workdir/ingest.txt"
new_quotes=$(awk '$1 == "quotes:" { print $2 }' "$workdir/ingest.txt")
merged=$(awk '$1 == "quotes:" { print $4 }' "$workdir/ingest.txt")
records=$((new_quotes + merged))
ingest_rps=$(calc "$records / $ingest_s" 0)
say "ingest: $ingest_rps quotes/s ($records quotes stored: $new_quotes new, $merged merged); $(calc "$docs / $ingest_s" 0) documents/s; $(calc "$input_mb / $ingest_s") MB/s of input; $ingest_s s; processor time $ingest_cpu s (user + system); peak RSS $((rss_kb / 1024)) MB"
# The write set ingest left: the records and keys of the store.
"$limits" keys "$workdir/db" >"$workdir/keys.txt"
quote_bytes=$(awk '$1 == "keys_q" { print int($5 / $3) }' "$workdir/keys.txt")
all_keys=$(awk '$1 == "keys_all" { print $3 }' "$workdir/keys.txt")
all_bytes=$(awk '$1 == "keys_all" { print $5 }' "$workdir/keys.txt")
keys_per_quote=$(( (all_keys + new_quotes / 2) / new_quotes - 1 ))
bytes_per_quote=$((all_bytes / new_quotes))
say "store: $all_keys keys, $(calc "$all_bytes / 1e6") MB; a quote record is $quote_bytes bytes; per stored quote $keys_per_quote other keys and $bytes_per_quote bytes in all"

# ---------------------------------------------------------------------------
section "(c) raw LevelDB puts of $records records (as many as ingest stored quotes), 100 a WriteBatch, the store's LevelDB options"
# The LevelDB settings of the store that ingest opens (cli/commands.cc:
# 16 MB write buffer; storage/quote_store.h: 8 MB block cache, Bloom
# filters of 10 bits a key).
puts() {
  rm -rf "$workdir/raw"
  "$limits" puts --records="$records" --batch=100 --write_buffer_bytes=16M \
    "$@" "$workdir/raw"
}
puts --value_bytes="$quote_bytes" --index_keys=2 --order=random | tee "$workdir/puts.txt"
puts --value_bytes="$quote_bytes" --index_keys=2 --order=time | tee -a "$workdir/puts.txt"
puts_random=$(field puts_random <"$workdir/puts.txt")
puts_time=$(field puts_time <"$workdir/puts.txt")
say "the whole write set of ingest, raw: records of $bytes_per_quote bytes with $keys_per_quote keys"
# Timed from outside too: its processor time, beside ingest's, shows how
# much of the machine each needs for the same keys.
rm -rf "$workdir/raw"
out="$workdir/puts_all.txt" timed "$limits" puts --records="$records" --batch=100 \
  --write_buffer_bytes=16M --value_bytes="$bytes_per_quote" \
  --index_keys="$keys_per_quote" --order=random "$workdir/raw" >"$workdir/puts_all_time.txt"
cat "$workdir/puts_all.txt"
puts_all=$(field puts_random <"$workdir/puts_all.txt")
puts_all_cpu=$(cut -d' ' -f3 "$workdir/puts_all_time.txt")
say "raw puts of the whole write set: processor time $puts_all_cpu s (user + system), $(cut -d' ' -f1 "$workdir/puts_all_time.txt") s wall"
rm -rf "$workdir/raw"

# ---------------------------------------------------------------------------
section "extract at 1, 10 and 100 MB of input (the input repeated, doc ids made unique; 1 thread)"
text_share=$(calc "$text_mb / $input_mb" 4)
sizes="1M 10M 100M"
[[ $quick -eq 1 ]] && sizes="1M 10M"
for size in $sizes; do
  "$limits" repeat --bytes="$size" "$input" >"$workdir/repeat.jsonl"
  mb=$(calc "$(stat -c %s "$workdir/repeat.jsonl") / 1e6" 2)
  t=$(median_wall "$quotes" extract --jsonl --threads 1 "$workdir/repeat.jsonl")
  say "extract $size: $(calc "$mb * $text_share / $t") MB/s of text; $(calc "$mb / $t") MB/s of input; $t s for $mb MB"
done
rm -f "$workdir/repeat.jsonl"

# ---------------------------------------------------------------------------
if [[ $quick -eq 0 ]]; then
  section "ingest of 1 GB (the input repeated, doc ids made unique), streamed from a generator"
  rm -rf "$workdir/db1g"
  t0=$EPOCHREALTIME
  status=0
  "$limits" repeat --bytes=1G "$input" |
    /usr/bin/time -f '%M %U %S' -o "$workdir/time1g.txt" \
      "$quotes" ingest --db "$workdir/db1g" - >"$workdir/ingest1g.txt" || status=$?
  t1=$EPOCHREALTIME
  [[ $status -eq 0 ]] || say "quotes ingest exited with status $status"
  cat "$workdir/ingest1g.txt"
  read -r rss1g user1g sys1g <"$workdir/time1g.txt"
  wall1g=$(calc "$t1 - $t0")
  say "ingest 1 GB: $wall1g s wall ($(calc "$wall1g / 60") min; $(calc "1000 / $wall1g") MB/s); cpu ${user1g}s user ${sys1g}s system; peak RSS $((rss1g / 1024)) MB; store $(du -sm "$workdir/db1g" | cut -f1) MB"
  rm -rf "$workdir/db1g"
fi

# ---------------------------------------------------------------------------
section "query latency (bench/store_bench.cc, synthetic stores)"
bench_sizes="10000,100000"
[[ $million -eq 1 ]] && bench_sizes="10000,100000,1000000"
"$bin/store_bench" --store_bench_sizes="$bench_sizes" --store_bench_dir="$workdir" \
  --benchmark_filter='BM_(AddDocument|NewestOfSpeaker|QueryByWords|QueryBySpeaker)/' \
  --benchmark_min_time=0.5 2>/dev/null | tee "$workdir/store_bench.txt" |
  grep -E '^(BM_AddDocument|latency)' || true

# ---------------------------------------------------------------------------
section "side by side ($input_kind)"
printf '%-44s %12s\n' "memchr '\"'" "$memchr_mbs MB/s"
printf '%-44s %12s\n' "RE2 pass, cue verbs" "$re2_mbs MB/s"
printf '%-44s %12s\n' "engine alone (in memory), 1 thread" "$engine_mbs MB/s"
printf '%-44s %12s\n' "quotes extract, 1 thread" "$extract1_mbs MB/s"
printf '%-44s %12s\n' "quotes extract, $(nproc) threads" "$extractn_mbs MB/s"
printf '%-44s %12s\n' "raw puts, random keys, 2 index keys" "$puts_random rec/s"
printf '%-44s %12s\n' "raw puts, time-ordered keys, 2 index keys" "$puts_time rec/s"
printf '%-44s %12s\n' "raw puts, ingest's write set ($keys_per_quote keys)" "$puts_all rec/s"
printf '%-44s %12s\n' "quotes extract, $(nproc) threads (no store)" "$extractn_qps rec/s"
printf '%-44s %12s\n' "quotes ingest" "$ingest_rps rec/s"
say ""
say "extract (1 thread) / RE2 pass:              $(calc "$extract1_mbs / $re2_mbs" 3)"
if [[ "$engine_mbs" != "?" ]]; then
  say "engine alone (1 thread) / RE2 pass:         $(calc "$engine_mbs / $re2_mbs" 3)"
fi
say "ingest / raw puts, random keys:             $(calc "$ingest_rps / $puts_random" 3)"
say "ingest / raw puts, time-ordered keys:       $(calc "$ingest_rps / $puts_time" 3)"
say "ingest / raw puts of its whole write set:   $(calc "$ingest_rps / $puts_all" 3)"
say "processor time, ingest / raw puts of its whole write set: $(calc "$ingest_cpu / $puts_all_cpu" 2) ($ingest_cpu s / $puts_all_cpu s)"
say "load average at the end: $(load)"
