using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Netstate.IntegrationTests.TestBed;

namespace Netstate.IntegrationTests;

/// <summary>
/// netstat's classic hang: without -n it asks DNS for every address, one after another, and a dead
/// DNS server stalls it for the resolver's full timeout each time. netstate gives all lookups one
/// deadline. Here the namespace's only "DNS server" is a UDP socket that never answers.
/// </summary>
public sealed class NameResolutionTests : IDisposable
{
    private readonly NetworkNamespace _ns = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("netstate-dns-").FullName;
    private readonly List<Socket> _held = [];

    [Fact]
    public void A_dead_dns_server_delays_the_listing_by_the_deadline_only()
    {
        _ns.Run(() =>
        {
            var deadDns = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            deadDns.Bind(new IPEndPoint(IPAddress.Loopback, 53));
            var listener = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 9000)); // ::1 is not in /etc/hosts: DNS is asked
            listener.Listen(1);
            var local = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            local.Bind(new IPEndPoint(IPAddress.Loopback, 10050)); // 127.0.0.1 is: "localhost"
            local.Listen(1);
            _held.AddRange([deadDns, listener, local]);
        });
        string resolvConf = Path.Combine(_directory, "resolv.conf");
        File.WriteAllText(resolvConf, "nameserver 127.0.0.1\noptions timeout:3 attempts:2\n");

        (ProcessResult netstat, TimeSpan netstatTime) = WithDeadDns(resolvConf, Tools.Require("netstat", "net-tools"), "-tl");
        (ProcessResult netstate, TimeSpan netstateTime) = WithDeadDns(resolvConf, Tools.NetstateBinary, "-tl", "--resolve-timeout", "0.5");

        Assert.True(netstatTime > TimeSpan.FromSeconds(5), $"the dead DNS server should stall netstat (took {netstatTime})");
        Assert.True(netstateTime < netstatTime / 2, $"netstate took {netstateTime}, netstat {netstatTime}");
        Assert.Equal(0, netstate.ExitCode);
        Assert.True(netstate.Stdout.Contains("::1:9000 ", StringComparison.Ordinal), $"netstate:\n{netstate.Stdout}{netstate.Stderr}\nnetstat:\n{netstat.Stdout}{netstat.Stderr}");
        Assert.Contains("localhost:zabbix-agent", netstate.Stdout, StringComparison.Ordinal);
        Assert.Contains("::1:9000 ", netstate.Stdout, StringComparison.Ordinal);
        Assert.Equal(netstat.Stdout, netstate.Stdout);
    }

    /// <summary>Runs a program in the namespace with a private mount of resolv.conf.</summary>
    private (ProcessResult Result, TimeSpan Elapsed) WithDeadDns(string resolvConf, params string[] command)
    {
        string script = "mount --bind \"$0\" /etc/resolv.conf && exec \"$@\"";
        var clock = Stopwatch.StartNew();
        ProcessResult result = _ns.Run(() => ProcessResult.Run(Tools.Require("unshare", "util-linux"), ["-m", "sh", "-c", script, resolvConf, .. command]));
        return (result, clock.Elapsed);
    }

    public void Dispose()
    {
        _ns.Run(() => _held.ForEach(s => s.Dispose()));
        _ns.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
