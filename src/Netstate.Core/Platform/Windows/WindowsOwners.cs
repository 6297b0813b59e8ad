using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Netstate.Core.Model;
using Netstate.Core.Owners;

namespace Netstate.Core.Platform.Windows;

/// <summary>
/// Builds the owner map from the process ids the owner-PID tables carry. Every row has a process id,
/// and every socket but those with PID 0 has an owner; what may be missing is its name: a process this
/// user may not open keeps an empty name and is listed in <see cref="OwnerMap.Hidden"/>. PID 0 is the
/// idle process, Windows' way of saying "no process" (TIME_WAIT rows): such rows get no owner.
/// </summary>
internal static class WindowsOwners
{
    /// <param name="entries">The rows read, keyed by <see cref="RowKey"/>.</param>
    /// <param name="pids">The process id of each row, in the same order.</param>
    /// <param name="imagePath">The executable path of a process id, and how the lookup went.</param>
    /// <param name="services">The services a process id hosts, asked only when a renderer wants them; null: none known.</param>
    public static OwnerMap Build(IReadOnlyList<SocketEntry> entries, IReadOnlyList<uint> pids,
        Func<uint, (string? Path, WindowsProcesses.Outcome Outcome)> imagePath, Func<uint, IReadOnlyList<string>>? services = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(pids);
        ArgumentNullException.ThrowIfNull(imagePath);
        var processes = new Dictionary<uint, ProcessInfo>();
        var hidden = new List<uint>();
        bool sawAnyProcess = false;
        var firstByInode = new Dictionary<ulong, int>(entries.Count);
        var chain = new (SocketOwner Owner, int Next)[entries.Count];
        int slot = 0;
        // Rows from the last to the first, each put at its chain's head: every chain ends up in table order.
        for (int i = entries.Count - 1; i >= 0; i--)
        {
            uint pid = pids[i];
            if (pid == 0)
                continue;
            if (!processes.TryGetValue(pid, out ProcessInfo? process))
            {
                process = Describe(pid, imagePath, services, hidden, ref sawAnyProcess);
                processes[pid] = process;
            }
            ref int head = ref CollectionsMarshal.GetValueRefOrAddDefault(firstByInode, entries[i].Inode, out bool exists);
            // Windows sockets have no descriptor number in another process: -1 says so.
            chain[slot] = (new SocketOwner(process, -1), exists ? head : -1);
            head = slot++;
        }
        Array.Resize(ref chain, slot);
        hidden.Sort();
        return new OwnerMap(firstByInode, chain, hidden.Select(p => p.ToString(CultureInfo.InvariantCulture)).ToList(),
            sawAnyProcess || processes.Count == 0, scannedAsRoot: false);
    }

    private static ProcessInfo Describe(uint pid, Func<uint, (string?, WindowsProcesses.Outcome)> imagePath, Func<uint, IReadOnlyList<string>>? services,
        List<uint> hidden, ref bool sawAnyProcess)
    {
        (string? path, WindowsProcesses.Outcome outcome) = imagePath(pid);
        if (outcome == WindowsProcesses.Outcome.Denied)
            hidden.Add(pid);
        Func<IReadOnlyList<string>> hosted = services is null ? () => [] : () => services(pid);
        if (path is null)
            // A service's process this user may not open still has its service names: the list is readable by all.
            return new ProcessInfo((int)pid, []) { ServicesSource = hosted };
        sawAnyProcess = true;
        byte[] name = Encoding.UTF8.GetBytes(WindowsProcesses.FileName(path));
        return new ProcessInfo((int)pid, name) { CommSource = () => name, ExecutableNameSource = () => name, ServicesSource = hosted };
    }
}
