#!/usr/bin/env python3
"""One refresh of `netstate watch` at N sockets, beside `watch -n1 'ss -tanp'` and `netstat -tanp`.

    sudo flock /work/wt/bench.lock bench/watch.py [--sockets 200000] [--refreshes 10]
        [--churn 1000] [--interval 1] [--no-build] [--out FILE] [--baseline BINARY]

Publishes netstate to bench/out (as bench/run.sh does; --no-build reuses it), then runs itself
again inside a private network namespace (unshare --net) where it:

1. builds N established loopback sockets with bench/sockets.py and checks the count with ss;
2. keeps --churn connections a second coming and going beside them (a thread: each second it
   opens that many new connections and resets as many old ones), so every refresh has new, closed
   and changed rows to mark, as a busy server would;
3. runs the published `netstate watch -t --stats FILE` in a 200x50 tmux pane (a real terminal),
   waits for --refreshes refreshes, reads the process's peak RSS (VmHWM in /proc/PID/status) while
   it still runs, checks that the header shows the refresh time, and quits it with q;
4. times what one refresh of `watch -n1 'ss -tanp'` and of `watch -n1 'netstat -tanp'` costs: one
   run of the command (GNU time: wall time and peak RSS), since watch(1) runs it whole every time.

The per-refresh timings come from --stats (read: the netlink dump with tcp_info's rtt and byte
counts, streamed through the selection into the rows; update: marks and row order; draw: sort and
format of the visible rows and the frame). The owner scan (/proc/*/fd) is not in them when it is
slow: it then runs beside the refreshes, and its own length and the age of the scan each refresh
joined are reported apart. The first
refresh is shown apart (every row is new and sorted once); the rest as median and max. `uptime` is
printed beside the figures: the machine is shared, so say how loaded it was. --baseline runs
another netstate binary (say main's bench/out/netstate) the same way right after, for a comparison
under the same load.
"""

import argparse
import os
import shutil
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(BENCH)
NETSTATE = os.path.join(BENCH, "out", "netstate")
LINGER_RESET = struct.pack("ii", 1, 0)
CHURN_PORT = 1500  # below sockets.py's listeners (2000 and up) and the ephemeral range (1024+ is set, but bound ports are skipped)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sockets", type=int, default=200_000, help="established sockets held (2 per connection); default 200000")
    parser.add_argument("--refreshes", type=int, default=10, help="refreshes of netstate watch to time (default 10)")
    parser.add_argument("--interval", type=float, default=1.0, help="netstate watch -c SECS (default 1)")
    parser.add_argument("--churn", type=int, default=1000, help="connections opened and reset per second beside them (default 1000)")
    parser.add_argument("--peer-timeout", type=int, default=180, help="give up on one ss/netstat run after this many seconds (default 180)")
    parser.add_argument("--no-build", action="store_true", help="use bench/out/netstate as it is")
    parser.add_argument("--out", help="also write the report (markdown) to this file")
    parser.add_argument("--baseline", help="another netstate binary to run the same way, for comparison")
    parser.add_argument("--in-netns", help=argparse.SUPPRESS)  # the namespace we left, to check we did
    args = parser.parse_args()
    if args.sockets < 2 or args.refreshes < 2 or args.interval <= 0 or args.churn < 0:
        parser.error("--sockets >= 2, --refreshes >= 2, --interval > 0 and --churn >= 0, please")
    return args


def log(message):
    print(time.strftime("[%H:%M:%S] ") + message, file=sys.stderr, flush=True)


def die(message):
    print(f"bench/watch.py: {message}", file=sys.stderr)
    sys.exit(1)


def uptime():
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def outside(args):
    """Publish, then run again in a private network namespace."""
    if os.geteuid() != 0:
        die("must run as root: it creates a private network namespace")
    for tool in ("tmux", "ss", "netstat", "unshare", "ip"):
        if shutil.which(tool) is None:
            die(f"'{tool}' is not installed")
    if not os.path.exists("/usr/bin/time"):
        die("GNU time is not installed (apt-get install time)")
    if not args.no_build:
        log("publishing netstate to bench/out (Release, Native AOT)")
        subprocess.run(["dotnet", "publish", os.path.join(REPO, "src", "Netstate.Cli"), "-c", "Release",
                        "-o", os.path.join(BENCH, "out"), "--nologo", "-v", "quiet"], check=True)
    if not os.access(NETSTATE, os.X_OK):
        die(f"{NETSTATE} is missing: run without --no-build")
    argv = [sys.executable, os.path.abspath(__file__), "--in-netns", os.readlink("/proc/self/ns/net"), "--no-build",
            "--sockets", str(args.sockets), "--refreshes", str(args.refreshes), "--interval", str(args.interval),
            "--churn", str(args.churn), "--peer-timeout", str(args.peer_timeout)]
    if args.out:
        argv += ["--out", os.path.abspath(args.out)]
    if args.baseline:
        argv += ["--baseline", os.path.abspath(args.baseline)]
    os.execvp("unshare", ["unshare", "--net", "--", *argv])


