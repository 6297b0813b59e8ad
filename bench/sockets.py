#!/usr/bin/env python3
"""Hold N established TCP sockets on loopback until told to stop.

    sockets.py --sockets N --ready-file PATH [--per-worker 50000] [--parent-pid PID] [--base-port 2000]

N sockets are N/2 connections: each connection is two sockets (the connecting end and the accepted
end), and both live in the same worker process. Workers are forked so that no process holds more
than --per-worker socket fds (the issue asks to respect per-process fd limits). The default share
fits under the hard RLIMIT_NOFILE we inherit (20000 here): root could lift it, but only with
CAP_SYS_RESOURCE, which this VM's root does not have. Each worker lifts its soft limit to what it
needs, up to that hard limit.

When every worker has built its share, the ready file is written (atomically) with one line:
    ready CONNECTIONS LISTENERS WORKERS SECONDS
or, if something failed:
    error MESSAGE
Then this process waits for SIGTERM/SIGINT and ends the workers; it also gets SIGTERM if its parent
(bench/run.sh) dies, and the workers exit when it does, so nothing outlives the benchmark.

Every socket has SO_LINGER {on, 0}: closing it sends a RST instead of a FIN, so tearing down 100k
connections leaves no TIME_WAIT or orphaned sockets behind to pollute the next count (and needs no
tcp_max_orphans, which is a global sysctl, not a per-namespace one).

Meant to run inside the private network namespace that bench/run.sh creates: it only ever talks to
127.0.0.1.
"""

import argparse
import ctypes
import os
import resource
import signal
import socket
import struct
import sys
import time

LINGER_RESET = struct.pack("ii", 1, 0)  # l_onoff=1, l_linger=0: close() sends RST

# One listener per this many connections: each connection to the same listener needs its own
# ephemeral port, and the port range holds at most ~64k of them (1024-65535).
CONNECTIONS_PER_LISTENER = 16000

# Connect this many before accepting them: loopback connects complete at once and queue in the
# listener's accept queue, so the batch must stay below the listen backlog (a full queue drops the
# SYN and connect() would stall for a 1 s retransmission).
BATCH = 512
BACKLOG = 4096

# fds a worker needs beyond its sockets (stdio, pipes, the Python runtime).
SPARE_FDS = 64


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sockets", type=int, required=True, help="established sockets to hold (2 per connection)")
    parser.add_argument("--ready-file", required=True, help="written once all sockets exist")
    parser.add_argument("--per-worker", type=int, default=default_per_worker(),
                        help="max socket fds per worker process (default: min(50000, hard fd limit - spare))")
    parser.add_argument("--parent-pid", type=int, help="exit at once if our parent is not this pid")
    parser.add_argument("--base-port", type=int, default=2000, help="first listener port; one port per 16000 connections")
    args = parser.parse_args()
    if args.sockets < 2:
        parser.error("--sockets must be at least 2 (one connection)")
    if args.per_worker < 2:
        parser.error(f"--per-worker must be at least 2 (is the fd limit too low? hard limit: "
                     f"{resource.getrlimit(resource.RLIMIT_NOFILE)[1]})")
    return args


def default_per_worker():
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY:
        hard = 1 << 20
    return min(50000, hard - 2 * SPARE_FDS) // 2 * 2  # room for listeners and the runtime


def plan_workers(connections, per_worker):
    """Split the connections into per-worker shares of at most per_worker/2 connections each."""
    per_worker_connections = per_worker // 2
    shares = []
    remaining = connections
    while remaining > 0:
        share = min(per_worker_connections, remaining)
        shares.append(share)
        remaining -= share
    return shares


def raise_fd_limit(needed):
    """Lift this process's soft fd limit to what it needs (the default soft limit may be 1024)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft >= needed:
        return
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (needed, max(hard, needed)))
    except (ValueError, OSError) as error:
        raise RuntimeError(f"cannot raise the fd limit to {needed} (hard limit {hard}: {error}); "
                           f"use a smaller --per-worker") from error


def open_listener(port):
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, LINGER_RESET)
    listener.bind(("127.0.0.1", port))
    listener.listen(BACKLOG)
    return listener


def connect_batch(listener, count, held):
    """Open `count` connections to `listener`, keeping both ends in `held`."""
    address = listener.getsockname()
    for _ in range(count):
        client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, LINGER_RESET)
        client.connect(address)
        held.append(client)
    for _ in range(count):
        server, _ = listener.accept()
        server.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, LINGER_RESET)
        held.append(server)


def open_listeners(shares, base_port):
    """All listeners, one list per worker, bound before any worker connects: with the ephemeral
    range at 1024-65535, a worker's connect() could otherwise take a port another worker is about
    to listen on (EADDRINUSE). connect() never picks a port that is already bound."""
    port = base_port
    listener_sets = []
    for share in shares:
        count = -(-share // CONNECTIONS_PER_LISTENER)
        listener_sets.append([open_listener(port + i) for i in range(count)])
        port += count
    return listener_sets


def build_share(connections, listeners, held):
    """Build this worker's connections into `held`, spread over its listeners."""
    raise_fd_limit(2 * connections + len(listeners) + SPARE_FDS)
    done = 0
    turn = 0
    while done < connections:
        batch = min(BATCH, connections - done)
        connect_batch(listeners[turn % len(listeners)], batch, held)
        done += batch
        turn += 1


