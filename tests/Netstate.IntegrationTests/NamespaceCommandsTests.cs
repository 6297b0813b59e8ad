using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using Netstate.Core.Kernel;
using Netstate.Core.Platform;
using Netstate.IntegrationTests.TestBed;

namespace Netstate.IntegrationTests;

/// <summary>
/// who, doctor, explain, -s, --summary, -K and --format ss with --net and --all-namespaces, on a
/// named namespace (ip netns add) whose settings differ from the host's, a namespace only one thread
/// of the test is in (found through /proc/PID/task/TID/ns/net), and a process in a PID namespace of
/// its own (unshare --pid --fork). The namespace's own counters are checked against netstat run
/// inside it (nsenter).
/// </summary>
[Collection("namespaces")]
public sealed class NamespaceCommandsTests : IDisposable
{
    private const int Port = 7111;
    private const int FinTimeout = 17;
    private readonly string _name = $"nstest-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-cmd";
    private readonly NetworkNamespace _named;
    private readonly LoopbackConnections _connections;
    private readonly NetworkNamespace _threadOnly = new();

    public NamespaceCommandsTests()
    {
        Check(ProcessResult.Run("ip", ["netns", "add", _name]), "ip netns add");
        Check(ProcessResult.Run("ip", ["netns", "exec", _name, "sysctl", "-qw", $"net.ipv4.tcp_fin_timeout={FinTimeout}"]), "sysctl in the namespace");
        _named = new NetworkNamespace(NamedPath);
        _connections = new LoopbackConnections(_named, Port);
        _connections.Connect();
        _connections.Connect();
    }

    private string NamedPath => $"/run/netns/{_name}";

    /// <summary>The namespace only the test's thread is in: no process, no mount.</summary>
    private string ThreadPath => $"/proc/{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}/task/{_threadOnly.ThreadId.ToString(CultureInfo.InvariantCulture)}/ns/net";

    /// <summary>net:[INODE] of /proc/.../ns/net; of a bind mount (/run/netns/NAME), read from a thread inside it.</summary>
    private string KernelName(string path) => path == NamedPath
        ? _named.Run(() => new FileInfo("/proc/thread-self/ns/net").LinkTarget!)
        : new FileInfo(path).LinkTarget!;

    private static ProcessResult Netstate(params string[] arguments) => ProcessResult.Run(Tools.NetstateBinary, arguments);

    [Fact]
    public void Statistics_are_the_namespaces_own_counters_as_netstat_inside_it_shows_them()
    {
        ProcessResult ours = Netstate("-s", "-t", "--net", _name);
        Assert.True(ours.ExitCode == 0, ours.Stderr);
        Assert.StartsWith($"== netns {_name} ({KernelName(NamedPath)}) ==\n", ours.Stdout, StringComparison.Ordinal);
        // Two connections made inside, nothing else: the host's counters would be far larger.
        Assert.Contains("    2 active connection openings\n", ours.Stdout, StringComparison.Ordinal);
        ProcessResult netstat = ProcessResult.Run(Tools.Require("nsenter", "util-linux"), [$"--net={NamedPath}", Tools.Require("netstat", "net-tools"), "-st"]);
        Check(netstat, "nsenter netstat -st");
        foreach (string counter in new[] { "active connection openings", "passive connection openings", "connections established" })
            Assert.Equal(Line(netstat.Stdout, counter), Line(ours.Stdout, counter));
    }

    [Fact]
    public void Summary_counts_each_namespace_and_adds_them_up()
    {
        ProcessResult one = Netstate("--summary", "--net", _name);
        Assert.True(one.ExitCode == 0, one.Stderr);
        Assert.Matches(@"\nLISTEN +1\n", one.Stdout);
        Assert.Matches(@"\nESTABLISHED +4\n", one.Stdout);

        ProcessResult all = Netstate("--summary", "--all-namespaces");
        Assert.True(all.ExitCode == 0, all.Stderr);
        Assert.Contains($"== netns {_name} ({KernelName(NamedPath)}) ==", all.Stdout, StringComparison.Ordinal);
        Assert.Contains($"== netns {KernelName("/proc/self/ns/net")} (netstate's own) ==", all.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"\n== all \d+ network namespaces ==\n", all.Stdout);
    }

