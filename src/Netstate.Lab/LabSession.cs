using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Netstate.Core;
using Netstate.Core.Kernel;
using Netstate.Core.Model;
using Netstate.Core.Platform.Linux;
using Netstate.Core.Sources;
using Netstate.Core.Tracing;

namespace Netstate.Lab;

/// <summary>
/// What a scenario works with, on the lab's namespace thread: sockets that record the system calls
/// made on them, firewall rules and sysctls of the namespace, helper processes, and
/// <see cref="Observe(string, LabClaim[])"/>, which reads the namespace's sockets with netstate's own
/// source until the step's claims hold (or a deadline passes) and records the step.
/// </summary>
internal sealed class LabSession : IDisposable
{
    public const ushort ServerPort = 10050;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan DefaultWithin = TimeSpan.FromSeconds(3);
    /// <summary>How long a step waits for the trace to catch up with a read (events sit in per-CPU buffers until polled).</summary>
    private static readonly TimeSpan TraceCatchUp = TimeSpan.FromSeconds(1);

    private readonly ILabProgress _progress;
    private readonly CancellationToken _cancel;
    private readonly TimeSpan _pause;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly LinuxPlatform _platform = LinuxPlatform.ForThisThread();
    private readonly SocketReader _reader;
    private readonly LabRoles _roles = new();
    private readonly List<LabAction> _actions = [];
    private readonly List<LabStep> _steps = [];
    private readonly List<LabSocket> _sockets = [];
    private readonly List<LabHolder> _holders = [];
    private readonly List<int> _helperPids = [];
    private readonly Dictionary<string, long> _counterBase = new(StringComparer.Ordinal);
    private readonly LabTrace? _trace;

    /// <param name="progress">Told about each step as soon as it is recorded.</param>
    /// <param name="pause">A wait after each step, so a reader can follow along.</param>
    /// <param name="trace">The state-change trace, started before the run; null when it is off.</param>
    /// <param name="cancel">Ctrl+C: every wait ends at once and the scenario unwinds.</param>
    public LabSession(ILabProgress progress, TimeSpan pause, ITcpTrace? trace, CancellationToken cancel)
    {
        _progress = progress;
        _pause = pause;
        _cancel = cancel;
        _trace = trace is null ? null : new LabTrace(trace, ServerPort, LabTrace.Now(), _helperPids);
        // Opened on the namespace thread: the netlink socket, like any socket, belongs to the
        // namespace of the thread that creates it. /proc/thread-self/net is that namespace's /proc/net
        // (/proc/net follows the process's main thread, which stays on the host).
        _reader = SocketReader.Open(new SocketReadOptions { Tables = SocketTables.Tcp4, Details = SocketDetail.TcpCounters, Source = SourcePolicy.Auto }, _platform);
    }

    /// <summary>Where the server listens: 127.0.0.1:10050, as in the classic experiment.</summary>
    public static Endpoint Server => new(LabSocket.Loopback, ServerPort);

    public IReadOnlyList<LabStep> Steps => _steps;

    public IReadOnlyList<int> HelperProcesses => _helperPids;

    /// <summary>State changes the kernel dropped from the trace's buffer; null without a trace.</summary>
    public long? TraceLost => _trace?.Lost;

    /// <summary>Records what a program did; shown with the next step.</summary>
    public void Do(string actor, string text) => _actions.Add(new LabAction(actor, text));

    public LabSocket Listen(int backlog, string role = "listener")
    {
        LabSocket listener = Keep(LabSocket.Open());
        listener.Bind(Server);
        listener.Listen(backlog);
        _roles.Name(Server, new Endpoint(InetAddress.AnyV4, 0), role);
        Do("server", $"socket(), bind({Server.Address}:{Server.Port}), listen(backlog {backlog})");
        return listener;
    }

    /// <summary>A non-blocking connect to the server port; names the client and the server's side of the connection.</summary>
    /// <returns>The client socket and the errno connect() failed with at once (0 while the handshake goes on).</returns>
    public (LabSocket Client, int Errno) Connect(string clientRole, string serverRole, string? comment = null)
    {
        LabSocket client = Keep(LabSocket.Open());
        ulong calling = LabTrace.Now();
        int errno = client.Connect(Server);
        _trace?.Connecting(clientRole, calling, LabTrace.Now());
        if (errno == 0)
        {
            _roles.Name(client.Local, null, clientRole);
            _roles.Name(Server, client.Local, serverRole);
        }
        string outcome = errno == 0
            ? $"from {client.Local.Address}:{client.Local.Port}: sends SYN"
            : $"fails at once: {Marshal.GetPInvokeErrorMessage(errno)}";
        Do(clientRole, $"socket(), connect({Server.Address}:{Server.Port}) {outcome}{Comment(comment)}");
        return (client, errno);
    }

