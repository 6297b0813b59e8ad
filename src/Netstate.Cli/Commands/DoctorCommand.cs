using Netstate.Cli.Arguments;
using Netstate.Cli.Recording;
using Netstate.Cli.Rendering;
using Netstate.Core;
using Netstate.Core.Diagnosis;
using Netstate.Core.Diagnosis.Rules;
using Netstate.Core.Model;
using Netstate.Core.Owners;
using Netstate.Core.Sources;
using Netstate.Core.Platform;

namespace Netstate.Cli.Commands;

/// <summary>
/// <c>netstate doctor</c>: samples the kernel counters, watches them for a moment, takes one TCP
/// snapshot with owners and memory, runs the diagnosis rules and reports the findings worst first.
/// The exit code is the worst finding's (3 warning, 4 critical), 0 when nothing is wrong.
/// </summary>
internal sealed class DoctorCommand
{
    public const string Usage = """
        usage: netstate doctor [--json] [--window SECONDS] [--db FILE] [--source auto|netlink|proc] [--proc-root DIR] [-v]

        Looks at every TCP socket, the kernel's TCP counters and settings, and reports what is wrong:
        CLOSE_WAIT leaks, ephemeral port exhaustion, TIME_WAIT overflow, SYN floods and SYN cookies,
        full accept queues and listen drops, orphaned closing sockets, retransmissions, unread queues.

          --json            one JSON document (findings with evidence, remedy and figures)
          --window SECONDS  how long to watch the counters to see what happens now (default 1; 0: no wait)
          --db FILE         a recording (netstate record) whose samples tell how long a problem has been
                            building; default: record's own file (/var/lib/netstate/record.db for root)
                            when it exists. Only read; one that cannot be read is a note, never an error.

        exit code: 0 nothing found, 3 the worst finding is a warning, 4 it is critical, 1 the check failed
        """;

    private readonly DoctorOptions _options;
    private readonly TextWriter _out;
    private readonly TextWriter _err;
    private readonly TerminalInfo _terminal;

    public DoctorCommand(DoctorOptions options, TextWriter stdout, TextWriter stderr, TerminalInfo terminal)
    {
        _terminal = terminal;
        _options = options;
        _out = stdout;
        _err = stderr;
    }

    public ReturnCode Run()
    {
        if (_options.Help)
        {
            _out.Write(Usage);
            return ReturnCode.Success;
        }
        IPlatform platform = Platforms.Open(_options.ProcRoot);
        var notes = new NoteReporter(_err, _options.Verbose);
        var problems = new List<SourceNote>();

        KernelFigures? before = null;
        HashSet<ulong>? closeWaitBefore = null;
        if (_options.Window > TimeSpan.Zero)
        {
            before = platform.ReadKernelFigures(problems);
            // The CLOSE_WAIT sockets now, so that a leak can be told from churn: the same sockets must still be there after the window.
            using (SocketReader closeWait = SocketReader.Open(new SocketReadOptions
            {
                Tables = SocketTables.Tcp,
                States = TcpStateSet.Of(TcpState.CloseWait),
                Source = _options.Source,
            }, platform))
            {
                closeWaitBefore = [.. closeWait.Read().Entries.Where(e => e.TcpState == TcpState.CloseWait).Select(CloseWaitLeakRule.Identity)];
            }
            Thread.Sleep(_options.Window);
        }
        Snapshot snapshot;
        using (SocketReader reader = SocketReader.Open(new SocketReadOptions
        {
            Tables = SocketTables.Tcp,
            Details = SocketDetail.Memory | SocketDetail.TcpCounters,
            Owners = true,
            Source = _options.Source,
        }, platform))
        {
            snapshot = reader.Read();
        }
        KernelFigures now = platform.ReadKernelFigures(problems);
        notes.Report(snapshot.Notes);
        notes.Report(problems);
        if (snapshot.Owners is { Hidden.Count: > 0, ScannedAsRoot: false } owners)
            notes.Once("hidden", $"netstate: warning: the sockets of {owners.Hidden.Count} processes cannot be attributed without root; findings name them as unknown");

        using StateRecording? recording = StateRecording.Open(_options.Database, notes);
        var input = new DiagnosisInput(snapshot, now, before, _options.Window)
        {
            ProcessState = platform.ProcessState,
            CloseWaitBefore = closeWaitBefore,
            Recording = recording,
        };
        IReadOnlyList<Finding> findings = Doctor.Examine(input);
        if (_options.Json)
            DoctorJsonRenderer.Write(_out, snapshot, findings, recording?.Where);
        else
            new DoctorTextRenderer(_out, _terminal.Width).Write(snapshot, findings);
        return Doctor.Worst(findings) switch
        {
            Severity.Critical => ReturnCode.FoundCritical,
            Severity.Warning => ReturnCode.FoundWarning,
            _ => ReturnCode.Success,
        };
    }
}
