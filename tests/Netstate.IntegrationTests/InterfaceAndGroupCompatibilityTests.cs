using System.Net;
using System.Net.Sockets;
using Netstate.IntegrationTests.TestBed;

namespace Netstate.IntegrationTests;

/// <summary>
/// A private namespace with veth pairs (some up, some down, one with a 15-byte name, one with an
/// MTU of 9000, an address label lo:7), IPv4 and IPv6 addresses (a broadcast address, a
/// point-to-point peer, a v4-mapped IPv6 address), a tun device (no link address), traffic on lo and
/// multicast groups joined by real sockets.
/// </summary>
public sealed class InterfaceBed : IDisposable
{
    private readonly List<Socket> _members = [];

    public InterfaceBed()
    {
        Namespace = new NetworkNamespace();
        Ip("addr", "add", "10.9.8.7/32", "dev", "lo", "label", "lo:7");
        Ip("link", "add", "veth10", "type", "veth", "peer", "name", "veth2");
        Ip("link", "add", "abcdefghijklmno", "type", "veth", "peer", "name", "odd.name-x");
        Ip("link", "set", "veth10", "mtu", "9000", "up");
        Ip("link", "set", "veth2", "up");
        Ip("link", "set", "abcdefghijklmno", "arp", "off");
        Ip("addr", "add", "192.168.5.1/24", "brd", "+", "dev", "veth10");
        Ip("addr", "add", "2001:db8::5/64", "dev", "veth10", "nodad");
        Ip("addr", "add", "10.0.0.1", "peer", "10.0.0.2", "dev", "veth2");
        Ip("addr", "add", "::ffff:1.2.3.4/128", "dev", "veth2", "nodad");
        Ip("addr", "add", "172.16.0.1/16", "dev", "odd.name-x");
        Ip("tuntap", "add", "tun0", "mode", "tun");
        Ip("addr", "add", "172.17.0.1", "peer", "172.17.0.2", "dev", "tun0");
        Ip("link", "set", "tun0", "txqueuelen", "42", "up");
        Namespace.Run(() =>
        {
            // Traffic on lo, so the counters are not all zero.
            using var receiver = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            receiver.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            for (int i = 0; i < 7; i++)
                sender.SendTo(new byte[100], receiver.LocalEndPoint!);
            // 239.1.2.3 twice on lo (refcount 2), 224.0.0.251 on veth10, ff05::1:3 on veth10.
            Join(IPAddress.Parse("239.1.2.3"), "lo");
            Join(IPAddress.Parse("239.1.2.3"), "lo");
            Join(IPAddress.Parse("224.0.0.251"), "veth10");
            var v6 = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp);
            v6.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.AddMembership,
                new IPv6MulticastOption(IPAddress.Parse("ff05::1:3"), IndexOf("veth10")));
            _members.Add(v6);
        });
    }

    public NetworkNamespace Namespace { get; }

    public void Dispose()
    {
        Namespace.Run(() => _members.ForEach(s => s.Dispose()));
        Namespace.Dispose();
    }

    private void Join(IPAddress group, string device)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(group, IndexOf(device)));
        _members.Add(socket);
    }

    private static int IndexOf(string device) =>
        int.Parse(File.ReadAllText($"/proc/thread-self/net/igmp6").Split('\n')
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .First(f => f.Length > 1 && f[1] == device)[0], System.Globalization.CultureInfo.InvariantCulture);

    private void Ip(params string[] arguments)
    {
        ProcessResult result = Namespace.Exec("ip", arguments);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"'ip {string.Join(' ', arguments)}' failed in the namespace: {result.Stderr}");
    }
}

/// <summary>
/// netstat -i and -g against netstate in the <see cref="InterfaceBed"/> namespace, line for line.
/// Fresh veths still send IPv6 and IGMP reports for a few seconds, which moves their counters, so a
/// comparison counts only when netstat printed the same thing before and after netstate ran.
/// </summary>
public sealed class InterfaceAndGroupCompatibilityTests : IClassFixture<InterfaceBed>
{
    private readonly InterfaceBed _bed;

    public InterfaceAndGroupCompatibilityTests(InterfaceBed bed) => _bed = bed;