    /// <summary>accept(): waits (3 s at most) for a connection in the accept queue.</summary>
    public LabSocket Accept(LabSocket listener, string actor = "server")
    {
        ArgumentNullException.ThrowIfNull(listener);
        Stopwatch waited = Stopwatch.StartNew();
        while (true)
        {
            if (listener.TryAccept() is { } accepted)
            {
                Do(actor, $"accept() returns the connection from {accepted.Remote.Address}:{accepted.Remote.Port}");
                return Keep(accepted);
            }
            if (waited.Elapsed > DefaultWithin)
                throw new LabException("accept() found no connection in 3 s");
            Wait(PollInterval);
        }
    }

    /// <summary>A listener, a connected client and the accepted server side: the starting point of the closing scenarios.</summary>
    public (LabSocket Listener, LabSocket Client, LabSocket Server) Establish(int backlog = 8)
    {
        LabSocket listener = Listen(backlog);
        (LabSocket client, _) = Connect("client", "server");
        return (listener, client, Accept(listener));
    }

    public void Close(LabSocket socket, string actor, string? comment = null)
    {
        ArgumentNullException.ThrowIfNull(socket);
        socket.Close();
        Do(actor, "close()" + Comment(comment));
    }

    /// <summary>Replaces the namespace's filter rules (output hook) with <paramref name="rules"/>.</summary>
    public void Firewall(string purpose, IReadOnlyList<string> rules, string? declarations = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        LabFirewall.Install(rules, declarations, _cancel);
        Do("lab", $"nft: {purpose}: {string.Join("; ", rules)}");
    }

    public void ClearFirewall(string? comment = null)
    {
        LabFirewall.Remove(_cancel);
        Do("lab", "nft: remove the filter rules" + Comment(comment));
    }

    /// <summary>Sets a net.ipv4 sysctl of the namespace (each namespace has its own; the host's stays as it is).</summary>
    public void Sysctl(string name, int value, string? comment = null)
    {
        // Opened from this thread, /proc/sys/net resolves to this thread's namespace.
        string path = LinuxPlatform.SysctlFile("net.ipv4." + name);
        string before = File.ReadAllText(path).Trim();
        File.WriteAllText(path, value.ToString(CultureInfo.InvariantCulture));
        Do("lab", $"sysctl net.ipv4.{name}={value} in the namespace (it was {before}){Comment(comment)}");
    }

    /// <summary>A net.ipv4 sysctl of the namespace, or null when this kernel does not have it.</summary>
    public static int? ReadSysctl(string name)
    {
        string path = LinuxPlatform.SysctlFile("net.ipv4." + name);
        return int.TryParse(File.Exists(path) ? File.ReadAllText(path).Trim() : null, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value)
            ? value
            : null;
    }

    /// <summary>Gives the sockets to a separate process and closes the lab's own copies.</summary>
    public LabHolder HandOver(string actor, string what, params LabSocket[] sockets)
    {
        LabHolder holder = LabHolder.Start(sockets);
        _holders.Add(holder);
        _helperPids.Add(holder.Pid);
        foreach (LabSocket socket in sockets)
            socket.Close();
        Do(actor, $"process {holder.Pid} now holds {what} (the lab closed its own copies)");
        return holder;
    }

    public void Kill(LabHolder holder, string actor)
    {
        ArgumentNullException.ThrowIfNull(holder);
        holder.Kill();
        Do("lab", $"kill -9 {holder.Pid}: the {actor} process dies; the kernel closes every socket it held");
    }

    /// <summary>Follows TcpExt counters from now on: each step shows them with their change.</summary>
    public void FollowCounters(params string[] names)
    {
        CounterTable? now = ReadTcpExt();
        foreach (string name in names)
            _counterBase[name] = Value(now, name);
    }

    public LabStep Observe(string explanation, params LabClaim[] claims) => Observe(DefaultWithin, explanation, claims);

