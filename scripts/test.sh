#!/usr/bin/env bash
# Builds everything and runs every test; exits with the tests' status.
# The Bazel server is shut down at the end unless KEEP_BAZEL_SERVER=1.
set -uo pipefail
cd "$(dirname "$0")/.."

./scripts/setup.sh || exit $?
# The browser test's npm packages; if they cannot be had, that test says
# so and fails, and the others still run.
./scripts/setup_web.sh || true
status=0
bazel test //... || status=$?
[ -n "${KEEP_BAZEL_SERVER:-}" ] || bazel shutdown 2>/dev/null || true
exit "$status"
