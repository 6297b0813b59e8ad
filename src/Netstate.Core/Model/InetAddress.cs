using System.Buffers.Binary;
using System.Net;

namespace Netstate.Core.Model;

/// <summary>
/// An IPv4 or IPv6 address held inline (no heap object per socket). Bytes are kept in network
/// order: <see cref="_high"/> holds bytes 0-7, <see cref="_low"/> bytes 8-15; an IPv4 address sits
/// in the low four bytes of <see cref="_low"/>.
/// </summary>
public readonly struct InetAddress : IEquatable<InetAddress>
{
    private readonly ulong _high;
    private readonly ulong _low;

    private InetAddress(ulong high, ulong low, bool isV6)
    {
        _high = high;
        _low = low;
        IsV6 = isV6;
    }

    /// <summary>True for an IPv6 address (including an IPv4-mapped one), false for IPv4.</summary>
    public bool IsV6 { get; }

    /// <summary>Bytes 0-7 in network order (0 for IPv4); lets filters compare prefixes with two masks.</summary>
    internal ulong High => _high;

    /// <summary>Bytes 8-15 in network order; an IPv4 address is the low 32 bits.</summary>
    internal ulong Low => _low;

    /// <summary>The IPv4 wildcard address 0.0.0.0.</summary>
    public static InetAddress AnyV4 => default;

    /// <summary>The IPv6 wildcard address ::.</summary>
    public static InetAddress AnyV6 => new(0, 0, true);

    /// <summary>An IPv4 address from its four bytes in network order.</summary>
    public static InetAddress FromV4(ReadOnlySpan<byte> bytes) =>
        new(0, BinaryPrimitives.ReadUInt32BigEndian(bytes), false);

    /// <summary>An IPv6 address from its sixteen bytes in network order.</summary>
    public static InetAddress FromV6(ReadOnlySpan<byte> bytes) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]), true);

    /// <summary>The address an <see cref="IPAddress"/> holds (its IPv6 scope id is not kept).</summary>
    public static InetAddress FromIPAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out int written);
        return written == 4 ? FromV4(bytes[..4]) : FromV6(bytes);
    }

    /// <summary>True for 0.0.0.0 and ::, the address of a socket bound to every interface.</summary>
    public bool IsUnspecified => _high == 0 && _low == 0;

    /// <summary>True for ::ffff:a.b.c.d, the form a dual-stack socket reports for IPv4 peers.</summary>
    public bool IsV4Mapped => IsV6 && _high == 0 && (_low >> 32) == 0xFFFF;

    /// <summary>The embedded IPv4 address of a v4-mapped IPv6 address.</summary>
    public InetAddress MappedV4 => new(0, _low & 0xFFFF_FFFF, false);

    /// <summary>Writes the address bytes in network order; returns 4 or 16.</summary>
    public int WriteBytes(Span<byte> destination)
    {
        if (!IsV6)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)_low);
            return 4;
        }
        BinaryPrimitives.WriteUInt64BigEndian(destination, _high);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _low);
        return 16;
    }

    /// <summary>The address as an <see cref="IPAddress"/> of the same family.</summary>
    public IPAddress ToIPAddress()
    {
        Span<byte> bytes = stackalloc byte[16];
        return new IPAddress(bytes[..WriteBytes(bytes)]);
    }

    /// <summary>Text as glibc's inet_ntop writes it, which is what netstat and ss print.</summary>
    public override string ToString() => InetAddressFormatter.Format(this);

    /// <summary>True when both hold the same family and bytes (an IPv4 address never equals its IPv4-mapped IPv6 form).</summary>
    public bool Equals(InetAddress other) => _high == other._high && _low == other._low && IsV6 == other.IsV6;

    /// <summary>True when <paramref name="obj"/> is an equal <see cref="InetAddress"/>.</summary>
    public override bool Equals(object? obj) => obj is InetAddress other && Equals(other);

    /// <summary>A hash of the family and bytes.</summary>
    public override int GetHashCode() => HashCode.Combine(_high, _low, IsV6);

    /// <summary>True when both hold the same family and bytes.</summary>
    public static bool operator ==(InetAddress left, InetAddress right) => left.Equals(right);

    /// <summary>True when the family or the bytes differ.</summary>
    public static bool operator !=(InetAddress left, InetAddress right) => !left.Equals(right);
}
