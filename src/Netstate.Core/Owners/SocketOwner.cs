namespace Netstate.Core.Owners;

/// <summary>A process that holds sockets, with the name netstat would show for it.</summary>
/// <param name="Pid">Process id.</param>
/// <param name="ProgramName">
/// argv[0] as bytes, reduced to its basename when it is an absolute path (netstat's rule), so a
/// process that rewrote its title ("sshd: root@pts/0") keeps the whole title. Raw bytes: renderers
/// escape them, each in its own way.
/// </param>
public sealed record ProcessInfo(int Pid, byte[] ProgramName)
{
    /// <summary>The name as text, decoded once per process (without loss: <see cref="Text.RawText"/>); renderers ask for it once per socket.</summary>
    public string ProgramNameText { get; } = Text.RawText.Decode(ProgramName);

    // Read on first use only: a listing never needs them, a name filter or ss's users:(...) does.
    private readonly Lazy<byte[]?>? _comm;
    private readonly Lazy<byte[]?>? _executableName;
    private readonly Lazy<int?>? _namespacePid;
    private readonly Lazy<IReadOnlyList<string>>? _services;

    /// <summary>The kernel's name for it (/proc/PID/comm, at most 15 bytes: what ss, pgrep and ps -C use); null when unread.</summary>
    public byte[]? Comm => _comm?.Value;

    /// <summary>The file name of its executable (/proc/PID/exe); null when unreadable (another user's process, a kernel thread).</summary>
    public byte[]? ExecutableName => _executableName?.Value;

    /// <summary>
    /// Its PID inside its own PID namespace (a container's: the last field of NSpid in
    /// /proc/PID/status) when that differs from <see cref="Pid"/>; null when it is the same, or
    /// cannot be read (the process exited, or the platform has no PID namespaces). Read on first use.
    /// </summary>
    public int? NamespacePid => _namespacePid?.Value;

    /// <summary>
    /// The Windows services this process hosts (an svchost.exe hosts one or several), by service
    /// name, in ordinal order; empty when it hosts none; null where the platform has no services
    /// (Linux). Read on first use, from one list read once per run.
    /// </summary>
    public IReadOnlyList<string>? Services => _services?.Value;

    /// <summary>Where <see cref="Services"/> comes from, read once when first asked for.</summary>
    internal Func<IReadOnlyList<string>> ServicesSource { init => _services = new Lazy<IReadOnlyList<string>>(value); }

    /// <summary>Where <see cref="NamespacePid"/> comes from, read once when first asked for.</summary>
    internal Func<int?> NamespacePidSource { init => _namespacePid = new Lazy<int?>(value); }

    /// <summary>Where <see cref="Comm"/> comes from, read once when first asked for.</summary>
    internal Func<byte[]?> CommSource { init => _comm = new Lazy<byte[]?>(value); }

    /// <summary>Where <see cref="ExecutableName"/> comes from, read once when first asked for.</summary>
    internal Func<byte[]?> ExecutableNameSource { init => _executableName = new Lazy<byte[]?>(value); }

    /// <summary>
    /// Whether <paramref name="matches"/> accepts any name a user may mean by this process: the
    /// kernel's comm, the executable's file name, argv[0] as netstat shows it, or argv[0]'s last
    /// path part. So a daemon that rewrote its title ("nginx: master process ...") is still "nginx".
    /// </summary>
    public bool AnyName(Func<byte[], bool> matches)
    {
        ArgumentNullException.ThrowIfNull(matches);
        if (matches(ProgramName) || (Comm is not null && matches(Comm)) || (ExecutableName is not null && matches(ExecutableName)))
            return true;
        int slash = Array.LastIndexOf(ProgramName, (byte)'/');
        return slash >= 0 && slash < ProgramName.Length - 1 && matches(ProgramName[(slash + 1)..]);
    }
}

/// <summary>One holder of a socket: the process and the descriptor number it holds it under.</summary>
public readonly record struct SocketOwner(ProcessInfo Process, int Fd);
