#!/usr/bin/env python3
"""Records the sock_diag fixtures in Fixtures/sockdiag/ from the running kernel.

Run as root (it makes its own private network namespace, so only its sockets appear):

  python3 tests/Netstate.Core.Tests/Fixtures/sockdiag/capture.py tests/Netstate.Core.Tests/Fixtures/sockdiag

It writes, under OUTDIR:

  basic/TABLE.nl   the raw reply bytes (every recv of one SOCK_DIAG_BY_FAMILY dump, concatenated)
  basic/TABLE.req  the request that was sent, built exactly as SockDiagRequest.For builds it
                   for SocketQuery(All) with Details = None (idiag_ext 0; unix NAME|RQLEN|UID)
  ext/TABLE.nl     the same sockets, asked with Details = TcpInfo|Congestion|Memory|TypeOfService|Extras
  ext/TABLE.req    (TCP: INFO|CONG|SKMEMINFO|TOS|TCLASS; UDP: SKMEMINFO|TOS|TCLASS; unix adds PEER|MEMINFO)
  proc/net/*       /proc/net/{tcp,tcp6,udp,udp6,udplite,udplite6,raw,raw6,unix} read right after the dumps
  sockets.txt      name -> inode (and port) of every socket the script made

TABLE is the name RecordedSockDiagTransport.FileNameOf gives: tcp4 tcp6 udp4 udp6 udplite4
udplite6 raw4 unix. raw6 is deliberately not recorded: a missing file is how the replay transport
says "no handler", and raw4 holds the real answer of a kernel without raw_diag (NLMSG_DONE
carrying -ENOENT). Sequence numbers are 1..9 in SocketTableInfo.Ordered order (what SockDiagSource
sends when every table is asked for); the port id in each reply is whatever the kernel assigned.

Inodes, cookies, timers and tcp_info numbers differ on every run: the tests read sockets.txt for
inodes and pin only what a rerun keeps (addresses, ports, states, queues, flags, sizes).
"""
import ctypes
import os
import socket
import struct
import subprocess
import sys
import time

CLONE_NEWNET = 0x40000000
NETLINK_SOCK_DIAG = 4
SOCK_DIAG_BY_FAMILY = 20
NLM_F_REQUEST = 0x1
NLM_F_DUMP = 0x300
NLMSG_ERROR = 2
NLMSG_DONE = 3
IPPROTO_UDPLITE = 136
IPPROTO_RAW = 255

# idiag_ext bits: 1 << (INET_DIAG_x - 1)
EXT_MEMINFO, EXT_INFO, EXT_CONG, EXT_TOS, EXT_TCLASS, EXT_SKMEMINFO = 1 << 0, 1 << 1, 1 << 3, 1 << 4, 1 << 5, 1 << 6
UDIAG_SHOW_NAME, UDIAG_SHOW_PEER, UDIAG_SHOW_RQLEN, UDIAG_SHOW_MEMINFO, UDIAG_SHOW_UID = 0x01, 0x04, 0x10, 0x20, 0x40

# SocketTableInfo.Ordered, with the sequence number SockDiagSource gives each table when all are read.
TABLES = [
    # name, family, protocol, seq
    ('tcp4', socket.AF_INET, socket.IPPROTO_TCP, 1),
    ('tcp6', socket.AF_INET6, socket.IPPROTO_TCP, 2),
    ('udp4', socket.AF_INET, socket.IPPROTO_UDP, 3),
    ('udp6', socket.AF_INET6, socket.IPPROTO_UDP, 4),
    ('udplite4', socket.AF_INET, IPPROTO_UDPLITE, 5),
    ('udplite6', socket.AF_INET6, IPPROTO_UDPLITE, 6),
    ('raw4', socket.AF_INET, IPPROTO_RAW, 7),
    ('unix', socket.AF_UNIX, 0, 9),
]
ALL_TCP_STATES = 0x1FFE  # TcpStateSet.All: states 1..12 (12 = NEW_SYN_RECV)


def header(length, seq):
    return struct.pack('<IHHII', length, SOCK_DIAG_BY_FAMILY, NLM_F_REQUEST | NLM_F_DUMP, seq, 0)


