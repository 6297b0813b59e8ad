using Netstate.Cli.Arguments;

namespace Netstate.Cli.Commands;

/// <summary>
/// Which counter tables -s shows for the protocol flags: -t the TCP tables, -u UDP, -U UDP-Lite,
/// -w IP and ICMP (what raw sockets carry), no flag (or all four) every table, including ones
/// netstat and netstate have never heard of.
/// </summary>
internal sealed class StatisticsSelection
{
    private readonly bool _all;
    private readonly bool _tcp;
    private readonly bool _udp;
    private readonly bool _udpLite;
    private readonly bool _raw;

    public StatisticsSelection(NetstatOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        (_tcp, _udp, _udpLite, _raw) = (options.Tcp, options.Udp, options.UdpLite, options.Raw);
        _all = options.NoSelector || (_tcp && _udp && _udpLite && _raw);
    }

    /// <summary>Whether the Tcp table is shown (with -6 it comes from the IPv4 file, as in netstat).</summary>
    public bool Tcp => _all || _tcp;

    public bool Includes(string table) => _all || table switch
    {
        "Tcp" or "TcpExt" or "MPTcpExt" => _tcp,
        "Udp" or "Udp6" => _udp,
        "UdpLite" or "UdpLite6" => _udpLite,
        "Ip" or "Icmp" or "IcmpMsg" or "IpExt" or "Ip6" or "Icmp6" => _raw,
        _ => false,
    };
}
