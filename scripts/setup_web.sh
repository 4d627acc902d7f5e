#!/usr/bin/env bash
# Installs the npm packages of the browser test (tests/web/package.json,
# pinned by package-lock.json: playwright-core, which drives Debian's
# chromium) into tests/web/node_modules, when they are missing or older
# than the lock file.  Quiet and quick when they are up to date.  Tries
# npm's cache first and the npm registry after.  Without npm it does
# nothing: the browser test then skips, saying so.
set -euo pipefail
cd "$(dirname "$0")/../tests/web"

stamp=node_modules/.installed-package-lock.json
cmp -s package-lock.json "$stamp" 2>/dev/null && exit 0
if ! command -v npm >/dev/null 2>&1; then
  echo "setup_web: npm not found; the browser test will skip" >&2
  exit 0
fi
echo "setup_web: installing the npm packages of tests/web" >&2
flags=(--no-audit --no-fund --loglevel=error)
npm ci --offline "${flags[@]}" >/dev/null 2>&1 || npm ci "${flags[@]}" >/dev/null
cp package-lock.json "$stamp"
