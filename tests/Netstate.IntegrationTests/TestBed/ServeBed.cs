using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Playwright;

namespace Netstate.IntegrationTests.TestBed;

/// <summary>
/// One <c>netstate serve</c> (the published binary) per test run, in a private namespace with its
/// own sockets, shared by every serve test; Prometheus and Chromium are started the first time a
/// test asks for them, once. Everything stops, and the namespace goes, when the run ends.
/// </summary>
public sealed class ServeBed : IDisposable
{
    /// <summary>A process name that would run script or draw an element if a page put it into HTML unescaped; ESC and quotes too.</summary>
    public const string HostileName = "<img src=x onerror=\"document.title='pwned'\"><script>document.title='pwned'\u001b[31m'\"";

    private readonly HeldSockets _held = new();
    private readonly Lazy<PrometheusServer> _prometheus;
    private readonly Lazy<IBrowser> _browser;
    private readonly Lazy<Process> _hostile;
    private IPlaywright? _playwright;

    public ServeBed()
    {
        Serve = new ServeProcess(Namespace, "--interval", "0.5", "--owners-interval", "0.5", "--top", "50", "--trace");
        _prometheus = new(() => new PrometheusServer(Namespace, Serve.Port));
        _browser = new(LaunchChromium);
        _hostile = new(StartHostile);
    }

    public NetworkNamespace Namespace { get; } = new();

    public ServeProcess Serve { get; }

    public PrometheusServer Prometheus => _prometheus.Value;

    /// <summary>Debian's chromium driven by Playwright (never a browser Playwright downloads), started inside the namespace.</summary>
    public IBrowser Browser => _browser.Value;

    /// <summary>A process named <see cref="HostileName"/> holding a connection to <see cref="HostilePort"/>.</summary>
    public Process Hostile => _hostile.Value;

    public const int HostilePort = 7301;

    /// <summary>A listener in the namespace, held until the run ends.</summary>
    public Socket Listen(int port) => Namespace.Run(() =>
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
        listener.Listen(64);
        return _held.Hold(listener);
    });

    /// <summary>An established loopback connection to <paramref name="listener"/>: the connecting end and the accepted end.</summary>
    public (Socket Client, Socket Server) Connect(Socket listener) => Namespace.Run(() =>
    {
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Connect((IPEndPoint)listener.LocalEndPoint!);
        return (client, listener.Accept());
    });

    /// <summary>Closes both ends with a reset, so both sockets are gone at once (no TIME_WAIT left behind).</summary>
    public static void Reset(params Socket[] sockets)
    {
        foreach (Socket socket in sockets)
        {
            socket.LingerState = new LingerOption(true, 0);
            socket.Dispose();
        }
    }

    /// <summary>The ss count of TCP sockets in the namespace matching an ss filter.</summary>
    public int SsCount(params string[] filter) =>
        Namespace.Exec(Tools.Require("ss", "iproute2"), ["-tanH", .. filter]).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;

    private IBrowser LaunchChromium()
    {
        string chromium = Tools.Require("chromium", "chromium");
        // The driver (and the browser it starts) inherit the namespace of the thread that starts them.
        _playwright = Namespace.Run(() => Playwright.CreateAsync().GetAwaiter().GetResult());
        return Namespace.Run(() => _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            // Root cannot use Chromium's sandbox; the page is our own server's.
            Args = ["--no-sandbox"],
        }).GetAwaiter().GetResult());
    }

    private Process StartHostile()
    {
        Listen(HostilePort);
        // bash connects, then execs sleep under the hostile argv[0], keeping the connection.
        Process holder = Namespace.Run(() => Process.Start("bash",
            ["-c", $"exec {{fd}}<>/dev/tcp/127.0.0.1/{HostilePort}; exec -a \"$0\" sleep 600", HostileName]))!;
        Poll.Until(() => File.ReadAllText($"/proc/{holder.Id}/cmdline").StartsWith(HostileName, StringComparison.Ordinal) ? true : (bool?)null,
            TimeSpan.FromSeconds(30), "the holder to exec under its hostile name");
        return holder;
    }

    public void Dispose()
    {
        if (_browser.IsValueCreated)
            _browser.Value.CloseAsync().GetAwaiter().GetResult();
        _playwright?.Dispose();
        if (_prometheus.IsValueCreated)
            _prometheus.Value.Dispose();
        if (_hostile.IsValueCreated)
        {
            _hostile.Value.Kill();
            _hostile.Value.Dispose();
        }
        Serve.Dispose();
        _held.CloseAll(Namespace);
        Namespace.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ServeTests : ICollectionFixture<ServeBed>
{
    public const string Name = "serve";
}
