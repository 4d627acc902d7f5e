#!/usr/bin/env bash
# Installs the Debian 12 packages that building and testing need, when any
# is missing.  Quiet and quick (one dpkg-query) when all are present.
# Uses sudo only when not run as root.
set -euo pipefail

packages=(
  bazel-bootstrap     # Bazel 4.2.3, the build
  chromium fonts-dejavu-core  # the page of `quotes serve` in a browser: tests/web
  clang lld libclang-rt-14-dev  # the fuzz config (libFuzzer, sanitizers)
  libabsl-dev         # Abseil: flat_hash_map in the store's writer
  libbenchmark-dev    # Google Benchmark: bench/
  libcli11-dev        # CLI11: flags of the quotes command
  libcpp-httplib-dev  # cpp-httplib: the HTTP server
  libtcmalloc-minimal4  # tcmalloc: the allocator of the quotes binary
  libgtest-dev        # GoogleTest: tests/
  libleveldb-dev      # LevelDB: the store
  libprotobuf-dev protobuf-compiler  # Protobuf: records, JSON, the feed
  libre2-dev          # RE2: attribution rule patterns
  libsimdjson-dev     # simdjson: reading JSON Lines input fast
  pkg-config
  python3-protobuf    # Python reads the pb feed back: tests/cli_feed_test
)

# dpkg-query exits 1 when it has never heard of a package (a fresh
# machine), which is just what we are asking; its listing is still right.
installed=$( (dpkg-query -W -f='${Package} ${db:Status-Status}\n' \
  "${packages[@]}" 2>/dev/null || true) | awk '$2 == "installed" { print $1 }')
missing=()
for p in "${packages[@]}"; do
  grep -qx "$p" <<<"$installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup: installing ${missing[*]}" >&2
sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