    [Fact]
    public void Sysctls_read_on_the_namespace_thread_are_the_namespaces_own()
    {
        IPlatform host = Platforms.Open(null);
        global::Netstate.Core.Model.NetworkNamespace named = host.FindNetworkNamespace(_name);
        var notes = new List<global::Netstate.Core.Model.SourceNote>();
        long? hostValue = host.ReadKernelFigures(notes).FinTimeout;
        Assert.Equal(long.Parse(File.ReadAllText("/proc/sys/net/ipv4/tcp_fin_timeout"), CultureInfo.InvariantCulture), hostValue);
        Assert.NotEqual(FinTimeout, hostValue);
        using (var inside = (IDisposable)host.EnterNetworkNamespace(named))
        {
            var platform = (IPlatform)inside;
            Assert.Equal(FinTimeout, platform.ReadKernelFigures(notes).FinTimeout);
            Assert.Equal(FinTimeout.ToString(CultureInfo.InvariantCulture),
                platform.ReadSettings([TcpSettings.FinTimeout])[0].Text);
            // The counters too: the two connections made inside, not the host's.
            Assert.Equal(2, (long)platform.ReadCounters(CounterFiles.Snmp).Counters.Get("Tcp", "ActiveOpens")!.Value);
        }
        // The host's thread never moved.
        Assert.Equal(hostValue, host.ReadKernelFigures(notes).FinTimeout);
    }

    [Fact]
    public void Explain_shows_each_namespaces_settings_and_sockets()
    {
        ProcessResult one = Netstate("explain", "fin-wait-2", "--net", _name);
        Assert.True(one.ExitCode == 0, one.Stderr);
        Assert.Contains($"net.ipv4.tcp_fin_timeout = {FinTimeout}\n", one.Stdout, StringComparison.Ordinal);
        // Paragraphs are wrapped: compared as one line.
        Assert.Contains($"Sockets in FIN_WAIT2 in netns {_name} ({KernelName(NamedPath)}) now: 0", Unwrapped(one.Stdout), StringComparison.Ordinal);

        ProcessResult all = Netstate("explain", "established", "--all-namespaces");
        Assert.True(all.ExitCode == 0, all.Stderr);
        Assert.Contains($"Sockets in ESTABLISHED in netns {_name} ({KernelName(NamedPath)}) now: 4", Unwrapped(all.Stdout), StringComparison.Ordinal);

        ProcessResult diagram = Netstate("explain", "--net", _name, "--ascii");
        Assert.True(diagram.ExitCode == 0, diagram.Stderr);
        Assert.Contains($"in netns {_name}", Unwrapped(diagram.Stdout), StringComparison.Ordinal);
    }

