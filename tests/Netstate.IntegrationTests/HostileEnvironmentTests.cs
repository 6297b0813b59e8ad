using System.Net;
using System.Net.Sockets;
using Netstate.IntegrationTests.TestBed;

namespace Netstate.IntegrationTests;

/// <summary>
/// The built netstate run against a hostile or broken environment: files that are FIFOs or
/// devices, a time zone that is /dev/zero, a DNS server that never answers, filters built to
/// exhaust the stack. Each ends with a clear line, never a hang or a crash.
/// </summary>
public sealed class HostileEnvironmentTests : IDisposable
{
    private readonly NetworkNamespace _ns = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("netstate-environment-").FullName;

    [Fact]
    public void A_proc_root_of_fifos_and_devices_is_refused_file_by_file_without_hanging()
    {
        string net = Directory.CreateDirectory(Path.Combine(_directory, "proc", "net")).FullName;
        Assert.Equal(0, ProcessResult.Run("mkfifo", [Path.Combine(net, "tcp")]).ExitCode);
        File.CreateSymbolicLink(Path.Combine(net, "tcp6"), "/dev/zero");

        ProcessResult result = Tools.Netstate(_ns, "--proc-root", Path.Combine(_directory, "proc"), "-tan");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"netstate: warning: cannot read {net}/tcp: it is a FIFO, not a regular file\n", result.Stderr, StringComparison.Ordinal);
        Assert.Contains($"netstate: warning: cannot read {net}/tcp6: it is a character device, not a regular file\n", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/dev/zero", "a character device")]
    [InlineData("fifo", "a FIFO")]
    public void A_time_zone_that_is_no_file_falls_back_to_utc_with_a_warning(string zone, string kind)
    {
        string path = zone == "fifo" ? Path.Combine(_directory, "zone") : zone;
        if (zone == "fifo")
            Assert.Equal(0, ProcessResult.Run("mkfifo", [path]).ExitCode);

        ProcessResult result = _ns.Run(() => ProcessResult.Run(Tools.NetstateBinary, ["-tan", "--json"],
            new Dictionary<string, string> { ["TZ"] = path }));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"netstate: warning: TZ: {path} is {kind}, not a time zone file; times are shown in UTC\n", result.Stderr);
        Assert.Matches("\"taken_at\": \"[^\"]+\\+00:00\"", result.Stdout);
    }

    [Fact]
    public void A_host_name_in_a_filter_gets_the_resolve_timeout_and_a_dead_server_is_a_timeout()
    {
        // A resolver pointed at a UDP port in the namespace that takes queries and never answers.
        using Socket deadServer = _ns.Run(() =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 53));
            return socket;
        });
        string resolvConf = Path.Combine(_directory, "resolv.conf");
        File.WriteAllText(resolvConf, "nameserver 127.0.0.1\noptions timeout:30 attempts:1\n");
        string netstate = $"{Tools.NetstateBinary}";

        // The filter comes first: --resolve-timeout applies wherever it is written.
        ProcessResult result = _ns.Run(() => ProcessResult.Run(Tools.Require("unshare", "util-linux"),
            ["-m", "sh", "-c", $"mount --bind {resolvConf} /etc/resolv.conf && exec {netstate} -tan --filter 'dst no-such-host.netstate.test' --resolve-timeout 0.5"]));

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("netstate: filter: host 'no-such-host.netstate.test' got no answer from the resolver in 0.5 s; give an address, or more time with --resolve-timeout",
            result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("(", 15_000)]
    [InlineData("!", 30_000)]
    public void A_filter_nested_beyond_the_limit_is_a_caret_error_not_a_crash(string level, int times)
    {
        string filter = string.Concat(Enumerable.Repeat(level, times)) + " sport = 22";

        ProcessResult result = Tools.Netstate(_ns, "-tan", filter);

        Assert.Equal(2, result.ExitCode);
        string[] lines = result.Stderr.Split('\n');
        Assert.Equal("netstate: filter: the filter nests '(' and 'not' more than 100 deep (see docs/filters.md or 'netstate --help')", lines[0]);
        Assert.Equal(new string(' ', 2 + 100) + "^", lines[2]);
    }

    [Fact]
    public void An_interval_of_0_is_refused_with_a_message_that_says_what_is_allowed()
    {
        ProcessResult result = Tools.Netstate(_ns, "-tan", "-c", "0");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("netstate: -c needs a number of seconds above 0 and up to 86400 (such as 0.5 or 5), not '0' (see 'netstate --help')\n", result.Stderr);
    }

    public void Dispose()
    {
        _ns.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
