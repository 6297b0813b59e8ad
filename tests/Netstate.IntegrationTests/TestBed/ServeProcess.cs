using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Netstate.IntegrationTests.TestBed;

/// <summary>
/// The published binary's <c>netstate serve</c>, started on a free loopback port of a namespace
/// (--listen 127.0.0.1:0; the port is read from its first line on stderr), with an HTTP client
/// whose connections are made inside that namespace. Stopped with SIGTERM, as systemd would.
/// </summary>
public sealed partial class ServeProcess : IDisposable
{
    private readonly List<string> _stderr = [];
    private readonly Process _process;

    /// <param name="ns">The namespace to serve (its sockets are what serve shows).</param>
    /// <param name="arguments">Options after <c>serve --listen 127.0.0.1:0</c>.</param>
    public ServeProcess(NetworkNamespace ns, params string[] arguments)
        : this(ns, StartInfo(PublishedNetstate.Binary, ["serve", "--listen", "127.0.0.1:0", .. arguments]))
    {
    }

    /// <param name="ns">The namespace to serve.</param>
    /// <param name="start">How to start serve (another build, or under Wine): it must listen on 127.0.0.1 and say so on stderr; stdout and stderr are redirected here.</param>
    public ServeProcess(NetworkNamespace ns, ProcessStartInfo start)
    {
        ArgumentNullException.ThrowIfNull(start);
        Namespace = ns;
        start.UseShellExecute = false;
        start.RedirectStandardError = true;
        start.RedirectStandardOutput = true;
        _process = ns.Run(() => Process.Start(start)!);
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                lock (_stderr)
                    _stderr.Add(e.Data);
        };
        _process.BeginErrorReadLine();
        Port = Poll.Until(() =>
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"netstate serve exited with {_process.ExitCode}: {Stderr}");
            Match serving = ServingLine().Match(Stderr);
            return serving.Success ? int.Parse(serving.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : (int?)null;
        }, TimeSpan.FromSeconds(60), "netstate serve to say where it listens");
        Client = NamespaceHttp.Client(ns, Port, TimeSpan.FromSeconds(120));
    }

    /// <summary>A start for <paramref name="program"/> with <paramref name="arguments"/>.</summary>
    public static ProcessStartInfo StartInfo(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program);
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        return start;
    }

    public NetworkNamespace Namespace { get; }

    public int Port { get; }

    public int Pid => _process.Id;

    /// <summary>Requests to the server, connected from inside its namespace.</summary>
    public HttpClient Client { get; }

    /// <summary>Everything serve wrote to stderr so far.</summary>
    public string Stderr
    {
        get
        {
            lock (_stderr)
                return string.Join('\n', _stderr);
        }
    }

    /// <summary>Sends SIGTERM and waits for the exit code.</summary>
    public int Terminate(TimeSpan within)
    {
        if (!_process.HasExited)
            ProcessResult.Run("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        if (!_process.WaitForExit(within))
        {
            _process.Kill();
            throw new TimeoutException($"netstate serve did not stop within {within.TotalSeconds} s of SIGTERM");
        }
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
        _process.Dispose();
    }

    [GeneratedRegex(@"serving https?://127\.0\.0\.1:(\d+)/")]
    private static partial Regex ServingLine();
}

/// <summary>Waiting for something to become true, with a generous deadline (the suite runs under heavy load).</summary>
public static class Poll
{
    public static T Until<T>(Func<T?> attempt, TimeSpan within, string what) where T : struct
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (attempt() is T value)
                return value;
            if (deadline.Elapsed > within)
                throw new TimeoutException($"timed out after {within.TotalSeconds} s waiting for {what}");
            Thread.Sleep(100);
        }
    }

    public static async Task<T> UntilAsync<T>(Func<Task<T?>> attempt, TimeSpan within, string what) where T : class
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (await attempt() is T value)
                return value;
            if (deadline.Elapsed > within)
                throw new TimeoutException($"timed out after {within.TotalSeconds} s waiting for {what}");
            await Task.Delay(200);
        }
    }
}
