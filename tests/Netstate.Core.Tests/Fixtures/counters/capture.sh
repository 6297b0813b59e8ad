#!/bin/sh
# Copies this machine's counter files, verbatim, into linux-$(uname -r | cut -d. -f1-2)/net/.
# Run from this folder; the host namespace is used on purpose (real traffic, real values).
set -e
dir="linux-$(uname -r | cut -d. -f1-2)/net"
mkdir -p "$dir"
for f in snmp netstat snmp6; do cat "/proc/net/$f" > "$dir/$f"; done
echo "captured into $dir"
