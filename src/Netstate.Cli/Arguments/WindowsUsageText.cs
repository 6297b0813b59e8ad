namespace Netstate.Cli.Arguments;

/// <summary>The help of the Windows command line (netstate -? on Windows).</summary>
internal static class WindowsUsageText
{
    public const string Full = """
        usage: netstate [-a] [-b] [-f] [-n] [-o] [-p PROTO] [-q] [-t] [interval] [--json | --csv | --count-by KEYS] [FILTER]
               netstate -s [-p PROTO] | -e [-s] | -r [interval]
               netstate who PORT|:PORT|ADDR:PORT|PID|NAME   which program holds a port, in one step
               netstate explain [STATE]   what a TCP state means, with live counts
               netstate {-? | --help | --version}

        Lists TCP and UDP connections with Windows netstat's flags and layout.

          -a            show every connection and listening port (TCP and UDP)
          -b            show the services (if any) and the executable of each connection
                        on the lines below; unelevated, the names this user can see are
                        shown and a note says that the rest need an elevated prompt
          -n            show addresses and ports as numbers; without it the Foreign
                        Address is a host name and a service name (lookups: 2 s in all)
          -o            show the owning process ID of each connection
          -p PROTO      only PROTO: TCP, UDP, TCPv6 or UDPv6; with -s also IP, IPv6, ICMP
                        or ICMPv6 (-s -p TCP shows TCP's statistics, then its connections)
          -q            as -a (bound, non-listening ports are not listed separately)
          -t            show the offload state of each TCP connection (InHost, Offloading,
                        Offloaded, Uploading); the Windows layout only
          -f            show foreign host names fully qualified (FQDN)
          -s            per-protocol statistics: IPv4, IPv6, ICMPv4, ICMPv6, TCP and UDP
          -e            interface statistics (all interfaces added up); -e -s adds -s's
          -r            the Interface List and the IPv4 and IPv6 route tables
          interval      list again every interval seconds (Ctrl+C stops)

        netstate's own options work on top:
          --json, --jsonl, --csv    machine-readable output (every field, numeric)
          --count-by KEYS           count sockets by state, proto, lport, rport, laddr, raddr, process
          --top N                   with --count-by: the N largest groups
          FILTER                    ss's filter language: state listening and sport = :80
          --kill FILTER             close the IPv4 TCP connections FILTER selects (SetTcpEntry,
                                    needs an elevated prompt)

        -x and -y are not available: no documented Windows call lists NetworkDirect
        connections or TCP connection templates. See docs/windows.md.
        """;
}
