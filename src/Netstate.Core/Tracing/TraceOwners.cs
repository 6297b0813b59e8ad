using Netstate.Core.Model;
using Netstate.Core.Owners;
using Netstate.Core.Platform;

namespace Netstate.Core.Tracing;

/// <summary>
/// Who owns a traced socket. A change made from a system call names its process (the caller),
/// and that owner is remembered for the socket's later changes, which mostly run in softirq where
/// the running task is unrelated. A caller that exited before netstate read /proc is named from the
/// tracer's saved task records and marked as such (<see cref="OwnerSource.ExitedCaller"/>). Otherwise the socket's endpoints are looked up in an owner scan,
/// redone when an event could not be placed (at most every <see cref="RescanInterval"/>). What
/// neither answers stays unknown.
/// </summary>
internal sealed class TraceOwners
{
    private static readonly TimeSpan RescanInterval = TimeSpan.FromMilliseconds(500);
    private const int RememberedLimit = 1 << 20;
    private readonly IPlatform _platform;
    private readonly Dictionary<ulong, (ProcessInfo, OwnerSource)> _bySocket = [];
    private readonly Dictionary<int, ProcessInfo?> _byPid = [];
    private Dictionary<(Endpoint, Endpoint), ProcessInfo> _byEndpoints = [];
    private long _lastScan = long.MinValue;

    public TraceOwners(IPlatform platform) => _platform = platform;

    /// <summary>Notes from the last owner scan (processes that could not be inspected).</summary>
    public List<SourceNote> Notes { get; } = [];

    /// <summary>Forgets per-batch caches: a pid may be reused between batches.</summary>
    public void StartBatch() => _byPid.Clear();

    /// <summary>The owner of <paramref name="record"/>'s socket, learnt from the caller or remembered; null when neither knows.</summary>
    public (ProcessInfo? Owner, OwnerSource Source) FromCaller(in TcpTraceRecord record)
    {
        if (record.CallerPid is int gone && record.ExitedCallerName is { Length: > 0 } name)
        {
            var exited = new ProcessInfo(gone, name);
            if (_bySocket.Count < RememberedLimit)
                _bySocket[record.Socket] = (exited, OwnerSource.ExitedCaller);
            return (exited, OwnerSource.ExitedCaller);
        }
        if (record.CallerPid is int pid && Process(pid) is { } caller && caller.ProgramName.Length > 0)
        {
            if (_bySocket.Count < RememberedLimit)
                _bySocket[record.Socket] = (caller, OwnerSource.Caller);
            return (caller, OwnerSource.Caller);
        }
        return _bySocket.TryGetValue(record.Socket, out var known) ? known : (null, OwnerSource.Unknown);
    }

    /// <summary>The owner by endpoints from a scan, rescanning once when the last scan is older than the interval.</summary>
    public ProcessInfo? FromScan(in TcpTraceRecord record, bool mayRescan)
    {
        if (_byEndpoints.TryGetValue((record.Local, record.Remote), out ProcessInfo? owner))
            return owner;
        if (!mayRescan || Environment.TickCount64 - _lastScan < RescanInterval.TotalMilliseconds)
            return null;
        Rescan();
        return _byEndpoints.GetValueOrDefault((record.Local, record.Remote));
    }

    /// <summary>Drops what is remembered of a socket that has closed (its address may be reused).</summary>
    public void Forget(ulong socket) => _bySocket.Remove(socket);

    private ProcessInfo? Process(int pid)
    {
        if (!_byPid.TryGetValue(pid, out ProcessInfo? process))
            _byPid[pid] = process = _platform.ReadProcessName(pid);
        return process;
    }

    private void Rescan()
    {
        _lastScan = Environment.TickCount64;
        Snapshot snapshot;
        using (SocketReader reader = SocketReader.Open(new SocketReadOptions { Tables = SocketTables.Tcp, Owners = true }, _platform))
            snapshot = reader.Read();
        var map = new Dictionary<(Endpoint, Endpoint), ProcessInfo>(snapshot.Entries.Count);
        foreach (SocketEntry entry in snapshot.Entries)
        {
            if (snapshot.Owners?.First(entry.Inode) is { } holder)
                map[(entry.Local, entry.Remote)] = holder.Process;
        }
        _byEndpoints = map;
        Notes.Clear();
        Notes.AddRange(snapshot.Notes);
    }
}
