using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Netstate.IntegrationTests.TestBed;

/// <summary>
/// A running <c>netstate trace</c> or <c>netstate life</c> with <c>--jsonl</c>: its JSON lines as
/// they come, the tracefs instance it made, and signals on request.
/// </summary>
public sealed partial class TraceProcess : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly List<JsonElement> _documents = [];

    private TraceProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                lock (_stderr)
                    _stderr.Append(e.Data).Append('\n');
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public string Stderr
    {
        get
        {
            lock (_stderr)
                return _stderr.ToString();
        }
    }

    /// <summary>Starts <c>netstate COMMAND ARGS</c> with the signals at their defaults, as at a terminal.</summary>
    public static TraceProcess Start(string command, params string[] arguments) => StartIn(null, command, arguments);

    /// <summary>The same, started inside <paramref name="ns"/> (its socket reads see that namespace; the trace sees every one).</summary>
    public static TraceProcess StartIn(NetworkNamespace? ns, string command, params string[] arguments)
    {
        ProcessStartInfo start = Tools.NetstateWithDefaultSignals([command, .. arguments]);
        Process Launch() => Process.Start(start) ?? throw new InvalidOperationException("could not start netstate");
        var trace = new TraceProcess(ns is null ? Launch() : ns.Run(Launch));
        trace.WaitForStderr("tracing sock/inet_sock_set_state");
        return trace;
    }

    /// <summary>The instance directory name netstate reported ("netstate-PID-START").</summary>
    public string InstanceName
    {
        get
        {
            string line = Stderr.Split('\n').First(l => l.Contains("tracefs instance ", StringComparison.Ordinal));
            int at = line.IndexOf("tracefs instance ", StringComparison.Ordinal) + "tracefs instance ".Length;
            return line[at..line.IndexOf(' ', at)];
        }
    }

    public void WaitForStderr(string text)
    {
        Stopwatch waited = Stopwatch.StartNew();
        while (!Stderr.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited || waited.Elapsed > Deadline)
                throw new InvalidOperationException($"netstate never wrote '{text}' to stderr; it wrote: {Stderr}");
            Thread.Sleep(20);
        }
    }

    /// <summary>Waits until <paramref name="done"/> holds for the documents so far; returns them.</summary>
    public List<JsonElement> WaitFor(Func<List<JsonElement>, bool> done, string what)
    {
        Stopwatch waited = Stopwatch.StartNew();
        while (true)
        {
            List<JsonElement> now = Documents;
            if (done(now))
                return now;
            if (_process.HasExited || waited.Elapsed > Deadline)
                throw new InvalidOperationException($"netstate never showed {what}; stderr: {Stderr}\nlines for this test: {string.Join('\n', now.Select(d => d.GetRawText()).TakeLast(40))}");
            Thread.Sleep(20);
        }
    }

    public List<JsonElement> Documents
    {
        get
        {
            lock (_documents)
                return [.. _documents];
        }
    }

    public void Signal(int signal)
    {
        if (Kill(Pid, signal) != 0)
            throw new InvalidOperationException($"kill({signal}) failed with errno {Marshal.GetLastPInvokeError()}");
    }

    public ProcessResult WaitForExit()
    {
        if (!_process.WaitForExit(Deadline))
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"netstate did not end within {Deadline.TotalSeconds} s; stderr: {Stderr}");
        }
        _process.WaitForExit();
        lock (_stdout)
            return new ProcessResult(_process.ExitCode, _stdout.ToString(), Stderr);
    }

    private void OnLine(string? line)
    {
        if (line is null)
            return;
        lock (_stdout)
            _stdout.Append(line).Append('\n');
        if (!line.StartsWith('{'))
            return;
        using JsonDocument document = JsonDocument.Parse(line);
        lock (_documents)
            _documents.Add(document.RootElement.Clone());
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill(Pid, 15);
            if (!_process.WaitForExit(TimeSpan.FromSeconds(20)))
                _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
