#!/usr/bin/env bash
# Hostile and broken input for the real `quotes` binary: each case must end
# with its exit status and a clear message, within three minutes even
# under the sanitizers (no hang), and never with a signal.  Arguments: the binary, samples/news.jsonl.
# Every case prints what it saw, so the log is the table of observed
# results.
set -uo pipefail

quotes=$1
samples=$2
tmp=${TEST_TMPDIR:-$(mktemp -d)}
failures=0

fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# expect NAME CODES COMMAND...: runs COMMAND with a time limit, keeps its
# stdout and stderr in $out and $err, checks the exit status is one of
# CODES ("2", or "0,1" where finding a quote is the engine's call).
expect() {
  local name=$1 want=$2
  shift 2
  timeout 180 "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  out=$(head -c 100000 "$tmp/out")
  err=$(cat "$tmp/err")
  printf '%-28s exit %s  %s\n' "$name" "$got" "$(head -n 1 <<<"$err")"
  if [ "$got" -eq 124 ]; then
    fail "$name: no result after 180 s"
  elif [ "$got" -gt 128 ]; then
    fail "$name: killed by signal $((got - 128)); stderr: $err"
  elif [[ ",$want," != *",$got,"* ]]; then
    fail "$name: exit $got, not $want; stderr: $err"
  fi
}

contains() {  # contains TEXT PATTERN WHAT
  grep -qF -- "$2" <<<"$1" || fail "$3: no '$2' in: ${1:0:600}"
}

good='{"doc_id":"good","text":"\"The pier will open in May,\" Mayor Tomas Brenner said."}'
export QUOTES_DB=$tmp/store

# ------------------------------------------------------------ encodings

printf '{"doc_id":"u","text":"Bad \xff byte, Brenner said."}\n%s\n' "$good" \
  >"$tmp/utf8.jsonl"
expect "invalid UTF-8 (JSON line)" 2 "$quotes" extract --jsonl "$tmp/utf8.jsonl"
contains "$err" "utf8.jsonl:1: invalid UTF-8 at column" "invalid UTF-8 line"
contains "$out" '"doc_id":"good"' "the good line after a bad one"

printf 'Brenner \xc3\x28 said the pier would open.\n' >"$tmp/utf8.txt"
expect "invalid UTF-8 (plain text)" 2 "$quotes" extract "$tmp/utf8.txt"
contains "$err" "utf8.txt: invalid UTF-8 at byte 8" "invalid UTF-8 text"

printf '{"doc_id":"n","text":"NUL \0 here"}\n%s\n' "$good" >"$tmp/nul.jsonl"
expect "NUL byte (JSON line)" 2 "$quotes" extract --jsonl "$tmp/nul.jsonl"
contains "$err" "nul.jsonl:1: NUL byte at column" "NUL in a line"
contains "$out" '"doc_id":"good"' "the good line after a NUL"

printf 'Brenner said\0 the pier would open.\n' >"$tmp/nul.txt"
expect "NUL byte (plain text)" 2 "$quotes" extract "$tmp/nul.txt"
contains "$err" "nul.txt: binary file (NUL byte at offset 12)" "binary file"

# An escaped NUL is valid JSON, but a doc_id cannot hold it (it would cut
# the store's keys): the reader calls that line bad, the others are stored.
printf '{"doc_id":"a\\u0000b","text":"x"}\n%s\n' "$good" >"$tmp/nul_id.jsonl"
expect "NUL in a doc_id (ingest)" 2 "$quotes" ingest "$tmp/nul_id.jsonl"
contains "$err" "nul_id.jsonl:1: \"doc_id\" holds a NUL character" "NUL in doc_id"
contains "$out" "documents: 1 stored" "the document after a NUL doc_id"

# ------------------------------------------------------------ sizes

{
  printf '{"doc_id":"big","text":"'
  head -c 104857600 /dev/zero | tr '\0' 'a'
  printf '"}\n%s\n' "$good"
} >"$tmp/big.jsonl"
expect "100 MB line" 2 "$quotes" extract --jsonl "$tmp/big.jsonl"
contains "$err" "big.jsonl:1: line of 1048576" "100 MB line"
contains "$err" "bytes is over the limit of 67108864 bytes" "100 MB line"
contains "$out" '"doc_id":"good"' "the line after a 100 MB line"

head -c 104857600 /dev/zero | tr '\0' 'a' >"$tmp/big.txt"
expect "100 MB plain text" 2 "$quotes" extract "$tmp/big.txt"
contains "$err" "big.txt: document is over the limit of 67108864 bytes" \
  "100 MB document"
expect "100 MB, --max-bytes 1000" 2 "$quotes" ingest --max-bytes 1000 \
  "$tmp/big.jsonl"
