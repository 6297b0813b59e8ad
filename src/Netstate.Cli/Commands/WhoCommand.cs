using System.Globalization;
using System.Text;
using Netstate.Cli.Arguments;
using Netstate.Cli.Rendering;
using Netstate.Core.Aggregation;
using Netstate.Core.Model;
using Netstate.Core.Names;
using Netstate.Core.Owners;
using Netstate.Core.Platform;
using Netstate.Core.Query;
using Netstate.Core.Text;
using Netstate.Core.Vocabulary;
using Netstate.Core;

namespace Netstate.Cli.Commands;

/// <summary>
/// <c>netstate who PORT|:PORT|ADDR:PORT|PID|NAME</c>: the processes behind a port, or the sockets a
/// process has open, with each process's user, start time and whole command line, and for a TCP
/// listener how many peers are connected. Exit code 1 when nothing matches, for scripts.
/// </summary>
internal sealed class WhoCommand
{
    public const string Usage = """
        usage: netstate who PORT|:PORT|ADDR:PORT|PID|NAME [-n] [--proc-root DIR] [--source SRC]
                           [--net NS | --all-namespaces]

        Who owns a port, or what a process has open: protocol, address, state, PID, user,
        start time and full command line; for a TCP listener, its connected peers.

          8080, :8080          sockets bound to local port 8080 (a bare number that no socket
                               uses is taken as a PID)
          127.0.0.1:8080       sockets bound to that local address and port ([::1]:8080 for IPv6)
          1234                 the sockets of process 1234
          nginx, 'ngin*'       the sockets of processes with that program name (globs allowed)

          -n, --numeric        users as numbers (uid), not names
          --proc-root DIR      read /proc from DIR
          --source SRC         read sockets over auto, netlink or proc
          --net NS             look in network namespace NS (a name, a path, pid:PID)
          --all-namespaces     look in every network namespace; each socket says which

        For a port, the processes serving it and those connecting to it are listed apart (as
        lsof -i :PORT lists both ends). A connected unix socket names the process at its other end.
        A process in a PID namespace of its own (a container's) also shows its PID there.

        On Windows, a process that hosts services (svchost.exe) lists them on a services: line.

        Exit code 0 when something matched, 1 when nothing did. Run as root to see every process.

        """;

    private readonly WhoOptions _options;
    private readonly TextWriter _out;
    private readonly TextWriter _err;

    public WhoCommand(WhoOptions options, TextWriter stdout, TextWriter stderr)
    {
        _options = options;
        _out = stdout;
        _err = stderr;
    }

    public ReturnCode Run()
    {
        if (_options.Help || _options.Target is not { } targetText)
        {
            _out.Write(Usage);
            return ReturnCode.Success;
        }

        IPlatform platform = Platforms.Open(_options.Common.ProcRoot);
        Snapshot snapshot;
        // Extras: the peer inode of connected unix sockets.
        using (SocketReader reader = SocketReader.Open(new SocketReadOptions
        {
            Details = SocketDetail.Extras,
            Owners = true,
            Source = _options.Common.Source,
            NetworkNamespace = _options.NetworkNamespace,
            AllNetworkNamespaces = _options.AllNamespaces,
        }, platform))
        {
            snapshot = reader.Read();
        }
        // Across namespaces, say which could not be read (and why) rather than answer "nothing" silently.
        if (_options.AllNamespaces || _options.NetworkNamespace is not null)
            new NoteReporter(_err, verbose: false).Report(snapshot.Notes);

        Target target = Resolve(targetText, snapshot);
        var matched = new List<SocketEntry>();
        var clients = new List<SocketEntry>();
        foreach (SocketEntry entry in snapshot.Entries)
        {
            if ((target.Tables & TableOf(entry)) == 0 || OwnSockets.IsOwnDiagnosticsSocket(entry))
                continue;
            if (target.Filter.Matches(entry, snapshot.Owners))
                matched.Add(entry);
            else if (target.Clients is { } connecting && connecting.Matches(entry, snapshot.Owners))
                clients.Add(entry);
        }
        if (matched.Count == 0 && clients.Count == 0)
        {
            // A pid or name search looks at owners: a process we could not inspect may be the answer.
            string hidden = target.CouldBe is { } couldBe && snapshot.Owners is { } owners
                && HiddenProcesses(owners, pid => couldBe(pid, platform.ReadProcessName(pid))) is { } said
                ? $"; {said}"
                : "";
            _err.WriteLine(UntrustedText.Escape($"netstate: {target.Nothing}{hidden}"));
            return ReturnCode.Failure;
        }
        var text = new StringBuilder();
        var context = new RenderContext(snapshot, platform, _options.NumericUsers ? null : new UserNames(), new EstablishedCounts(snapshot.Entries), DateTimeOffset.Now);
        if (clients.Count == 0)
        {
            Render(text, matched, context);
        }
        else
        {
            // Like lsof -i :PORT, both ends; unlike it, clearly apart.
            text.Append("serving ").Append(UntrustedText.Escape(target.What ?? "")).Append(":\n");
            if (matched.Count == 0)
                text.Append("  nothing here listens on or is bound to it\n");
            Render(text, matched, context);
            text.Append("\nconnecting to ").Append(UntrustedText.Escape(target.What ?? "")).Append(":\n");
            Render(text, clients, context);
        }
        _out.Write(text.ToString());
        return ReturnCode.Success;
    }