def run_worker(connections, listeners, status_fd, stop_fd):
    """Child process: build, report 'ok' or 'error ...' on status_fd, hold until stop_fd closes."""
    held = []
    try:
        build_share(connections, listeners, held)
        os.write(status_fd, b"ok\n")
    except Exception as error:  # report any failure to the coordinator instead of dying silently
        port = listeners[0].getsockname()[1]
        os.write(status_fd, f"error worker on ports {port}+: {error} "
                            f"(after {len(held)} of {2 * connections} sockets)\n".encode())
        os._exit(1)
    os.close(status_fd)
    # Block until the coordinator closes its end (on stop, or because it died): then exit, which
    # closes every socket with a RST.
    os.read(stop_fd, 1)
    os._exit(0)


def die_with_parent(parent_pid):
    """Ask the kernel for SIGTERM when our parent (run.sh) dies, even if it is SIGKILLed.

    The request only covers a parent that dies after it is made, so if the parent given with
    --parent-pid is already gone (it died while Python was starting), stop right here."""
    libc = ctypes.CDLL(None, use_errno=True)
    PR_SET_PDEATHSIG = 1
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if parent_pid is not None and os.getppid() != parent_pid:
        sys.exit(f"sockets.py: parent {parent_pid} is gone; not building anything")


def write_ready_file(path, line):
    temporary = path + ".tmp"
    with open(temporary, "w") as f:
        f.write(line + "\n")
    os.rename(temporary, path)


def read_status(fd):
    data = b""
    while not data.endswith(b"\n"):
        chunk = os.read(fd, 4096)
        if not chunk:
            return "error worker exited without reporting (killed? out of memory?)"
        data += chunk
    return data.decode().strip()


def main():
    args = parse_args()
    die_with_parent(args.parent_pid)
    connections = args.sockets // 2
    shares = plan_workers(connections, args.per_worker)
    started = time.monotonic()

    try:
        listener_sets = open_listeners(shares, args.base_port)
    except OSError as error:
        write_ready_file(args.ready_file, f"error cannot listen on 127.0.0.1 from port {args.base_port}: {error}")
        sys.exit(1)
    listeners = sum(len(own) for own in listener_sets)

    # Each worker gets a stop pipe (it exits when our write end closes) and a status pipe, and
    # keeps only its own listeners; we close each worker's listeners once it has them.
    workers = []  # (pid, status_read_fd)
    stop_writers = []
    for index, share in enumerate(shares):
        stop_read, stop_write = os.pipe()
        status_read, status_write = os.pipe()
        pid = os.fork()
        if pid == 0:
            try:
                os.close(stop_write)
                os.close(status_read)
                for fd in stop_writers:
                    os.close(fd)
                for other in listener_sets[index + 1:]:
                    for listener in other:
                        listener.close()
                run_worker(share, listener_sets[index], status_write, stop_read)
            finally:
                os._exit(1)  # a worker must never return into the coordinator's loop
        os.close(stop_read)
        os.close(status_write)
        for listener in listener_sets[index]:
            listener.close()
        workers.append((pid, status_read))
        stop_writers.append(stop_write)

    # Workers build in parallel; collect their reports.
    errors = []
    for pid, status_fd in workers:
        status = read_status(status_fd)
        os.close(status_fd)
        if status != "ok":
            errors.append(status.removeprefix("error "))
    elapsed = time.monotonic() - started

    def stop(*_):
        # Once: Ctrl-C reaches us and then run.sh's cleanup sends SIGTERM as well.
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        for fd in stop_writers:
            os.close(fd)
        for pid, _ in workers:
            os.waitpid(pid, 0)
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    if errors:
        write_ready_file(args.ready_file, "error " + "; ".join(errors))
        stop()
    write_ready_file(args.ready_file,
                     f"ready {connections} {listeners} {len(workers)} {elapsed:.1f}")

    while True:
        signal.pause()


if __name__ == "__main__":
    main()
