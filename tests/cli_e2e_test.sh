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

# One speaker under several spellings across outlets: the same quotes.
expect 0 "$quotes" query --speaker "Tomas Brenner" --limit 0 --format jsonl
brenner=$out
[ "$(wc -l <<<"$brenner")" -ge 5 ] || fail "few Brenner quotes: $brenner"
for name in "Brenner" "Mayor Brenner" "MAYOR BRENNER" "tomas brenner" \
  "Mayor Tomas Brenner"; do
  expect 0 "$quotes" query --speaker "$name" --limit 0 --format jsonl
  [ "$out" = "$brenner" ] || fail "query --speaker '$name' differs from 'Tomas Brenner'"
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

# The pb feed is read back by Python's protobuf in cli_feed_test.sh.

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

# ---------------------------------------------------------------------------
# Where the store is: --db, else $QUOTES_DB, else $XDG_DATA_HOME/quotes/db,
# else ~/.local/share/quotes/db.
expect 0 env -u QUOTES_DB -u XDG_DATA_HOME HOME="$tmp/home" \
  "$quotes" ingest "$samples"
[ -f "$tmp/home/.local/share/quotes/db/CURRENT" ] || fail "no store under HOME"
contains "$out" "store:     $tmp/home/.local/share/quotes/db" "ingest summary"
expect 0 env -u QUOTES_DB XDG_DATA_HOME="$tmp/xdg" "$quotes" ingest "$samples"
[ -f "$tmp/xdg/quotes/db/CURRENT" ] || fail "no store under XDG_DATA_HOME"
expect 0 "$quotes" ingest --db "$tmp/flag/db" "$samples"
[ -f "$tmp/flag/db/CURRENT" ] || fail "--db did not win over QUOTES_DB"
expect 0 env -u QUOTES_DB HOME="$tmp/home" "$quotes" speakers --match ortiz

# Readers that stop early, in every query format.
for format in text json jsonl; do
  "$quotes" query --limit 0 --format "$format" 2>"$tmp/err" | head -n 1 >/dev/null
  status=${PIPESTATUS[0]}
  [ "$status" -eq 0 ] || fail "query --format $format | head exited $status"
  [ ! -s "$tmp/err" ] || fail "query | head said: $(cat "$tmp/err")"
done

# ---------------------------------------------------------------------------
# Bad input: a clear message, exit 2, and the store as it was.
"$quotes" export --format jsonl --oldest-first >"$tmp/before.jsonl"
unchanged() {  # unchanged WHAT
  "$quotes" export --format jsonl --oldest-first >"$tmp/after.jsonl"
  cmp -s "$tmp/before.jsonl" "$tmp/after.jsonl" || fail "$1 changed the store"
}
# bad_ingest PATTERN FILE...: ingest exits 2, names the problem on stderr
# as "quotes: ...", prints nothing but its summary, and stores nothing.
bad_ingest() {
  local pattern=$1
  shift
  expect 2 "$quotes" ingest "$@"
  contains "$err" "$pattern" "ingest $*"
  grep -qv '^quotes: ' <<<"$err" && fail "ingest $*: stray stderr: $err"
  contains "$out" "documents: 0 stored" "ingest $*"
  unchanged "ingest $*"
}
bad=$tmp/bad
mkdir -p "$bad/a-directory"
: >"$bad/empty.jsonl"
printf ' \n\n' >"$bad/blank.txt"
printf 'The mayor said the \xff\xfe plan was fine.\n' >"$bad/latin1.txt"
printf '{"doc_id": "u", "text": "Ortiz said \xe9t\xe9 was long."}\n' >"$bad/latin1.jsonl"
printf 'abc\0def "Hi," Ortiz said.\n' >"$bad/nul.txt"
printf '{"doc_id": "n", "text": "a\0b"}\n' >"$bad/nul.jsonl"
printf '{"doc_id": "t", "text": 5}\n' >"$bad/number.jsonl"
bad_ingest "quotes: IOError: $bad/missing.jsonl: No such file or directory" \
  "$bad/missing.jsonl"
bad_ingest "quotes: IOError: $bad/a-directory: is a directory" "$bad/a-directory"
bad_ingest "$bad/empty.jsonl: empty input" "$bad/empty.jsonl"
bad_ingest "$bad/blank.txt: empty input" "$bad/blank.txt"
bad_ingest "$bad/latin1.txt: invalid UTF-8 at byte 19" "$bad/latin1.txt"
bad_ingest "$bad/latin1.jsonl:1: invalid UTF-8" "$bad/latin1.jsonl"
bad_ingest "$bad/nul.txt: binary file (NUL byte" "$bad/nul.txt"
bad_ingest "$bad/nul.jsonl:1: NUL byte" "$bad/nul.jsonl"
bad_ingest "/bin/ls: binary file (NUL byte" /bin/ls
bad_ingest "$bad/number.jsonl:1: \"text\" is a number, not a string" \
  "$bad/number.jsonl"
