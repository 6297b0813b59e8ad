using System.Globalization;
using System.Net;
using Netstate.Core.Sources;

namespace Netstate.Cli.Arguments;

/// <summary>The command line of <c>netstate serve</c>.</summary>
internal sealed record ServeOptions
{
    /// <summary>The port served when --listen names none (not registered with IANA; free on common systems).</summary>
    public const int DefaultPort = 9891;

    public const string Usage = """
        usage: netstate serve [--listen ADDR:PORT] [--interval SECONDS] [--background]
                              [--owners-interval SECONDS] [--top N] [--token FILE]
                              [--tls-cert FILE --tls-key FILE] [--allow-kill] [--trace]
                              [--otlp URL [--otlp-interval SECONDS]]
                              [--source auto|netlink|proc] [--proc-root DIR] [-v]

        Serves this machine's sockets over HTTP until stopped (SIGTERM or Ctrl+C): a live web page at /,
        a JSON API under /api/ and Prometheus metrics at /metrics. Read-only unless --allow-kill.

          --listen ADDR:PORT  where to listen (default 127.0.0.1:9891; [::1]:PORT for IPv6). An address
                              that is not loopback needs --token, and without --tls-cert the server
                              speaks plain HTTP (it says so when it starts)
          --interval SECONDS  the shortest time between two reads of the kernel (default 2); every
                              request and page in that time shares one reading
          --background        read every --interval even when nobody asks, and answer every request
                              from the latest reading at once (at most --interval plus one read
                              old) instead of waiting for a fresh one: for many sockets, where a
                              read takes longer than a scrape should wait
          --owners-interval S  the shortest time between two scans of every process's descriptors
                              for socket owners (default 10 seconds); scans run beside the readings,
                              which use the latest finished one, so a socket opened since the last
                              scan shows no owner until the next
          --top N             per-port and per-process metrics keep the N largest series and sum the
                              rest into one "other" series (default 10)
          --token FILE        require this file's first line as a bearer token (Authorization: Bearer,
                              or a browser's password prompt with any user name)
          --trace             also trace TCP state changes (root; a private tracefs instance, as
                              'netstate trace' does, removed when serve stops): the page shows them
                              live and /api/trace streams them
          --tls-cert FILE     serve HTTPS (TLS 1.2 and 1.3) with this PEM certificate (a chain may follow)
          --tls-key FILE      the certificate's PEM private key (not encrypted); needs --tls-cert
          --allow-kill        let the page close TCP connections (as -K does: sock_diag SOCK_DESTROY,
                              root): a Close button, a confirmation, then POST /api/close; needs
                              --token, and the page's per-server CSRF token and same Origin
          --otlp URL          also push the metrics to an OpenTelemetry collector over OTLP/HTTP
                              (protobuf), e.g. http://127.0.0.1:4318 (a URL without a path posts
                              to /v1/metrics): system.network.connection.count and netstate's own
                              metrics. A collector that cannot be reached is a warning, not an end
          --otlp-interval S   the time between two pushes (default 10 seconds)

        endpoints: /  /api/sockets?filter=EXPR  /api/summary  /api/doctor  /api/explain/STATE
                   /api/events?filter=EXPR (server-sent events)  /api/trace?filter=EXPR (--trace)
                   /metrics
        """;

    public static SubcommandSyntax Syntax { get; } = new("serve",
        CommonOption.Verbose | CommonOption.ProcRoot | CommonOption.Source | CommonOption.Help,
        [
            new SubcommandOption("listen", TakesValue: true),
            new SubcommandOption("interval", TakesValue: true),
            new SubcommandOption("background", TakesValue: false),
            new SubcommandOption("trace", TakesValue: false),
            new SubcommandOption("owners-interval", TakesValue: true),
            new SubcommandOption("top", TakesValue: true),
            new SubcommandOption("token", TakesValue: true),
            new SubcommandOption("tls-cert", TakesValue: true),
            new SubcommandOption("tls-key", TakesValue: true),
            new SubcommandOption("allow-kill", TakesValue: false),
            new SubcommandOption("otlp", TakesValue: true),
            new SubcommandOption("otlp-interval", TakesValue: true),
        ]);

    public CommonOptions Common { get; init; } = CommonOptions.None;

    public IPEndPoint Listen { get; init; } = new(IPAddress.Loopback, DefaultPort);

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(2);

    public int Top { get; init; } = 10;

    /// <summary>--background: read every interval whether asked or not, and answer from the latest reading.</summary>
    public bool Background { get; init; }

    /// <summary>--trace: trace TCP state changes for the page and /api/trace.</summary>
    public bool Trace { get; init; }

    /// <summary>The youngest an owner scan may be before the next one starts.</summary>
    public TimeSpan OwnersInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The file holding the bearer token; null serves without one (loopback only).</summary>
    public string? TokenFile { get; init; }

    /// <summary>--tls-cert: the PEM certificate to serve HTTPS with; null serves plain HTTP.</summary>
    public string? TlsCertificate { get; init; }

