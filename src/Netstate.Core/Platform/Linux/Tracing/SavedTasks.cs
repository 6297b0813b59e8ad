using System.Globalization;
using System.Text;

namespace Netstate.Core.Platform.Linux.Tracing;

/// <summary>
/// The tracer's own memory of tasks: <c>saved_tgids</c> (thread id to process id, kept while the
/// instance's <c>record-tgid</c> option is on) and <c>saved_cmdlines</c> (pid to comm, a small ring
/// the kernel overwrites). Both are written when a traced task is switched out, so they still name a
/// process that made a change and exited before netstate could read /proc. The kernel reuses their
/// slots as pids are reused: an answer is a good guess, never a fact.
/// </summary>
internal sealed class SavedTasks
{
    private readonly Dictionary<int, int> _processes = [];
    private readonly Dictionary<int, string> _names = [];

    private SavedTasks()
    {
    }

    /// <summary>Reads both files under the tracefs mount <paramref name="root"/>; a missing or unreadable file answers nothing.</summary>
    public static SavedTasks Read(string root)
    {
        var tasks = new SavedTasks();
        foreach ((int task, string value) in Pairs(Path.Combine(root, "saved_tgids")))
        {
            if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int process) && process > 0)
                tasks._processes[task] = process;
        }
        foreach ((int task, string name) in Pairs(Path.Combine(root, "saved_cmdlines")))
        {
            // "<...>" is the kernel's word for a name it no longer has.
            if (name.Length > 0 && name != "<...>")
                tasks._names[task] = name;
        }
        return tasks;
    }

    /// <summary>
    /// The process of thread <paramref name="task"/> and its name (the process's main thread's comm,
    /// else the thread's); false when the tracer did not keep the process id (then the thread id could
    /// be mistaken for a pid, so nothing is said).
    /// </summary>
    public bool TryFind(int task, out int process, out byte[] name)
    {
        name = [];
        if (!_processes.TryGetValue(task, out process))
            return false;
        string? comm = _names.GetValueOrDefault(process) ?? _names.GetValueOrDefault(task);
        if (comm is null)
            return false;
        name = Encoding.UTF8.GetBytes(comm);
        return true;
    }

    /// <summary>Parses the lines "PID VALUE"; lines that do not fit are skipped.</summary>
    internal static IEnumerable<(int Task, string Value)> Parse(IEnumerable<string> lines)
    {
        foreach (string line in lines)
        {
            int space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0 && int.TryParse(line.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out int task) && task > 0)
                yield return (task, line[(space + 1)..]);
        }
    }

    private static IEnumerable<(int, string)> Pairs(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
        return Parse(lines);
    }
}
