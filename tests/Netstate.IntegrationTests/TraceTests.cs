using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Netstate.IntegrationTests.TestBed;

namespace Netstate.IntegrationTests;

/// <summary>
/// netstate trace and life against real loopback connections this test makes (other traffic on the
/// machine is traced too, so every check picks the test's own ports): the exact transitions of
/// each socket, their owners, the bytes a lifetime reports, and that the tracefs instance and the
/// mount are gone after SIGTERM and after a SIGKILLed run's successor starts.
/// </summary>
public sealed class TraceTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public void Trace_shows_the_exact_transitions_of_an_active_and_a_passive_close_with_owners()
    {
        using TraceProcess trace = TraceProcess.Start("trace", "--jsonl");
        using Socket listener = Listen(out int serverPort);
        (Socket client, int clientPort) = Connect(serverPort);
        Socket server = listener.Accept();

        // The client closes first: it must be seen in FIN_WAIT2 before the server closes, or the
        // server's FIN could ride on its ACK and skip FIN_WAIT2.
        client.Close();
        trace.WaitFor(d => Changes(d, clientPort, serverPort).Contains("FIN_WAIT1>FIN_WAIT2"), "the client in FIN_WAIT2");
        Assert.Equal(0, server.Receive(new byte[16])); // the FIN: end of stream
        server.Close();
        listener.Close();

        string[] clientChanges = ["CLOSE>SYN_SENT", "SYN_SENT>ESTABLISHED", "ESTABLISHED>FIN_WAIT1", "FIN_WAIT1>FIN_WAIT2", "FIN_WAIT2>CLOSE"];
        string[] serverChanges = ["LISTEN>SYN_RECV", "SYN_RECV>ESTABLISHED", "ESTABLISHED>CLOSE_WAIT", "CLOSE_WAIT>LAST_ACK", "LAST_ACK>CLOSE"];
        List<JsonElement> seen = trace.WaitFor(d =>
            Changes(d, clientPort, serverPort).Length >= clientChanges.Length && Changes(d, serverPort, clientPort).Length >= serverChanges.Length
            && Changes(d, serverPort, 0).Length >= 2, "every transition of the test's sockets");
        Assert.Equal(clientChanges, Changes(seen, clientPort, serverPort));
        Assert.Equal(serverChanges, Changes(seen, serverPort, clientPort));
        Assert.Equal(["CLOSE>LISTEN", "LISTEN>CLOSE"], Changes(seen, serverPort, 0));

        // The state machine's events, and owners: the calls name this process; nothing names another.
        JsonElement finWait1 = Event(seen, clientPort, serverPort, "ESTABLISHED", "FIN_WAIT1");
        Assert.Equal("CLOSE", finWait1.GetProperty("event_rfc").GetString());
        Assert.Equal(Environment.ProcessId, finWait1.GetProperty("pid").GetInt32());
        Assert.Equal("caller", finWait1.GetProperty("owner_from").GetString());
        Assert.Equal("rcv FIN", Event(seen, serverPort, clientPort, "ESTABLISHED", "CLOSE_WAIT").GetProperty("event_rfc").GetString());
        Assert.Equal(Environment.ProcessId, Event(seen, serverPort, clientPort, "CLOSE_WAIT", "LAST_ACK").GetProperty("pid").GetInt32());
        Assert.Equal(Environment.ProcessId, Event(seen, serverPort, 0, "CLOSE", "LISTEN").GetProperty("pid").GetInt32());
        foreach (JsonElement e in Ours(seen, clientPort, serverPort).Concat(Ours(seen, serverPort, clientPort)))
        {
            if (e.GetProperty("pid").ValueKind != JsonValueKind.Null)
                Assert.Equal(Environment.ProcessId, e.GetProperty("pid").GetInt32());
        }
        // Time in the old state: known once the trace saw the state begin, and plausible.
        long established = Event(seen, clientPort, serverPort, "ESTABLISHED", "FIN_WAIT1").GetProperty("in_old_state_us").GetInt64();
        Assert.InRange(established, 0, 60_000_000);
        Assert.Equal(JsonValueKind.Null, Event(seen, clientPort, serverPort, "CLOSE", "SYN_SENT").GetProperty("in_old_state_us").ValueKind);

        trace.Signal(15);
        ProcessResult result = trace.WaitForExit();
        Assert.Equal(0, result.ExitCode);
        TracefsLeftovers.AssertNoneOf(trace.Pid);
    }

    [Fact]
    public void Trace_shows_the_server_killed_experiment_orphaned_fin_wait2_and_close_wait()
    {
        using TraceProcess trace = TraceProcess.Start("trace", "--jsonl");
        using Process server = StartPythonServer();
        int serverPort = int.Parse(server.StandardOutput.ReadLine()!, System.Globalization.CultureInfo.InvariantCulture);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Connect(new IPEndPoint(IPAddress.Loopback, serverPort));
        int clientPort = ((IPEndPoint)client.LocalEndPoint!).Port;
        Assert.Equal("accepted", server.StandardOutput.ReadLine());

        server.Kill(); // SIGKILL: the kernel closes its sockets
        server.WaitForExit();
        List<JsonElement> seen = trace.WaitFor(d =>
            Changes(d, serverPort, clientPort).Contains("FIN_WAIT1>FIN_WAIT2") && Changes(d, clientPort, serverPort).Contains("ESTABLISHED>CLOSE_WAIT"),
            "the killed server's FIN_WAIT2 and the client's CLOSE_WAIT");
        Assert.Equal(["LISTEN>SYN_RECV", "SYN_RECV>ESTABLISHED", "ESTABLISHED>FIN_WAIT1", "FIN_WAIT1>FIN_WAIT2"], Changes(seen, serverPort, clientPort).Take(4));
        Assert.Equal(["CLOSE>SYN_SENT", "SYN_SENT>ESTABLISHED", "ESTABLISHED>CLOSE_WAIT"], Changes(seen, clientPort, serverPort));
        // The killed server's sockets are owned by it or unknown, never by another process.
        foreach (JsonElement e in Ours(seen, serverPort, clientPort))
        {
            if (e.GetProperty("pid").ValueKind != JsonValueKind.Null)
                Assert.Equal(server.Id, e.GetProperty("pid").GetInt32());
        }

        // CLOSE_WAIT lasts until the program closes; then LAST_ACK and CLOSE.
        client.Close();
        seen = trace.WaitFor(d => Changes(d, clientPort, serverPort).Length >= 5, "the client leaving CLOSE_WAIT");
        Assert.Equal(["CLOSE>SYN_SENT", "SYN_SENT>ESTABLISHED", "ESTABLISHED>CLOSE_WAIT", "CLOSE_WAIT>LAST_ACK", "LAST_ACK>CLOSE"],
            Changes(seen, clientPort, serverPort));
    }

    [Fact]
    public void Life_reports_the_bytes_sent_and_received_duration_and_how_each_connection_ended()
    {
        using TraceProcess life = TraceProcess.Start("life", "--jsonl");
        using Socket listener = Listen(out int serverPort);

        // An orderly connection: 100,000 bytes up, 777 down, the client closes first.
        (Socket client, int clientPort) = Connect(serverPort);
        Socket server = listener.Accept();
        client.Send(new byte[100_000]);
        ReceiveExactly(server, 100_000);
        server.Send(new byte[777]);
        ReceiveExactly(client, 777);
        client.Close();
        Assert.Equal(0, server.Receive(new byte[16]));
        server.Close();

        // A reset: the server aborts (SO_LINGER 0), the client hears the RST.
        (Socket resetClient, int resetPort) = Connect(serverPort);
        Socket aborting = listener.Accept();
        aborting.LingerState = new LingerOption(true, 0);
        aborting.Close();
        listener.Close();

        // A refused connect: nobody listens on the port any more.
        int refusedPort = 0;
        using (var refused = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            Assert.Throws<SocketException>(() => refused.Connect(new IPEndPoint(IPAddress.Loopback, serverPort)));
            refusedPort = ((IPEndPoint?)refused.LocalEndPoint)?.Port ?? 0;
        }
        resetClient.Close();

        List<JsonElement> seen = life.WaitFor(d =>
            Lifetime(d, clientPort, serverPort) is not null && Lifetime(d, serverPort, clientPort) is not null
            && Lifetime(d, resetPort, serverPort) is not null && Lifetime(d, serverPort, resetPort) is not null
            && d.Any(e => e.GetProperty("remote_port").GetInt32() == serverPort && e.GetProperty("last_state").GetString() == "SYN_SENT"),
            "the lifetimes of the test's connections");

        // The kernel's counters count sequence space: the SYN and the FIN each count one byte once acknowledged.
        JsonElement up = Lifetime(seen, clientPort, serverPort)!.Value;
        Assert.Equal(100_000 + 2, up.GetProperty("bytes_sent").GetInt64());
        // The peer's FIN counts too when the kernel advanced over it before handing the closed
        // connection to its timewait entry; an orphaned FIN_WAIT2 socket may hand it over first.
        Assert.InRange(up.GetProperty("bytes_received").GetInt64(), 777, 777 + 1);
        Assert.Equal("closed", up.GetProperty("ended").GetString());
        Assert.Equal(Environment.ProcessId, up.GetProperty("pid").GetInt32());
        Assert.InRange(up.GetProperty("duration_us").GetInt64(), 1, 60_000_000);
        JsonElement down = Lifetime(seen, serverPort, clientPort)!.Value;
        Assert.Equal(777 + 1, down.GetProperty("bytes_sent").GetInt64());
        Assert.Equal(100_000 + 1, down.GetProperty("bytes_received").GetInt64());
        Assert.Equal("closed", down.GetProperty("ended").GetString());
        Assert.Equal("LAST_ACK", down.GetProperty("last_state").GetString());

        Assert.Equal("reset_sent", Lifetime(seen, serverPort, resetPort)!.Value.GetProperty("ended").GetString());
        Assert.Equal("reset_received", Lifetime(seen, resetPort, serverPort)!.Value.GetProperty("ended").GetString());
        JsonElement refusedLife = seen.Single(e => e.GetProperty("remote_port").GetInt32() == serverPort && e.GetProperty("last_state").GetString() == "SYN_SENT");
        Assert.Equal("reset_received", refusedLife.GetProperty("ended").GetString());
        if (refusedPort != 0)
            Assert.Equal(refusedPort, refusedLife.GetProperty("local_port").GetInt32());

        life.Signal(2); // Ctrl+C
        Assert.Equal(0, life.WaitForExit().ExitCode);
        TracefsLeftovers.AssertNoneOf(life.Pid);
    }

    [Fact]
    public void A_client_that_connects_from_a_thread_and_exits_at_once_is_named_by_its_process_never_its_thread()
    {
        using TraceProcess trace = TraceProcess.Start("trace", "--jsonl");
        using Socket listener = Listen(out int serverPort);
        // Each client connects from a second thread (its thread id is not its pid) and exits at once:
        // gone long before netstate reads /proc for the events it caused.
        var clients = new List<(int Pid, int Tid, int Port)>();
        for (int i = 0; i < 5; i++)
        {
            ProcessResult run = ProcessResult.Run(Tools.Require("python3", "python3-minimal"), ["-c",
                "import os,socket,threading\n"
                + "def go():\n"
                + $"    c=socket.socket(); c.connect(('127.0.0.1',{serverPort}))\n"
                + "    print(os.getpid(), threading.get_native_id(), c.getsockname()[1], flush=True)\n"
                + "t=threading.Thread(target=go); t.start(); t.join(); os._exit(0)\n"]);
            int[] numbers = [.. run.Stdout.Split(' ', StringSplitOptions.TrimEntries).Select(n => int.Parse(n, System.Globalization.CultureInfo.InvariantCulture))];
            Assert.NotEqual(numbers[0], numbers[1]);
            clients.Add((numbers[0], numbers[1], numbers[2]));
        }
        List<JsonElement> seen = trace.WaitFor(d => clients.All(c => Changes(d, c.Port, serverPort).Contains("ESTABLISHED>FIN_WAIT1")), "each client's close");
        int guessed = 0;
        foreach ((int pid, int tid, int port) in clients)
        {
            // connect() ran in the thread, the close at exit in the process: both name the process.
            Assert.Equal(["CLOSE>SYN_SENT", "SYN_SENT>ESTABLISHED", "ESTABLISHED>FIN_WAIT1"], Changes(seen, port, serverPort).Take(3));
            JsonElement close = Event(seen, port, serverPort, "ESTABLISHED", "FIN_WAIT1");
            Assert.Equal(pid, close.GetProperty("pid").GetInt32());
            foreach (JsonElement e in Ours(seen, port, serverPort))
            {
                if (e.GetProperty("pid").ValueKind == JsonValueKind.Null)
                    continue;
                Assert.Equal(pid, e.GetProperty("pid").GetInt32());
                Assert.NotEqual(tid, e.GetProperty("pid").GetInt32());
                string from = e.GetProperty("owner_from").GetString()!;
                Assert.Contains(from, (string[])["caller", "exited_caller"]);
                // The process id of an exited caller is the tracer's saved_tgids, written without a lock;
                // its name is saved_cmdlines, which the kernel skips when its lock is busy, so on a
                // machine whose pids wrap (pid_max 32768 here) a pid can keep an earlier task's name.
                // That is why the name is marked as a guess: it must be right most of the time, not always.
                if (from == "exited_caller" && e.GetProperty("program").GetString() == "python3")
                    guessed++;
            }
        }
        // Most were read after their process had gone: named from the tracer's records, and marked so.
        Assert.True(guessed > 0, "no owner came from the tracer's saved tasks with its own name");

        trace.Signal(15);
        Assert.Equal(0, trace.WaitForExit().ExitCode);
        TracefsLeftovers.AssertNoneOf(trace.Pid);
    }

    [Fact]
    public void A_killed_run_leaves_its_instance_and_the_next_run_removes_it()
    {
        string leftover;
        string? mount;
        using (TraceProcess first = TraceProcess.Start("trace", "--jsonl"))
        {
            leftover = first.InstanceName;
            mount = MountOf(first.Stderr);
            first.Signal(9);
            first.WaitForExit();
            Assert.True(TracefsLeftovers.InstanceExists(leftover), "SIGKILL runs no cleanup: the instance is still there");
        }
        using TraceProcess second = TraceProcess.Start("trace", "--jsonl");
        second.WaitForStderr($"removed instance {leftover}");
        Assert.False(TracefsLeftovers.InstanceExists(leftover));
        if (mount is not null)
        {
            Assert.Contains($"removed mount {mount}", second.Stderr, StringComparison.Ordinal);
            Assert.False(Directory.Exists(mount));
        }
        second.Signal(15);
        Assert.Equal(0, second.WaitForExit().ExitCode);
        TracefsLeftovers.AssertNoneOf(second.Pid);
    }

    [Fact]
    public void Without_root_trace_says_what_is_missing_in_one_line()
    {
        ProcessResult result = ProcessResult.Run(Tools.Require("setpriv", "util-linux"),
            ["--reuid=65534", "--regid=65534", "--clear-groups", Tools.NetstateBinary, "trace"]);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        string line = Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
        Assert.Contains("tracing needs root", line, StringComparison.Ordinal);
        Assert.Contains("sudo", line, StringComparison.Ordinal);
    }

    private static Socket Listen(out int port)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        return listener;
    }

    private static (Socket Client, int Port) Connect(int serverPort)
    {
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Connect(new IPEndPoint(IPAddress.Loopback, serverPort));
        return (client, ((IPEndPoint)client.LocalEndPoint!).Port);
    }

    private static Process StartPythonServer()
    {
        var start = new ProcessStartInfo(Tools.Require("python3", "python3-minimal"))
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("import socket,sys,time\nl=socket.socket(); l.bind(('127.0.0.1',0)); l.listen()\n"
            + "print(l.getsockname()[1], flush=True)\nc,_=l.accept(); print('accepted', flush=True)\ntime.sleep(600)\n");
        return Process.Start(start)!;
    }

    private static void ReceiveExactly(Socket socket, int count)
    {
        var buffer = new byte[65536];
        int got = 0;
        while (got < count)
        {
            int n = socket.Receive(buffer, Math.Min(buffer.Length, count - got), SocketFlags.None);
            Assert.True(n > 0, "the peer closed early");
            got += n;
        }
    }

    private static IEnumerable<JsonElement> Ours(List<JsonElement> documents, int localPort, int remotePort) => documents.Where(d =>
        d.GetProperty("type").GetString() == "state_change"
        && d.GetProperty("local_port").GetInt32() == localPort
        && d.GetProperty("remote_port").GetInt32() == remotePort
        && d.GetProperty("local_address").GetString() == "127.0.0.1");

    /// <summary>The changes of one connection as "OLD>NEW".</summary>
    private static string[] Changes(List<JsonElement> documents, int localPort, int remotePort) =>
        [.. Connection(documents, localPort, remotePort).Select(d => $"{d.GetProperty("old_state").GetString()}>{d.GetProperty("new_state").GetString()}")];

    private static JsonElement Event(List<JsonElement> documents, int localPort, int remotePort, string from, string to) =>
        Connection(documents, localPort, remotePort).Single(d => d.GetProperty("old_state").GetString() == from && d.GetProperty("new_state").GetString() == to);

    /// <summary>
    /// The state changes of one connection, in order. Before connect() binds it, a client socket has
    /// local port 0: its CLOSE>SYN_SENT is the last port-0 change of the same socket address before
    /// the first change with the port. Only the last: the kernel reuses a freed socket's memory for
    /// the next connection, so earlier port-0 changes at that address can be another client's.
    /// </summary>
    private static List<JsonElement> Connection(List<JsonElement> documents, int localPort, int remotePort)
    {
        List<JsonElement> changes = [.. documents.Where(d => d.GetProperty("type").GetString() == "state_change" && d.GetProperty("remote_port").GetInt32() == remotePort)];
        HashSet<string> sockets = [.. Ours(documents, localPort, remotePort).Select(d => d.GetProperty("socket").GetString()!)];
        var picked = new SortedSet<int>();
        for (int i = 0; i < changes.Count; i++)
        {
            if (sockets.Contains(changes[i].GetProperty("socket").GetString()!) && changes[i].GetProperty("local_port").GetInt32() == localPort)
                picked.Add(i);
        }
        foreach (string socket in sockets)
        {
            int first = changes.FindIndex(d => d.GetProperty("socket").GetString() == socket && d.GetProperty("local_port").GetInt32() == localPort);
            int bound = first <= 0 ? -1 : changes.FindLastIndex(first - 1, d => d.GetProperty("socket").GetString() == socket && d.GetProperty("local_port").GetInt32() == 0);
            if (bound >= 0)
                picked.Add(bound);
        }
        return [.. picked.Select(i => changes[i])];
    }

    private static JsonElement? Lifetime(List<JsonElement> documents, int localPort, int remotePort)
    {
        foreach (JsonElement d in documents)
        {
            if (d.GetProperty("type").GetString() == "lifetime" && d.GetProperty("local_port").GetInt32() == localPort
                && d.GetProperty("remote_port").GetInt32() == remotePort && d.GetProperty("local_address").GetString() == "127.0.0.1")
                return d;
        }
        return null;
    }

    private static string? MountOf(string stderr)
    {
        const string said = "mounted tracefs on ";
        string? line = stderr.Split('\n').FirstOrDefault(l => l.Contains(said, StringComparison.Ordinal));
        if (line is null)
            return null;
        int at = line.IndexOf(said, StringComparison.Ordinal) + said.Length;
        return line[at..line.IndexOf(' ', at)];
    }
}
