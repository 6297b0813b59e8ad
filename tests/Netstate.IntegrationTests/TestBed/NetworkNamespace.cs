using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Netstate.IntegrationTests.TestBed;

/// <summary>
/// A private network namespace owned by one dedicated OS thread. Linux keeps the network namespace
/// per thread: sockets created and processes started on that thread live in the new namespace,
/// while the rest of the test host stays where it was. Nothing else on the machine can add
/// sockets to it, so a listing taken inside shows exactly what the test made.
/// </summary>
public sealed partial class NetworkNamespace : IDisposable
{
    private const int CLONE_NEWNET = 0x40000000;
    private readonly BlockingCollection<Action> _work = [];
    private readonly Thread _thread;

    public NetworkNamespace()
        : this(null)
    {
    }

    /// <summary>
    /// A thread inside the existing namespace at <paramref name="path"/> (/run/netns/NAME, /proc/PID/ns/net),
    /// or in a new private one when null.
    /// </summary>
    public NetworkNamespace(string? path)
    {
        var ready = new TaskCompletionSource();
        _thread = new Thread(() =>
        {
            if (path is not null)
            {
                using SafeFileHandle handle = File.OpenHandle(path);
                if (SetNamespace(handle, CLONE_NEWNET) != 0)
                {
                    ready.SetException(new InvalidOperationException($"setns({path}) failed with errno {Marshal.GetLastPInvokeError()}: the integration tests must run as root"));
                    return;
                }
            }
            else if (Unshare(CLONE_NEWNET) != 0)
            {
                ready.SetException(new InvalidOperationException(
                    $"unshare(CLONE_NEWNET) failed with errno {Marshal.GetLastPInvokeError()}: the integration tests must run as root (they create private network namespaces)"));
                return;
            }
            ThreadId = GetTid();
            ready.SetResult();
            foreach (Action action in _work.GetConsumingEnumerable())
                action();
        })
        { IsBackground = true, Name = "netns" };
        _thread.Start();
        ready.Task.GetAwaiter().GetResult();
        ProcessResult up = Exec("ip", "link", "set", "lo", "up");
        if (up.ExitCode != 0)
            throw new InvalidOperationException($"'ip link set lo up' failed in the namespace: {up.Stderr}");
    }

    /// <summary>
    /// The id of the thread that owns the namespace: `ip link set DEV netns ID` (or `... peer name X
    /// netns ID`) moves an interface into it, as the kernel resolves a thread id like a process id.
    /// </summary>
    public int ThreadId { get; private set; }

    /// <summary>Runs <paramref name="work"/> on the namespace's thread and returns its result.</summary>
    public T Run<T>(Func<T> work)
    {
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(() =>
        {
            try
            {
                result.SetResult(work());
            }
            catch (Exception e)
            {
                result.SetException(e);
            }
        });
        return result.Task.GetAwaiter().GetResult();
    }

    public void Run(Action work) => Run(() =>
    {
        work();
        return true;
    });

    /// <summary>Runs a program inside the namespace and waits for it (60 s at most).</summary>
    public ProcessResult Exec(string program, params string[] arguments) => Run(() => ProcessResult.Run(program, arguments));

    /// <summary>Reads one of this namespace's /proc/net files (through thread-self: /proc/net follows the main thread).</summary>
    public byte[] ReadProcNet(string file) => Run(() => File.ReadAllBytes($"/proc/thread-self/net/{file}"));

    public void Dispose()
    {
        _work.CompleteAdding();
        _thread.Join(TimeSpan.FromSeconds(10));
        _work.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "unshare", SetLastError = true)]
    private static partial int Unshare(int flags);

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNamespace(SafeHandle descriptor, int type);

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetTid();
}

/// <summary>What a finished process printed and returned.</summary>
public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
{
    /// <param name="program">The program.</param>
    /// <param name="arguments">Its arguments.</param>
    /// <param name="environment">Variables to set.</param>
    /// <param name="timeout">How long it may run (60 s unless given); then it is killed and the test fails.</param>
    public static ProcessResult Run(string program, IEnumerable<string> arguments, IDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        foreach ((string key, string value) in environment ?? new Dictionary<string, string>())
            start.Environment[key] = value;
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        TimeSpan limit = timeout ?? TimeSpan.FromSeconds(60);
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish in {limit.TotalSeconds} s");
        }
        return new ProcessResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }
}
