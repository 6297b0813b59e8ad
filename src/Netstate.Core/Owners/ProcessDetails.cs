namespace Netstate.Core.Owners;

/// <summary>What `netstate who` tells about a process beyond its name: the whole command line, its user, when it started.</summary>
/// <param name="Pid">Process id.</param>
/// <param name="CommandLine">argv joined with spaces (raw text: escape before printing); the kernel's [comm] for kernel threads; null when unreadable.</param>
/// <param name="Uid">The effective uid from /proc/PID/status; null when unreadable.</param>
/// <param name="StartedAt">Boot time plus the process's start time in clock ticks; null when unreadable.</param>
internal sealed record ProcessDetails(int Pid, string? CommandLine, uint? Uid, DateTimeOffset? StartedAt)
{
    /// <summary>
    /// Its PID inside its own PID namespace (a container's: the last NSpid of /proc/PID/status) when
    /// that differs from <see cref="Pid"/>; null when it is the same, or cannot be read.
    /// </summary>
    public int? NamespacePid { get; init; }
}
