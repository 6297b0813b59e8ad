using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;

namespace Netstate.IntegrationTests.TestBed;

/// <summary>
/// The Windows build of netstate (packaging/build-windows.sh, once per test run) under Wine 8, in a
/// private network namespace holding sockets of every kind the Windows source lists. One Wine prefix
/// per run in a temp directory, initialised once (the first start is the slow part), and a
/// wineserver that outlives each netstate.exe by 60 s at most, so even a killed test run leaves no
/// Wine process behind for long; prefixes of earlier runs whose test host is gone are removed first.
/// </summary>
public sealed class WineBed : IDisposable
{
    private const string PrefixStem = "netstate-wine-";
    private static readonly TimeSpan RunLimit = TimeSpan.FromSeconds(120);
    private static readonly Lazy<(string Exe, string Zip)> Built = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly HeldSockets _held = new();
    private readonly Dictionary<string, string> _environment;

    public WineBed()
    {
        RemoveStalePrefixes();
        (Exe, Zip) = Built.Value;
        Prefix = Path.Combine(Path.GetTempPath(), PrefixStem + Environment.ProcessId);
        Directory.CreateDirectory(Prefix);
        _environment = new Dictionary<string, string>
        {
            ["WINEPREFIX"] = Prefix,
            ["WINEDEBUG"] = "-all",
            // No Mono or Gecko installer prompts while the prefix is made: netstate.exe needs neither.
            ["WINEDLLOVERRIDES"] = "mscoree,mshtml=",
        };
        Namespace = new NetworkNamespace();
        // A veth pair (this kernel may lack the dummy type) with an address and a route through a gateway on it: rows for -r and -e that this test knows.
        foreach (string[] command in (string[][])[
            ["link", "add", DummyInterface, "type", "veth", "peer", "name", DummyInterface + "p"], ["link", "set", DummyInterface, "address", DummyMac],
            ["addr", "add", $"{DummyAddress}/24", "dev", DummyInterface], ["link", "set", DummyInterface + "p", "up"], ["link", "set", DummyInterface, "up"],
            ["route", "add", RoutedNetwork + "/16", "via", Gateway, "metric", "7"], ["-6", "addr", "add", "fd00:77::1/64", "dev", DummyInterface, "nodad"]])
        {
            ProcessResult ip = Namespace.Exec("ip", command);
            if (ip.ExitCode != 0)
                throw new InvalidOperationException($"ip {string.Join(' ', command)} failed: {ip.Stderr}");
        }
        // Started from the namespace's thread, Wine's services (nsiproxy reads /proc/net) live in the namespace too.
        // Their output goes to /dev/null: a service holding a test's pipe open would hang every later read of it.
        ProcessResult boot = Namespace.Run(() => ProcessResult.Run("sh", ["-c", "wineserver -p60 && wineboot -i </dev/null >/dev/null 2>&1"], _environment, TimeSpan.FromMinutes(5)));
        if (boot.ExitCode != 0)
            throw new InvalidOperationException($"wineboot failed with {boot.ExitCode} (./test.sh installs wine and wine64): {boot.Stderr}");
        Namespace.Run(OpenSockets);
    }

    public const string DummyInterface = "wveth0";
    public const string DummyMac = "02:00:5e:10:20:30";
    public const string DummyAddress = "10.77.0.1";
    public const string Gateway = "10.77.0.2";
    public const string RoutedNetwork = "10.88.0.0";

    /// <summary>The published netstate.exe.</summary>
    public string Exe { get; }

    /// <summary>The zip packaging/build-windows.sh made.</summary>
    public string Zip { get; }

    public string Prefix { get; }

    public NetworkNamespace Namespace { get; }

    /// <summary>An IPv4 TCP listener on 127.0.0.1 with one connection accepted.</summary>
    public int TcpPort { get; private set; }

    /// <summary>The client end of that connection.</summary>
    public int ClientPort { get; private set; }

    /// <summary>An IPv6 TCP listener on [::1], v6 only.</summary>
    public int Tcp6Port { get; private set; }

    public int UdpPort { get; private set; }

    public int Udp6Port { get; private set; }

    /// <summary>Runs netstate.exe with <paramref name="arguments"/> under Wine in the namespace.</summary>
    public ProcessResult Run(params string[] arguments) =>
        Namespace.Run(() => ProcessResult.Run("wine", [Exe, .. arguments], _environment, RunLimit));

    /// <summary>
    /// <c>netstate.exe serve --listen 127.0.0.1:0</c> under Wine in the namespace (a Windows process,
    /// as a Windows machine would run it), with <paramref name="arguments"/> after it. Dispose it to stop it.
    /// </summary>
    public ServeProcess Serve(params string[] arguments)
    {
        ProcessStartInfo start = ServeProcess.StartInfo("wine", [Exe, "serve", "--listen", "127.0.0.1:0", .. arguments]);
        foreach ((string name, string value) in _environment)
            start.Environment[name] = value;
        return new ServeProcess(Namespace, start);
    }

