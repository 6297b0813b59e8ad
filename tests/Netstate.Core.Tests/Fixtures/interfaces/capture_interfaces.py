#!/usr/bin/env python3
"""Recreates Fixtures/interfaces/* from a real kernel.

Run as root in a private network namespace, so only these interfaces appear:

  unshare -n python3 capture_interfaces.py OUTDIR

It makes veth pairs (one pair up, one down, one with a 15-byte name and one named with dots and
dashes), an address label lo:7, traffic on lo, and IPv4/IPv6 multicast memberships held by UDP
sockets, then copies /proc/net/{dev,igmp,igmp6} and what net-tools netstat prints for them
(netstat-ia.txt, netstat-gn.txt) into OUTDIR.
"""
import os, socket, struct, subprocess, sys, shutil

out = sys.argv[1]
os.makedirs(out, exist_ok=True)

def ip(*args):
    subprocess.run(['ip', *args], check=True)

ip('link', 'set', 'lo', 'up')
ip('addr', 'add', '10.9.8.7/32', 'dev', 'lo', 'label', 'lo:7')
ip('link', 'add', 'veth10', 'type', 'veth', 'peer', 'name', 'veth2')
ip('link', 'add', 'abcdefghijklmno', 'type', 'veth', 'peer', 'name', 'odd.name-x')
ip('link', 'set', 'veth10', 'up')
ip('link', 'set', 'veth2', 'up')
ip('link', 'set', 'veth10', 'mtu', '9000')
ip('link', 'set', 'abcdefghijklmno', 'arp', 'off')

# Traffic on lo: 5 datagrams to a bound receiver.
rx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
rx.bind(('127.0.0.1', 0))
tx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for _ in range(5):
    tx.sendto(b'x' * 100, rx.getsockname())

# Memberships: 239.1.2.3 twice on lo (refcount 2), 224.0.0.251 on veth10, ff05::1:3 on veth10.
keep = []
for group, addr in (('239.1.2.3', '127.0.0.1'), ('239.1.2.3', '127.0.0.1'), ('224.0.0.251', '0.0.0.0')):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    ifindex = socket.if_nametoindex('lo' if addr == '127.0.0.1' else 'veth10')
    mreqn = socket.inet_aton(group) + socket.inet_aton('0.0.0.0') + struct.pack('@i', ifindex)
    s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, mreqn)
    keep.append(s)
s6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s6.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP,
              socket.inet_pton(socket.AF_INET6, 'ff05::1:3') + struct.pack('@I', socket.if_nametoindex('veth10')))
keep.append(s6)

for name in ('dev', 'igmp', 'igmp6'):
    shutil.copyfile('/proc/net/' + name, os.path.join(out, name))
with open(os.path.join(out, 'netstat-ia.txt'), 'w') as f:
    subprocess.run(['netstat', '-ia'], stdout=f, check=True)
with open(os.path.join(out, 'netstat-gn.txt'), 'w') as f:
    subprocess.run(['netstat', '-gn'], stdout=f, check=True)
with open(os.path.join(out, 'flags.txt'), 'w') as f:
    # name, flags as SIOCGIFFLAGS reports them (what netstat prints letters from), mtu
    import fcntl
    for name in sorted(n for _, n in socket.if_nameindex()) + ['lo:7']:
        req = struct.pack('16s24x', name.encode())
        flags = struct.unpack('16sH22x', fcntl.ioctl(rx.fileno(), 0x8913, req))[1]
        mtu = struct.unpack('16si20x', fcntl.ioctl(rx.fileno(), 0x8921, req))[1]
        f.write(f'{name} {flags:#06x} {mtu}\n')