    private sealed record RenderContext(Snapshot Snapshot, IPlatform Platform, UserNames? Users, EstablishedCounts Peers, DateTimeOffset Now);

    /// <param name="Filter">The sockets the target names: bound to the port, held by the process.</param>
    /// <param name="Clients">For a port: the sockets connected to it from elsewhere (lsof -i :PORT lists them too); null otherwise.</param>
    /// <param name="CouldBe">For a pid or name: whether a process whose sockets could not be read might be the one (its name when readable).</param>
    private sealed record Target(SocketFilter Filter, SocketTables Tables, string Nothing, SocketFilter? Clients = null, string? What = null,
        Func<int, ProcessInfo?, bool>? CouldBe = null);

    private static SocketTables InetTables => SocketTables.All & ~SocketTables.Unix;

    /// <summary>Reads the argument: a port, an address and port, a PID or a program name.</summary>
    private static Target Resolve(string text, Snapshot snapshot)
    {
        if (text.All(char.IsAsciiDigit))
        {
            bool isPort = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int number) && number <= ushort.MaxValue;
            var port = new PortPredicate(EndpointSide.Local, Comparison.Equal, number);
            var remote = new PortPredicate(EndpointSide.Remote, Comparison.Equal, number);
            if (isPort && snapshot.Entries.Any(e => e.Protocol != Protocol.Unix && (port.Matches(e, null) || remote.Matches(e, null))))
                return new Target(SocketFilter.Of(port), InetTables, $"nothing uses port {text}", SocketFilter.Of(remote), $"port {text}");
            return new Target(SocketFilter.Of(new PidPredicate(Comparison.Equal, number)), SocketTables.All,
                isPort ? $"nothing uses port {text}, and no process {text} holds a socket" : $"no process {text} holds a socket",
                CouldBe: (pid, _) => pid == number);
        }
        if (text[0] == ':' || text.Contains(':', StringComparison.Ordinal) || text[0] == '[')
        {
            if (text.AsSpan().IndexOfAny("'\" \t") >= 0)
                throw new UsageException($"'{text}' is not an address:port", "for example 127.0.0.1:8080 or [::1]:8080");
            try
            {
                SocketFilter local = SocketFilter.Parse($"src '{text}'");
                return new Target(local, InetTables, $"nothing uses {text}", SocketFilter.Parse($"dst '{text}'"), text);
            }
            catch (FilterSyntaxException e)
            {
                throw new UsageException($"'{text}' is not a port or address:port: {e.Message}", "for example :8080, 127.0.0.1:8080 or [::1]:8080");
            }
        }
        var pattern = new GlobPattern(text, ignoreCase: false);
        return new Target(SocketFilter.Of(new ProcessNamePredicate(pattern)), SocketTables.All, $"no process named '{text}' holds a socket",
            CouldBe: (_, process) => process is null || process.AnyName(name => pattern.Matches(name.AsSpan())));
    }

    private static SocketTables TableOf(SocketEntry entry) => entry.Protocol switch
    {
        Protocol.Unix => SocketTables.Unix,
        _ => SocketTables.All & ~SocketTables.Unix,
    };

    /// <summary>One block per process (lowest PID first), its sockets listeners first; then the sockets no visible process holds.</summary>
    private static void Render(StringBuilder text, List<SocketEntry> matched, RenderContext context)
    {
        (Snapshot snapshot, IPlatform platform, UserNames? users, EstablishedCounts peers, DateTimeOffset now) = context;
        var byProcess = new SortedDictionary<int, (ProcessInfo Process, List<SocketEntry> Sockets)>();
        // No file, no process: inode 0 marks sockets only the kernel holds. A socket with an inode
        // and no holder found belongs to a process that exited or that could not be inspected.
        var kernelHeld = new List<SocketEntry>();
        var unowned = new List<SocketEntry>();
        foreach (SocketEntry entry in matched.OrderBy(e => StateOrder(e)))
        {
            bool any = false;
            if (snapshot.Owners is { } owners)
            {
                foreach (SocketOwner owner in owners.Get(entry.Inode))
                {
                    if (!byProcess.TryGetValue(owner.Process.Pid, out var group))
                        byProcess[owner.Process.Pid] = group = (owner.Process, []);
                    // One process may hold a socket under several fds; its holders come one after another.
                    if (group.Sockets.Count == 0 || !ReferenceEquals(group.Sockets[^1], entry))
                        group.Sockets.Add(entry);
                    any = true;
                }
            }
            if (!any)
                // Windows: a row with no owner is one the table gave PID 0 (the idle process, which holds TIME_WAIT).
                (entry.Inode == 0 || OperatingSystem.IsWindows() ? kernelHeld : unowned).Add(entry);
        }

        foreach ((int pid, (ProcessInfo process, List<SocketEntry> sockets)) in byProcess)
        {
            ProcessDetails details = platform.ReadProcess(pid);
            text.Append(UntrustedText.Escape(process.ProgramNameText)).Append(" (PID ").Append(pid.ToString(CultureInfo.InvariantCulture));
            // A container's process: its PID inside the container too, as its own logs and ps there show it.
            if (details.NamespacePid is int inner)
                text.Append(", PID ").Append(inner.ToString(CultureInfo.InvariantCulture)).Append(" in its PID namespace");
            if (details.Uid is { } uid)
                text.Append(", user ").Append(users is null ? uid.ToString(CultureInfo.InvariantCulture) : UntrustedText.Escape(users.NameOrNumber(uid)));
            if (details.StartedAt is { } started)
                text.Append(", started ").Append(started.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)).Append(", ").Append(Age(now - started)).Append(" ago");
            text.Append(")\n");
            // Windows gives no command line here (docs/windows.md): the line is left out rather than saying "exited".
            if (details.CommandLine is not null || !OperatingSystem.IsWindows())
                text.Append("  command: ").Append(UntrustedText.Escape(details.CommandLine ?? "(exited)")).Append('\n');
            // Windows: the services a service host (svchost.exe) runs, which tasklist /svc would have told.
            if (process.Services is { Count: > 0 } services)
                text.Append("  services: ").Append(UntrustedText.Escape(string.Join(", ", services))).Append('\n');
            foreach (SocketEntry entry in sockets)
                AppendSocket(text, entry, peers, snapshot);
        }
        if (unowned.Count > 0)
        {
            if (byProcess.Count > 0)
                text.Append('\n');
            text.Append(snapshot.Owners is { } owners && HiddenProcesses(owners, _ => true) is { } hidden
                ? $"owner not known: {hidden}\n"
                : "owner not found (its process exited during the scan)\n");
            foreach (SocketEntry entry in unowned)
                AppendSocket(text, entry, peers, snapshot);
        }
        if (kernelHeld.Count > 0)
        {
            if (byProcess.Count > 0 || unowned.Count > 0)
                text.Append('\n');
            text.Append("no owning process (held by the kernel: TIME_WAIT, orphaned or not yet accepted)\n");
            foreach (SocketEntry entry in kernelHeld)
                AppendSocket(text, entry, peers, snapshot);
        }
    }

    /// <summary>
    /// The processes whose sockets could not be read and that <paramref name="relevant"/> keeps, which,
    /// and why: "2 processes could not be inspected (PIDs 1, 7: permission denied; run as root to see
    /// them)"; null when there are none.
    /// </summary>
    private static string? HiddenProcesses(OwnerMap owners, Func<int, bool> relevant)
    {
        const int Shown = 10;
        List<string> pids = owners.Hidden.Where(pid => relevant(int.Parse(pid, CultureInfo.InvariantCulture))).ToList();
        if (pids.Count == 0)
            return null;
        string listed = string.Join(", ", pids.Take(Shown)) + (pids.Count > Shown ? ", ..." : "");
        string why = OperatingSystem.IsWindows() ? WindowsOwnerNotes.HiddenReason(Core.Platform.Windows.WindowsElevation.IsElevated())
            : owners.ScannedAsRoot
            ? "permission denied even to root: a security module, a missing capability (CAP_SYS_PTRACE) or another user namespace"
            : "permission denied; run as root to see them";
        return pids.Count == 1
            ? $"1 process could not be inspected (PID {listed}: {why})"
            : $"{pids.Count} processes could not be inspected (PIDs {listed}: {why})";
    }

    private static int StateOrder(SocketEntry entry) => SocketStateText.TcpEquivalent(entry) == TcpState.Listen ? 0 : 1;

    private static void AppendSocket(StringBuilder text, SocketEntry entry, EstablishedCounts established, Snapshot snapshot)
    {
        text.Append("  ").Append(ProtocolText.Of(entry, Dialect.Netstat).PadRight(6)).Append(' ').Append(SocketStateText.Of(entry, Dialect.Netstat).PadRight(12)).Append(' ');
        if (entry.Unix is { } unix)
        {
            text.Append(UntrustedText.Escape(unix.Path ?? "(unnamed)"));
            // unix_diag names the other end of a connected socket by inode, as ss shows it.
            if (entry.Details?.PeerInode is ulong peer and not 0)
                text.Append(" -> ").Append(UnixPeer(peer, snapshot));
            AppendNamespace(text, entry);
            text.Append('\n');
            return;
        }
        text.Append(EndpointText.Format(entry.Local, Dialect.Filter));
        if (entry.Remote.Port != 0 || !entry.Remote.Address.IsUnspecified)
            text.Append(" -> ").Append(EndpointText.Format(entry.Remote, Dialect.Filter));
        if (entry.Protocol == Protocol.Tcp && entry.TcpState == TcpState.Listen)
        {
            int peers = established.AcceptedBy(entry);
            text.Append("  (").Append(peers.ToString(CultureInfo.InvariantCulture)).Append(peers == 1 ? " connected peer)" : " connected peers)");
        }
        AppendNamespace(text, entry);
        text.Append('\n');
    }

    /// <summary>With --net or --all-namespaces: "  [netns web (net:[4026532291])]" after each socket.</summary>
    private static void AppendNamespace(StringBuilder text, SocketEntry entry)
    {
        if (entry.Namespace is { } space)
            text.Append("  [netns ").Append(NamespaceHeading.Of(space)).Append(']');
    }

    private static string Age(TimeSpan age) =>
        age.TotalDays >= 1 ? $"{(int)age.TotalDays}d {age.Hours}h"
        : age.TotalHours >= 1 ? $"{age.Hours}h {age.Minutes}m"
        : age.TotalMinutes >= 1 ? $"{age.Minutes}m {age.Seconds}s"
        : $"{Math.Max(0, age.Seconds)}s";

    /// <summary>"nginx (PID 12)" for the holders of a unix peer, or its inode when no visible process holds it.</summary>
    private static string UnixPeer(ulong inode, Snapshot snapshot)
    {
        var holders = new List<string>();
        if (snapshot.Owners is { } owners)
        {
            foreach (SocketOwner owner in owners.Get(inode))
            {
                string holder = $"{UntrustedText.Escape(owner.Process.ProgramNameText)} (PID {owner.Process.Pid.ToString(CultureInfo.InvariantCulture)})";
                if (!holders.Contains(holder))
                    holders.Add(holder);
            }
        }
        string number = inode.ToString(CultureInfo.InvariantCulture);
        return holders.Count == 0 ? $"peer inode {number}" : $"peer {string.Join(", ", holders)}, inode {number}";
    }
}