    /// <summary>Runs a command line in Wine's cmd.exe (pipes into findstr as a Windows user types them); netstate.exe is on its PATH.</summary>
    public ProcessResult Cmd(string commandLine)
    {
        var environment = new Dictionary<string, string>(_environment) { ["WINEPATH"] = "Z:" + Path.GetDirectoryName(Exe)!.Replace('/', '\\') };
        return Namespace.Run(() => ProcessResult.Run("wine", ["cmd", "/c", commandLine], environment, RunLimit));
    }

    /// <summary>
    /// A shell command line that runs netstate.exe with <paramref name="arguments"/> (each quoted) under
    /// this bed's Wine prefix: for a terminal started in <see cref="Namespace"/> (a tmux pane), where
    /// Wine's console talks to the pane's tty.
    /// </summary>
    public string ShellCommand(params string[] arguments) =>
        string.Join(' ', _environment.Select(e => $"{e.Key}={ShellQuote(e.Value)}")) + " wine " + ShellQuote(Exe)
        + string.Concat(arguments.Select(a => " " + ShellQuote(a)));

    private static string ShellQuote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>Runs a Linux tool in the same namespace (ss, the peer).</summary>
    public ProcessResult Linux(string program, params string[] arguments) => Namespace.Exec(program, arguments);

    private void OpenSockets()
    {
        var listener = _held.Hold(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(8);
        TcpPort = ((IPEndPoint)listener.LocalEndPoint!).Port;
        var client = _held.Hold(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        client.Connect(listener.LocalEndPoint!);
        ClientPort = ((IPEndPoint)client.LocalEndPoint!).Port;
        _held.Hold(listener.Accept());

        var v6 = _held.Hold(new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = false });
        v6.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
        v6.Listen(8);
        Tcp6Port = ((IPEndPoint)v6.LocalEndPoint!).Port;

        var udp = _held.Hold(new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp));
        udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        UdpPort = ((IPEndPoint)udp.LocalEndPoint!).Port;
        var udp6 = _held.Hold(new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp) { DualMode = false });
        udp6.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
        Udp6Port = ((IPEndPoint)udp6.LocalEndPoint!).Port;
    }

    /// <summary>Publishes through the packaging script, as a release would, into this run's output directory.</summary>
    private static (string, string) Build()
    {
        string output = Path.Combine(AppContext.BaseDirectory, "published-windows");
        ProcessResult result = ProcessResult.Run("env", [.. WithoutTestRunBuildVariables(), Path.Combine(PublishedNetstate.RepositoryRoot, "packaging", "build-windows.sh"), output],
            new Dictionary<string, string> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" }, TimeSpan.FromMinutes(15));
        string exe = Path.Combine(output, "publish", "netstate.exe");
        string zip = result.Stdout.Trim();
        if (result.ExitCode != 0 || !File.Exists(exe) || !File.Exists(zip))
            throw new InvalidOperationException($"packaging/build-windows.sh failed (exit {result.ExitCode}):\n{result.Stdout}\n{result.Stderr}");
        return (exe, zip);
    }

    /// <summary>env -u for each variable 'dotnet test' exports, so the child build does not join the test run's MSBuild node.</summary>
    private static IEnumerable<string> WithoutTestRunBuildVariables() =>
        Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || (k.StartsWith("DOTNET_CLI_", StringComparison.Ordinal) && k != "DOTNET_CLI_TELEMETRY_OPTOUT") || k is "MSBuildExtensionsPath" or "MSBuildSDKsPath")
            .SelectMany(k => new[] { "-u", k });

    /// <summary>Prefixes left by a test host that no longer runs (a SIGKILLed run): stop their wineserver, remove them.</summary>
    private static void RemoveStalePrefixes()
    {
        foreach (string directory in Directory.GetDirectories(Path.GetTempPath(), PrefixStem + "*"))
        {
            if (!int.TryParse(Path.GetFileName(directory)[PrefixStem.Length..], out int pid) || pid == Environment.ProcessId || Directory.Exists($"/proc/{pid}"))
                continue;
            ProcessResult.Run("wineserver", ["-k"], new Dictionary<string, string> { ["WINEPREFIX"] = directory }, TimeSpan.FromSeconds(30));
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The names inside the zip.</summary>
    public IReadOnlyList<string> ZipEntries()
    {
        using ZipArchive archive = ZipFile.OpenRead(Zip);
        return archive.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal).ToList();
    }

    public void Dispose()
    {
        _held.CloseAll(Namespace);
        try
        {
            Namespace.Run(() => ProcessResult.Run("wineserver", ["-k"], _environment, TimeSpan.FromSeconds(30)));
        }
        finally
        {
            Namespace.Dispose();
            if (Directory.Exists(Prefix))
                Directory.Delete(Prefix, recursive: true);
        }
    }
}
