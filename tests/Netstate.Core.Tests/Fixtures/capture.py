#!/usr/bin/env python3
"""Recreates Fixtures/proc-basic/net/* and Fixtures/edge/unix-injected from a real kernel.

Run as root in a private network namespace, so only these sockets appear:

  unshare -n sh -c 'ip link set lo up; ip addr add 10.1.2.3/32 dev lo; \
      ip -6 addr add 2001:db8::1:0:0:1/128 dev lo nodad; python3 capture.py OUTDIR'

It writes OUTDIR/{tcp,tcp6,udp,udp6,raw,raw6,unix,udplite,udplite6}, OUTDIR/unix-injected and
OUTDIR/inodes.txt (variable name -> socket inode, kept as proc-basic/sockets.txt).
Inode numbers and pointers differ on every run: the tests pin the values of the committed capture.
"""
import socket, os, time, sys, errno, shutil

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
keep = []

def tcp_listener(addr, port, fam=socket.AF_INET, backlog=16, v6only=None):
    s = socket.socket(fam, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if v6only is not None:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, v6only)
    s.bind((addr, port))
    s.listen(backlog)
    keep.append(s)
    return s

def pair(listener, addr, port, cport=0, fam=socket.AF_INET, caddr=None):
    c = socket.socket(fam, socket.SOCK_STREAM)
    if cport:
        c.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        c.bind((caddr or addr, cport))
    c.connect((addr, port))
    a, _ = listener.accept()
    keep.extend([c, a])
    return c, a

def fill(sender):
    sender.setblocking(False)
    total = 0
    chunk = b'x' * 4096
    while True:
        try:
            total += sender.send(chunk)
        except BlockingIOError:
            time.sleep(0.3)
            try:
                total += sender.send(chunk)
                continue
            except BlockingIOError:
                return total

# LISTEN on 10.1.2.3:43981 (0xABCD) and 127.0.0.1:8080 with a queued connection
l1 = tcp_listener('10.1.2.3', 0xABCD)
l2 = tcp_listener('127.0.0.1', 8080)
# ESTABLISHED with keepalive timer, data waiting in the receive queue
c, a = pair(l1, '10.1.2.3', 0xABCD, cport=40001)
c.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
c.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, 7200)
a.sendall(b'hello')          # c has 5 bytes in rx queue
# FIN_WAIT2 / CLOSE_WAIT
c2, a2 = pair(l1, '10.1.2.3', 0xABCD, cport=40002)
c2.shutdown(socket.SHUT_WR)
# TIME_WAIT: client closes first, then server closes
c3, a3 = pair(l1, '10.1.2.3', 0xABCD, cport=40003)
c3.close(); time.sleep(0.1); a3.close()
# FIN_WAIT1: client's FIN stuck behind data the server will not read (zero window)
c4 = socket.socket(); c4.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
c4.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); c4.bind(('10.1.2.3', 40004))
l1b = l1
c4.connect(('10.1.2.3', 0xABCD)); a4, _ = l1.accept(); keep += [c4, a4]
a4.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
fill(c4)
c4.shutdown(socket.SHUT_WR)
# LAST_ACK: client half-closes (server CLOSE_WAIT), server fills the client's window, then half-closes
c5 = socket.socket(); c5.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
c5.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); c5.bind(('10.1.2.3', 40005))
c5.connect(('10.1.2.3', 0xABCD)); a5, _ = l1.accept(); keep += [c5, a5]
c5.shutdown(socket.SHUT_WR)
time.sleep(0.1)
a5.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
fill(a5)
a5.shutdown(socket.SHUT_WR)
# CLOSING: client's FIN stuck behind unread data (FIN_WAIT1), then server half-closes
c6 = socket.socket(); c6.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
c6.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); c6.bind(('10.1.2.3', 40006))
c6.connect(('10.1.2.3', 0xABCD)); a6, _ = l1.accept(); keep += [c6, a6]
a6.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
fill(c6)
c6.shutdown(socket.SHUT_WR)
time.sleep(0.1)
a6.shutdown(socket.SHUT_WR)
# SYN_RECV: TCP_DEFER_ACCEPT listener keeps the request until data arrives
l3 = tcp_listener('127.0.0.1', 8081)
l3.setsockopt(socket.IPPROTO_TCP, socket.TCP_DEFER_ACCEPT, 30)
c7 = socket.socket(); c7.connect(('127.0.0.1', 8081)); keep.append(c7)
# SYN_SENT: backlog-0 listener whose accept queue is already full
l4 = tcp_listener('127.0.0.1', 8082, backlog=0)
c8 = socket.socket(); c8.connect(('127.0.0.1', 8082)); keep.append(c8)
time.sleep(0.2)
c9 = socket.socket(); c9.setblocking(False); keep.append(c9)
try:
    c9.connect(('127.0.0.1', 8082))
