#!/usr/bin/env bash
# An input file the user may not read: ingest reports it as
# "quotes: IOError: FILE: Permission denied", stores the other inputs and
# exits 2.  Root reads any file, so under root the command runs as nobody
# (setpriv); the test is tagged no-sandbox because Bazel's sandbox maps no
# user but root.  Skips, passing, when no other user can be had.
#
# Arguments: the quotes binary, samples/news.jsonl.
set -uo pipefail

quotes=$1
samples=$2

runner=()
if [ "$(id -u)" -eq 0 ]; then
  if ! command -v setpriv >/dev/null; then
    echo "SKIP: running as root without setpriv; not checked"
    exit 0
  fi
  runner=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  if ! "${runner[@]}" true 2>"${TEST_TMPDIR:-/tmp}/setpriv.err"; then
    echo "SKIP: cannot run as another user here:" \
      "$(cat "${TEST_TMPDIR:-/tmp}/setpriv.err")"
    exit 0
  fi
fi

# A directory any user can enter: the test's own may sit under root's home.
pub=$(mktemp -d /tmp/quotes-unreadable.XXXXXX) || exit 1
trap 'rm -rf "$pub"' EXIT
chmod 755 "$pub"
cp "$quotes" "$pub/quotes"
echo '{"doc_id": "s", "text": "\"Secret,\" Ortiz said."}' >"$pub/secret.jsonl"
chmod 000 "$pub/secret.jsonl"
mkdir "$pub/store"
chmod 777 "$pub/store"

# stdin is opened here, before the user changes, so it stays readable.
"${runner[@]}" "$pub/quotes" ingest --db "$pub/store/db" \
  "$pub/secret.jsonl" - <"$samples" >"$pub/out" 2>"$pub/err"
status=$?
failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}
[ "$status" -eq 2 ] || fail "ingest exited $status, not 2"
grep -qxF "quotes: IOError: $pub/secret.jsonl: Permission denied" "$pub/err" ||
  fail "no Permission denied message in: $(cat "$pub/err")"
grep -qF "documents: 6 stored" "$pub/out" ||
  fail "the input after the unreadable one was not stored: $(cat "$pub/out")"
grep -qF "skipped:   1 (1 Permission denied)" "$pub/out" ||
  fail "no skip reason in: $(cat "$pub/out")"
[ "$failures" -eq 0 ] || exit 1
echo "PASS (as $("${runner[@]}" id -un))"
