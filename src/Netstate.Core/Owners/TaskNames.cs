using Netstate.Core.Text;

namespace Netstate.Core.Owners;

/// <summary>
/// The kernel's name of a process (on Linux /proc/PID/comm, at most 15 bytes): what ss shows in users:(...),
/// where netstat shows argv[0]. Read on demand and cached per pid; a process that has exited
/// since the owner scan falls back to its argv[0].
/// </summary>
internal sealed class TaskNames
{
    private readonly Func<int, string?> _read;
    private readonly Dictionary<int, string> _byPid = [];

    /// <param name="read">The platform's reader of one process's task name; null when the process is gone.</param>
    public TaskNames(Func<int, string?> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        _read = read;
    }

    /// <summary>The comm of <paramref name="process"/>, raw (not escaped).</summary>
    public string NameOf(ProcessInfo process)
    {
        ArgumentNullException.ThrowIfNull(process);
        if (_byPid.TryGetValue(process.Pid, out string? name))
            return name;
        name = process.Comm is { } comm ? RawText.Decode(comm) : _read(process.Pid) ?? process.ProgramNameText;
        _byPid[process.Pid] = name;
        return name;
    }

    /// <summary>Forgets every name: pids are reused between two listings of -c.</summary>
    public void Clear() => _byPid.Clear();
}