except BlockingIOError:
    pass

# tcp6: listener on 2001:db8::1:0:0:1 (not v6only: dual stack), ::1 pair, v4-mapped peer
l6 = tcp_listener('::', 8443, fam=socket.AF_INET6, v6only=0)
c10 = socket.socket(socket.AF_INET6); c10.connect(('::1', 8443)); a10, _ = l6.accept(); keep += [c10, a10]
c11 = socket.socket(); c11.connect(('127.0.0.1', 8443)); a11, _ = l6.accept(); keep += [c11, a11]
l6b = tcp_listener('2001:db8::1:0:0:1', 22, fam=socket.AF_INET6, v6only=1)
l6c = tcp_listener('fe80::1%lo', 2222, fam=socket.AF_INET6, v6only=1) if False else None

# udp
u1 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u1.bind(('0.0.0.0', 53)); keep.append(u1)
u2 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u2.bind(('10.1.2.3', 5353)); u2.connect(('10.1.2.3', 53)); keep.append(u2)
u2.send(b'ping-ping')  # u1 now has a datagram queued
u3 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); u3.bind(('::', 123)); keep.append(u3)
u4 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); u4.bind(('::1', 40123)); u4.connect(('::1', 123)); keep.append(u4)
# raw
r1 = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP); keep.append(r1)
r2 = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6); keep.append(r2)

# unix
d = '/tmp/netstate fixture'
shutil.rmtree(d, ignore_errors=True); os.makedirs(d)
ul = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); ul.bind('/tmp/netstate.sock'); ul.listen(5); keep.append(ul)
uc = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); uc.connect('/tmp/netstate.sock'); ua, _ = ul.accept(); keep += [uc, ua]
sp1, sp2 = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM); keep += [sp1, sp2]
ud = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); ud.bind('/tmp/netstate.dgram'); keep.append(ud)
uab = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); uab.bind('\0netstate-abstract'); uab.listen(1); keep.append(uab)
un = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); keep.append(un)
usp = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); usp.bind(d + '/with space.sock'); keep.append(usp)
useq = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET); useq.bind('\0seq'); useq.listen(1); keep.append(useq)
utr = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); utr.bind(d + '/trailing space '); keep.append(utr)
os.chdir(d)
ulead = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); ulead.bind(' leading space'); keep.append(ulead)
unul = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); unul.bind(b'\0with\0nul'); keep.append(unul)

time.sleep(1.0)
for name in ['tcp', 'tcp6', 'udp', 'udp6', 'raw', 'raw6', 'unix', 'udplite', 'udplite6']:
    with open('/proc/net/' + name, 'rb') as f:
        data = f.read()
    with open(os.path.join(out, name), 'wb') as f:
        f.write(data)
# inode facts for the record
with open(os.path.join(out, 'inodes.txt'), 'w') as f:
    for var in ['l1','l2','c','a','c2','a2','c4','a4','c5','a5','c6','a6','c7','c8','c9','l6','c10','a10','c11','a11','l6b','u1','u2','u3','u4','r1','r2','ul','uc','ua','sp1','sp2','ud','uab','un','usp','useq','utr','ulead','unul','l3','l4']:
        s = globals()[var]
        f.write('%s %d\n' % (var, os.fstat(s.fileno()).st_ino))
evil = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
evil.bind(b'/tmp/evil\n\x1b[31mred\x1b[0m \x07bell')
keep.append(evil)
with open('/proc/net/unix', 'rb') as f:
    data = f.read()
with open(os.path.join(out, 'unix-injected'), 'wb') as f:
    f.write(data)
with open(os.path.join(out, 'inodes.txt'), 'a') as f:
    f.write('evil %d\n' % os.fstat(evil.fileno()).st_ino)
os.chdir('/')
os.unlink(b'/tmp/evil\n\x1b[31mred\x1b[0m \x07bell')
shutil.rmtree(d, ignore_errors=True)
for p in ['/tmp/netstate.sock', '/tmp/netstate.dgram']:
    os.unlink(p)