    [Fact]
    public void Doctor_examines_each_namespace_and_says_which_one_in_text_and_json()
    {
        ProcessResult text = Netstate("doctor", "--net", _name, "--window", "0");
        Assert.True(text.ExitCode is 0 or 3 or 4, text.Stderr);
        Assert.StartsWith($"== netns {_name} ({KernelName(NamedPath)}) ==\n", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("in 5 TCP sockets", text.Stdout, StringComparison.Ordinal);

        ProcessResult json = Netstate("doctor", "--all-namespaces", "--window", "0", "--json");
        Assert.True(json.ExitCode is 0 or 3 or 4, json.Stderr);
        using JsonDocument document = JsonDocument.Parse(json.Stdout);
        JsonElement[] spaces = [.. document.RootElement.GetProperty("namespaces").EnumerateArray()];
        Assert.Contains(spaces, s => s.GetProperty("label").GetString() == _name);
        Assert.Contains(spaces, s => s.GetProperty("own").GetBoolean());
        foreach (JsonElement finding in document.RootElement.GetProperty("findings").EnumerateArray())
            Assert.Equal(JsonValueKind.Object, finding.GetProperty("netns").ValueKind);
    }

    [Fact]
    public void All_namespaces_finds_a_namespace_only_a_thread_is_in()
    {
        using var connections = new LoopbackConnections(_threadOnly, 7112);
        connections.Connect();
        string kernelName = KernelName(ThreadPath);
        ProcessResult result = Netstate("--all-namespaces", "-tan", "--json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        using JsonDocument json = JsonDocument.Parse(result.Stdout);
        int[] ports = [.. json.RootElement.GetProperty("sockets").EnumerateArray()
            .Where(s => s.GetProperty("netns").GetProperty("label").GetString() == kernelName)
            .Select(s => s.GetProperty("local").GetProperty("port").GetInt32())];
        Assert.Equal(3, ports.Length);
        Assert.Equal(2, ports.Count(p => p == 7112));

        // And --net takes the thread's file as a path.
        ProcessResult one = Netstate("--net", ThreadPath, "-tln");
        Assert.True(one.ExitCode == 0, one.Stderr);
        Assert.Contains("127.0.0.1:7112", one.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_ss_format_has_a_netns_column_across_namespaces()
    {
        ProcessResult result = Netstate("--all-namespaces", "--format", "ss", "-tln");
        Assert.True(result.ExitCode == 0, result.Stderr);
        string[] lines = result.Stdout.Split('\n');
        Assert.StartsWith("Netns ", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith(_name + " ", StringComparison.Ordinal) && l.Contains($"127.0.0.1:{Port}", StringComparison.Ordinal));
        // One namespace, as ss -N: no such column.
        ProcessResult one = Netstate("--net", _name, "--format", "ss", "-tln");
        Assert.StartsWith("State ", one.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void K_closes_a_connection_inside_another_namespace()
    {
        (Socket client, _, int clientPort) = _connections.Connect();
        // The server's end: the client's then gets a reset.
        ProcessResult kill = Netstate("-K", "--net", _name, "-tn", $"sport = :{Port} and dport = :{clientPort}");
        Assert.True(kill.ExitCode == 0, kill.Stderr);
        Assert.Contains($"127.0.0.1:{clientPort}", kill.Stdout, StringComparison.Ordinal);
        Assert.Equal("", _named.Exec(Tools.Require("ss", "iproute2"), "-tanH", $"sport = :{clientPort}").Stdout.Trim());
        SocketException reset = Assert.Throws<SocketException>(() => _named.Run(() =>
        {
            client.ReceiveTimeout = 30_000;
            return client.Receive(new byte[16]);
        }));
        Assert.Equal(SocketError.ConnectionReset, reset.SocketErrorCode);
    }

    /// <summary>python3 listening on 127.0.0.1:<paramref name="port"/> as PID 1 of new network and PID namespaces (unshare's child); "ready" is on its stdout.</summary>
    private static Process ListenerInPidNamespace(int port)
    {
        var start = new ProcessStartInfo(Tools.Require("unshare", "util-linux")) { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (string argument in new[] { "--net", "--pid", "--fork", "--kill-child", "/usr/bin/python3", "-c",
            $"import socket,time\ns=socket.socket()\ns.bind(('127.0.0.1',{port}))\ns.listen()\nprint('ready',flush=True)\ntime.sleep(120)" })
            start.ArgumentList.Add(argument);
        return Process.Start(start)!;
    }

    [Fact]
    public void Who_names_the_namespace_and_the_pid_inside_a_pid_namespace()
    {
        const int Listening = 7113;
        using Process unshare = ListenerInPidNamespace(Listening);
        try
        {
            Assert.Equal("ready", unshare.StandardOutput.ReadLine());
            int child = ChildOf(unshare.Id);
            ProcessResult who = Netstate("who", Listening.ToString(CultureInfo.InvariantCulture), "--all-namespaces");
            Assert.True(who.ExitCode == 0, who.Stderr);
            Assert.Contains($"python3 (PID {child.ToString(CultureInfo.InvariantCulture)}, PID 1 in its PID namespace, user ", who.Stdout, StringComparison.Ordinal);
            Assert.Contains($"127.0.0.1:{Listening}  (0 connected peers)  [netns {KernelName($"/proc/{child}/ns/net")}]", who.Stdout, StringComparison.Ordinal);
            // NSpid is what the kernel says of it.
            Assert.Matches($@"NSpid:\s+{child}\s+1\n", File.ReadAllText($"/proc/{child}/status"));

            // Netstate's own namespace only: not there, exit 1.
            Assert.Equal(1, Netstate("who", Listening.ToString(CultureInfo.InvariantCulture)).ExitCode);
        }
        finally
        {
            unshare.Kill(entireProcessTree: true);
            unshare.WaitForExit();
        }
    }

    [Fact]
    public void Owners_in_a_pid_namespace_show_their_pid_there_in_the_table_ss_json_and_csv()
    {
        const int Listening = 7114;
        using Process unshare = ListenerInPidNamespace(Listening);
        try
        {
            Assert.Equal("ready", unshare.StandardOutput.ReadLine());
            int child = ChildOf(unshare.Id);
            string pid = child.ToString(CultureInfo.InvariantCulture);
            Assert.Matches($@"NSpid:\s+{pid}\s+1\n", File.ReadAllText($"/proc/{pid}/status"));
            string net = $"pid:{pid}";

            ProcessResult table = Netstate("--net", net, "-tlnp");
            Assert.True(table.ExitCode == 0, table.Stderr);
            Assert.Contains(table.Stdout.Split('\n'), l => l.Contains($"127.0.0.1:{Listening}", StringComparison.Ordinal) && l.TrimEnd().EndsWith($" {pid}(1)/python3", StringComparison.Ordinal));

            ProcessResult ss = Netstate("--net", net, "--format", "ss", "-tlnp");
            Assert.Matches($@"users:\(\(""python3"",pid={pid},fd=\d+,nspid=1\)\)", ss.Stdout);

            ProcessResult json = Netstate("--net", net, "-tlnp", "--json");
            using (JsonDocument document = JsonDocument.Parse(json.Stdout))
            {
                Assert.Empty(JsonSchemaCheck.Load().Validate(document.RootElement));
                JsonElement owner = document.RootElement.GetProperty("sockets").EnumerateArray().Single().GetProperty("owners").EnumerateArray().Single();
                Assert.Equal(child, owner.GetProperty("pid").GetInt32());
                Assert.Equal(1, owner.GetProperty("nspid").GetInt32());
            }

            ProcessResult csv = Netstate("--net", net, "-tlnp", "--csv");
            Dictionary<string, string> row = Assert.Single(MachineFormatTests.Csv(csv.Stdout, out string[] header));
            Assert.Contains("nspid", header);
            Assert.Equal((pid, "1"), (row["pid"], row["nspid"]));
        }
        finally
        {
            unshare.Kill(entireProcessTree: true);
            unshare.WaitForExit();
        }

        // A process of netstate's own PID namespace (the test's, holding the named namespace's sockets): no second PID.
        ProcessResult host = Netstate("--net", _name, "-tlnp", "--json");
        using JsonDocument hostDocument = JsonDocument.Parse(host.Stdout);
        JsonElement hostOwner = hostDocument.RootElement.GetProperty("sockets").EnumerateArray().Single().GetProperty("owners").EnumerateArray().Single();
        Assert.Equal(Environment.ProcessId, hostOwner.GetProperty("pid").GetInt32());
        Assert.Equal(JsonValueKind.Null, hostOwner.GetProperty("nspid").ValueKind);
        Dictionary<string, string> hostRow = Assert.Single(MachineFormatTests.Csv(Netstate("--net", _name, "-tlnp", "--csv").Stdout, out _));
        Assert.Equal("", hostRow["nspid"]);
    }

    [Fact]
    public void All_namespaces_finds_a_namespace_only_an_open_descriptor_holds()
    {
        const int Listening = 7115;
        string name = _name + "-fd";
        Check(ProcessResult.Run("ip", ["netns", "add", name]), "ip netns add");
        Check(ProcessResult.Run("ip", ["-n", name, "link", "set", "lo", "up"]), "ip link set lo up");
        // The holder opens the named namespace, makes a listener and a connection inside it (setns
        // there and back), keeps the descriptor and stays in netstate's namespace itself; then the
        // name is removed, so nothing but that descriptor (and the sockets) keeps the namespace.
        const string Holder = """
            import ctypes, os, socket, sys, time
            libc = ctypes.CDLL(None, use_errno=True)
            held = os.open(sys.argv[1], os.O_RDONLY)
            home = os.open('/proc/self/ns/net', os.O_RDONLY)
            assert libc.setns(held, 0x40000000) == 0
            s = socket.socket(); s.bind(('127.0.0.1', int(sys.argv[2]))); s.listen()
            c = socket.create_connection(('127.0.0.1', int(sys.argv[2]))); a, _ = s.accept()
            assert libc.setns(home, 0x40000000) == 0
            os.close(home)
            print(held, flush=True)
            time.sleep(120)
            """;
        var start = new ProcessStartInfo("/usr/bin/python3") { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (string argument in new[] { "-c", Holder, $"/run/netns/{name}", Listening.ToString(CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(argument);
        using Process holder = Process.Start(start)!;
        try
        {
            string fd = holder.StandardOutput.ReadLine()!;
            string fdPath = $"/proc/{holder.Id.ToString(CultureInfo.InvariantCulture)}/fd/{fd}";
            // A descriptor opened on a bind mount reads as the mount's path (then "/"), not net:[INODE]: the inode is stat -L's.
            ProcessResult stat = ProcessResult.Run("stat", ["-L", "-c", "%i", fdPath]);
            Check(stat, "stat -L");
            string kernelName = $"net:[{stat.Stdout.Trim()}]";
            Check(ProcessResult.Run("ip", ["netns", "del", name]), "ip netns del");
            Assert.False(File.Exists($"/run/netns/{name}"));
            Assert.NotEqual(kernelName, new FileInfo($"/proc/{holder.Id.ToString(CultureInfo.InvariantCulture)}/ns/net").LinkTarget);

            ProcessResult result = Netstate("--all-namespaces", "-tan", "--json");
            Assert.True(result.ExitCode == 0, result.Stderr);
            using JsonDocument json = JsonDocument.Parse(result.Stdout);
            List<string> ours = [.. json.RootElement.GetProperty("sockets").EnumerateArray()
                .Where(s => s.GetProperty("netns").GetProperty("label").GetString() == kernelName)
                .Select(s => $"{s.GetProperty("local").GetProperty("address").GetString()}:{s.GetProperty("local").GetProperty("port").GetInt32()}")
                .Order(StringComparer.Ordinal)];
            // ss entered through the same descriptor sees the same three sockets.
            ProcessResult ss = ProcessResult.Run(Tools.Require("nsenter", "util-linux"), [$"--net={fdPath}", Tools.Require("ss", "iproute2"), "-tanH"]);
            Check(ss, "nsenter ss");
            List<string> inside = [.. ss.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3]).Order(StringComparer.Ordinal)];
            Assert.Equal(3, inside.Count);
            Assert.Equal(inside, ours);

            // --net takes the descriptor's path too.
            ProcessResult one = Netstate("--net", fdPath, "-tln");
            Assert.True(one.ExitCode == 0, one.Stderr);
            Assert.Contains($"127.0.0.1:{Listening}", one.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            holder.Kill();
            holder.WaitForExit();
            ProcessResult.Run("ip", ["netns", "del", name]);
        }
    }

    [Fact]
    public void Without_root_the_commands_say_which_namespaces_were_skipped_and_why()
    {
        foreach (string[] command in new[] { new[] { "doctor", "--all-namespaces", "--window", "0" }, ["-s", "--all-namespaces"], ["who", "22", "--all-namespaces"] })
        {
            ProcessResult result = ProcessResult.Run(Tools.Require("setpriv", "util-linux"),
                ["--reuid=65534", "--regid=65534", "--clear-groups", Tools.NetstateBinary, .. command],
                new Dictionary<string, string> { ["DOTNET_CLI_HOME"] = "/tmp", ["HOME"] = "/tmp" });
            Assert.Contains($"{_name} skipped: cannot enter {NamedPath}: entering a network namespace needs CAP_SYS_ADMIN", result.Stderr, StringComparison.Ordinal);
        }
    }

    private static string Unwrapped(string text) => text.Replace("\n", " ", StringComparison.Ordinal);

    /// <summary>The one child of <paramref name="pid"/> (unshare --fork's).</summary>
    private static int ChildOf(int pid)
    {
        string children = File.ReadAllText($"/proc/{pid}/task/{pid}/children").Trim();
        return int.Parse(children, CultureInfo.InvariantCulture);
    }

    /// <summary>The line of netstat -s that names <paramref name="counter"/>, trimmed.</summary>
    private static string Line(string text, string counter) =>
        text.Split('\n').Single(l => l.EndsWith(" " + counter, StringComparison.Ordinal)).Trim();

    private static void Check(ProcessResult result, string what)
    {
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"{what} failed: {result.Stderr}");
    }

    public void Dispose()
    {
        _connections.Dispose();
        _named.Dispose();
        _threadOnly.Dispose();
        ProcessResult.Run("ip", ["netns", "del", _name]);
    }
}
