using Netstate.Core.IO;
using Netstate.Core.Text;
using System.Text;
using Netstate.Core.Sources.Linux;

namespace Netstate.Core.Owners;

/// <summary>
/// The kernel's name of a process (/proc/PID/comm, at most 15 bytes): what ss shows in users:(...),
/// where netstat shows argv[0]. Read on demand and cached per pid; a process that has exited
/// since the owner scan falls back to its argv[0].
/// </summary>
internal sealed class TaskNames
{
    private readonly ProcRoot _root;
    private readonly Dictionary<int, string> _byPid = [];

    public TaskNames(ProcRoot root)
    {
        _root = root;
    }

    /// <summary>The comm of <paramref name="process"/>, raw (not escaped).</summary>
    public string NameOf(ProcessInfo process)
    {
        ArgumentNullException.ThrowIfNull(process);
        if (_byPid.TryGetValue(process.Pid, out string? name))
            return name;
        name = Read(process.Pid) ?? process.ProgramNameText;
        _byPid[process.Pid] = name;
        return name;
    }

    /// <summary>Forgets every name: pids are reused between two listings of -c.</summary>
    public void Clear() => _byPid.Clear();

    private string? Read(int pid)
    {
        try
        {
            byte[] bytes = BoundedFile.ReadAllBytes($"{_root.Path}/{pid}/comm", BoundedFile.SmallLimit);
            int length = bytes.Length > 0 && bytes[^1] == (byte)'\n' ? bytes.Length - 1 : bytes.Length;
            return RawText.Decode(bytes.AsSpan(0, length));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
