using System.Globalization;
using Netstate.Core.Model;

namespace Netstate.Core.Query;

/// <summary>
/// The address part of <c>src</c>/<c>dst</c>/<c>addr</c>: any address, an address, or a CIDR prefix,
/// with masks precomputed so a match is a few XORs. As in the kernel's inet_diag filter, an IPv4
/// pattern also matches IPv4-mapped IPv6 addresses (::ffff:a.b.c.d), an IPv6 pattern never an IPv4 socket.
/// </summary>
internal sealed class AddressPattern
{
    private readonly ulong _high;
    private readonly ulong _low;
    private readonly ulong _highMask;
    private readonly ulong _lowMask;

    private AddressPattern(InetAddress address, int prefixLength, string text)
    {
        Address = address;
        PrefixLength = prefixLength;
        Text = text;
        if (address.IsV6)
        {
            _highMask = prefixLength == 0 ? 0 : ulong.MaxValue << (64 - Math.Min(prefixLength, 64));
            _lowMask = prefixLength <= 64 ? 0 : ulong.MaxValue << (128 - prefixLength);
        }
        else
        {
            _lowMask = prefixLength == 0 ? 0 : (0xFFFF_FFFFUL << (32 - prefixLength)) & 0xFFFF_FFFFUL;
        }
        _high = address.High & _highMask;
        _low = address.Low & _lowMask;
    }

    /// <summary>The network address (for a prefix) or the address.</summary>
    public InetAddress Address { get; }

    /// <summary>32 or 128 for one address.</summary>
    public int PrefixLength { get; }

    /// <summary>As written, for describing the expression.</summary>
    public string Text { get; }

    /// <summary>Parses <c>a.b.c.d</c>, an IPv6 address, either with <c>/len</c>; null when it is neither.</summary>
    public static AddressPattern? TryParse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        string addressText = slash < 0 ? text : text[..slash];
        if (!System.Net.IPAddress.TryParse(addressText, out System.Net.IPAddress? ip)
            || ip.AddressFamily is not (System.Net.Sockets.AddressFamily.InterNetwork or System.Net.Sockets.AddressFamily.InterNetworkV6)
            || (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && ip.ScopeId != 0))
            return null;
        // IPAddress.TryParse accepts "1" or "1.2" as IPv4 shorthands; a filter address should be written out.
        if (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && addressText.Count(c => c == '.') != 3)
            return null;
        InetAddress address = InetAddress.FromIPAddress(ip);
        int maximum = address.IsV6 ? 128 : 32;
        int length = maximum;
        if (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out length) || length > maximum))
            return null;
        return new AddressPattern(address, length, text);
    }

    /// <summary>A pattern for one resolved address.</summary>
    public static AddressPattern Of(InetAddress address, string text) => new(address, address.IsV6 ? 128 : 32, text);

    public bool Matches(InetAddress address)
    {
        if (Address.IsV6 == address.IsV6)
            return ((address.High ^ _high) & _highMask) == 0 && ((address.Low ^ _low) & _lowMask) == 0;
        // An IPv4 rule matches a dual-stack socket's IPv4 peer, seen as ::ffff:a.b.c.d.
        return !Address.IsV6 && address.IsV4Mapped && ((address.MappedV4.Low ^ _low) & _lowMask) == 0;
    }

    public override string ToString() => Text;
}
