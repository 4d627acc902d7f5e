#!/usr/bin/env bash
# Runs serve_browser_test.js: the page of `quotes serve` in Debian's
# chromium, driven by playwright-core from tests/web/node_modules.
#
# The npm packages are installed by scripts/setup_web.sh (scripts/test.sh
# runs it first); when they are missing or older than package-lock.json,
# this runs it too (npm's cache first, the registry otherwise).  Skips,
# passing with "SKIPPED: ...", only when chromium, node or npm is absent.
#
# Arguments: the quotes binary, samples/news.jsonl, serve_browser_test.js.
set -uo pipefail

quotes=$1
samples=$2
script=$3
chromium=${QUOTES_CHROMIUM:-/usr/bin/chromium}

if [ ! -x "$chromium" ]; then
  echo "SKIPPED: $chromium not found (scripts/setup.sh installs Debian's" \
    "chromium); the page was not tested in a browser"
  exit 0
fi
for tool in node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "SKIPPED: $tool not found; the page was not tested in a browser"
    exit 0
  fi
done

# This test runs unsandboxed (tag "local"): the script in the runfiles is a
# symlink into the source tree, where tests/web/node_modules lives.
web=$(dirname "$(readlink -f "$script")")
setup=$(dirname "$(dirname "$web")")/scripts/setup_web.sh
if ! "$setup"; then
  echo "FAIL: $setup could not install the npm packages of tests/web" >&2
  exit 1
fi

NODE_PATH=$web/node_modules exec node "$script" "$quotes" "$samples"
