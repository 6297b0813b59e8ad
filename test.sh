#!/usr/bin/env bash
# The test command: installs what the tests compare against or need (net-tools for netstat,
# iproute2 for ip/ss, util-linux for unshare/setpriv, nftables and conntrack for the NAT tests of
# -M; python3 for socket holders run as another user; nginx-light as a real daemon; clang and
# zlib1g-dev for the Native AOT publish; lintian, mandoc, man-db, the three shells and
# bash-completion for the package tests; tmux as the terminal of watch's tests; prometheus (with
# promtool), chromium and systemd-analyze for the tests of serve; libsqlite3-0 for record/history
# and sqlite3 to check their databases; wine and wine64 to run the win-x64 build), then runs every
# test project.
# The integration tests create private network namespaces, so this must run as root.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
command -v netstat >/dev/null 2>&1 || missing+=(net-tools)
command -v ip >/dev/null 2>&1 || missing+=(iproute2)
command -v ss >/dev/null 2>&1 || missing+=(iproute2)
command -v unshare >/dev/null 2>&1 || missing+=(util-linux)
command -v setpriv >/dev/null 2>&1 || missing+=(util-linux)
command -v nft >/dev/null 2>&1 || missing+=(nftables)
command -v conntrack >/dev/null 2>&1 || missing+=(conntrack)
[ -x /usr/bin/python3 ] || missing+=(python3-minimal)
command -v nginx >/dev/null 2>&1 || missing+=(nginx-light)
command -v clang >/dev/null 2>&1 || missing+=(clang)
[ -e /usr/include/zlib.h ] || missing+=(zlib1g-dev)
command -v readelf >/dev/null 2>&1 || missing+=(binutils)
command -v objdump >/dev/null 2>&1 || missing+=(binutils)
command -v lintian >/dev/null 2>&1 || missing+=(lintian)
command -v mandoc >/dev/null 2>&1 || missing+=(mandoc)
command -v man >/dev/null 2>&1 || missing+=(man-db)
command -v groff >/dev/null 2>&1 || missing+=(groff-base)
command -v zsh >/dev/null 2>&1 || missing+=(zsh)
command -v fish >/dev/null 2>&1 || missing+=(fish)
[ -e /usr/share/bash-completion/bash_completion ] || missing+=(bash-completion)
command -v tmux >/dev/null 2>&1 || missing+=(tmux)
command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v systemd-analyze >/dev/null 2>&1 || missing+=(systemd)
command -v sqlite3 >/dev/null 2>&1 || missing+=(sqlite3)
ls /usr/lib/*/libsqlite3.so.0 >/dev/null 2>&1 || missing+=(libsqlite3-0)
command -v wine >/dev/null 2>&1 || missing+=(wine)
[ -x /usr/lib/wine/wine64 ] || missing+=(wine64)
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(printf '%s\n' "${missing[@]}" | sort -u) >/dev/null
fi
if [ "$(id -u)" != 0 ]; then
  echo "test.sh: the integration tests need root (they create network namespaces)" >&2
  exit 1
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test Netstate.slnx "$@" 2>&1 | tee "$log" || status=$?

# One plain closing line for CI: "N passed, N failed".
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
echo "tests: ${passed} passed, ${failed} failed"
exit "$status"