expect 2 "$quotes" ingest --no-such-flag "$samples"
contains "$err" "quotes: unknown option '--no-such-flag'" "unknown flag"
contains "$err" "Usage: quotes ingest" "unknown flag"
unchanged "an unknown flag"
# Closed output streams: nothing lands in the store's files, which would
# otherwise take the free descriptor.
"$quotes" query --limit 0 >&- 2>"$tmp/err"
status=$?
[ "$status" -eq 2 ] || fail "query with stdout closed exited $status"
contains "$(cat "$tmp/err")" "quotes: IOError: stdout: Bad file descriptor" \
  "closed stdout"
"$quotes" ingest "$bad/nul.jsonl" 2>&- >/dev/null
"$quotes" query --limit 0 >&- 2>&-
unchanged "closed stdout and stderr"
grep -rqF "Twenty percent" "$QUOTES_DB"/LOG* && fail "query output in the store's LOG"

# A malformed line is named by file and line; the lines around it go in.
{
  echo '{"doc_id": "fresh-1", "text": "\"Tides are early this year,\" Lina Berg said."}'
  echo '{"doc_id": "fresh-2", "text": "unterminated}'
  echo '{"doc_id": "fresh-3", "text": "\"Dredging starts in June,\" Lina Berg said."}'
} >"$bad/malformed.jsonl"
expect 2 "$quotes" ingest "$bad/malformed.jsonl"
contains "$err" "quotes: InvalidArgument: $bad/malformed.jsonl:2: malformed JSON" \
  "malformed line"
contains "$out" "documents: 2 stored (2 new, 0 replaced)" "malformed line"
contains "$out" "skipped:   1 (1 malformed JSON)" "malformed line"
expect 0 "$quotes" query --speaker "Lina Berg" --format jsonl
[ "$(wc -l <<<"$out")" -eq 2 ] || fail "the good lines around a bad one: $out"
"$quotes" export --format jsonl --oldest-first >"$tmp/after.jsonl"
grep -Fvxf "$tmp/after.jsonl" "$tmp/before.jsonl" >/dev/null &&
  fail "a stored quote changed or went missing after a malformed line"
"$quotes" export --format jsonl --oldest-first >"$tmp/before.jsonl"

# A store path that is a regular file is refused, and left as it was.
echo "not a store" >"$bad/plain-file"
for command in "ingest $samples" query speakers "show x" export; do
  # shellcheck disable=SC2086
  expect 2 "$quotes" $command --db "$bad/plain-file"
  contains "$err" "quotes: InvalidArgument: $bad/plain-file: is a file" \
    "--db FILE ($command)"
done
[ "$(cat "$bad/plain-file")" = "not a store" ] || fail "the file was written"
expect 2 "$quotes" ingest --db "$bad/plain-file/db" "$samples"
contains "$err" "$bad/plain-file/db: cannot make the store's parent directory" \
  "--db under a file"

# A store held by another process: a clear "in use" naming the path.
mkfifo "$bad/slow.jsonl"
"$quotes" ingest "$bad/slow.jsonl" >"$tmp/slow.out" 2>"$tmp/slow.err" &
slow=$!
exec 3>"$bad/slow.jsonl"  # returns once the ingest holds the store
for command in query speakers export "show x" "ingest $samples"; do
  # shellcheck disable=SC2086
  expect 2 "$quotes" $command
  contains "$err" "quotes: Busy: $QUOTES_DB: the store is in use by another process" \
    "$command while held"
done
sed -n 1p "$samples" >&3
exec 3>&-
wait "$slow" || fail "the slow ingest failed: $(cat "$tmp/slow.err")"
contains "$(cat "$tmp/slow.out")" "1 unchanged" "the slow ingest"
unchanged "commands against a held store"

# An unreadable file: cli_unreadable_test.sh (it needs a second user).

# A 50 MB line is read whole (the limit is 64 MiB); over --max-bytes it is
# skipped with its file and line, and the next line still goes in.
long=$tmp/long.jsonl
{
  printf '{"doc_id": "long", "outlet": "Wire", "text": "'
  yes 'The harbour board met on Tuesday and the weather was mild.' |
    head -c 52428800 | tr '\n' ' '
  printf '"}\n'
  echo '{"doc_id": "after-long", "text": "\"We are ready,\" Harbour Master Lina Berg said."}'
} >"$long"
expect 0 "$quotes" ingest --db "$tmp/long/db" "$long"
contains "$out" "documents: 2 stored" "a 50 MB line"
expect 2 "$quotes" ingest --db "$tmp/long2/db" --max-bytes 1000000 "$long"
contains "$err" "quotes: ResourceExhausted: $long:1: line of 524288" \
  "a line over --max-bytes"
contains "$err" "bytes is over the limit of 1000000 bytes" \
  "a line over --max-bytes"
contains "$out" "documents: 1 stored" "the line after a long one"
rm -f "$long"

if [ "$failures" -gt 0 ]; then
  echo "$failures failure(s)" >&2
  exit 1
fi
echo "PASS"