    /// <summary>--tls-key: the PEM private key of <see cref="TlsCertificate"/>.</summary>
    public string? TlsKey { get; init; }

    /// <summary>--allow-kill: the page may close connections (POST /api/close, behind the token and CSRF checks).</summary>
    public bool AllowKill { get; init; }

    /// <summary>--otlp: where to push the metrics over OTLP/HTTP; null pushes nothing.</summary>
    public Uri? Otlp { get; init; }

    /// <summary>--otlp-interval: the time between two pushes.</summary>
    public TimeSpan OtlpInterval { get; init; } = TimeSpan.FromSeconds(10);

    public bool Help => Common.Help;

    public bool Verbose => Common.Verbose;

    public string? ProcRoot => Common.ProcRoot;

    public SourcePolicy? Source => Common.Source;

    public static ServeOptions Parse(IReadOnlyList<string> args)
    {
        var options = new ServeOptions();
        CommonOptions common = SubcommandParser.Parse(Syntax, args,
            own: (option, value) =>
            {
                if (option.Long == "background")
                {
                    options = options with { Background = true };
                    return;
                }
                if (option.Long == "trace")
                {
                    options = options with { Trace = true };
                    return;
                }
                if (option.Long == "allow-kill")
                {
                    options = options with { AllowKill = true };
                    return;
                }
                string given = value ?? throw Syntax.NeedsValue("--" + option.Long);
                options = option.Long switch
                {
                    "listen" => options with { Listen = ParseListen(given) },
                    "interval" => options with { Interval = ParseInterval(given, "--interval") },
                    "owners-interval" => options with { OwnersInterval = ParseInterval(given, "--owners-interval") },
                    "top" => options with { Top = ParseTop(given) },
                    "tls-cert" => options with { TlsCertificate = given },
                    "tls-key" => options with { TlsKey = given },
                    "otlp" => options with { Otlp = ParseOtlp(given) },
                    "otlp-interval" => options with { OtlpInterval = ParseInterval(given, "--otlp-interval") },
                    _ => options with { TokenFile = given },
                };
            },
            word: arg => throw new UsageException($"'netstate serve' takes no argument '{arg}'", Syntax.Hint));
        options = options with { Common = common };
        if (!common.Help && !IPAddress.IsLoopback(options.Listen.Address) && options.TokenFile is null)
            throw new UsageException($"--listen {options.Listen} is reachable from other machines: give --token FILE too, or listen on 127.0.0.1", Syntax.Hint);
        if (!common.Help && options.AllowKill && options.TokenFile is null)
            throw new UsageException("--allow-kill needs --token FILE: closing connections is only for those who hold the token", Syntax.Hint);
        if (!common.Help && (options.TlsCertificate is null) != (options.TlsKey is null))
            throw new UsageException(options.TlsKey is null ? "--tls-cert needs --tls-key FILE too (the certificate's private key, PEM)" : "--tls-key needs --tls-cert FILE too (the certificate, PEM)", Syntax.Hint);
        if (!common.Help && options.Otlp is null && args.Any(a => a.StartsWith("--otlp-interval", StringComparison.Ordinal)))
            throw new UsageException("--otlp-interval needs --otlp URL: there is nothing to push without it", Syntax.Hint);
        return options;
    }

    private static Uri ParseOtlp(string value) =>
        Serve.Otlp.OtlpPush.ParseEndpoint(value)
        ?? throw new UsageException($"--otlp needs the collector's http:// or https:// URL such as http://127.0.0.1:4318, not '{value}'", Syntax.Hint);

    /// <summary>ADDR:PORT, [IPv6]:PORT, or :PORT for loopback; port 0 takes any free port (the first line on stderr says which).</summary>
    private static IPEndPoint ParseListen(string value)
    {
        string text = value.StartsWith(':') ? "127.0.0.1" + value : value;
        if (IPEndPoint.TryParse(text, out IPEndPoint? endpoint) && HasPort(text))
            return endpoint;
        throw new UsageException($"--listen needs ADDR:PORT such as 127.0.0.1:{DefaultPort} or [::1]:{DefaultPort}, not '{value}'", Syntax.Hint);
    }

    /// <summary>An IPv4 address with a port, or a bracketed IPv6 address with one (a bare IPv6 address would parse as port 0).</summary>
    private static bool HasPort(string text) => text.StartsWith('[') ? text.Contains("]:", StringComparison.Ordinal) : text.Contains(':', StringComparison.Ordinal);

    private static TimeSpan ParseInterval(string value, string option) =>
        double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double seconds) && seconds >= 0.1 && seconds <= 3600
            ? TimeSpan.FromSeconds(seconds)
            : throw new UsageException($"{option} needs a number of seconds from 0.1 to 3600, not '{value}'", Syntax.Hint);

    private static int ParseTop(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int top) && top is >= 1 and <= 1000
            ? top
            : throw new UsageException($"--top needs a number from 1 to 1000, not '{value}'", Syntax.Hint);
}
