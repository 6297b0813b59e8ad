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
                              [--net NS | --all-namespaces]

        Looks at every TCP socket, the kernel's TCP counters and settings, and reports what is wrong:
        CLOSE_WAIT leaks, ephemeral port exhaustion, TIME_WAIT overflow, SYN floods and SYN cookies,
        full accept queues and listen drops, orphaned closing sockets, retransmissions, unread queues.

          --json            one JSON document (findings with evidence, remedy and figures)
          --window SECONDS  how long to watch the counters to see what happens now (default 1; 0: no wait)
          --net NS          examine network namespace NS (a name, a path, pid:PID): its own
                            sockets, counters and sysctls
          --all-namespaces  examine every network namespace, each under its own heading
                            (JSON: a netns object on each finding)
          --db FILE         a recording (netstate record) whose samples tell how long a problem has been
                            building; default: record's own file (/var/lib/netstate/record.db for root)
                            when it exists. Only read; one that cannot be read is a note, never an error.

        exit code: 0 nothing found, 3 the worst finding is a warning, 4 it is critical, 1 the check failed
        """;

    /// <summary>One namespace's figures before the window, and what went wrong reading it.</summary>
    private sealed class Part(NamespaceScope scope)
    {
        public NamespaceScope Scope { get; } = scope;

        public KernelFigures? Before { get; set; }

        public HashSet<ulong>? CloseWaitBefore { get; set; }

        public List<SourceNote> Problems { get; } = [];
    }

    /// <summary>A problem in another namespace says which one.</summary>
    private static IEnumerable<SourceNote> Labelled(NamespaceScope scope, IEnumerable<SourceNote> notes) =>
        scope.Space is { IsOwn: false } space ? notes.Select(n => n with { Message = space.Label + ": " + n.Message }) : notes;

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
        using NamespaceScopes scopes = NamespaceScopes.Open(platform, _options.NetworkNamespace, _options.AllNamespaces, problems);
        notes.Report(problems);
        problems.Clear();
        var parts = scopes.Scopes.Select(s => new Part(s)).ToList();

        if (_options.Window > TimeSpan.Zero)
        {
            // Every namespace's counters before one common window, then after it: one wait, however many namespaces.
            foreach (Part part in parts)
            {
                IPlatform inside = part.Scope.Platform;
                part.Before = inside.ReadKernelFigures(part.Problems);
                // The CLOSE_WAIT sockets now, so that a leak can be told from churn: the same sockets must still be there after the window.
                using SocketReader closeWait = SocketReader.Open(new SocketReadOptions
                {
                    Tables = SocketTables.Tcp,
                    States = TcpStateSet.Of(TcpState.CloseWait),
                    Source = _options.Source,
                }, inside);
                part.CloseWaitBefore = [.. closeWait.Read().Entries.Where(e => e.TcpState == TcpState.CloseWait).Select(CloseWaitLeakRule.Identity)];
            }
            Thread.Sleep(_options.Window);
        }
        using StateRecording? recording = StateRecording.Open(_options.Database, notes);
        // Owners only when a finding may name a process, and then once for every namespace:
        // processes are the host's, whichever namespace their sockets are in.
        OwnerMap? owners = null;
        bool scanned = false;
        var diagnosed = new List<NamespaceDiagnosis>();
        Severity? worst = null;
        foreach (Part part in parts)
        {
            IPlatform inside = part.Scope.Platform;
            // The figures first: the port range says which connections count towards exhaustion.
            KernelFigures now = inside.ReadKernelFigures(part.Problems);
            // One streamed read: no object is kept per socket, only those a rule looks at one by one.
            var evidence = new DoctorEvidence(now.LocalPortRange);
            Snapshot read;
            using (SocketReader reader = SocketReader.Open(new SocketReadOptions
            {
                Tables = SocketTables.Tcp,
                Details = SocketDetail.Memory | SocketDetail.TcpCounters,
                Source = _options.Source,
            }, inside))
            {
                read = reader.Read(_ => { }, evidence.Add);
            }
            bool named = evidence.NeedsOwners();
            if (named && !scanned)
            {
                owners = platform.ScanOwners();
                scanned = true;
            }
            IEnumerable<SocketEntry> kept = part.Scope.Space is { } space ? evidence.Kept.Select(e => e.InNamespace(space)) : evidence.Kept;
            var snapshot = new Snapshot(kept, named ? owners : null, read.Notes, read.TakenAt)
            {
                Namespaces = part.Scope.Space is { } inSpace ? [inSpace] : [],
            };
            notes.Report(Labelled(part.Scope, snapshot.Notes));
            notes.Report(Labelled(part.Scope, part.Problems));
            if (snapshot.Owners is { Hidden.Count: > 0, ScannedAsRoot: false } hidden)
                notes.Once("hidden", $"netstate: warning: the sockets of {hidden.Hidden.Count} processes cannot be attributed without root; findings name them as unknown");

            var input = new DiagnosisInput(snapshot, now, part.Before, _options.Window)
            {
                ProcessState = platform.ProcessState,
                CloseWaitBefore = part.CloseWaitBefore,
                // record watches netstate's own namespace: its samples say nothing of another one.
                Recording = part.Scope.Space is null || part.Scope.Space.IsOwn ? recording : null,
                Destinations = evidence.Destinations,
            };
            IReadOnlyList<Finding> findings = Doctor.Examine(input);
            if (Doctor.Worst(findings) is Severity found && (worst is null || found > worst))
                worst = found;
            if (part.Scope.Space is { } examined)
            {
                diagnosed.Add(new NamespaceDiagnosis(examined, snapshot, findings, evidence.TcpSockets));
                if (!_options.Json)
                {
                    NamespaceHeading.Write(_out, examined, first: diagnosed.Count == 1);
                    new DoctorTextRenderer(_out, _terminal.Width).Write(evidence.TcpSockets, findings);
                }
            }
            else if (_options.Json)
                DoctorJsonRenderer.Write(_out, snapshot.TakenAt, evidence.TcpSockets, findings, recording?.Where);
            else
                new DoctorTextRenderer(_out, _terminal.Width).Write(evidence.TcpSockets, findings);
        }
        if (scopes.Named && _options.Json)
            DoctorJsonRenderer.Write(_out, diagnosed, recording?.Where);
        return worst switch
        {
            Severity.Critical => ReturnCode.FoundCritical,
            Severity.Warning => ReturnCode.FoundWarning,
            _ => ReturnCode.Success,
        };
    }
}
