using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Netstate.IntegrationTests.TestBed;

namespace Netstate.IntegrationTests;

/// <summary>
/// explain and doctor with a recording: a server in a private namespace leaks CLOSE_WAIT step by
/// step while netstate record samples it, then both commands say since when the pile has grown; a
/// damaged, missing or locked recording is one note and never a failure.
/// </summary>
public sealed partial class RecordingEvidenceTests : IDisposable
{
    private const int Port = 10061;
    private readonly string _directory = Directory.CreateTempSubdirectory("netstate-evidence-").FullName;

    private string Db => Path.Combine(_directory, "record.db");

    [Fact]
    public void Explain_and_doctor_say_how_long_a_recorded_CLOSE_WAIT_pile_has_grown()
    {
        using var scene = new DoctorScene();
        var held = new List<Socket>();
        try
        {
            using TraceProcess record = TraceProcess.StartIn(scene.Namespace, "record", "--db", Db, "--interval", "0.5");
            Socket listener = scene.Namespace.Run(() => scene.Listen(Port, 128));
            DoctorScene.WaitUntil(() => Samples().Any(s => s.State == "LISTEN"), "a sample of the listener");
            // Three steps of four leaked sockets, each seen by a sample of its own: 0, 4, 8, 12.
            for (int step = 1; step <= 3; step++)
            {
                scene.Run(() =>
                {
                    for (int i = 0; i < 4; i++)
                    {
                        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                        client.Connect(IPAddress.Loopback, Port);
                        held.Add(listener.Accept());
                        // The client closes; the server (this test) never does: CLOSE_WAIT on the server's port.
                    }
                });
                int expected = 4 * step;
                DoctorScene.WaitUntil(() => Samples().LastOrDefault(s => s.State == "CLOSE_WAIT").Count == expected, $"a sample of {expected} in CLOSE_WAIT");
            }

            ProcessResult doctor = Tools.Netstate(scene.Namespace, "doctor", "--json", "--window", "0", "--db", Db);
            Assert.True(doctor.Stderr == "", doctor.Stderr);
            using JsonDocument report = JsonDocument.Parse(doctor.Stdout);
            Assert.Equal(Db, report.RootElement.GetProperty("recording").GetString());
            JsonElement finding = Assert.Single(report.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("rule").GetString() == "close-wait-leak");
            JsonElement figures = finding.GetProperty("figures");
            Assert.Equal(12, figures.GetProperty("close_wait").GetInt32());
            Assert.Equal(Port, figures.GetProperty("recorded_growth_port").GetInt32());
            Assert.Equal(0, figures.GetProperty("recorded_growth_from").GetInt32());
            Assert.Equal(12, figures.GetProperty("recorded_growth_to").GetInt32());
            Assert.True(figures.GetProperty("recorded_growth_seconds").GetInt64() >= 0);
            string line = Assert.Single(finding.GetProperty("evidence").EnumerateArray().Select(e => e.GetString()!), e => e.StartsWith("the recording ", StringComparison.Ordinal));
            Assert.Matches($@"^the recording {Regex.Escape(Db)} shows: CLOSE_WAIT on :{Port} has grown for .+, from 0 to 12 sockets \(since \d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d UTC\)$", line);

            ProcessResult explain = Tools.Netstate(scene.Namespace, "explain", "close-wait", "--db", Db);
            Assert.True(explain.ExitCode == 0 && explain.Stderr == "", explain.Stderr);
            string text = Unwrapped(explain.Stdout);
            Assert.Contains($"In the recording {Db}:", text, StringComparison.Ordinal);
            Assert.Matches($@"CLOSE_WAIT on :{Port} has grown for [^,]+, from 0 to 12 sockets", text);
            // The trace sees every namespace: at least this test's twelve came from ESTABLISHED.
            Match into = ChangesInto().Match(text);
            Assert.True(into.Success, text);
            Assert.True(int.Parse(into.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 12, text);

            record.Signal(15);
            Assert.Equal(0, record.WaitForExit().ExitCode);
        }
        finally
        {
            scene.Run(() => held.ForEach(s => s.Dispose()));
        }
    }

    [Fact]
    public void A_damaged_missing_or_locked_recording_is_a_note_and_the_command_goes_on()
    {
        using var scene = new DoctorScene();
        string damaged = Path.Combine(_directory, "damaged.db");
        File.WriteAllText(damaged, "not a database at all, just text that is long enough to look like a header");
        foreach (string[] command in (string[][])[["explain", "close-wait"], ["doctor", "--window", "0"]])
        {
            ProcessResult result = Tools.Netstate(scene.Namespace, [.. command, "--db", damaged]);
            Assert.Equal(0, result.ExitCode);
            Assert.Matches($@"^netstate: note: the recording {Regex.Escape(damaged)} cannot be read \(.+\); going on without it\n$", result.Stderr);
            Assert.NotEqual("", result.Stdout);

            ProcessResult missing = Tools.Netstate(scene.Namespace, [.. command, "--db", Path.Combine(_directory, "none.db")]);
            Assert.Equal(0, missing.ExitCode);
            Assert.Equal($"netstate: note: no recording at {Path.Combine(_directory, "none.db")}; going on without one\n", missing.Stderr);
        }

        // A real recording, then another program holds an exclusive lock on it (rollback journal).
        using (TraceProcess record = TraceProcess.Start("record", "--db", Db))
        {
            record.Signal(15);
            record.WaitForExit();
        }
        var start = new ProcessStartInfo(Tools.Require("sqlite3", "sqlite3")) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(Db);
        using Process holder = Process.Start(start)!;
        holder.StandardInput.Write("PRAGMA journal_mode=DELETE;\nBEGIN EXCLUSIVE;\nINSERT INTO meta VALUES ('lock', 'held');\nSELECT 'locked';\n");
        holder.StandardInput.Flush();
        Assert.Equal("delete", holder.StandardOutput.ReadLine());
        Assert.Equal("locked", holder.StandardOutput.ReadLine());
        ProcessResult locked = Tools.Netstate(scene.Namespace, "explain", "close-wait", "--db", Db);
        holder.StandardInput.Write("ROLLBACK;\n.quit\n");
        holder.StandardInput.Close();
        holder.WaitForExit();
        Assert.Equal(0, locked.ExitCode);
        Assert.Matches($@"^netstate: note: the recording {Regex.Escape(Db)} cannot be read \(.*locked.*\); going on without it\n$", locked.Stderr);
        Assert.Contains("Sockets in CLOSE_WAIT now: 0", locked.Stdout, StringComparison.Ordinal);
    }

    /// <summary>The counts samples of the listening port, oldest first: (state, count).</summary>
    private List<(string State, int Count)> Samples() =>
        [.. ProcessResult.Run(Tools.NetstateBinary, ["history", "--db", Db, "--counts", "--jsonl", "sport", "=", $":{Port}"]).Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Select(d => (d.GetProperty("state").GetString()!, d.GetProperty("count").GetInt32()))];

    /// <summary>The explanation's paragraphs joined back into lines (the renderer wraps at the terminal width).</summary>
    private static string Unwrapped(string text) => Regex.Replace(text, @"\n +", " ");

    [GeneratedRegex(@"Changes into CLOSE_WAIT over the recording's last .+? UTC: (\d+) from ESTABLISHED")]
    private static partial Regex ChangesInto();

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
