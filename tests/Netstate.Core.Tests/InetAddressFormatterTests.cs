using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Netstate.Core.Model;

namespace Netstate.Core.Tests;

public sealed partial class InetAddressFormatterTests
{
    /// <summary>Expected text is what glibc 2.36's inet_ntop printed for each address (python3 socket.inet_ntop).</summary>
    [Theory]
    [InlineData("::", "::")]
    [InlineData("::1", "::1")]
    [InlineData("::2", "::2")]
    [InlineData("::ffff:1.2.3.4", "::ffff:1.2.3.4")]
    [InlineData("::ffff:255.255.255.255", "::ffff:255.255.255.255")]
    [InlineData("::ffff:0:0", "::ffff:0.0.0.0")]
    [InlineData("::ffff:0.0.0.1", "::ffff:0.0.0.1")]
    [InlineData("::ffff:1:2", "::ffff:0.1.0.2")]
    [InlineData("::1.2.3.4", "::1.2.3.4")]                 // IPv4-compatible: six zero groups
    [InlineData("::1:0", "::0.1.0.0")]                     // six zero groups, so glibc dots it too
    [InlineData("::0.0.1.0", "::100")]                     // seven zero groups: not dotted
    [InlineData("::1:0:0", "::1:0:0")]
    [InlineData("::fffe:1.2.3.4", "::fffe:102:304")]       // only ffff marks a mapped address
    [InlineData("::ffff:0:1.2.3.4", "::ffff:0:102:304")]   // SIIT form: glibc does not dot it
    [InlineData("0:0:0:0:1:ffff:102:304", "::1:ffff:102:304")]
    [InlineData("ffff::ffff:1.2.3.4", "ffff::ffff:102:304")]
    [InlineData("64:ff9b::1.2.3.4", "64:ff9b::102:304")]
    [InlineData("1::", "1::")]
    [InlineData("ffff::", "ffff::")]
    [InlineData("0:0:1::", "0:0:1::")]
    [InlineData("1:0:0:1::1", "1:0:0:1::1")]               // the longest run wins
    [InlineData("1:0:0:1:0:0:1:1", "1::1:0:0:1:1")]        // of equal runs, the first wins
    [InlineData("1:0:0:0:1:0:0:0", "1::1:0:0:0")]
    [InlineData("2001:db8::1:0:0:1", "2001:db8::1:0:0:1")]
    [InlineData("1:0:1:1:1:1:1:1", "1:0:1:1:1:1:1:1")]     // a single zero group is not compressed
    [InlineData("1:1:1:1:1:1:1:0", "1:1:1:1:1:1:1:0")]
    [InlineData("0:1:1:1:1:1:1:1", "0:1:1:1:1:1:1:1")]
    [InlineData("0:1:0:1:0:1:0:1", "0:1:0:1:0:1:0:1")]
    [InlineData("fe80::1", "fe80::1")]
    [InlineData("ABCD:EF01:2345:6789:ABCD:EF01:2345:6789", "abcd:ef01:2345:6789:abcd:ef01:2345:6789")]
    [InlineData("0.0.0.0", "0.0.0.0")]
    [InlineData("10.1.2.3", "10.1.2.3")]
    [InlineData("255.255.255.255", "255.255.255.255")]
    public void Formats_like_glibc_inet_ntop(string address, string expected)
    {
        InetAddress parsed = InetAddress.FromIPAddress(IPAddress.Parse(address));

        Assert.Equal(expected, parsed.ToString());
        Assert.Equal(expected, InetAddressFormatter.Format(parsed));
    }

