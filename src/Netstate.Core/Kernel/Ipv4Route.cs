using Netstate.Core.Model;

namespace Netstate.Core.Kernel;

/// <summary>One line of /proc/net/route: a route of the main IPv4 table.</summary>
/// <param name="Interface">The output device, or "*" when the route has none (unreachable, prohibit).</param>
/// <param name="Destination">The destination network or host.</param>
/// <param name="Gateway">The next hop, or 0.0.0.0 for a directly connected network.</param>
/// <param name="Flags">RTF_* bits.</param>
/// <param name="RefCount">Always 0 on current kernels.</param>
/// <param name="Use">Always 0 on current kernels.</param>
/// <param name="Metric">The kernel prints it with %d; netstat reads and prints it as unsigned.</param>
/// <param name="Mask">The destination's netmask.</param>
/// <param name="Mtu">The MSS column of netstat (the kernel reports the advertised MSS here).</param>
/// <param name="Window">The TCP window clamp.</param>
/// <param name="InitialRtt">IRTT, in milliseconds.</param>
internal sealed record Ipv4Route(
    string Interface,
    InetAddress Destination,
    InetAddress Gateway,
    RouteFlags Flags,
    int RefCount,
    int Use,
    uint Metric,
    InetAddress Mask,
    int Mtu,
    int Window,
    int InitialRtt)
{
    /// <summary>The destination has bits set outside the mask: a host, not a network.</summary>
    public bool HasHostBits
    {
        get
        {
            Span<byte> destination = stackalloc byte[4];
            Span<byte> mask = stackalloc byte[4];
            Destination.WriteBytes(destination);
            Mask.WriteBytes(mask);
            for (int i = 0; i < 4; i++)
            {
                if ((destination[i] & ~mask[i]) != 0)
                    return true;
            }
            return false;
        }
    }
}
