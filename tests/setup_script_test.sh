#!/usr/bin/env bash
# scripts/setup.sh with stand-ins for dpkg-query, apt-get and sudo on PATH:
# it installs exactly the packages dpkg-query does not report installed,
# including those dpkg-query has never heard of (it then exits 1, as on a
# fresh machine), and installs nothing when every package is there.
#
# Arguments: scripts/setup.sh.
set -uo pipefail

setup=$1
stubs=$(mktemp -d "${TEST_TMPDIR:-/tmp}/setup-stubs.XXXXXX") || exit 1
trap 'rm -rf "$stubs"' EXIT
log=$stubs/apt.log

# dpkg-query -W -f=FORMAT PKG...: "PKG installed" for the packages named in
# $STUB_INSTALLED (or all, when it is "all"); for any other, a message on
# stderr and exit status 1, as the real one does for an unknown package.
cat >"$stubs/dpkg-query" <<'STUB'
#!/usr/bin/env bash
rc=0
for a in "$@"; do
  case $a in -*) continue ;; esac
  if [ "$STUB_INSTALLED" = all ] || grep -qx "$a" <<<"$STUB_INSTALLED"; then
    echo "$a installed"
  else
    echo "dpkg-query: no packages found matching $a" >&2
    rc=1
  fi
done
exit $rc
STUB
cat >"$stubs/apt-get" <<'STUB'
#!/usr/bin/env bash
echo "apt-get $*" >>"$STUB_LOG"
STUB
cat >"$stubs/sudo" <<'STUB'
#!/usr/bin/env bash
exec "$@"
STUB
chmod +x "$stubs"/*

fail=0
check() {  # check NAME CONDITION-STATUS
  if [ "$2" -eq 0 ]; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi
}

# A fresh machine: only clang is known and installed.
rm -f "$log"
STUB_INSTALLED=clang STUB_LOG=$log PATH="$stubs:$PATH" \
  bash "$setup" 2>"$stubs/err"
check "fresh machine: exit 0" $?
grep -q '^apt-get .*install .*bazel-bootstrap' "$log" 2>/dev/null
check "fresh machine: installs bazel-bootstrap" $?
grep -q '^apt-get .*install .*libre2-dev' "$log" 2>/dev/null
check "fresh machine: installs libre2-dev" $?
! grep -qw 'clang' <(grep install "$log" 2>/dev/null)
check "fresh machine: leaves the installed clang alone" $?
grep -q 'setup: installing' "$stubs/err"
check "fresh machine: says what it installs" $?

# Everything installed: no apt-get at all.
rm -f "$log"
STUB_INSTALLED=all STUB_LOG=$log PATH="$stubs:$PATH" bash "$setup"
check "all installed: exit 0" $?
[ ! -e "$log" ]
check "all installed: apt-get not run" $?

exit $fail
