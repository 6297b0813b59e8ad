#!/bin/sh
# Captures /proc/net/route and /proc/net/ipv6_route from a private network namespace with one
# veth pair and one route of every kind netstat -r distinguishes. Run as root from this folder:
#   unshare -n sh capture.sh
# The fe80:: lines depend on the random MAC of veth0, so a new capture differs there.
set -e
ip link set lo up
ip link add veth0 type veth peer name veth1
ip link set veth0 up
ip link set veth1 up
ip addr add 10.9.0.1/24 dev veth0
ip addr add 2001:db8:9::1/64 dev veth0 nodad
ip route add default via 10.9.0.254                              # UG, "default"
ip route add 10.20.0.0/16 via 10.9.0.2 metric 5                  # UG network via a gateway
ip route add 10.30.0.7/32 dev veth0                              # UH host route
ip route add 169.254.0.0/16 dev veth0 metric 1000                # a network named in /etc/networks
ip route add 10.50.0.0/24 dev veth0 advmss 1400 window 8000 rtt 30ms  # MSS, Window, irtt
ip route add unreachable 10.40.0.0/16                            # ! (reject)
ip route add prohibit 10.41.0.0/16 metric 9                      # ! (reject)
ip route add blackhole 10.42.0.0/16                              # U, no device
ip -6 route add default via 2001:db8:9::fe
ip -6 route add 2001:db8:20::/48 via 2001:db8:9::2 metric 7
ip -6 route add 2001:db8:30::7/128 dev veth0
ip -6 route add unreachable 2001:db8:40::/48
# Wait for DAD and MLD to settle, then take the files and netstat's outputs at one moment: retry
# until the tables read before and after the netstat runs are the same (reference counts move).
sleep 3
while :; do
    cat /proc/net/route > net/route
    cat /proc/net/ipv6_route > net/ipv6_route
    for flags in -r -rn -rne -rnee -rn6 -r6; do
        netstat $flags > "netstat$flags.txt"
    done
    cat /proc/net/route | cmp -s - net/route && cat /proc/net/ipv6_route | cmp -s - net/ipv6_route && break
done