def inet_request(family, protocol, seq, extended):
    """struct inet_diag_req_v2 after nlmsghdr, laid out as SockDiagRequest.Inet writes it."""
    ext = 0
    if extended:
        if protocol == socket.IPPROTO_TCP:
            ext |= EXT_INFO | EXT_CONG
        ext |= EXT_SKMEMINFO | EXT_TOS | EXT_TCLASS
    pad = IPPROTO_RAW if protocol == IPPROTO_RAW else 0
    states = ALL_TCP_STATES if protocol == socket.IPPROTO_TCP else 0xFFFFFFFF
    body = struct.pack('<BBBBI', family, protocol, ext, pad, states) + bytes(48)
    return header(16 + len(body), seq) + body


def unix_request(seq, extended):
    """struct unix_diag_req after nlmsghdr, laid out as SockDiagRequest.Unix writes it."""
    show = UDIAG_SHOW_NAME | UDIAG_SHOW_RQLEN | UDIAG_SHOW_UID
    if extended:
        show |= UDIAG_SHOW_PEER | UDIAG_SHOW_MEMINFO
    body = struct.pack('<BBHIIIII', socket.AF_UNIX, 0, 0, 0xFFFFFFFF, 0, show, 0, 0)
    return header(16 + len(body), seq) + body


def dump(request):
    """Sends one request and returns every byte the kernel answered, up to and including DONE or ERROR."""
    nl = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_SOCK_DIAG)
    try:
        nl.sendto(request, (0, 0))
        reply = b''
        while True:
            chunk = nl.recv(65536)
            reply += chunk
            offset = 0
            while offset + 16 <= len(chunk):
                length, kind = struct.unpack_from('<IH', chunk, offset)
                if kind in (NLMSG_DONE, NLMSG_ERROR):
                    return reply
                offset += (length + 3) & ~3
    finally:
        nl.close()


def enter_private_namespace():
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(CLONE_NEWNET) != 0:
        sys.exit('unshare(CLONE_NEWNET) failed (errno %d): run as root' % ctypes.get_errno())
    subprocess.run(['ip', 'link', 'set', 'lo', 'up'], check=True)


out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
enter_private_namespace()
keep = {}


def hold(name, s):
    keep[name] = s
    return s


def listener(name, family, addr, port, backlog, v6only=None):
    s = socket.socket(family, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if v6only is not None:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, v6only)
    s.bind((addr, port))
    s.listen(backlog)
    return hold(name, s)


def pair(names, lst, family, addr, port, cport):
    c = socket.socket(family, socket.SOCK_STREAM)
    c.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    c.bind((addr, cport))
    c.connect((addr, port))
    a, _ = lst.accept()
    return hold(names[0], c), hold(names[1], a)


# --- TCP over IPv4 -------------------------------------------------------------------------
l4 = listener('tcp4_listen_8080', socket.AF_INET, '127.0.0.1', 8080, 16)
# ESTABLISHED both ways; the client has 5 unread bytes, after some traffic so rtt is measured.
c, a = pair(('tcp4_est_client', 'tcp4_est_server'), l4, socket.AF_INET, '127.0.0.1', 8080, 40001)
for _ in range(3):
    c.sendall(b'ping'); a.recv(4); a.sendall(b'pong'); c.recv(4)
a.sendall(b'hello')
# FIN_WAIT2 (client shut down its sending side) / CLOSE_WAIT (server never closes).
pair(('tcp4_finwait2_client', 'tcp4_closewait_server'), l4, socket.AF_INET, '127.0.0.1', 8080, 40002)
keep['tcp4_finwait2_client'].shutdown(socket.SHUT_WR)
# TIME_WAIT: the client closes first, then the server (the TIME_WAIT sock has no inode).
tc, ta = pair(('_tw_client', '_tw_server'), l4, socket.AF_INET, '127.0.0.1', 8080, 40003)
del keep['_tw_client'], keep['_tw_server']
tc.close(); time.sleep(0.1); ta.close()
# SYN_RECV: a TCP_DEFER_ACCEPT listener ignores the bare final ACK and keeps the request sock.
ld = listener('tcp4_listen_defer_8081', socket.AF_INET, '127.0.0.1', 8081, 4)
ld.setsockopt(socket.IPPROTO_TCP, socket.TCP_DEFER_ACCEPT, 30)
cd = hold('tcp4_defer_client', socket.socket())
cd.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
cd.bind(('127.0.0.1', 40004)); cd.connect(('127.0.0.1', 8081))
# SYN_SENT: a backlog-0 listener whose one queue slot is taken drops the next SYN.
lf = listener('tcp4_listen_full_8082', socket.AF_INET, '127.0.0.1', 8082, 0)
cq = hold('tcp4_queued_client', socket.socket())
cq.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
cq.bind(('127.0.0.1', 40005)); cq.connect(('127.0.0.1', 8082))
time.sleep(0.2)
cs = hold('tcp4_synsent_client', socket.socket())
cs.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
cs.bind(('127.0.0.1', 40006)); cs.setblocking(False)
try:
    cs.connect(('127.0.0.1', 8082))
