using System.Net;
using System.Net.Sockets;
using Netstate.IntegrationTests.TestBed;

namespace Netstate.IntegrationTests;

/// <summary>Text written by other users (process names, socket paths) must not reach the terminal raw.</summary>
public sealed class HostileInputTests : IDisposable
{
    private const string Escape = "\u001b";
    private readonly NetworkNamespace _ns = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("netstate-hostile-").FullName;
    private readonly List<Socket> _held = [];

    [Fact]
    public void A_process_named_with_an_escape_sequence_is_shown_with_dots_as_netstat_does()
    {
        Socket listener = _ns.Run(() =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 7000));
            socket.Listen(4);
            return socket;
        });
        _held.Add(listener);
        // bash opens fd 3 to the listener, then becomes 'sleep' with a hostile argv[0], keeping fd 3.
        using var holder = _ns.Run(() => System.Diagnostics.Process.Start("bash",
            ["-c", "exec 3<>/dev/tcp/127.0.0.1/7000; exec -a $'\\e[31mred\\nfake' sleep 30"]));
        try
        {
            string netstate = WaitForRow(() => Tools.Netstate(_ns, "-tnp").Stdout, "127.0.0.1:7000");
            string netstat = Tools.Netstat(_ns, "-tnp").Stdout;

            Assert.DoesNotContain(Escape, netstate, StringComparison.Ordinal);
            Assert.Contains($"{holder.Id}/.[31mred.fake", netstate, StringComparison.Ordinal);
            // Debian's net-tools 2.10 prints the name raw: the ESC recolours the terminal and the
            // newline fakes a line. Current upstream net-tools prints dots; so does netstate.
            Assert.Contains($"{holder.Id}/{Escape}[31mred\nfake", netstat, StringComparison.Ordinal);
            Assert.Equal(netstat.Replace($"{Escape}[31mred\nfake", ".[31mred.fake", StringComparison.Ordinal), netstate);
        }
        finally
        {
            holder.Kill();
        }
    }

    [Fact]
    public void Unix_paths_with_control_characters_are_escaped_and_spaces_kept()
    {
        string hostile = Path.Combine(_directory, $"evil{Escape}[2J name.sock");
        _held.Add(_ns.Run(() =>
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.Bind(new UnixDomainSocketEndPoint(hostile));
            socket.Listen(1);
            return socket;
        }));

        ProcessResult result = Tools.Netstate(_ns, "-xl");

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain(Escape, result.Stdout, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_directory, "evil\\x1B[2J name.sock"), result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_host_name_with_an_escape_sequence_is_escaped()
    {
        _held.Add(_ns.Run(() =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.5"), 7000));
            socket.Listen(1);
            return socket;
        }));
        // A hosts file (or a PTR record) naming 127.0.0.5 with an escape sequence, seen only by this run.
        string hosts = Path.Combine(_directory, "hosts");
        File.WriteAllText(hosts, $"127.0.0.1 localhost\n127.0.0.5 evil{Escape}[31mred\n");
        string script = "mount --bind \"$0\" /etc/hosts && exec \"$@\"";
        ProcessResult result = _ns.Run(() => ProcessResult.Run(Tools.Require("unshare", "util-linux"),
            ["-m", "sh", "-c", script, hosts, Tools.NetstateBinary, "-tl", "--numeric-ports"]));

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain(Escape, result.Stdout, StringComparison.Ordinal);
        Assert.Contains("evil\\x1B[31mred:7000", result.Stdout, StringComparison.Ordinal);
    }

    private static string WaitForRow(Func<string> list, string needle)
    {
        for (int attempt = 0; attempt < 50; attempt++)
        {
            string output = list();
            if (output.Split('\n').Any(l => l.Contains(needle, StringComparison.Ordinal) && l.Contains("ESTABLISHED", StringComparison.Ordinal)))
                return output;
            Thread.Sleep(100);
        }
        throw new InvalidOperationException($"no established connection to {needle} appeared");
    }

    public void Dispose()
    {
        _ns.Run(() => _held.ForEach(s => s.Dispose()));
        _ns.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
