#!/usr/bin/env bash
# The pb feed of `quotes export`, read back by a consumer outside the
# project: Debian's Python protobuf (python3-protobuf, which
# scripts/setup.sh installs) with a module protoc generates from
# proto/quote.proto here and now.  Skips, passing, when /usr/bin/python3
# has no google.protobuf.
#
# Arguments: the quotes binary, samples/news.jsonl, proto/quote.proto,
# protoc, cli_feed_check.py.
set -euo pipefail

quotes=$1
samples=$2
proto=$3
protoc=$4
check=$5
python=/usr/bin/python3

if ! "$python" -c 'import google.protobuf' 2>/dev/null; then
  echo "SKIP: $python has no google.protobuf (install python3-protobuf," \
    "as scripts/setup.sh does); the pb feed was not read back"
  exit 0
fi

tmp=$(mktemp -d "${TEST_TMPDIR:-/tmp}/feed.XXXXXX")
export QUOTES_DB=$tmp/db
"$protoc" --proto_path="$(dirname "$proto")" --python_out="$tmp" \
  "$(basename "$proto")"

"$quotes" ingest "$samples" >/dev/null
"$quotes" export --format pb >"$tmp/feed.pb"
"$quotes" export --format jsonl >"$tmp/feed.jsonl"
PYTHONPATH=$tmp "$python" "$check" "$tmp/feed.pb" "$tmp/feed.jsonl"

# A filtered feed, oldest first, is read the same way.
"$quotes" export --speaker "mayor brenner" --oldest-first >"$tmp/brenner.pb"
"$quotes" export --speaker "mayor brenner" --oldest-first --format jsonl \
  >"$tmp/brenner.jsonl"
PYTHONPATH=$tmp "$python" "$check" "$tmp/brenner.pb" "$tmp/brenner.jsonl"
echo PASS
