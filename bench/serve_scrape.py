#!/usr/bin/env python3
"""Time a Prometheus scrape of `netstate serve` next to node_exporter's tcpstat collector.

    sudo unshare --net bench/serve_scrape.py --binary PATH --counts 1000,10000,200000 [--runs 9]

Run inside a private network namespace (unshare --net): it brings up lo, builds N loopback
sockets with bench/sockets.py, and starts three servers on them:
  - `netstate serve --interval 0.1` (on demand): each scrape waits for a fresh reading of the
    kernel (a pause longer than --interval before each scrape);
  - `netstate serve --background --interval 1`: each scrape is answered from the latest reading,
    taken in the background (at most about a second old);
  - `prometheus-node-exporter` with only the tcpstat collector;
and times GET /metrics on each, interleaved. It also times 8 scrapes sent at once to the on-demand
serve, which share one reading. Prints a Markdown table, with the load average at each row.
Owner scans run beside the readings in both serves (--owners-interval, default 10 s), as in use.
Wrap 200,000-socket runs in `flock /work/wt/bench.lock` on a shared machine.
"""

import argparse
import concurrent.futures
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))


def scrape(port):
    started = time.perf_counter()
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=120) as response:
        body = response.read()
    return time.perf_counter() - started, body


def start_serve(binary, *options):
    process = subprocess.Popen([binary, "serve", "--listen", "127.0.0.1:0", *options],
                               stderr=subprocess.PIPE, text=True)
    line = process.stderr.readline()
    match = re.search(r"127\.0\.0\.1:(\d+)/", line)
    if not match:
        raise SystemExit(f"serve did not start: {line}")
    return process, int(match.group(1))


def ms(seconds):
    return f"{statistics.median(seconds) * 1000:.0f} ms"


def sample(body, name):
    match = re.search(rb"^" + name.encode() + rb" (\S+)$", body, re.MULTILINE)
    return float(match.group(1)) if match else float("nan")


def start_node_exporter():
    process = subprocess.Popen(["prometheus-node-exporter", "--collector.disable-defaults", "--collector.tcpstat",
                                "--web.listen-address=127.0.0.1:9100"], stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            scrape(9100)
            return process, 9100
        except OSError:
            time.sleep(0.1)
    raise SystemExit("node_exporter did not start")


def build_sockets(count):
    ready = tempfile.mktemp(prefix="serve-bench-ready-")
    holder = subprocess.Popen([sys.executable, os.path.join(HERE, "sockets.py"), "--sockets", str(count),
                               "--ready-file", ready, "--parent-pid", str(os.getpid())])
    while not os.path.exists(ready):
        if holder.poll() is not None:
            raise SystemExit("sockets.py failed")
        time.sleep(0.2)
    with open(ready) as f:
        state = f.read().split()
    os.unlink(ready)
    if state[0] != "ready":
        raise SystemExit(" ".join(state))
    return holder


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--counts", default="1000,10000")
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    subprocess.run(["sysctl", "-qw", "net.ipv4.ip_local_port_range=1024 65535"], check=True)
    subprocess.run(["sysctl", "-qw", "net.core.somaxconn=65535"], check=True)

    print("| sockets (ss) | serve on demand /metrics | serve --background /metrics | node_exporter tcpstat /metrics "
          "| 8 concurrent on-demand scrapes (slowest) | serve reading (sockets, counters, doctor) | owner scan | load (1 min) |")
    print("|---|---|---|---|---|---|---|---|")
    for count in [int(c) for c in args.counts.split(",")]:
        holder = build_sockets(count)
        measured = len(subprocess.run(["ss", "-tanH"], capture_output=True, text=True).stdout.splitlines())
        serve, serve_port = start_serve(args.binary, "--interval", "0.1")
        background, background_port = start_serve(args.binary, "--interval", "1", "--background")
        exporter, exporter_port = start_node_exporter()
        try:
            serve_times, background_times, exporter_times, concurrent_times = [], [], [], []
            readings, scans = [], []
            scrape(serve_port)
            scrape(background_port)
            scrape(exporter_port)
            for _ in range(args.runs):
                time.sleep(0.3)  # older than --interval: each scrape pays for a fresh reading
                took, body = scrape(serve_port)
                serve_times.append(took)
                readings.append(sample(body, "netstate_reading_duration_seconds"))
                scans.append(sample(body, "netstate_owner_scan_duration_seconds"))
                background_times.append(scrape(background_port)[0])
                exporter_times.append(scrape(exporter_port)[0])
                time.sleep(0.3)
                with concurrent.futures.ThreadPoolExecutor(8) as pool:
                    concurrent_times.append(max(t for t, _ in pool.map(lambda _: scrape(serve_port), range(8))))
            load = os.getloadavg()[0]
            print(f"| {measured} | {ms(serve_times)} | {ms(background_times)} | {ms(exporter_times)} | {ms(concurrent_times)} "
                  f"| {ms(readings)} | {ms(scans)} | {load:.1f} |", flush=True)
        finally:
            for process in (serve, background, exporter):
                process.send_signal(signal.SIGTERM)
                process.wait()
            holder.send_signal(signal.SIGTERM)
            holder.wait()


if __name__ == "__main__":
    main()