contains "$err" "over the limit of 1000 bytes" "--max-bytes"
contains "$out" "skipped:   1 (1 over the size limit)" "--max-bytes summary"
rm -f "$tmp/big.jsonl" "$tmp/big.txt"

# ------------------------------------------------------------ quotation marks

head -c 100000 /dev/zero | tr '\0' '"' >"$tmp/marks.txt"
expect "10^5 quotation marks" 1 "$quotes" extract "$tmp/marks.txt"

{
  for _ in $(seq 3000); do printf '"He said '\''she said '; done
  printf 'deep'
  for _ in $(seq 3000); do printf '" she said'\'' he said"'; done
} >"$tmp/nested.txt"
expect "quotes nested 6000 deep" 0,1 "$quotes" extract "$tmp/nested.txt"

{
  for _ in $(seq 30000); do printf '\xe2\x80\x9c'; done
  printf ' Brenner said the pier would open. '
  for _ in $(seq 30000); do printf '\xc2\xab'; done
} >"$tmp/unbalanced.txt"
expect "60000 unclosed quotes" 0,1 "$quotes" extract "$tmp/unbalanced.txt"

for _ in $(seq 2000); do printf '.,;:!?-()[]{}<>/\\|@#$%%^&*_+=~`"'\'' '; done \
  >"$tmp/punctuation.txt"
expect "only punctuation" 1 "$quotes" extract "$tmp/punctuation.txt"
[ -z "$out" ] || fail "quotes found in punctuation: $out"

# ------------------------------------------------------------ line ends

printf '%s\r\n{"doc_id":"c2","text":"Ferrante said that the clinics would open in March."}\r\n' \
  "$good" >"$tmp/crlf.jsonl"
expect "CRLF line ends (JSON)" 0 "$quotes" extract --jsonl "$tmp/crlf.jsonl"
[ "$(wc -l <<<"$out")" -eq 2 ] || fail "CRLF lines: $out"

printf '"The pier will open in May," Brenner said.\r\n\r\nFerrante said that the clinics would open in March.\r\n' \
  >"$tmp/crlf.txt"
expect "CRLF line ends (text)" 0 "$quotes" extract "$tmp/crlf.txt"
contains "$out" "crlf.txt (2 quotes)" "CRLF paragraphs"

printf '"The pier will open in May," Brenner said.\r\rFerrante said that the clinics would open in March.\r' \
  >"$tmp/cr.txt"
expect "lone CR line ends (text)" 0 "$quotes" extract "$tmp/cr.txt"
contains "$out" "cr.txt (2 quotes)" "lone CR paragraphs"

# A lone CR does not end a JSON line: the two objects are one bad line.
printf '%s\r%s\r' "$good" "$good" >"$tmp/cr.jsonl"
expect "lone CR line ends (JSON)" 2 "$quotes" extract --jsonl "$tmp/cr.jsonl"
contains "$err" "cr.jsonl:1: malformed JSON" "lone CR JSON"

# ------------------------------------------------------------ scripts

# Combining accents; right-to-left sentences between bidi controls.
# Offsets stay byte offsets of the text and the output stays UTF-8.
# (UTF-8 spelled in bytes: the test's locale may not be UTF-8.)
acute=$'\xcc\x81' diaeresis=$'\xcc\x88'
printf '{"doc_id":"comb","text":"\\"The pier will ope%sn in Ma%sy,\\" Brenner said."}\n' \
  "$acute" "$diaeresis" >"$tmp/combining.jsonl"
expect "combining characters" 0 "$quotes" extract --jsonl "$tmp/combining.jsonl"
contains "$out" "\"text\":\"The pier will ope${acute}n in Ma${diaeresis}y\"" \
  "combining characters"
rle=$'\xe2\x80\xab' pdf=$'\xe2\x80\xac' lri=$'\xe2\x81\xa7' pdi=$'\xe2\x81\xa9'
hebrew=$'\xd7\x90\xd7\x9e\xd7\xa8 \xd7\x94\xd7\xa9\xd7\xa8'
arabic=$'\xd8\xa7\xd9\x84\xd9\x88\xd8\xb2\xd9\x8a\xd8\xb1'
printf '{"doc_id":"rtl","text":"%s%s.%s \\"The pier will open in May,\\" Brenner said. %s%s%s said so."}\n' \
  "$rle" "$hebrew" "$pdf" "$lri" "$arabic" "$pdi" >"$tmp/rtl.jsonl"
expect "right-to-left" 0,1 "$quotes" extract --jsonl "$tmp/rtl.jsonl"
if command -v python3 >/dev/null 2>&1; then
  printf '%s\n' "$out" >"$tmp/rtl.out"
  python3 -c '
