namespace Netstate.Core.Kernel;

/// <summary>The /proc files that hold the kernel's protocol counters (what netstat -s reads).</summary>
[Flags]
internal enum CounterFiles
{
    None = 0,

    /// <summary>/proc/net/snmp: the SNMP MIB tables Ip, Icmp, IcmpMsg, Tcp, Udp, UdpLite.</summary>
    Snmp = 1,

    /// <summary>/proc/net/netstat: Linux's extensions TcpExt, IpExt, MPTcpExt.</summary>
    Netstat = 2,

    /// <summary>/proc/net/snmp6: the IPv6 counters Ip6*, Icmp6*, Udp6*, UdpLite6*, one per line.</summary>
    Snmp6 = 4,

    /// <summary>/proc/net/sctp/snmp: present only while the sctp module is loaded.</summary>
    Sctp = 8,

    All = Snmp | Netstat | Snmp6 | Sctp,
}
