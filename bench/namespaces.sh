#!/bin/bash
# Every namespace at once: `netstate --all-namespaces -tanp` next to the shell loop people write
# today (`nsenter --net=... ss -tanp` per namespace), over the same named namespaces, same run.
#
#   sudo bench/namespaces.sh [--namespaces 100] [--sockets 1000] [--runs 3] [--binary PATH]
#
# Each namespace gets its loopback up and bench/sockets.py holding SOCKETS established sockets
# (SOCKETS/2 connections, plus one listener). Namespaces are named nsbench-PID-I and removed on
# exit (also on Ctrl+C); a killed earlier run's namespaces are removed first. Prints one Markdown
# table: median wall time and peak RSS of each side, and the rows each printed.
set -euo pipefail

namespaces=100 sockets=1000 runs=3 binary=""
here=$(cd "$(dirname "$0")" && pwd)
while [ $# -gt 0 ]; do
    case "$1" in
        --namespaces) namespaces=$2; shift 2 ;;
        --sockets) sockets=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        --binary) binary=$2; shift 2 ;;
        -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "namespaces.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
    esac
done
[ "$(id -u)" = 0 ] || { echo "namespaces.sh: needs root (it creates network namespaces)" >&2; exit 1; }
if [ -z "$binary" ]; then
    dotnet publish "$here/../src/Netstate.Cli" -c Release -o "$here/out" -v quiet >/dev/null
    binary="$here/out/netstate"
fi

# What a killed earlier run left: its namespaces carry its pid.
for ns in $(ip netns list | awk '{print $1}' | grep '^nsbench-' || true); do
    pid=${ns#nsbench-}; pid=${pid%%-*}
    [ -d "/proc/$pid" ] || ip netns del "$ns" 2>/dev/null || true
done

work=$(mktemp -d)
holders=()
cleanup() {
    for p in "${holders[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    for i in $(seq "$namespaces"); do ip netns del "nsbench-$$-$i" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for i in $(seq "$namespaces"); do
    ns="nsbench-$$-$i"
    ip netns add "$ns"
    ip netns exec "$ns" ip link set lo up
    ip netns exec "$ns" python3 "$here/sockets.py" --sockets "$sockets" --ready-file "$work/ready-$i" --parent-pid $$ &
    holders+=($!)
done
for i in $(seq "$namespaces"); do
    until [ -s "$work/ready-$i" ]; do sleep 0.1; done
    grep -q '^ready' "$work/ready-$i" || { echo "namespace $i: $(cat "$work/ready-$i")" >&2; exit 1; }
done

prefix="nsbench-$$"
loop() { for i in $(seq "$namespaces"); do nsenter --net="/run/netns/$prefix-$i" ss -tanp; done; }
measure() { # prints "seconds kib" of one run of "$@"
    /usr/bin/time -f '%e %M' -o "$work/time" "$@" >"$work/out" 2>/dev/null
    tail -n 1 "$work/time"   # a failing command adds a line before the figures
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
export -f loop
export namespaces prefix

ours=() theirs=()
for r in $(seq "$runs"); do
    ours+=("$(measure "$binary" --all-namespaces -tanp)")
    ours_rows=$(grep -c "^nsbench-$$-" "$work/out" || true)
    theirs+=("$(measure bash -c loop)")
    theirs_rows=$(grep -vc '^State' "$work/out" || true)
done
load=$(cut -d' ' -f1-3 /proc/loadavg)
echo "| command | median s | peak RSS MiB | rows in the bench's namespaces |"
echo "|---|---:|---:|---:|"
printf '| `netstate --all-namespaces -tanp` | %s | %s | %s |\n' \
    "$(printf '%s\n' "${ours[@]}" | cut -d' ' -f1 | median)" "$(( $(printf '%s\n' "${ours[@]}" | cut -d' ' -f2 | median) / 1024 ))" "$ours_rows"
printf '| `for ns: nsenter --net=ns ss -tanp` | %s | %s (one ss) | %s |\n' \
    "$(printf '%s\n' "${theirs[@]}" | cut -d' ' -f1 | median)" "$(( $(printf '%s\n' "${theirs[@]}" | cut -d' ' -f2 | median) / 1024 ))" "$theirs_rows"
echo
echo "$namespaces namespaces x $sockets sockets (+1 listener each), $runs runs, load average $load, $(date -u +%F)"