def setup_namespace(left):
    if os.readlink("/proc/self/ns/net") == left:
        die("expected a private network namespace, but this is the host's")
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    # Per-namespace sysctls (as bench/run.sh): room for 100k connections' ephemeral ports and backlogs.
    subprocess.run(["sysctl", "-qw", "net.ipv4.ip_local_port_range=1024 65535"], check=True)
    subprocess.run(["sysctl", "-qw", "net.core.somaxconn=65535"], check=True)


def tcp_sockets():
    return subprocess.run(["ss", "-tanH"], capture_output=True, text=True).stdout.count("\n")


def start_sockets(count, scratch, extra):
    ready = os.path.join(scratch, "ready")
    worker = subprocess.Popen([sys.executable, os.path.join(BENCH, "sockets.py"), "--sockets", str(count),
                               "--ready-file", ready, "--parent-pid", str(os.getpid())])
    deadline = time.monotonic() + 600
    while not os.path.exists(ready):
        if worker.poll() is not None:
            die(f"bench/sockets.py exited before building {count} sockets")
        if time.monotonic() > deadline:
            die(f"only {tcp_sockets()} of {count} sockets after 600 s")
        time.sleep(0.1)
    with open(ready) as f:
        line = f.read().split()
    if line[0] != "ready":
        die("could not build the sockets: " + " ".join(line[1:]))
    connections, listeners = int(line[1]), int(line[2])
    built = tcp_sockets() - extra
    if built != 2 * connections + listeners:
        die(f"ss shows {built + extra} TCP sockets, expected {2 * connections + listeners + extra}")
    log(f"built {built} TCP sockets")
    return worker, built


class Churn(threading.Thread):
    """Each second: `rate` new connections on CHURN_PORT, and the oldest `rate` reset (SO_LINGER 0)."""

    def __init__(self, rate):
        super().__init__(daemon=True)
        self.rate = rate
        self.stop = threading.Event()
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", CHURN_PORT))
        self.listener.listen(4096)
        self.generations = []

    def run(self):
        while not self.stop.is_set():
            started = time.monotonic()
            held = []
            for _ in range(self.rate):
                client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, LINGER_RESET)
                client.connect(("127.0.0.1", CHURN_PORT))
                server, _ = self.listener.accept()
                server.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, LINGER_RESET)
                held += [client, server]
            self.generations.append(held)
            if len(self.generations) > 2:
                for s in self.generations.pop(0):
                    s.close()
            self.stop.wait(max(0.0, 1.0 - (time.monotonic() - started)))

    def close(self):
        self.stop.set()
        if self.is_alive():
            self.join(10)
        for held in self.generations:
            for s in held:
                s.close()
        self.listener.close()


def tmux(server, *arguments):
    return subprocess.run(["tmux", "-L", server, *arguments], capture_output=True, text=True)


def peak_rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return None


def run_watch(args, scratch, binary=NETSTATE):
    """netstate watch in a tmux pane until --refreshes lines are in its --stats file; returns (rows, peak KiB, header)."""
    stats = os.path.join(scratch, "stats.tsv")
    server = f"netstate-bench-{os.getpid()}"
    if os.path.exists(stats):
        os.remove(stats)
    command = f"exec {binary} watch -t -c {args.interval} --stats {stats}"
    env = dict(os.environ, TERM="xterm-256color")
    started = subprocess.run(["tmux", "-L", server, "-f", "/dev/null", "new-session", "-d", "-x", "200", "-y", "50", command],
                             env=env, capture_output=True, text=True)
    if started.returncode != 0:
        die("tmux new-session failed: " + started.stderr)
    try:
        pid = int(tmux(server, "display-message", "-p", "#{pane_pid}").stdout.strip())
        deadline = time.monotonic() + 60 + args.refreshes * (args.interval + 10)
        rows = []
        while len(rows) < args.refreshes:
            if time.monotonic() > deadline:
                die(f"only {len(rows)} refreshes in time; screen:\n" + tmux(server, "capture-pane", "-p").stdout)
            if not os.path.exists(f"/proc/{pid}"):
                die("netstate watch ended early; screen:\n" + tmux(server, "capture-pane", "-p").stdout)
            time.sleep(0.2)
            if os.path.exists(stats):
                with open(stats) as f:
                    rows = [line.rstrip("\n").split("\t") for line in f][1:]
        peak = peak_rss_kib(pid)
        header = tmux(server, "capture-pane", "-p").stdout.splitlines()[0]
        tmux(server, "send-keys", "q")
        for _ in range(100):
            if not os.path.exists(f"/proc/{pid}"):
                break
            time.sleep(0.1)
        return rows[: args.refreshes], peak, header
    finally:
        tmux(server, "kill-server")


