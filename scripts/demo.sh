#!/usr/bin/env bash
# The main job: builds the quotes command, ingests the sample articles
# (samples/news.jsonl) into the default store, and queries them.
#
# The store is the default one ($QUOTES_DB, else $XDG_DATA_HOME/quotes/db,
# else ~/.local/share/quotes/db); running the demo again changes nothing in
# it.  Set QUOTES_DB to use another.  The Bazel server is shut down at the
# end unless KEEP_BAZEL_SERVER=1.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/setup.sh
finish() { [ -n "${KEEP_BAZEL_SERVER:-}" ] || bazel shutdown 2>/dev/null || true; }
trap finish EXIT

bazel build //cli:quotes
quotes=bazel-bin/cli/quotes

step() { printf '\n$ %s\n' "$1"; }

step "quotes ingest samples/news.jsonl"
"$quotes" ingest samples/news.jsonl

step 'quotes query --speaker "Mayor Brenner" --limit 5'
"$quotes" query --speaker "Mayor Brenner" --limit 5

step 'quotes query --words clinic --outlet "Northshore Daily"'
"$quotes" query --words clinic --outlet "Northshore Daily"

id=$("$quotes" query --speaker Ortiz --words "single clinic" --format jsonl \
  --limit 1 | sed -n 's/^{"id":"\([^"]*\)".*/\1/p')
step "quotes show $id"
"$quotes" show "$id"

step "quotes speakers --match Brenner"
"$quotes" speakers --match Brenner