    /// <summary>
    /// Reads the namespace's sockets every 10 ms until all <paramref name="claims"/> hold or
    /// <paramref name="within"/> has passed, then records the step with the last read, and with the
    /// trace's changes up to that read and its word on each claim.
    /// </summary>
    public LabStep Observe(TimeSpan within, string explanation, params LabClaim[] claims)
    {
        Stopwatch waited = Stopwatch.StartNew();
        LabView view;
        ulong readFrom, readTo;
        while (true)
        {
            readFrom = LabTrace.Now();
            view = Read();
            readTo = LabTrace.Now();
            if (claims.All(claim => claim.Holds(view)) || waited.Elapsed >= within)
                break;
            Wait(PollInterval);
        }
        LabTraceCheck?[] traced = CheckTrace(claims, readFrom, readTo);
        IReadOnlyList<LabTransition> transitions = _trace?.Take(_roles, readTo) ?? [];
        var step = new LabStep(_steps.Count + 1, Math.Round(_clock.Elapsed.TotalSeconds, 2), [.. _actions], view.Rows,
            [.. claims.Select((claim, i) => claim.Result(view, traced[i]))], view.Counters, explanation, transitions);
        _actions.Clear();
        _steps.Add(step);
        _progress.Stepped(step);
        if (_pause > TimeSpan.Zero)
            Wait(_pause);
        return step;
    }

    /// <summary>
    /// The trace's word on each claim at the moment of the read. Events wait in per-CPU buffers until
    /// polled, so a claim the trace does not show yet is asked again for up to a second.
    /// </summary>
    private LabTraceCheck?[] CheckTrace(LabClaim[] claims, ulong readFrom, ulong readTo)
    {
        var checks = new LabTraceCheck?[claims.Length];
        if (_trace is null)
            return checks;
        Stopwatch waited = Stopwatch.StartNew();
        while (true)
        {
            _trace.Poll();
            for (int i = 0; i < claims.Length; i++)
                checks[i] = _trace.Check(claims[i], _roles, readFrom, readTo);
            if (checks.All(c => c!.Value.Agrees != false) || waited.Elapsed >= TraceCatchUp)
                return checks;
            Wait(PollInterval);
        }
    }

    /// <summary>Sleeps, or throws <see cref="OperationCanceledException"/> at once on Ctrl+C.</summary>
    public void Wait(TimeSpan time)
    {
        _cancel.WaitHandle.WaitOne(time);
        _cancel.ThrowIfCancellationRequested();
    }

    /// <summary>Waits until <paramref name="condition"/> holds (checked every 10 ms), at most <paramref name="within"/>.</summary>
    public bool WaitFor(TimeSpan within, Func<bool> condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        Stopwatch waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed >= within)
                return false;
            Wait(PollInterval);
        }
        return true;
    }

    private LabView Read()
    {
        Snapshot result = _reader.Read();
        var rows = new List<LabSocketRow>(result.Entries.Count);
        foreach (SocketEntry entry in result.Entries)
            rows.Add(ToRow(entry));
        rows.Sort((a, b) => _roles.OrderOf(a.Role).CompareTo(_roles.OrderOf(b.Role)));
        var counters = new List<LabCounter>(_counterBase.Count);
        if (_counterBase.Count > 0)
        {
            CounterTable? now = ReadTcpExt();
            foreach ((string name, long before) in _counterBase)
            {
                long value = Value(now, name);
                counters.Add(new LabCounter(name, value, value - before));
            }
        }
        return new LabView(rows, counters);
    }

    private LabSocketRow ToRow(SocketEntry entry)
    {
        bool listener = entry.TcpState == TcpState.Listen;
        return new LabSocketRow(
            _roles.RoleOf(entry),
            $"{entry.Local.Address}:{entry.Local.Port}",
            listener ? $"{entry.Remote.Address}:*" : $"{entry.Remote.Address}:{entry.Remote.Port}",
            entry.TcpState,
            entry.RecvQueue ?? 0, // TCP: both sources always report the queues
            listener ? entry.ListenBacklog : entry.SendQueue ?? 0,
            entry.Timer,
            entry.TimerTicks / 100.0,
            entry.Retransmits,
            entry.Inode);
    }

    /// <summary>The namespace's TcpExt counters (the thread's own /proc/net/netstat); null when the file has none.</summary>
    private CounterTable? ReadTcpExt() =>
        _platform.ReadCounters(CounterFiles.Netstat).Counters.Table("TcpExt");

    private static long Value(CounterTable? table, string name) => table?.Get(name) is Int128 value ? (long)value : 0;

    private LabSocket Keep(LabSocket socket)
    {
        _sockets.Add(socket);
        return socket;
    }

    private static string Comment(string? comment) => comment is null ? "" : $": {comment}";

    /// <summary>Kills helper processes and closes every socket and the netlink source; the namespace ends with its thread.</summary>
    public void Dispose()
    {
        foreach (LabHolder holder in _holders)
            holder.Dispose();
        foreach (LabSocket socket in _sockets)
            socket.Dispose();
        _reader.Dispose();
    }
}
