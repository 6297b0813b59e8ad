#!/usr/bin/env python3
"""Writes every-known/net/{snmp,netstat,snmp6,sctp/snmp}: the linux-6.18 capture with every value
made distinct and non-zero, plus each counter netstat 2.10 has a sentence for that this kernel no
longer writes (the prequeue counters, TCPLoss, ...), so every sentence and every lookup is used.
The known names are read from src/Netstate.Cli/Rendering/StatisticsSentences.cs.

Run from this folder:  python3 make_every_known.py
"""
import os, re

here = os.path.dirname(os.path.abspath(__file__))
source = os.path.join(here, '../../../../src/Netstate.Cli/Rendering/StatisticsSentences.cs')
known, table = {}, None
for line in open(source):
    m = re.match(r'\s*\["(\w+)"\] = new\(StringComparer', line)
    if m:
        table = m.group(1)
        known[table] = []
        continue
    m = re.match(r'\s*\["(\w+)"\] = new\(SentenceKind', line)
    if m:
        known[table].append(m.group(1))

counter = iter(range(11, 10**6, 7))
fixed = {('Tcp', 'MaxConn'): '-1', ('Tcp', 'RtoAlgorithm'): '1', ('Ip', 'Forwarding'): '1', ('Ip', 'DefaultTTL'): '64'}

def value(table, name):
    return fixed.get((table, name)) or str(next(counter))

def pairs(path, out):
    lines = [l.rstrip('\n') for l in open(path) if l.strip()]
    text = []
    for names, _ in zip(lines[0::2], lines[1::2]):
        t, rest = names.split(':', 1)
        cols = rest.split()
        cols += [n for n in known.get(t, []) if n not in cols]
        text.append(f'{t}: ' + ' '.join(cols))
        text.append(f'{t}: ' + ' '.join(value(t, n) for n in cols))
    open(out, 'w').write('\n'.join(text) + '\n')

def snmp6(path, out):
    rows = [l.split() for l in open(path) if l.strip()]
    groups = {}
    for name, _ in rows:
        groups.setdefault(re.match(r'\D*6', name).group(0), []).append(name)
    for t in ('Ip6', 'Icmp6', 'Udp6'):
        groups[t] += [n for n in known[t] if n not in groups[t]]
    open(out, 'w').write(''.join(f'{n:<32}\t{value(t, n)}\n' for t, names in groups.items() for n in names))

src, dst = os.path.join(here, 'linux-6.18/net'), os.path.join(here, 'every-known/net')
os.makedirs(os.path.join(dst, 'sctp'), exist_ok=True)
pairs(os.path.join(src, 'snmp'), os.path.join(dst, 'snmp'))
pairs(os.path.join(src, 'netstat'), os.path.join(dst, 'netstat'))
snmp6(os.path.join(src, 'snmp6'), os.path.join(dst, 'snmp6'))
open(os.path.join(dst, 'sctp/snmp'), 'w').write(''.join(f'{n:<32}\t{value("Sctp", n)}\n' for n in known['Sctp']))
