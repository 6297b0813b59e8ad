#!/usr/bin/env python3
"""Time a few commands side by side; append one result line per command to a TSV file.

    measure.py --scenario -tan --sockets 1003 --runs 5 --results FILE.tsv \\
        --tool 'netstate=bench/out/netstate -tan' --tool 'ss=ss -tan' --tool 'netstat=netstat -tan'

Each run starts the command with stdout on /dev/null and waits for it through a pidfd (so a
per-run --timeout needs no polling). Wall time is measured here, around spawn + exit, the same way
for every tool (GNU time's %e has only 10 ms resolution, too coarse for the tiny case).

Peak RSS comes from GNU time's %M (/usr/bin/time wraps each run), not from our own wait4(): the
kernel carries a process's RSS high-water mark across execve(), so a child forked from this
Python process (about 14 MiB) reports at least that much even for `ss` (about 3 MiB). time is a
small C program, so the command it forks starts from a couple of MiB, as it would from a shell.

Runs are interleaved (netstate, ss, netstat, netstate, ss, ...) so that a slow drift of the
machine (page cache, another process) hits every tool alike instead of one tool's whole series.

A command that
  - exits non-zero is not run again and reported as 'exit N' (e.g. a netstate flag that does not
    exist yet): the report shows n/a;
  - runs longer than --timeout is killed, not run again, and reported as 'timeout SECONDS';
  - takes longer than --slow-after seconds once is run at most --slow-runs times in all.

TSV columns: scenario sockets tool status runs median_s mean_s max_rss_kib command first_stderr_line
"""

import argparse
import os
import select
import shlex
import signal
import statistics
import subprocess
import sys
import tempfile
import time


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", required=True, help="label of the row, e.g. -tan")
    parser.add_argument("--sockets", required=True, help="socket count label of the row")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=0, help="untimed runs of each tool first")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per run")
    parser.add_argument("--slow-after", type=float, default=10.0)
    parser.add_argument("--slow-runs", type=int, default=3)
    parser.add_argument("--results", required=True, help="TSV file to append to")
    parser.add_argument("--tool", action="append", required=True, metavar="NAME=COMMAND")
    args = parser.parse_args()
    args.tools = []
    for spec in args.tool:
        name, sep, command = spec.partition("=")
        if not sep or not command.strip():
            parser.error(f"--tool wants NAME=COMMAND, got {spec!r}")
        args.tools.append((name, command))
    return args


class Series:
    """The runs of one command."""

    def __init__(self, name, command):
        self.name = name
        self.command = command
        self.argv = shlex.split(command)
        self.walls = []
        self.max_rss_kib = 0
        self.status = "ok"
        self.stderr_line = ""
        self.limit = None  # set when the command turns out slow

    def wants_more(self, runs):
        return self.status == "ok" and len(self.walls) < min(runs, self.limit or runs)


GNU_TIME = "/usr/bin/time"


def read_max_rss(path):
    """The last line of time -o FILE is %M (before it: 'Command exited with non-zero status')."""
    try:
        with open(path) as f:
            lines = f.read().split()
        return int(lines[-1])
    except (OSError, ValueError, IndexError):
        return 0


def run_once(argv, timeout):
    """Run argv once; returns (wall seconds, max RSS KiB, status, first stderr line)."""
    with tempfile.TemporaryFile() as stderr, tempfile.NamedTemporaryFile() as rss_file:
        wrapped = [GNU_TIME, "-f", "%M", "-o", rss_file.name, "--", *argv]
        started = time.perf_counter()
        process = subprocess.Popen(wrapped, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=stderr, start_new_session=True)
        pidfd = os.pidfd_open(process.pid)
        try:
            poller = select.poll()
            poller.register(pidfd, select.POLLIN)
            timed_out = not poller.poll(timeout * 1000)
            if timed_out:
                os.killpg(process.pid, signal.SIGKILL)  # time and the command: one session
            _, wait_status, _ = os.wait4(process.pid, 0)
            wall = time.perf_counter() - started
        except BaseException:
            # Interrupted (Ctrl-C, run.sh stopping): the command is in its own session, so the
            # terminal's SIGINT did not reach it; do not leave it running.
            os.killpg(process.pid, signal.SIGKILL)
            os.waitpid(process.pid, 0)
            process.returncode = -1
            raise
        finally:
            os.close(pidfd)
        exit_code = os.waitstatus_to_exitcode(wait_status)
        process.returncode = exit_code  # reaped by wait4; tell Popen so it does not try again
        stderr.seek(0)
        first_line = stderr.readline().decode(errors="replace").strip()
        max_rss_kib = read_max_rss(rss_file.name)
    if timed_out:
        status = f"timeout {timeout:g}"
    elif exit_code != 0:
        status = f"exit {exit_code}"
    else:
        status = "ok"
    return wall, max_rss_kib, status, first_line


def record(series, wall, rss, status, stderr_line, args):
    if status != "ok":
        series.status = status
        series.stderr_line = stderr_line
        if status.startswith("timeout"):
            series.max_rss_kib = max(series.max_rss_kib, rss)
        return
    series.walls.append(wall)
    series.max_rss_kib = max(series.max_rss_kib, rss)
    if wall > args.slow_after and series.limit is None:
        series.limit = args.slow_runs


def log(text):
    print(f"    {text}", file=sys.stderr, flush=True)


def warm_up(all_series, args):
    for _ in range(args.warmup):
        for series in all_series:
            run_once(series.argv, args.timeout)


def measure(all_series, args):
    while any(s.wants_more(args.runs) for s in all_series):
        for series in all_series:
            if series.wants_more(args.runs):
                wall, rss, status, stderr_line = run_once(series.argv, args.timeout)
                record(series, wall, rss, status, stderr_line, args)


def summarise(series, args):
    runs = len(series.walls)
    median = f"{statistics.median(series.walls):.4f}" if runs else ""
    mean = f"{statistics.fmean(series.walls):.4f}" if runs else ""
    shown = f"{median} s median of {runs}" if runs else ""
    log(f"{args.scenario:6} {series.name:9} {series.status:8} {shown:28} "
        f"{series.max_rss_kib / 1024:7.1f} MiB  {series.command}"
        + (f"  [{series.stderr_line}]" if series.stderr_line else ""))
    fields = [args.scenario, args.sockets, series.name, series.status, str(runs), median, mean,
              str(series.max_rss_kib), series.command, series.stderr_line]
    return "\t".join(field.replace("\t", " ") for field in fields)


def main():
    args = parse_args()
    all_series = [Series(name, command) for name, command in args.tools]
    warm_up(all_series, args)
    measure(all_series, args)
    lines = [summarise(series, args) for series in all_series]
    with open(args.results, "a") as results:
        for line in lines:
            results.write(line + "\n")


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(130)