def time_command(command, timeout):
    """One run under GNU time, stdout to /dev/null: (seconds or None on timeout, peak KiB)."""
    with tempfile.NamedTemporaryFile(mode="r") as out:
        started = time.monotonic()
        try:
            subprocess.run(["/usr/bin/time", "-o", out.name, "-f", "%M", *command], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, timeout=timeout)
        except subprocess.TimeoutExpired:
            return None, None
        seconds = time.monotonic() - started
        text = out.read().split()
        return seconds, int(text[-1]) if text else None


def summary(values):
    return f"{statistics.median(values):.0f} ms (max {max(values):.0f})"


def inside(args):
    setup_namespace(args.in_netns)
    scratch = tempfile.mkdtemp(prefix="netstate-watch-bench.")
    worker = None
    churn = None
    try:
        # The churn's listener is bound first, so that no connection of sockets.py takes its port.
        churn = Churn(args.churn) if args.churn else None
        worker, built = start_sockets(args.sockets, scratch, 1 if churn else 0)
        if churn:
            churn.start()
            time.sleep(2.5)  # a steady state: two generations held
        load_before = uptime()
        log(f"netstate watch, {args.refreshes} refreshes")
        rows, peak, header = run_watch(args, scratch)
        load_after = uptime()
        baseline = None
        if args.baseline:
            log(f"the baseline {args.baseline}, {args.refreshes} refreshes")
            baseline = run_watch(args, scratch, args.baseline) + (uptime(),)
        peers = []
        for name, command in (("watch -n1 'ss -tanp'", ["ss", "-tanp"]), ("watch -n1 'netstat -tanp'", ["netstat", "-tanp"])):
            log(f"one refresh of {name}")
            seconds, kib = time_command(command, args.peer_timeout)
            peers.append((name, seconds, kib, uptime()))
    finally:
        if churn:
            churn.close()
        if worker:
            worker.send_signal(signal.SIGTERM)
            worker.wait()
        shutil.rmtree(scratch, ignore_errors=True)

    read = [float(r[3]) for r in rows]
    update = [float(r[4]) for r in rows]
    draw = [float(r[5]) for r in rows]
    total = [float(r[6]) for r in rows]
    scans = [float(r[7]) for r in rows if len(r) > 8]
    ages = [float(r[8]) for r in rows if len(r) > 8]
    shown = rows[-1][2]
    steady = slice(1, None)
    lines = [
        f"## netstate watch at {built} sockets (+{2 * args.churn} churning), {time.strftime('%Y-%m-%d %H:%M')}",
        "",
        f"`bench/watch.py --sockets {args.sockets} --refreshes {args.refreshes} --churn {args.churn} --interval {args.interval}`;"
        f" {shown} rows shown in a 200x50 tmux pane; netstate {NETSTATE}",
        "",
        "| | read | update | draw | whole refresh | peak RSS |",
        "|---|---|---|---|---|---|",
        f"| netstate watch, first refresh | {read[0]:.0f} ms | {update[0]:.0f} ms | {draw[0]:.0f} ms | {total[0]:.0f} ms | |",
        f"| netstate watch, refreshes 2-{len(rows)} (median, max) | {summary(read[steady])} | {summary(update[steady])} | "
        f"{summary(draw[steady])} | **{summary(total[steady])}** | **{peak / 1024:.0f} MiB** |",
    ]
    if baseline:
        b_rows, b_peak, _, b_load = baseline
        b_total = [float(r[6]) for r in b_rows]
        lines.append(f"| baseline {args.baseline}: first refresh | | | | {b_total[0]:.0f} ms | |")
        lines.append(f"| baseline: refreshes 2-{len(b_rows)} (median, max) | {summary([float(r[3]) for r in b_rows][steady])} | "
                     f"{summary([float(r[4]) for r in b_rows][steady])} | {summary([float(r[5]) for r in b_rows][steady])} | "
                     f"**{summary(b_total[steady])}** | **{b_peak / 1024:.0f} MiB** |")
    for name, seconds, kib, _ in peers:
        figure = f"> {args.peer_timeout} s (killed)" if seconds is None else f"{seconds * 1000:.0f} ms"
        rss = "" if kib is None else f"{kib / 1024:.0f} MiB"
        lines.append(f"| {name}: one refresh (one run of the command) | | | | **{figure}** | {rss} |")
    if scans:
        lines += ["", f"Owner scan joined (/proc/*/fd): {summary(scans)} long; its age at each refresh {summary(ages)}"
                  " (0: scanned in the refresh itself)"]
    lines += [
        "",
        f"Header seen: `{header.strip()}`",
        "",
        f"Load: before watch `{load_before}`; after watch `{load_after}`; "
        + (f"after the baseline `{baseline[3]}`; " if baseline else "")
        + "; ".join(f"after {name} `{load}`" for name, _, _, load in peers),
        "",
    ]
    report = "\n".join(lines)
    print(report)
    if args.out:
        with open(args.out, "a") as f:
            f.write(report + "\n")
    if "refresh" not in header or " ms" not in header:
        die("the header does not show the refresh time")


def main():
    args = parse_args()
    if args.in_netns:
        inside(args)
    else:
        outside(args)


if __name__ == "__main__":
    main()
