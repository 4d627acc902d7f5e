#!/usr/bin/env bash
# A fuzz target as a test: FUZZER RUNS MAX_LEN CORPUS_DIR...
# Built with libFuzzer (--config=fuzz) it runs RUNS inputs, the corpora's
# first, writing what it finds to a scratch directory (never into the
# seed corpus); built with the replay main it runs each corpus file once.
set -euo pipefail
fuzzer=$1
runs=$2
max_len=$3
shift 3
scratch="${TEST_TMPDIR:-$(mktemp -d)}/corpus"
mkdir -p "$scratch"
artifacts="${TEST_UNDECLARED_OUTPUTS_DIR:-${TEST_TMPDIR:-/tmp}}/"
exec "$fuzzer" -runs="$runs" -max_len="$max_len" -timeout=30 \
  -artifact_prefix="$artifacts" -print_final_stats=1 "$scratch" "$@"
