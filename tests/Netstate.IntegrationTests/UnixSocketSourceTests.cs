using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;
using Netstate.IntegrationTests.TestBed;

namespace Netstate.IntegrationTests;

/// <summary>
/// Unix sockets come from unix_diag, with /proc/net/unix lending only its RefCnt: a path that holds
/// a newline and a whole fake /proc line cannot add a socket, and uids and queues are the kernel's.
/// </summary>
public sealed class UnixSocketSourceTests : IDisposable
{
    /// <summary>A complete /proc/net/unix line for a socket that does not exist: inode 999999, "@sshd-fake".</summary>
    private const string FakeLine = "0000000000000000: 00000002 00000000 00010000 0001 01 999999 @sshd-fake";
    private const string ForgedName = "netstate-real\n" + FakeLine;

    private readonly NetworkNamespace _ns = new();
    private readonly List<Socket> _held = [];
    private readonly List<Process> _processes = [];

    private Socket Listen(string abstractName)
    {
        Socket socket = _ns.Run(() =>
        {
            var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            s.Bind(new UnixDomainSocketEndPoint("\0" + abstractName));
            s.Listen(4);
            return s;
        });
        _held.Add(socket);
        return socket;
    }

    [Fact]
    public void A_path_holding_a_fake_proc_line_adds_no_socket_in_any_format()
    {
        Listen(ForgedName);
        // The attack is live: the kernel's own file shows the fake line as a row of its own.
        string proc = System.Text.Encoding.UTF8.GetString(_ns.ReadProcNet("unix"));
        Assert.Contains("\n" + FakeLine + "\n", proc, StringComparison.Ordinal);

        ProcessResult table = Tools.Netstate(_ns, "-xa");
        Assert.Equal(0, table.ExitCode);
        string[] rows = [.. table.Stdout.Split('\n').Where(l => l.Contains("sshd-fake", StringComparison.Ordinal))];
        // One row: the real socket, its whole path shown with the newline escaped.
        string row = Assert.Single(rows);
        Assert.Contains("@netstate-real\\x0A" + FakeLine, row, StringComparison.Ordinal);

        ProcessResult json = Tools.Netstate(_ns, "-xa", "--json");
        Assert.Equal(0, json.ExitCode);
        using JsonDocument document = JsonDocument.Parse(json.Stdout);
        JsonElement[] sockets = [.. document.RootElement.GetProperty("sockets").EnumerateArray()];
        Assert.DoesNotContain(sockets, s => s.GetProperty("inode").GetUInt64() == 999999);
        JsonElement real = Assert.Single(sockets, s => s.GetProperty("unix").GetProperty("path").GetString()?.Contains("sshd-fake", StringComparison.Ordinal) == true);
        Assert.Equal("@" + ForgedName, real.GetProperty("unix").GetProperty("path").GetString());
        Assert.Equal(2, real.GetProperty("unix").GetProperty("ref_count").GetInt32());
        Assert.Empty(JsonSchemaCheck.Load().Validate(document.RootElement));

        ProcessResult csv = Tools.Netstate(_ns, "-xa", "--csv");
        Assert.Equal(0, csv.ExitCode);
        Assert.DoesNotContain(",999999,", csv.Stdout, StringComparison.Ordinal);
        Assert.Single(csv.Stdout.Split("\r\n"), l => l.Contains("sshd-fake", StringComparison.Ordinal));

        foreach (string format in new[] { "netstat", "ss", "json", "csv" })
        {
            ProcessResult filtered = Tools.Netstate(_ns, "-xa", "--format", format, "inode = 999999");
            Assert.DoesNotContain("sshd-fake", filtered.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_socket_bound_by_another_user_shows_that_uid_in_every_format()
    {
        string setpriv = Tools.Require("setpriv", "util-linux");
        // The system's python, not a per-user shim on root's PATH that nobody may not run.
        const string python = "/usr/bin/python3";
        Assert.True(File.Exists(python), "python3 is not installed: run ./test.sh (it installs python3-minimal)");
        var start = new ProcessStartInfo(setpriv) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string argument in (string[])["--reuid=65534", "--regid=65534", "--clear-groups", python, "-c",
            "import socket,time\ns=socket.socket(socket.AF_UNIX)\ns.bind('\\0netstate-nobody')\ns.listen(1)\nprint('ready',flush=True)\ntime.sleep(60)"])
            start.ArgumentList.Add(argument);
        Process holder = _ns.Run(() => Process.Start(start)!);
        _processes.Add(holder);
        Assert.Equal("ready", holder.StandardOutput.ReadLine());

        using JsonDocument document = JsonDocument.Parse(Tools.Netstate(_ns, "-xa", "--json").Stdout);
        JsonElement socket = Assert.Single(document.RootElement.GetProperty("sockets").EnumerateArray(),
            s => s.GetProperty("unix").GetProperty("path").GetString() == "@netstate-nobody");
        Assert.Equal(65534, socket.GetProperty("uid").GetInt32());
        Assert.Equal("nobody", socket.GetProperty("user").GetString());

        // The filter selects it in both layouts, and the count puts it under nobody.
        foreach (string format in new[] { "netstat", "ss" })
        {
            Assert.Contains("@netstate-nobody", Tools.Netstate(_ns, "-xa", "--format", format, "user nobody").Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("@netstate-nobody", Tools.Netstate(_ns, "-xa", "--format", format, "uid = 0").Stdout, StringComparison.Ordinal);
        }
        string counted = Tools.Netstate(_ns, "-xa", "--count-by", "user", "--csv").Stdout;
        Assert.Contains("\r\n1,nobody,65534\r\n", "\r\n" + counted, StringComparison.Ordinal);
    }

    [Fact]
    public void Queue_filters_select_the_same_unix_sockets_in_every_format()
    {
        Socket listener = Listen("netstate-queued");
        Socket client = _ns.Run(() =>
        {
            var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            s.Connect(new UnixDomainSocketEndPoint("\0netstate-queued"));
            return s;
        });
        _held.Add(client);
        Socket server = _ns.Run(listener.Accept);
        _held.Add(server);
        _ns.Run(() => client.Send("unread"u8));

        HashSet<ulong> Inodes(string format)
        {
            using JsonDocument json = JsonDocument.Parse(Tools.Netstate(_ns, "-xa", "--json", "queue > 0").Stdout);
            HashSet<ulong> fromJson = [.. json.RootElement.GetProperty("sockets").EnumerateArray().Select(s => s.GetProperty("inode").GetUInt64())];
            if (format == "json")
                return fromJson;
            string text = Tools.Netstate(_ns, "-xa", "--format", format, "queue > 0").Stdout;
            return [.. fromJson.Where(inode => text.Contains($" {inode} ", StringComparison.Ordinal))];
        }

        HashSet<ulong> selected = Inodes("json");
        // The accepted end holds six unread bytes, the client's sent buffers are not freed until
        // they are read; nothing else in the namespace has a queue.
        Assert.Equal(2, selected.Count);
        Assert.Equal(selected, Inodes("netstat"));
        Assert.Equal(selected, Inodes("ss"));
        Assert.Equal(3, Tools.Netstate(_ns, "-xa", "--csv", "queue > 0").Stdout.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }

    public void Dispose()
    {
        foreach (Process process in _processes)
        {
            process.Kill();
            process.WaitForExit(5000);
            process.Dispose();
        }
        _ns.Run(() => _held.ForEach(s => s.Dispose()));
        _ns.Dispose();
    }
}
