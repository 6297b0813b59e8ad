using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Netstate.IntegrationTests.TestBed;

namespace Netstate.IntegrationTests;

/// <summary>
/// <c>netstate who</c> on real sockets in a private namespace. The test process itself holds them,
/// so the expected PID, user and command line are this process's own.
/// </summary>
public sealed class WhoTests : IDisposable
{
    private readonly NetworkNamespace _namespace = new();
    private readonly HeldSockets _held = new();

    public WhoTests()
    {
        _namespace.Run(() =>
        {
            Socket listener = Hold(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 7070));
            listener.Listen(8);
            for (int i = 0; i < 2; i++)
            {
                Hold(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)).Connect(IPAddress.Loopback, 7070);
                Hold(listener.Accept());
            }
            Socket udp = Hold(new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp));
            udp.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 7171));

            // TIME_WAIT on port 7272: no process holds it.
            Socket other = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            other.Bind(new IPEndPoint(IPAddress.Loopback, 7272));
            other.Listen(1);
            var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            client.Connect(IPAddress.Loopback, 7272);
            Socket accepted = other.Accept();
            accepted.Close();
            Thread.Sleep(50);
            client.Close();
            other.Close();
        });
    }

    private Socket Hold(Socket socket) => _held.Hold(socket);

    private static string OwnPid => Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

    /// <summary>The name netstat would show for this process: argv[0], its basename when it is a path.</summary>
    private static string OwnProgramName
    {
        get
        {
            string argv0 = File.ReadAllText("/proc/self/cmdline").Split('\0')[0];
            return argv0.StartsWith('/') ? argv0[(argv0.LastIndexOf('/') + 1)..] : argv0;
        }
    }

    [Theory]
    [InlineData("7070")]
    [InlineData(":7070")]
    [InlineData("127.0.0.1:7070")]
    public void A_port_names_its_process_with_user_start_time_command_line_and_peers(string target)
    {
        ProcessResult who = Tools.Netstate(_namespace, "who", target);

        Assert.True(who.ExitCode == 0, who.Stderr);
        string[] lines = who.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // The clients are this process too: serving and connecting, apart, as lsof -i :PORT lists both ends.
        string port = target.Split(':')[^1];
        string what = target.Contains(':', StringComparison.Ordinal) ? target : $"port {port}";
        Assert.Equal($"serving {what}:", lines[0]);
        Assert.Matches($@"^{System.Text.RegularExpressions.Regex.Escape(OwnProgramName)} \(PID {OwnPid}, user root, started \d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d, .+ ago\)$", lines[1]);
        Assert.StartsWith("  command: ", lines[2], StringComparison.Ordinal);
        Assert.Contains(Path.GetFileName(Environment.GetCommandLineArgs()[0]), lines[2], StringComparison.Ordinal);
        Assert.Equal("  tcp    LISTEN       127.0.0.1:7070  (2 connected peers)", lines[3]);
        Assert.Equal(2, lines.Count(l => l.StartsWith("  tcp    ESTABLISHED  127.0.0.1:7070 -> 127.0.0.1:", StringComparison.Ordinal)));
        Assert.Equal($"connecting to {what}:", lines[6]);
        Assert.Equal(lines[1], lines[7]);
        Assert.Equal(2, lines.Count(l => l.StartsWith("  tcp    ESTABLISHED  127.0.0.1:", StringComparison.Ordinal) && l.EndsWith(" -> 127.0.0.1:7070", StringComparison.Ordinal)));
        Assert.Equal(11, lines.Length);
    }

    [Fact]
    public void A_connected_unix_socket_names_its_peer()
    {
        string name = "netstate-who-peer-" + OwnPid;
        _namespace.Run(() =>
        {
            Socket listener = Hold(new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified));
            listener.Bind(new UnixDomainSocketEndPoint("\0" + name));
            listener.Listen(1);
            Hold(new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)).Connect(new UnixDomainSocketEndPoint("\0" + name));
            Hold(listener.Accept());
        });
        ProcessResult who = Tools.Netstate(_namespace, "who", OwnPid);
        Assert.True(who.ExitCode == 0, who.Stderr);
        // The accepted end (bound to the name) and the client end (unnamed) point at each other.
        Assert.Contains(who.Stdout.Split('\n'), l => l.StartsWith($"  unix   CONNECTED    @{name} -> peer {OwnProgramName} (PID {OwnPid}), inode ", StringComparison.Ordinal));
        Assert.Contains(who.Stdout.Split('\n'), l => l.StartsWith($"  unix   CONNECTED    (unnamed) -> peer {OwnProgramName} (PID {OwnPid}), inode ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("-n")]
    [InlineData("--numeric")]
    public void Numeric_shows_the_user_as_a_number(string flag)
    {
        ProcessResult who = Tools.Netstate(_namespace, "who", flag, "7070");

        Assert.True(who.ExitCode == 0, who.Stderr);
        string uid = File.ReadAllLines("/proc/self/status").Single(l => l.StartsWith("Uid:", StringComparison.Ordinal)).Split('\t')[1];
        Assert.Matches($@"(?m)^\S+ \(PID {OwnPid}, user {uid}, started ", who.Stdout);
    }

    [Fact]
    public void An_ipv6_address_and_port_finds_the_udp_socket()
    {
        ProcessResult who = Tools.Netstate(_namespace, "who", "[::1]:7171");
        Assert.True(who.ExitCode == 0, who.Stderr);
        Assert.EndsWith("\n  udp6   CLOSE        [::1]:7171\n", who.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pid_or_a_program_name_lists_every_socket_the_process_holds()
    {
        foreach (string target in new[] { OwnPid, OwnProgramName })
        {
            ProcessResult who = Tools.Netstate(_namespace, "who", target);
            Assert.True(who.ExitCode == 0, who.Stderr);
            Assert.Contains("127.0.0.1:7070  (2 connected peers)", who.Stdout, StringComparison.Ordinal);
            Assert.Contains("[::1]:7171", who.Stdout, StringComparison.Ordinal);
            // The client ends of the two connections are this process's too.
            Assert.Equal(4, who.Stdout.Split('\n').Count(l => l.Contains("ESTABLISHED", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public void A_socket_no_process_holds_is_listed_as_such()
    {
        ProcessResult who = Tools.Netstate(_namespace, "who", "7272");
        Assert.True(who.ExitCode == 0, who.Stderr);
        Assert.StartsWith("no owning process (held by the kernel: TIME_WAIT, orphaned or not yet accepted)\n  tcp    TIME_WAIT    127.0.0.1:", who.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void An_owner_that_could_not_be_read_is_said_so_and_why_not_blamed_on_the_kernel()
    {
        // Root without CAP_SYS_PTRACE may not read the descriptors of a process with more capabilities
        // (this test process): the listener's owner exists but cannot be seen.
        ProcessResult who = _namespace.Run(() => ProcessResult.Run(Tools.Require("setpriv", "util-linux"),
            ["--bounding-set=-sys_ptrace,-dac_read_search,-dac_override", "--", Tools.NetstateBinary, "who", "7070"]));

        Assert.True(who.ExitCode == 0, who.Stderr);
        // The listener has a client, so who shows the serving and the connecting side apart.
        Assert.Matches(@"^serving port 7070:\nowner not known: \d+ process(es)? could not be inspected \(PIDs? [0-9, .]+: permission denied even to root: "
            + @"a security module, a missing capability \(CAP_SYS_PTRACE\) or another user namespace\)\n  tcp    LISTEN       127\.0\.0\.1:7070 ", who.Stdout);
        // Only sockets without a file (inode 0) are the kernel's own.
        Assert.DoesNotContain("held by the kernel", who.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void As_nobody_a_name_search_that_finds_nothing_says_processes_were_hidden()
    {
        // This process holds sockets, but nobody may not read its descriptors.
        ProcessResult who = _namespace.Run(() => ProcessResult.Run(Tools.Require("setpriv", "util-linux"),
            ["--reuid=65534", "--regid=65534", "--clear-groups", "env", "HOME=/tmp", Tools.NetstateBinary, "who", OwnProgramName]));

        Assert.Equal(1, who.ExitCode);
        Assert.StartsWith($"netstate: no process named '{OwnProgramName}' holds a socket; ", who.Stderr, StringComparison.Ordinal);
        Assert.Matches(@"; \d+ process(es)? could not be inspected \(PIDs? [0-9, .]+: permission denied; run as root to see them\)\n$", who.Stderr);
    }

    [Theory]
    [InlineData("7999", "netstate: nothing uses port 7999, and no process 7999 holds a socket\n")]
    [InlineData(":7999", "netstate: nothing uses :7999\n")]
    [InlineData("127.0.0.2:7070", "netstate: nothing uses 127.0.0.2:7070\n")]
    [InlineData("no-such-program", "netstate: no process named 'no-such-program' holds a socket\n")]
    public void Nothing_matching_exits_1_for_scripts(string target, string message)
    {
        ProcessResult who = Tools.Netstate(_namespace, "who", target);
        Assert.Equal(1, who.ExitCode);
        Assert.Equal("", who.Stdout);
        Assert.Equal(message, who.Stderr);
    }

    [Theory]
    [InlineData(new string[0], "netstate: 'netstate who' takes one port, address:port, PID or program name (for example: netstate who 8080)\n")]
    [InlineData(new[] { "1", "2" }, "netstate: 'netstate who' takes one port, address:port, PID or program name (for example: netstate who 8080)\n")]
    [InlineData(new[] { "1.2.3.4:99999" }, "netstate: '1.2.3.4:99999' is not a port or address:port: port '99999' is out of range (0-65535) (for example :8080, 127.0.0.1:8080 or [::1]:8080)\n")]
    public void A_bad_target_is_a_usage_error(string[] arguments, string message)
    {
        ProcessResult who = Tools.Netstate(_namespace, ["who", .. arguments]);
        Assert.Equal(2, who.ExitCode);
        Assert.Equal(message, who.Stderr);
    }

    [Fact]
    public void A_hostile_command_line_is_escaped_and_cannot_fake_a_line()
    {
        // bash connects fd 3 to the listener, then execs sleep under an argv[0] with ESC and a newline.
        const string Argv0 = "evil\u001b[31m\nfake line";
        using var holder = _namespace.Run(() => System.Diagnostics.Process.Start("bash",
            ["-c", "exec 3<>/dev/tcp/127.0.0.1/7070; exec -a \"$0\" sleep 30", Argv0]))!;
        try
        {
            string pid = holder.Id.ToString(CultureInfo.InvariantCulture);
            ProcessResult result = new(1, "", "");
            for (int attempt = 0; attempt < 50 && !result.Stdout.Contains("command:", StringComparison.Ordinal); attempt++)
            {
                Thread.Sleep(100);
                result = Tools.Netstate(_namespace, "who", pid);
            }
            Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
            Assert.Contains("  command: evil\\x1B[31m\\x0Afake line 30\n", result.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain('\u001b', result.Stdout);
            Assert.DoesNotContain("\nfake line", result.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            holder.Kill();
        }
    }

    public void Dispose()
    {
        _held.CloseAll(_namespace);
        _namespace.Dispose();
    }
}
