#!/usr/bin/env bash
# End to end: the built `quotes` binary on the sample articles, through a
# real pipe and real exit statuses.  Arguments: the binary, samples/news.jsonl.
set -uo pipefail

quotes=$1
samples=$2
tmp=${TEST_TMPDIR:-$(mktemp -d)}
export QUOTES_DB=$tmp/e2e-store/db
failures=0

fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# expect CODE COMMAND...: runs COMMAND, keeps stdout and stderr in $out and
# $err, and checks its exit status.
expect() {
  local want=$1
  shift
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  out=$(cat "$tmp/out")
  err=$(cat "$tmp/err")
  [ "$got" -eq "$want" ] || fail "$* exited $got, not $want; stderr: $err"
}

contains() {  # contains TEXT PATTERN WHAT
  grep -qF -- "$2" <<<"$1" || fail "$3: no '$2' in: ${1:0:600}"
}

expect 0 "$quotes" --help
contains "$out" "Usage: quotes" "--help"
[ -z "$err" ] || fail "--help wrote to stderr: $err"

expect 2 "$quotes" query --bogus
contains "$err" "quotes: " "unknown flag"

expect 2 "$quotes" extract "$tmp/missing.jsonl"
contains "$err" "No such file or directory" "missing file"

expect 0 "$quotes" ingest "$samples"
contains "$out" "documents: 6 stored (6 new, 0 replaced), 0 unchanged" "ingest"
contains "$out" "skipped:   0" "ingest"
expect 0 "$quotes" ingest "$samples"
contains "$out" "6 unchanged" "second ingest"

# One speaker under several spellings across outlets.
for name in "Tomas Brenner" "Brenner" "Mayor Brenner"; do
  expect 0 "$quotes" query --speaker "$name" --limit 0
  contains "$out" "Tomas Brenner" "query --speaker $name"
done
expect 0 "$quotes" query --speaker "Brenner" --outlet "Valley Ledger"
expect 1 "$quotes" query --speaker "Nobody Atall"
[ -z "$out" ] || fail "no results but stdout: $out"

# The same words from two outlets are one quote with two sources.
expect 0 "$quotes" query --words "single clinic" --format jsonl
id=$(sed -n '1s/^{"id":"\([^"]*\)".*/\1/p' <<<"$out")
[ -n "$id" ] || fail "no id in: $out"
expect 0 "$quotes" show "$id"
contains "$out" "sources:     2" "cross-outlet merge"
contains "$out" "Northshore Daily" "cross-outlet merge"

# The pb feed frames parse back to the same number of quotes.
expect 0 "$quotes" export --format jsonl
jsonl_count=$(wc -l <"$tmp/out")
"$quotes" export --format pb >"$tmp/feed.pb" || fail "export pb"
python3 - "$tmp/feed.pb" "$jsonl_count" <<'PY' || fail "pb feed framing"
import sys
data = open(sys.argv[1], "rb").read()
i = count = 0
while i < len(data):
    n = shift = 0
    while True:
        b = data[i]; i += 1
        n |= (b & 0x7F) << shift; shift += 7
        if b < 0x80: break
    i += n; count += 1
assert i == len(data), "trailing bytes"
assert count == int(sys.argv[2]), (count, sys.argv[2])
PY

# A reader that stops early: quiet, and the status `head` users expect.
big=$tmp/big.jsonl
for i in $(seq 1 300); do sed "s/\"doc_id\": \"/\"doc_id\": \"copy$i-/" "$samples"; done >"$big"
"$quotes" extract --jsonl "$big" 2>"$tmp/err" | head -n 1 >/dev/null
status=${PIPESTATUS[0]}
[ "$status" -eq 0 ] || fail "extract into a closed pipe exited $status"
[ ! -s "$tmp/err" ] || fail "extract into a closed pipe said: $(cat "$tmp/err")"
"$quotes" export --format jsonl 2>"$tmp/err" | head -c 10 >/dev/null
status=${PIPESTATUS[0]}
[ "$status" -eq 0 ] || fail "export into a closed pipe exited $status"
[ ! -s "$tmp/err" ] || fail "export into a closed pipe said: $(cat "$tmp/err")"

# Input order is kept through the worker threads.
"$quotes" extract --jsonl --threads 4 "$big" | sed 's/^{"doc_id":"\([^"]*\)".*/\1/' |
  uniq | awk '!seen[$0]++' >"$tmp/order"
sed 's/^{"doc_id": "\([^"]*\)".*/\1/' "$big" >"$tmp/input_order"
grep -Fxf "$tmp/order" "$tmp/input_order" | diff -q - "$tmp/order" >/dev/null ||
  fail "extract changed the document order"

if [ "$failures" -gt 0 ]; then
  echo "$failures failure(s)" >&2
  exit 1
fi
echo "PASS"
