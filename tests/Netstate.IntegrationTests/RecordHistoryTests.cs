using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Netstate.IntegrationTests.TestBed;

namespace Netstate.IntegrationTests;

/// <summary>
/// netstate record and history on a real recording: what a loopback connection left in it, CSV,
/// counts, a recording killed with SIGKILL (still consistent), retention, and a missing or empty one.
/// </summary>
public sealed class RecordHistoryTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly string _directory = Directory.CreateTempSubdirectory("netstate-record-").FullName;

    private string Db => Path.Combine(_directory, "record.db");

    [Fact]
    public void History_shows_the_transitions_lifetime_and_counts_a_recording_stored()
    {
        using TraceProcess record = TraceProcess.Start("record", "--db", Db, "--interval", "0.5");
        (int serverPort, int clientPort, Socket listener) = Connection(5000);
        // A counts sample while the listener is open: the recording is readable while it is written (WAL).
        WaitFor(() => History("--counts", "--jsonl", "sport", "=", $":{serverPort}").Stdout.Contains("\"LISTEN\"", StringComparison.Ordinal), "a counts sample of the listener");
        listener.Close();
        WaitFor(() => Lines(History("--lifetimes", "--jsonl", "sport", "=", $":{clientPort}")).Count == 1, "the client's lifetime");
        record.Signal(15);
        Assert.Equal(0, record.WaitForExit().ExitCode);
        Assert.Contains("recorded ", record.Stderr, StringComparison.Ordinal);

        string[] changes = [.. Lines(History("--jsonl", "dport", "=", $":{serverPort}", "and", "sport", "=", $":{clientPort}"))
            .Select(d => $"{d.GetProperty("old_state").GetString()}>{d.GetProperty("new_state").GetString()}")];
        Assert.Equal(["SYN_SENT>ESTABLISHED", "ESTABLISHED>FIN_WAIT1", "FIN_WAIT1>FIN_WAIT2", "FIN_WAIT2>CLOSE"], changes);

        JsonElement lifetime = Assert.Single(Lines(History("--lifetimes", "--jsonl", "sport", "=", $":{clientPort}")));
        Assert.Equal(5000 + 2, lifetime.GetProperty("bytes_sent").GetInt64()); // the data, the SYN and the FIN
        Assert.Equal("closed", lifetime.GetProperty("ended").GetString());
        Assert.Equal(Environment.ProcessId, lifetime.GetProperty("pid").GetInt32());

        string[] csv = History("--lifetimes", "--csv", "sport", "=", $":{clientPort}").Stdout.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, csv.Length);
        Assert.StartsWith("start,end,duration_us,pid,program,", csv[0], StringComparison.Ordinal);
        Assert.Contains($",127.0.0.1,{clientPort},127.0.0.1,{serverPort},5002,", csv[1], StringComparison.Ordinal);

        // --count-by over the stored changes of this connection.
        string counted = History("--count-by", "state", "sport", "=", $":{clientPort}").Stdout;
        Assert.Contains("    1  FIN_WAIT2", counted, StringComparison.Ordinal);

        // A window that ends before the connection shows none of it.
        Assert.Empty(Lines(History("--jsonl", "--until", "2000-01-01 00:00", "sport", "=", $":{clientPort}")));
    }

    [Fact]
    public void A_recording_killed_with_sigkill_keeps_what_it_stored_and_stays_consistent()
    {
        using (TraceProcess record = TraceProcess.Start("record", "--db", Db))
        {
            (_, int clientPort, Socket listener) = Connection(100);
            listener.Close();
            WaitFor(() => Lines(History("--lifetimes", "--jsonl", "sport", "=", $":{clientPort}")).Count == 1, "the stored lifetime");
            record.Signal(9);
            record.WaitForExit();
            Assert.Single(Lines(History("--lifetimes", "--jsonl", "sport", "=", $":{clientPort}")));
        }
        ProcessResult check = ProcessResult.Run(Tools.Require("sqlite3", "sqlite3"), [Db, "PRAGMA integrity_check"]);
        Assert.Equal("ok\n", check.Stdout);
    }

    [Fact]
    public void Retention_deletes_what_is_older_and_keeps_the_rest()
    {
        using (TraceProcess record = TraceProcess.Start("record", "--db", Db))
        {
            (_, int clientPort, Socket listener) = Connection(10);
            listener.Close();
            WaitFor(() => Lines(History("--lifetimes", "--jsonl", "sport", "=", $":{clientPort}")).Count == 1, "the stored lifetime");
            record.Signal(15);
            record.WaitForExit();
        }
        Assert.True(Count("lifetimes") > 0);
        Thread.Sleep(TimeSpan.FromSeconds(2.5));
        // A new run with a 2 s retention prunes at its start: everything stored before is older.
        using (TraceProcess record = TraceProcess.Start("record", "--db", Db, "--retention", "2s"))
        {
            record.WaitForStderr("recording into");
            Assert.Contains("rows older than the retention", record.Stderr, StringComparison.Ordinal);
            Assert.Equal(0, Count("lifetimes"));
            // What this run stores stays (the next pruning is a minute away).
            (_, int clientPort, Socket listener) = Connection(10);
            listener.Close();
            WaitFor(() => Lines(History("--lifetimes", "--jsonl", "sport", "=", $":{clientPort}")).Count == 1, "the new run's lifetime");
            record.Signal(15);
            record.WaitForExit();
        }
    }

    [Fact]
    public void History_says_plainly_when_there_is_no_recording_or_nothing_in_it()
    {
        ProcessResult missing = History("--lifetimes");
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal($"netstate: no recording at {Db} (start one with 'sudo netstate record', or name the file with --db)\n", missing.Stderr);

        using (TraceProcess record = TraceProcess.Start("record", "--db", Db))
        {
            record.Signal(15);
            record.WaitForExit();
        }
        ProcessResult.Run(Tools.Require("sqlite3", "sqlite3"), [Db, "DELETE FROM lifetimes"]);
        ProcessResult empty = History("--lifetimes");
        Assert.Equal(0, empty.ExitCode);
        Assert.Equal("", empty.Stdout);
        Assert.Equal($"netstate: the recording {Db} holds no lifetimes yet\n", empty.Stderr);

        File.WriteAllText(Path.Combine(_directory, "other.db"), "not a database at all, just text that is long enough to look like a header");
        ProcessResult other = ProcessResult.Run(Tools.NetstateBinary, ["history", "--db", Path.Combine(_directory, "other.db")]);
        Assert.Equal(1, other.ExitCode);
        Assert.Single(other.Stderr.TrimEnd('\n').Split('\n'));
    }

    private ProcessResult History(params string[] arguments) =>
        ProcessResult.Run(Tools.NetstateBinary, ["history", "--db", Db, .. arguments]);

    private static List<JsonElement> Lines(ProcessResult result) =>
        [.. result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())];

    private long Count(string table) => ScalarOf($"SELECT COUNT(*) FROM {table}");

    private long ScalarOf(string sql) =>
        long.Parse(ProcessResult.Run(Tools.Require("sqlite3", "sqlite3"), [Db, sql]).Stdout.Trim(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A loopback connection: <paramref name="bytes"/> up, client closes first, then the server; the listener stays open.</summary>
    private static (int ServerPort, int ClientPort, Socket Listener) Connection(int bytes)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        int serverPort = ((IPEndPoint)listener.LocalEndPoint!).Port;
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Connect(new IPEndPoint(IPAddress.Loopback, serverPort));
        int clientPort = ((IPEndPoint)client.LocalEndPoint!).Port;
        using Socket server = listener.Accept();
        client.Send(new byte[bytes]);
        var buffer = new byte[65536];
        int got = 0;
        while (got < bytes)
            got += server.Receive(buffer);
        client.Close();
        Assert.Equal(0, server.Receive(buffer));
        server.Close();
        return (serverPort, clientPort, listener);
    }

    private static void WaitFor(Func<bool> done, string what)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!done())
        {
            if (waited.Elapsed > Deadline)
                throw new TimeoutException($"never saw {what}");
            Thread.Sleep(200);
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