except BlockingIOError:
    pass

# --- TCP over IPv6 -------------------------------------------------------------------------
l6 = listener('tcp6_listen_dual_8443', socket.AF_INET6, '::', 8443, 32, v6only=0)
pair(('tcp6_est_client', 'tcp6_est_server'), l6, socket.AF_INET6, '::1', 8443, 40011)
# An IPv4 client on the dual-stack listener: the accepted end shows ::ffff:127.0.0.1 both sides.
pair(('tcp4_to_dual_client', 'tcp6_mapped_server'), l6, socket.AF_INET, '127.0.0.1', 8443, 40012)
listener('tcp6_listen_v6only_22', socket.AF_INET6, '::1', 22, 8, v6only=1)

# --- UDP and UDP-Lite ----------------------------------------------------------------------
u1 = hold('udp4_bound_53', socket.socket(socket.AF_INET, socket.SOCK_DGRAM)); u1.bind(('0.0.0.0', 53))
u2 = hold('udp4_connected_5353', socket.socket(socket.AF_INET, socket.SOCK_DGRAM))
u2.bind(('127.0.0.1', 5353)); u2.connect(('127.0.0.1', 53)); u2.send(b'ping-ping')  # 1 datagram queued on u1
u3 = hold('udp6_bound_123', socket.socket(socket.AF_INET6, socket.SOCK_DGRAM))
u3.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1); u3.bind(('::', 123))
u4 = hold('udp6_connected_40123', socket.socket(socket.AF_INET6, socket.SOCK_DGRAM))
u4.bind(('::1', 40123)); u4.connect(('::1', 123))
ul4 = hold('udplite4_bound_4000', socket.socket(socket.AF_INET, socket.SOCK_DGRAM, IPPROTO_UDPLITE)); ul4.bind(('127.0.0.1', 4000))
ul6 = hold('udplite6_connected_4001', socket.socket(socket.AF_INET6, socket.SOCK_DGRAM, IPPROTO_UDPLITE))
ul6.bind(('::1', 4001)); ul6.connect(('::1', 4000))
# A raw socket, so /proc/net/raw has a row the /proc fallback must find (sock_diag has no handler).
hold('raw4_icmp', socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP))

# --- unix ----------------------------------------------------------------------------------
path = '/tmp/netstate-sockdiag.sock'
if os.path.exists(path):
    os.unlink(path)
us = hold('unix_stream_listener', socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)); us.bind(path); us.listen(5)
uc = hold('unix_stream_client', socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)); uc.connect(path)
ua, _ = us.accept(); hold('unix_stream_accepted', ua)
uc.send(b'abc')  # 3 bytes waiting on the accepted end
uab = hold('unix_abstract_listener', socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)); uab.bind('\0netstate-abstract'); uab.listen(1)
# A connection nobody accepts: /proc/net/unix lists the server-side embryo (inode 0, CONNECTING);
# unix_diag skips sockets without an inode, so the netlink dumps do not have it.
hold('unix_abstract_pending_client', socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)).connect('\0netstate-abstract')
ud = hold('unix_unnamed_dgram', socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM))

time.sleep(0.5)
for variant, extended in (('basic', False), ('ext', True)):
    os.makedirs(os.path.join(out, variant), exist_ok=True)
    for name, family, protocol, seq in TABLES:
        request = unix_request(seq, extended) if family == socket.AF_UNIX else inet_request(family, protocol, seq, extended)
        reply = dump(request)
        with open(os.path.join(out, variant, name + '.req'), 'wb') as f:
            f.write(request)
        with open(os.path.join(out, variant, name + '.nl'), 'wb') as f:
            f.write(reply)
os.makedirs(os.path.join(out, 'proc', 'net'), exist_ok=True)
for name in ('tcp', 'tcp6', 'udp', 'udp6', 'udplite', 'udplite6', 'raw', 'raw6', 'unix'):
    with open('/proc/net/' + name, 'rb') as f:
        data = f.read()
    with open(os.path.join(out, 'proc', 'net', name), 'wb') as f:
        f.write(data)
with open(os.path.join(out, 'sockets.txt'), 'w') as f:
    for name, s in keep.items():
        f.write('%s %d\n' % (name, os.fstat(s.fileno()).st_ino))
os.unlink(path)
