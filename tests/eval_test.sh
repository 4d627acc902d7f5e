#!/bin/bash
# `quotes eval` on a small gold file of the project's own: the engine finds
# all three quotes with their speakers, the figures are printed as the
# project's scorer prints them, a given prediction file is scored as is, and
# errors give exit 2.  When ../shared/eval/score.py is present the output is
# compared with it byte for byte; otherwise that part is skipped, saying so.
set -u
quotes=$1
gold=$2
tmp=${TEST_TMPDIR:-$(mktemp -d)}
fail() { echo "FAIL: $*"; exit 1; }

out=$("$quotes" eval --gold "$gold") || fail "eval exited $?"
grep -qx "gold_quotes: 3" <<<"$out" || fail "gold count: $out"
grep -qx "quote_f1: 1.0" <<<"$out" || fail "quote_f1: $out"
grep -qx "attribution_f1: 1.0" <<<"$out" || fail "attribution_f1: $out"

"$quotes" extract --jsonl "$gold" > "$tmp/pred.jsonl" || fail "extract"
head -n 1 "$tmp/pred.jsonl" > "$tmp/one.jsonl"
out=$("$quotes" eval --gold "$gold" --pred "$tmp/one.jsonl" --json) ||
  fail "eval --pred exited $?"
grep -q '"pred_quotes": 1' <<<"$out" || fail "pred file not used: $out"

"$quotes" eval --gold "$tmp/missing.jsonl" 2> "$tmp/err"
[ $? -eq 2 ] || fail "missing gold should exit 2"
grep -q "^quotes: " "$tmp/err" || fail "no error message"
"$quotes" eval 2> /dev/null
[ $? -eq 2 ] || fail "missing --gold should exit 2"

# The same bytes as the reference scorer, when it is there.
here=$(dirname "$(readlink -f "$gold")")
for shared in "${QUOTES_SHARED_DIR:-}" "$here/../../../../shared" /work/shared; do
  if [ -n "$shared" ] && [ -f "$shared/eval/score.py" ]; then
    python3 "$shared/eval/score.py" --gold "$gold" --pred "$tmp/one.jsonl" \
      --errors 5 > "$tmp/ref.txt" || fail "score.py"
    "$quotes" eval --gold "$gold" --pred "$tmp/one.jsonl" --errors 5 \
      > "$tmp/ours.txt" || fail "eval --errors"
    diff "$tmp/ref.txt" "$tmp/ours.txt" || fail "differs from score.py"
    echo "PASS (compared with $shared/eval/score.py)"
    exit 0
  fi
done
echo "PASS (SKIPPED the comparison with score.py: ../shared not found)"
