#!/usr/bin/env python3
"""Captures the tracefs fixtures (run as root): the format files of the TCP tracepoints, the page
header layout, and raw ring-buffer pages (per_cpu/cpuN/trace_pipe_raw) read from a private
instance while this script makes known loopback connections in a private network namespace.

  connection.page-N  ports 21001 (listener) and the client: connect, 1000 bytes, client closes
                     first, then the server; then a refused connect to 21002
  lost.page-N        a 4 KiB-per-CPU buffer overrun by 400 connections (ports 20100-20499) before it is read, so
                     the first page read carries the ring buffer's lost-events mark
Run: sudo unshare -n python3 capture.py  (the namespace keeps other traffic off 127.0.0.1)."""
import os, socket, subprocess, time

T = '/sys/kernel/tracing'
if not os.path.isdir(T + '/events'):
    subprocess.run(['mount', '-t', 'tracefs', 'nodev', T], check=True)
subprocess.run(['ip', 'link', 'set', 'lo', 'up'], check=True)
here = os.path.dirname(os.path.abspath(__file__))
for event in ['sock/inet_sock_set_state', 'tcp/tcp_retransmit_skb', 'tcp/tcp_send_reset', 'tcp/tcp_receive_reset']:
    with open(f'{T}/events/{event}/format') as src, open(os.path.join(here, event.split('/')[1] + '.format'), 'w') as dst:
        dst.write(src.read())
with open(f'{T}/events/header_page') as src, open(os.path.join(here, 'header_page'), 'w') as dst:
    dst.write(src.read())

def instance(name, kb):
    path = f'{T}/instances/{name}'
    os.mkdir(path)
    for f, v in [('trace_clock', 'mono'), ('buffer_size_kb', str(kb)),
                 ('events/sock/inet_sock_set_state/enable', '1'),
                 ('events/tcp/tcp_send_reset/enable', '1'), ('events/tcp/tcp_receive_reset/enable', '1')]:
        with open(f'{path}/{f}', 'w') as fh:
            fh.write(v)
    return path

def drain(path, prefix):
    n = 0
    for cpu in sorted(os.listdir(path + '/per_cpu')):
        fd = os.open(f'{path}/per_cpu/{cpu}/trace_pipe_raw', os.O_RDONLY | os.O_NONBLOCK)
        while True:
            try:
                page = os.read(fd, 4096)
            except BlockingIOError:
                break
            if not page:
                break
            with open(os.path.join(here, f'{prefix}.page-{n}'), 'wb') as out:
                out.write(page)
            n += 1
        os.close(fd)

def connection(port):
    l = socket.socket(); l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    l.bind(('127.0.0.1', port)); l.listen()
    c = socket.socket(); c.connect(('127.0.0.1', port)); s, _ = l.accept()
    c.sendall(b'x' * 1000); got = 0
    while got < 1000:
        got += len(s.recv(4096))
    c.close(); s.recv(10); time.sleep(0.05); s.close(); l.close()

p = instance('capture-connection', 64)
connection(21001)
try:
    socket.create_connection(('127.0.0.1', 21002))
except ConnectionRefusedError:
    pass
time.sleep(0.2)
drain(p, 'connection')
os.rmdir(p)

p = instance('capture-lost', 4)
for i in range(400):
    connection(20100 + i)
drain(p, 'lost')
os.rmdir(p)
