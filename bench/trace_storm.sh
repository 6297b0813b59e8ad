#!/bin/bash
# A connection storm on loopback, traced: how many state changes per second `netstate trace` keeps
# up with, how many events the kernel dropped, and the CPU netstate used, next to BCC's tcpstates
# and tcplife (Debian's bpfcc-tools) in the same run when they work on this kernel.
#
#   sudo flock /work/wt/bench.lock bench/trace_storm.sh [--seconds 10] [--workers 4] [--binary PATH]
#
# The storm (python3) opens and closes short connections to a loopback listener as fast as WORKERS
# processes can for SECONDS; each connection makes about 10 state changes. Each tracer runs alone
# over its own storm. Prints one Markdown table and the load (uptime) before and after.
# BCC needs: apt-get install bpfcc-tools linux-headers-$(uname -r); when it cannot run, the table
# says what failed (its first line of stderr).
set -euo pipefail

seconds=10 workers=4 binary=""
here=$(cd "$(dirname "$0")" && pwd)
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) seconds=$2; shift 2 ;;
        --workers) workers=$2; shift 2 ;;
        --binary) binary=$2; shift 2 ;;
        -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "trace_storm.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
    esac
done
[ "$(id -u)" = 0 ] || { echo "trace_storm.sh: needs root (tracing)" >&2; exit 1; }
if [ -z "$binary" ]; then
    dotnet publish "$here/../src/Netstate.Cli" -c Release -o "$here/out" -v quiet >/dev/null
    binary="$here/out/netstate"
fi
work=$(mktemp -d /tmp/trace-storm.XXXXXX)
trap 'rm -rf "$work"' EXIT

# The storm: prints the number of connections it completed.
storm() {
    python3 - "$seconds" "$workers" <<'PY'
import os, socket, sys, time
seconds, workers = float(sys.argv[1]), int(sys.argv[2])
listener = socket.socket(); listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", 0)); listener.listen(4096); port = listener.getsockname()[1]
if os.fork() == 0:  # the acceptor: accept and close at once
    listener.settimeout(1)
    end = time.monotonic() + seconds + 2
    while time.monotonic() < end:
        try: listener.accept()[0].close()
        except OSError: pass
    os._exit(0)
pipes = []
for _ in range(workers):
    r, w = os.pipe()
    if os.fork() == 0:
        n, end = 0, time.monotonic() + seconds
        while time.monotonic() < end:
            c = socket.socket(); c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            try: c.connect(("127.0.0.1", port)); n += 1
            except OSError: pass
            c.close()
        os.write(w, str(n).encode()); os._exit(0)
    pipes.append(r)
print(sum(int(os.read(r, 32) or b"0") for r in pipes))
PY
}

# cpu_seconds PID: user+system CPU time of PID and its children so far.
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15 + $16 + $17) / hz }' "/proc/$1/stat"; }

# run NAME COMMAND...: the tracer over one storm; prints a table row.
run() {
    local name=$1; shift
    "$@" >"$work/$name.out" 2>"$work/$name.err" &
    local pid=$!
    sleep 3  # set-up (BCC compiles its program here)
    if ! kill -0 "$pid" 2>/dev/null; then
        echo "| $name | - | - | - | - | did not run: $(head -n1 "$work/$name.err") |"
        return
    fi
    local before connections after lines lost
    before=$(cpu_seconds "$pid")
    connections=$(storm)
    sleep 1
    after=$(cpu_seconds "$pid")
    # TERM, not INT: a background job of a script starts with SIGINT ignored, and keeps it so.
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    lines=$(wc -l <"$work/$name.out")
    lost=$(grep -o 'dropped [0-9]* events' "$work/$name.err" "$work/$name.out" 2>/dev/null | awk '{ s += $2 } END { print s + 0 }')
    echo "| $name | $connections | $((lines / seconds)) | $lost | $(awk -v a="$after" -v b="$before" -v s="$seconds" 'BEGIN { printf "%.0f %%", 100 * (a - b) / s }') | |"
}

echo "load before: $(uptime)"
echo
echo "| tracer | connections | lines/s | events lost | CPU | note |"
echo "|---|---|---|---|---|---|"
run "netstate trace --jsonl" "$binary" trace --jsonl
run "netstate life --jsonl" "$binary" life --jsonl
tcpstates=$(command -v tcpstates-bpfcc || true)
tcplife=$(command -v tcplife-bpfcc || true)
if [ -n "$tcpstates" ]; then run "tcpstates-bpfcc" "$tcpstates"; else echo "| tcpstates-bpfcc | - | - | - | - | not installed (apt-get install bpfcc-tools linux-headers-$(uname -r)) |"; fi
if [ -n "$tcplife" ]; then run "tcplife-bpfcc" "$tcplife"; else echo "| tcplife-bpfcc | - | - | - | - | not installed |"; fi
echo
echo "load after: $(uptime)"
