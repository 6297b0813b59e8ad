using System.Globalization;
using Netstate.Core.Model;

namespace Netstate.Core.Vocabulary;

/// <summary>
/// Numeric "address:port" in each dialect (names and column widths are the renderers' business):
/// <list type="bullet">
/// <item>netstat: no brackets, an IPv4-mapped IPv6 address as the IPv4 address, port 0 as "*" (:::22, 127.0.0.1:*);</item>
/// <item>ss: IPv6 in brackets, the unspecified IPv6 address of a dual-stack socket as "*", port 0 as "*" ([::1]:22, *:22);</item>
/// <item>RFC 9293 and the filter language: IPv6 in brackets (RFC 3986), IPv4-mapped as IPv4, port 0 as "*";
/// what who, explain and doctor print, so an endpoint can be pasted back into <c>netstate who</c> or a filter;</item>
/// <item>Windows: IPv6 in brackets, every port as a number ([::]:0).</item>
/// </list>
/// </summary>
public static class EndpointText
{
    /// <summary>Room for any endpoint: brackets, 45 characters of IPv6 text, colon, 5 digits.</summary>
    public const int MaxLength = 54;

    /// <summary>The endpoint as <paramref name="dialect"/> writes it.</summary>
    public static string Format(Endpoint endpoint, Dialect dialect)
    {
        Span<char> text = stackalloc char[MaxLength];
        return new string(text[..Format(endpoint, dialect, text)]);
    }

    /// <summary>Writes the endpoint into <paramref name="destination"/> (at least <see cref="MaxLength"/>); returns the length.</summary>
    /// <param name="endpoint">The address and port.</param>
    /// <param name="dialect">How to write them.</param>
    /// <param name="destination">Where to write.</param>
    /// <param name="dualStack">ss only: the socket accepts IPv4 too (not IPV6_V6ONLY), so an unspecified IPv6 address is "*".</param>
    public static int Format(Endpoint endpoint, Dialect dialect, Span<char> destination, bool dualStack = false)
    {
        int length = WriteHost(endpoint.Address, dialect, destination, dualStack);
        destination[length++] = ':';
        return length + WritePort(endpoint.Port, dialect, destination[length..]);
    }

    /// <summary>
    /// An address on its own, as <paramref name="dialect"/> writes it in a column of addresses: ss in
    /// brackets for IPv6, Windows as the kernel gave it, the others without brackets and with an
    /// IPv4-mapped address as the IPv4 address.
    /// </summary>
    public static string Address(InetAddress address, Dialect dialect)
    {
        Span<char> text = stackalloc char[MaxLength];
        int length = dialect switch
        {
            Dialect.Ss => Bracketed(address, text),
            Dialect.Windows => InetAddressFormatter.Format(address, text),
            _ => InetAddressFormatter.Format(Unmapped(address), text),
        };
        return new string(text[..length]);
    }

    /// <summary>Writes the host part of an endpoint as <paramref name="dialect"/> writes it; returns the length (at most 47).</summary>
    /// <param name="address">The address.</param>
    /// <param name="dialect">How to write it.</param>
    /// <param name="destination">Where to write.</param>
    /// <param name="dualStack">ss only: an unspecified IPv6 address of a dual-stack socket is "*".</param>
    public static int WriteHost(InetAddress address, Dialect dialect, Span<char> destination, bool dualStack = false)
    {
        switch (dialect)
        {
            case Dialect.Netstat:
                return InetAddressFormatter.Format(Unmapped(address), destination);
            case Dialect.Ss when address.IsV6 && address.IsUnspecified && dualStack:
                destination[0] = '*';
                return 1;
            case Dialect.Ss or Dialect.Windows:
                return Bracketed(address, destination);
            default:
                return Bracketed(Unmapped(address), destination);
        }
    }

    /// <summary>Writes the port: a number, or "*" for port 0 except in the Windows dialect.</summary>
    public static int WritePort(ushort port, Dialect dialect, Span<char> destination)
    {
        if (port == 0 && dialect != Dialect.Windows)
        {
            destination[0] = '*';
            return 1;
        }
        port.TryFormat(destination, out int written, default, CultureInfo.InvariantCulture);
        return written;
    }

    /// <summary>An IPv4 peer of a dual-stack socket is the IPv4 address it is.</summary>
    private static InetAddress Unmapped(InetAddress address) => address.IsV4Mapped ? address.MappedV4 : address;

    private static int Bracketed(InetAddress address, Span<char> destination)
    {
        if (!address.IsV6)
            return InetAddressFormatter.Format(address, destination);
        destination[0] = '[';
        int length = 1 + InetAddressFormatter.Format(address, destination[1..]);
        destination[length++] = ']';
        return length;
    }
}
