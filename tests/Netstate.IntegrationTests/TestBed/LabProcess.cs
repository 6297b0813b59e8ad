using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Netstate.IntegrationTests.TestBed;

/// <summary>
/// A running `netstate lab` process, watched from outside: its output as it comes, the private
/// namespace its lab thread made (pinned open, so its inode number cannot be handed to another
/// namespace while the test checks that nothing is left in it), and SIGINT on request.
/// </summary>
public sealed partial class LabProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly string _hostNamespace = NamespaceOf("/proc/self/ns/net");
    private SafeFileHandle? _pin;

    private LabProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>"net:[N]" of the lab's namespace, once <see cref="PinNamespace"/> has found it.</summary>
    public string? NamespaceId { get; private set; }

    public int Pid => _process.Id;

    public string Stdout
    {
        get
        {
            lock (_stdout)
                return _stdout.ToString();
        }
    }

    public static LabProcess Start(params string[] arguments)
    {
        // A test run started in the background of a shell (as CI may run it) inherits SIGINT and
        // SIGQUIT ignored, and exec keeps them ignored; .NET then leaves them ignored, as a
        // background job should. Ctrl+C at a terminal reaches a program whose SIGINT is default:
        // env resets it, then execs the lab under the same pid.
        var start = new ProcessStartInfo(Tools.Require("env", "coreutils"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--default-signal=INT,QUIT,TERM,HUP");
        start.ArgumentList.Add(Tools.NetstateBinary);
        start.ArgumentList.Add("lab");
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        return new LabProcess(Process.Start(start) ?? throw new InvalidOperationException("could not start netstate lab"));
    }

    /// <summary>
    /// Waits until one of the lab's threads is in a network namespace other than the host's, and
    /// holds that namespace open. Fails if none appears within 20 s.
    /// </summary>
    public void PinNamespace()
    {
        Stopwatch waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(20) && !_process.HasExited)
        {
            foreach (string task in SafeList($"/proc/{Pid}/task"))
            {
                string link = Path.Combine(task, "ns", "net");
                string id = NamespaceOf(link);
                if (id.Length == 0 || id == _hostNamespace)
                    continue;
                try
                {
                    _pin = File.OpenHandle(link, FileMode.Open, FileAccess.Read);
                }
                catch (IOException)
                {
                    continue;
                }
                // Still the same namespace once opened (the thread may have ended in between)?
                if (NamespaceOf(link) == id)
                {
                    NamespaceId = id;
                    return;
                }
                _pin.Dispose();
                _pin = null;
            }
            Thread.Sleep(2);
        }
        throw new InvalidOperationException($"netstate lab never entered a namespace of its own; it wrote: {Stdout} {_stderr}");
    }

    /// <summary>Waits until stdout contains <paramref name="text"/> (30 s at most).</summary>
    public void WaitForOutput(string text)
    {
        Stopwatch waited = Stopwatch.StartNew();
        while (!Stdout.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited || waited.Elapsed > TimeSpan.FromSeconds(30))
                throw new InvalidOperationException($"netstate lab never printed '{text}'; it wrote: {Stdout} {_stderr}");
            Thread.Sleep(10);
        }
    }

    public void Interrupt()
    {
        if (Kill(Pid, 2 /* SIGINT */) != 0)
            throw new InvalidOperationException($"kill(SIGINT) failed with errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>SIGKILL: no handler runs, nothing is cleaned up by netstate itself.</summary>
    public void KillHard()
    {
        if (Kill(Pid, 9 /* SIGKILL */) != 0)
            throw new InvalidOperationException($"kill(SIGKILL) failed with errno {Marshal.GetLastPInvokeError()}");
    }

    public ProcessResult WaitForExit(TimeSpan within)
    {
        if (!_process.WaitForExit(within))
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"netstate lab did not finish in {within.TotalSeconds} s; it wrote: {Stdout}");
        }
        _process.WaitForExit();
        lock (_stderr)
            return new ProcessResult(_process.ExitCode, Stdout, _stderr.ToString());
    }

    /// <summary>Every thread of every process still in the pinned namespace, as "pid/tid command".</summary>
    public List<string> TasksLeftInNamespace()
    {
        var left = new List<string>();
        foreach (string process in SafeList("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(process), out _))
                continue;
            foreach (string task in SafeList(Path.Combine(process, "task")))
            {
                if (NamespaceOf(Path.Combine(task, "ns", "net")) == NamespaceId)
                    left.Add($"{Path.GetFileName(process)}/{Path.GetFileName(task)} {SafeRead(Path.Combine(process, "cmdline")).Replace('\0', ' ')}");
            }
        }
        return left;
    }

    private static string NamespaceOf(string link)
    {
        try
        {
            return new FileInfo(link).LinkTarget ?? "";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    private static string[] SafeList(string directory)
    {
        try
        {
            return Directory.GetDirectories(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static string SafeRead(string file)
    {
        try
        {
            return File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    private static void Append(StringBuilder text, string? line)
    {
        if (line is null)
            return;
        lock (text)
            text.Append(line).Append('\n');
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.Dispose();
        _pin?.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