    [Fact]
    public void Longest_address_fits_the_documented_46_chars()
    {
        InetAddress longest = InetAddress.FromIPAddress(IPAddress.Parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
        Span<char> buffer = stackalloc char[46];

        int length = InetAddressFormatter.Format(longest, buffer);

        Assert.Equal(39, length);
        Assert.Equal("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", new string(buffer[..length]));
        Assert.Equal("::ffff:255.255.255.255".Length,
            InetAddressFormatter.Format(InetAddress.FromIPAddress(IPAddress.Parse("::ffff:255.255.255.255")), buffer));
    }

    /// <summary>Random addresses, biased to zero and ffff groups so every compression rule is hit, against the libc oracle.</summary>
    [Fact]
    public void Random_addresses_match_the_inet_ntop_of_this_machines_libc()
    {
        var random = new Random(20240611);
        byte[] bytes = new byte[16];
        int dotted = 0, compressed = 0;
        for (int n = 0; n < 20_000; n++)
        {
            FillBiased(random, bytes);
            InetAddress address = InetAddress.FromV6(bytes);

            string ours = address.ToString();

            Assert.Equal(LibcInetNtop(AddressFamilyInet6, bytes), ours);
            dotted += ours.Contains('.', StringComparison.Ordinal) ? 1 : 0;
            compressed += ours.Contains("::", StringComparison.Ordinal) ? 1 : 0;
        }
        for (int n = 0; n < 2_000; n++)
        {
            random.NextBytes(bytes.AsSpan(0, 4));
            Assert.Equal(LibcInetNtop(AddressFamilyInet, bytes.AsSpan(0, 4).ToArray()), InetAddress.FromV4(bytes.AsSpan(0, 4)).ToString());
        }
        // The generator must actually have produced the interesting forms.
        Assert.True(dotted > 100, $"only {dotted} dotted forms generated");
        Assert.True(compressed > 10_000, $"only {compressed} compressed forms generated");
    }

    /// <summary>
    /// System.Net reads back every form we print; where its own text can be compared (no embedded IPv4 form is
    /// possible, i.e. the first 64 bits are not all zero) it must print the same text.
    /// </summary>
    [Fact]
    public void Random_addresses_round_trip_through_System_Net_IPAddress()
    {
        var random = new Random(77);
        byte[] bytes = new byte[16];
        int compared = 0;
        for (int n = 0; n < 20_000; n++)
        {
            FillBiased(random, bytes);
            InetAddress address = InetAddress.FromV6(bytes);
            string ours = address.ToString();

            IPAddress reparsed = IPAddress.Parse(ours);
            Assert.Equal(bytes, reparsed.GetAddressBytes());
            Assert.Equal(address, InetAddress.FromIPAddress(reparsed));
            Assert.Equal(reparsed, address.ToIPAddress());

            if (bytes.AsSpan(0, 8).ContainsAnyExcept((byte)0))
            {
                Assert.Equal(reparsed.ToString(), ours);
                compared++;
            }
        }
        Assert.True(compared > 10_000, $"only {compared} addresses compared");
    }

    [Fact]
    public void Ipv4_and_ipv6_any_are_different_addresses()
    {
        Assert.NotEqual(InetAddress.AnyV4, InetAddress.AnyV6);
        Assert.True(InetAddress.AnyV4.IsUnspecified);
        Assert.True(InetAddress.AnyV6.IsUnspecified);
        Assert.Equal("0.0.0.0", InetAddress.AnyV4.ToString());
        Assert.Equal("::", InetAddress.AnyV6.ToString());
        Assert.False(InetAddress.AnyV6.IsV4Mapped);
        Assert.True(InetAddress.FromIPAddress(IPAddress.Parse("::ffff:10.1.2.3")).IsV4Mapped);
        Assert.False(InetAddress.FromIPAddress(IPAddress.Parse("10.1.2.3")).IsV4Mapped);
        Assert.Equal(InetAddress.FromIPAddress(IPAddress.Parse("10.1.2.3")),
            InetAddress.FromIPAddress(IPAddress.Parse("::ffff:10.1.2.3")).MappedV4);
    }

    private static void FillBiased(Random random, byte[] bytes)
    {
        for (int word = 0; word < 8; word++)
        {
            int roll = random.Next(10);
            int value = roll < 5 ? 0 : roll == 5 ? 0xFFFF : roll == 6 ? random.Next(1, 256) : random.Next(1, 0x10000);
            bytes[2 * word] = (byte)(value >> 8);
            bytes[2 * word + 1] = (byte)value;
        }
        int shape = random.Next(10);
        if (shape == 0)
            bytes.AsSpan(0, 10).Clear(); // ::ffff:a.b.c.d candidates
        if (shape == 0 && random.Next(2) == 0)
            bytes[10] = bytes[11] = 0xFF;
        if (shape == 1)
            bytes.AsSpan(0, 12).Clear(); // ::a.b.c.d candidates
    }

    private const int AddressFamilyInet = 2;
    private const int AddressFamilyInet6 = 10;

    private static unsafe string LibcInetNtop(int family, byte[] address)
    {
        byte* text = stackalloc byte[64];
        fixed (byte* source = address)
        {
            nint result = InetNtop(family, source, text, 64);
            Assert.NotEqual(0, result);
        }
        return Marshal.PtrToStringUTF8((nint)text)!;
    }

    [LibraryImport("libc", EntryPoint = "inet_ntop")]
    private static unsafe partial nint InetNtop(int family, byte* source, byte* destination, uint size);
}