    [Theory]
    [InlineData("-i")]
    [InlineData("-ia")]
    [InlineData("-i", "-a", "-n")]
    [InlineData("--interfaces", "--all")]
    [InlineData("-g")]
    [InlineData("-gn")]
    [InlineData("-g", "-n", "-4")]
    [InlineData("-g", "-n", "-6")]
    [InlineData("-g", "-A", "inet6")]
    [InlineData("--groups", "--numeric")]
    [InlineData("-ie")]
    [InlineData("-iea")]
    [InlineData("-ien")]
    [InlineData("-i", "-e", "-a")]
    [InlineData("--interfaces", "--extend", "--all")]
    public void Output_matches_netstat_line_for_line(params string[] arguments)
    {
        string? lastDifference = null;
        for (int attempt = 0; attempt < 20; attempt++)
        {
            ProcessResult before = Tools.Netstat(_bed.Namespace, arguments);
            ProcessResult netstate = Tools.Netstate(_bed.Namespace, arguments);
            ProcessResult after = Tools.Netstat(_bed.Namespace, arguments);

            Assert.True(before.ExitCode == 0, $"netstat {string.Join(' ', arguments)} failed: {before.Stderr}");
            Assert.True(netstate.ExitCode == 0, $"netstate {string.Join(' ', arguments)} failed: {netstate.Stderr}");
            Assert.Equal("", netstate.Stderr);
            if (before.Stdout != after.Stdout)
            {
                // Counters moved during the run: wait for the namespace to settle.
                Thread.Sleep(500);
                continue;
            }
            if (before.Stdout == netstate.Stdout)
                return;
            lastDifference = $"netstat:\n{before.Stdout}\nnetstate:\n{netstate.Stdout}";
            Thread.Sleep(500);
        }
        Assert.Fail(lastDifference ?? "the namespace never became quiet enough to compare");
    }

    [Fact]
    public void Interface_table_shows_the_bed()
    {
        ProcessResult netstate = Tools.Netstate(_bed.Namespace, "-ia");

        string[] names = netstate.Stdout.Split('\n').Skip(2).Where(l => l.Length > 0).Select(l => l.Split(' ')[0]).ToArray();
        Assert.Equal(["abcdefghijklmno", "lo", "lo:7", "odd.name-x", "tun0", "veth2", "veth10"], names);
        Assert.Contains("lo:7            65536      - no statistics available -                        LRU\n", netstate.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("0      0      0 0             0      0      0      0 LRU", netstate.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Ifconfig_listing_shows_the_bed()
    {
        ProcessResult netstate = Tools.Netstate(_bed.Namespace, "-iea");

        Assert.Equal(0, netstate.ExitCode);
        Assert.Contains("veth10: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 9000\n        inet 192.168.5.1  netmask 255.255.255.0  broadcast 192.168.5.255\n",
            netstate.Stdout, StringComparison.Ordinal);
        Assert.Contains("        inet6 2001:db8::5  prefixlen 64  scopeid 0x0<global>\n", netstate.Stdout, StringComparison.Ordinal);
        Assert.Contains("        inet 10.0.0.1  netmask 255.255.255.255  broadcast 0.0.0.0\n", netstate.Stdout, StringComparison.Ordinal);
        Assert.Contains("tun0: flags=4241<UP,POINTOPOINT,NOARP,MULTICAST>  mtu 1500\n        inet 172.17.0.1  netmask 255.255.255.255  destination 172.17.0.2\n",
            netstate.Stdout, StringComparison.Ordinal);
        Assert.Contains("        inet6 1.2.3.4  prefixlen 128  scopeid 0x0<global>\n", netstate.Stdout, StringComparison.Ordinal);
        Assert.Contains("lo:7: flags=73<UP,LOOPBACK,RUNNING>  mtu 65536\n        inet 10.9.8.7  netmask 255.255.255.255\n        loop  txqueuelen 1000  (Local Loopback)\n\n",
            netstate.Stdout, StringComparison.Ordinal);
        Assert.Contains("        unspec 00-00-00-00-00-00-00-00-00-00-00-00-00-00-00-00  txqueuelen 42  (UNSPEC)\n", netstate.Stdout, StringComparison.Ordinal);
        Assert.Contains("abcdefghijklmno: flags=4226<BROADCAST,NOARP,MULTICAST>  mtu 1500\n", netstate.Stdout, StringComparison.Ordinal);
        // lo carried the bed's 7 datagrams (and, by now, multicast reports of its own).
        System.Text.RegularExpressions.Match lo = System.Text.RegularExpressions.Regex.Match(netstate.Stdout,
            @"\nlo: flags=73<UP,LOOPBACK,RUNNING>  mtu 65536\n(?:.*\n)*?        RX packets (\d+)  bytes \d+ \(\d+\.\d (?:B|KiB)\)\n");
        Assert.True(lo.Success, netstate.Stdout);
        Assert.True(int.Parse(lo.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 7, lo.Value);
    }

    [Fact]
    public void Group_table_shows_the_joined_groups()
    {
        ProcessResult netstate = Tools.Netstate(_bed.Namespace, "-gn");

        Assert.Contains("lo              2      239.1.2.3\n", netstate.Stdout, StringComparison.Ordinal);
        Assert.Contains("veth10          1      224.0.0.251\n", netstate.Stdout, StringComparison.Ordinal);
        Assert.Contains("veth10          1      ff05::1:3\n", netstate.Stdout, StringComparison.Ordinal);
    }
}