import json, sys
text = json.loads(open(sys.argv[1], encoding="utf-8").read())["text"].encode()
for line in open(sys.argv[2], encoding="utf-8"):
    if line.strip():
        q = json.loads(line)
        assert text[q["quote_start"]:q["quote_end"]].decode() == q["text"], q
' "$tmp/rtl.jsonl" "$tmp/rtl.out" || fail "right-to-left offsets"
fi

# ------------------------------------------------------------ JSON types

{
  printf '{"doc_id": "t1", "text": 5}\n'
  printf '{"doc_id": "t2", "text": ["a"]}\n'
  printf '{"doc_id": "t3", "text": null}\n'
  printf '{"doc_id": {"a": 1}, "text": "Ortiz said the vote was close.", "published": 2019, "outlet": []}\n'
  printf '[1, 2]\n'
  printf '"a string"\n'
  printf '{"doc_id": "t7", "text": "unterminated\n'
} >"$tmp/types.jsonl"
expect "wrong JSON types" 2 "$quotes" ingest "$tmp/types.jsonl"
contains "$err" 'types.jsonl:1: "text" is a number, not a string' "number text"
contains "$err" 'types.jsonl:2: "text" is an array, not a string' "array text"
contains "$err" "types.jsonl:5: a JSON array, not one JSON object a line" "array line"
contains "$err" "types.jsonl:6: not a JSON object" "string line"
contains "$err" "types.jsonl:7: malformed JSON" "unterminated string"
contains "$out" "documents: 1 stored" "the wrongly typed fields read as absent"

# ------------------------------------------------------------ the store

echo "not a store" >"$tmp/a-file"
for command in ingest query check; do
  args=("$command" --db "$tmp/a-file")
  [ "$command" = ingest ] && args+=("$samples")
  expect "store is a file ($command)" 2 "$quotes" "${args[@]}"
  contains "$err" "a-file: is a file, not a quote store directory" \
    "store is a file"
done
[ "$(cat "$tmp/a-file")" = "not a store" ] || fail "the file was changed"

# A full disk, as the file size limit makes one (write fails with EFBIG
# instead of ENOSPC; SIGXFSZ ignored so that the write reports it): the
# run stops with the document that failed, the store stays consistent,
# and the same input completes it once there is room.
for i in $(seq 1500); do
  printf '{"doc_id":"d%d","outlet":"AP","published":"2024-03-04","text":"\\"Pier number %d will open in May,\\" Mayor Tomas Brenner said. Ferrante said that clinic %d would open in March."}\n' \
    "$i" "$i" "$i"
done >"$tmp/many.jsonl"
full=$tmp/full/db
(
  trap '' XFSZ
  ulimit -f 300
  exec "$quotes" ingest --db "$full" "$tmp/many.jsonl"
) >"$tmp/full.out" 2>"$tmp/full.err"
code=$?
printf '%-28s exit %s  %s\n' "disk full (ingest)" "$code" \
  "$(head -n 1 "$tmp/full.err")"
[ "$code" -eq 2 ] || fail "disk full: exit $code; $(cat "$tmp/full.err")"
contains "$(cat "$tmp/full.err")" "not stored" "disk full message"
contains "$(cat "$tmp/full.err")" "File too large" "disk full message"
expect "disk full, then check" 0 "$quotes" check --db "$full"
contains "$out" "the store is consistent" "check after a full disk"
expect "disk full, then ingest" 0 "$quotes" ingest --db "$full" \
  "$tmp/many.jsonl"
expect "disk full, then check again" 0 "$quotes" check --db "$full"
contains "$out" "records:   1500 documents, 3000 quotes" "the store completed"

"$quotes" query --db "$full" --limit 5 >/dev/full 2>"$tmp/err"
code=$?
printf '%-28s exit %s  %s\n' "stdout is /dev/full" "$code" "$(cat "$tmp/err")"
[ "$code" -eq 2 ] || fail "stdout /dev/full: exit $code"
contains "$(cat "$tmp/err")" "quotes: IOError: stdout: No space left on device" \
  "stdout /dev/full"

# Two processes on one store: the second is refused, naming the store and
# the process that holds it.
mkfifo "$tmp/slow.jsonl"
"$quotes" ingest --db "$full" "$tmp/slow.jsonl" >/dev/null 2>&1 &
holder=$!
exec 3>"$tmp/slow.jsonl"  # returns once the ingest has opened its input
for command in query check ingest; do
  args=("$command" --db "$full")
  [ "$command" = ingest ] && args+=("$samples")
  expect "store in use ($command)" 2 "$quotes" "${args[@]}"
  contains "$err" "quotes: Busy: $full: the store is in use by another process (pid $holder, " \
    "store in use"
done
exec 3>&-
wait "$holder" || true

[ "$failures" -eq 0 ] || { echo "$failures failures"; exit 1; }
echo "PASS"
