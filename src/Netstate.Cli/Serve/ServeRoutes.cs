using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Netstate.Cli.Arguments;
using Netstate.Cli.Rendering.Json;
using Netstate.Cli.Rendering.Prometheus;
using Netstate.Cli.Serve.Http;
using Netstate.Core.Model;
using Netstate.Core.Query;
using Netstate.Core.Tcp;
using Netstate.Core.Vocabulary;

namespace Netstate.Cli.Serve;

/// <summary>What each path of <c>netstate serve</c> answers. Every answer comes from the shared reading.</summary>
internal sealed class ServeRoutes
{
    private const string Json = "application/json; charset=utf-8";

    /// <summary>Sockets a live page gets at most per update unless it asks for fewer (a browser table of 200,000 rows helps nobody).</summary>
    private const int MaxPageRows = 5000;

    /// <summary>How long a trace stream may stay silent before a comment line checks that the page is still there.</summary>
    private static readonly TimeSpan TraceQuietInterval = TimeSpan.FromSeconds(15);

    private readonly LiveReadings _readings;
    private readonly ServeOptions _options;
    private readonly HttpLimits _limits;
    private readonly byte[]? _token;
    private readonly Action<string> _log;
    private readonly Core.Platform.IPlatform? _closer;
    private readonly string? _csrf;
    private readonly byte[]? _page;
    private readonly TraceFeed? _trace;
    private int _eventStreams;
    private RenderedMetrics? _metrics;

    /// <param name="closer">With --allow-kill, the platform that closes connections; null keeps the server read-only.</param>
    /// <param name="trace">The state-change feed with --trace; null without (then /api/trace says it is off).</param>
    public ServeRoutes(LiveReadings readings, ServeOptions options, HttpLimits limits, string? token, Action<string> log,
        Core.Platform.IPlatform? closer = null, TraceFeed? trace = null)
    {
        _trace = trace;
        _readings = readings;
        _options = options;
        _limits = limits;
        _token = token is null ? null : Encoding.UTF8.GetBytes(token);
        _log = log;
        _closer = closer;
        if (closer is not null)
        {
            // A random token per server run, given only inside the page (which needs the bearer token to fetch):
            // another site's page can neither read it nor send the header without a CORS preflight this server never grants.
            _csrf = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
            string page = Encoding.UTF8.GetString(PageAssets.Find("/")!.Content);
            _page = Encoding.UTF8.GetBytes(page.Replace("<meta name=\"netstate-csrf\" content=\"\">", $"<meta name=\"netstate-csrf\" content=\"{_csrf}\">", StringComparison.Ordinal));
        }
    }

    public async Task HandleAsync(HttpRequest request, HttpResponse response, CancellationToken stop)
    {
        try
        {
            if (!Authorised(request))
            {
                await response.SendTextAsync(401, "text/plain; charset=utf-8", "a token is required (Authorization: Bearer TOKEN)\n", stop,
                    ("WWW-Authenticate", "Basic realm=\"netstate\", charset=\"UTF-8\"")).ConfigureAwait(false);
                return;
            }
            await RouteAsync(request, response, stop).ConfigureAwait(false);
        }
        catch (HttpError e) when (!response.Started)
        {
            await response.SendAsync(e.Status, Json, ServeJsonRenderer.Error(e.Message), stop).ConfigureAwait(false);
        }
        catch (FilterUsageException e) when (!response.Started)
        {
            await response.SendAsync(400, Json, ServeJsonRenderer.Error(e.Message, e.Expression, e.Position, e.Pointer()), stop).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not (IOException or OperationCanceledException or System.Net.Sockets.SocketException) && !response.Started)
        {
            _log($"netstate: serve: {request.Method} {request.Path}: {Core.Text.ErrorText.Of(e)}");
            await response.SendAsync(500, Json, ServeJsonRenderer.Error("internal error: " + Core.Text.ErrorText.Of(e)), stop).ConfigureAwait(false);
        }
    }

    private Task RouteAsync(HttpRequest request, HttpResponse response, CancellationToken stop)
    {
        if (request.Path == "/api/close")
            return CloseAsync(request, response, stop);
        if (request.Method == "POST")
            throw new HttpError(405, "only /api/close takes POST; everything else is GET and HEAD");
        if (_page is not null && request.Path is "/" or "/index.html")
            return response.SendAsync(200, "text/html; charset=utf-8", _page, stop);
        if (PageAssets.Find(request.Path) is { } asset)
            return response.SendAsync(200, asset.ContentType, asset.Content, stop);
        return request.Path switch
        {
            "/api/sockets" => SocketsAsync(request, response, stop),
            "/api/summary" => SendReadingAsync(response, ServeJsonRenderer.Summary, stop),
            "/api/doctor" => DoctorAsync(response, stop),
            "/api/events" => EventsAsync(request, response, stop),
            "/api/trace" => TraceAsync(request, response, stop),
            "/metrics" => MetricsAsync(response, stop),
            _ when request.Path.StartsWith("/api/explain/", StringComparison.Ordinal) => ExplainAsync(request.Path["/api/explain/".Length..], response, stop),
            _ => throw new HttpError(404, $"nothing at {request.Path}; see / for the page, /api/summary, /api/sockets, /api/doctor, /api/explain/STATE, /api/events, /api/trace, /metrics"),
        };
    }

    /// <summary>
    /// POST /api/close?inode=N (--allow-kill): closes that TCP connection as -K does. Refused unless
    /// the server allows it, the request is a POST with the page's CSRF token, and a browser's Origin
    /// (when sent) is this server's own. The answer says closed, or why not (EPERM, EOPNOTSUPP, gone).
    /// </summary>
    private async Task CloseAsync(HttpRequest request, HttpResponse response, CancellationToken stop)
    {
        if (_closer is null || _csrf is null)
            throw new HttpError(403, "closing connections is off: start netstate serve with --allow-kill (and --token)");
        if (request.Method != "POST")
        {
            await response.SendAsync(405, Json, ServeJsonRenderer.Error("closing a connection takes POST"), stop, ("Allow", "POST")).ConfigureAwait(false);
            return;
        }
        if (request.CsrfToken is not { } csrf || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(csrf), Encoding.UTF8.GetBytes(_csrf)))
            throw new HttpError(403, "the X-Netstate-Csrf header must carry the page's token (the netstate-csrf meta of /)");
        if (request.Origin is { } origin && !SameOrigin(origin, request.Host))
            throw new HttpError(403, $"Origin {origin} is not this server's; a change must come from its own page");
        if (request.FetchSite is { } site && site is not ("same-origin" or "none"))
            throw new HttpError(403, $"a change must come from this server's own page, not from a {site} one");
        if (!request.Query.TryGetValue("inode", out string? text) || !ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong inode) || inode == 0)
            throw new HttpError(400, "which connection: /api/close?inode=N (the inode of a TCP socket in /api/sockets)");
        LiveReading reading = await _readings.CurrentAsync().WaitAsync(stop).ConfigureAwait(false);
        SocketEntry? found = null;
        foreach (SocketEntry entry in reading.Snapshot.Entries)
        {
            if (entry.Inode == inode && entry.Protocol == Protocol.Tcp)
            {
                found = entry;
                break;
            }
        }
        if (found is not { } socket)
            throw new HttpError(404, $"no TCP socket with inode {inode} in the latest reading (closed already?)");
        Core.Platform.ActionResult result = _closer.CloseSocket(socket);
        string description = Rendering.SocketDescription.Of(socket);
        _log($"netstate: serve: close {description}: {(result.Succeeded ? "closed" : result.Reason)}");
        int status = result.Outcome switch
        {
            Core.Platform.ActionOutcome.Done => 200,
            Core.Platform.ActionOutcome.NotPermitted => 403,
            Core.Platform.ActionOutcome.NotSupported => 501,
            Core.Platform.ActionOutcome.Gone => 404,
            _ => 500,
        };
        await response.SendAsync(status, Json, ServeJsonRenderer.Closed(result, description), stop).ConfigureAwait(false);
    }

    /// <summary>Whether a browser's Origin names the host the request was sent to (scheme aside: TLS or not, the host and port must be these).</summary>
    private static bool SameOrigin(string origin, string? host) =>
        host is not null && Uri.TryCreate(origin, UriKind.Absolute, out Uri? uri) && uri.Scheme is "http" or "https"
        && string.Equals(uri.Authority, host, StringComparison.OrdinalIgnoreCase);

    /// <summary>--json's document, for the sockets the filter keeps (all of them without one).</summary>
    private async Task SocketsAsync(HttpRequest request, HttpResponse response, CancellationToken stop)
    {
        SocketFilter? filter = Filter(request);
        int limit = Limit(request, int.MaxValue);
        LiveReading reading = await _readings.CurrentAsync().WaitAsync(stop).ConfigureAwait(false);
        var shown = new List<SocketEntry>(filter is null ? reading.Snapshot.Entries.Count : 0);
        foreach (SocketEntry entry in reading.Snapshot.Entries)
        {
            if (shown.Count >= limit)
                break;
            if (!Commands.OwnSockets.IsOwnDiagnosticsSocket(entry) && (filter is null || filter.Matches(entry, reading.Snapshot.Owners)))
                shown.Add(entry);
        }
        Stream body = await response.StartStreamAsync(200, Json, stop).ConfigureAwait(false);
        await using var text = new StreamWriter(body, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        new JsonListingRenderer(text, lines: false).WriteSockets(new Rendering.SocketListing(shown, reading.Snapshot.Owners, reading.Snapshot.TakenAt));
        await text.FlushAsync(stop).ConfigureAwait(false);
    }

    private async Task DoctorAsync(HttpResponse response, CancellationToken stop)
    {
        LiveReading reading = await _readings.CurrentAsync().WaitAsync(stop).ConfigureAwait(false);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        Rendering.DoctorJsonRenderer.Write(text, reading.Tcp, reading.Findings);
        await response.SendTextAsync(200, Json, text.ToString(), stop).ConfigureAwait(false);
    }

    private async Task ExplainAsync(string state, HttpResponse response, CancellationToken stop)
    {
        if (!TcpStateText.TryParse(state, out TcpState parsed))
            throw new HttpError(404, $"no TCP state '{state}'; one of {string.Join(", ", TcpStateText.Valid)}");
        LiveReading reading = await _readings.CurrentAsync().WaitAsync(stop).ConfigureAwait(false);
        await response.SendAsync(200, Json, ServeJsonRenderer.Explain(TcpStateCatalogue.Of(parsed), reading, _options.Top), stop).ConfigureAwait(false);
    }

    private async Task MetricsAsync(HttpResponse response, CancellationToken stop)
    {
        long started = Stopwatch.GetTimestamp();
        LiveReading reading = await _readings.CurrentAsync().WaitAsync(stop).ConfigureAwait(false);
        // Scrapes of one reading share its rendering; a race renders twice, harmlessly.
        RenderedMetrics? cached = Volatile.Read(ref _metrics);
        if (cached?.Sequence != reading.Sequence)
            Volatile.Write(ref _metrics, cached = new RenderedMetrics(reading.Sequence, MetricsRenderer.RenderReading(reading, _options.Top)));
        string body = cached.Text + MetricsRenderer.RenderScrape(reading, _readings, started);
        await response.SendTextAsync(200, ExpositionWriter.ContentType, body, stop).ConfigureAwait(false);
    }

    /// <summary>Server-sent events: an update at once, then one per new reading, until the page goes away or the server stops.</summary>
    private async Task EventsAsync(HttpRequest request, HttpResponse response, CancellationToken stop)
    {
        SocketFilter? filter = Filter(request);
        int limit = Limit(request, MaxPageRows);
        using EventStreamPlace place = TakeEventStreamPlace();
        Stream body = await response.StartStreamAsync(200, "text/event-stream; charset=utf-8", stop).ConfigureAwait(false);
        if (request.IsHead)
            return;
        var sockets = new JsonListingRenderer(TextWriter.Null, lines: true);
        LiveReading reading = await _readings.CurrentAsync().WaitAsync(stop).ConfigureAwait(false);
        LiveReading? sent = null;
        while (!stop.IsCancellationRequested)
        {
            await body.WriteAsync("data: "u8.ToArray(), stop).ConfigureAwait(false);
            await body.WriteAsync(ServeJsonRenderer.Update(reading, sent, filter, limit, sockets), stop).ConfigureAwait(false);
            await body.WriteAsync("\n\n"u8.ToArray(), stop).ConfigureAwait(false);
            await body.FlushAsync(stop).ConfigureAwait(false);
            sent = reading;
            reading = await _readings.NextAsync(reading, stop).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Server-sent events with --trace: the latest state changes at once, then each new one as it is
    /// traced, one JSON document per event (the schema of <c>netstate trace --jsonl</c>); the filter
    /// selects as it does for trace. Without --trace: 404, which the page takes as "no trace here".
    /// </summary>
    private async Task TraceAsync(HttpRequest request, HttpResponse response, CancellationToken stop)
    {
        if (_trace is null)
            throw new HttpError(404, "tracing is off: start netstate serve with --trace (root) for a live stream of TCP state changes");
        SocketFilter? filter = Filter(request);
        using EventStreamPlace place = TakeEventStreamPlace();
        Stream body = await response.StartStreamAsync(200, "text/event-stream; charset=utf-8", stop).ConfigureAwait(false);
        if (request.IsHead)
            return;
        var lines = new StringWriter(CultureInfo.InvariantCulture);
        var renderer = new Rendering.TraceJsonRenderer(lines);
        long after = 0;
        long lostSent = 0;
        while (!stop.IsCancellationRequested)
        {
            (IReadOnlyList<TraceItem> items, Task more) = _trace.Since(after);
            lines.GetStringBuilder().Clear();
            foreach (TraceItem item in items)
            {
                after = item.Sequence;
                if (filter is null || Core.Tracing.TraceSelection.Matches(filter, item.Event))
                    renderer.Event(item.Event);
            }
            if (_trace.Lost > lostSent)
            {
                renderer.Lost(_trace.Lost - lostSent, uncounted: false);
                lostSent = _trace.Lost;
            }
            var events = new StringBuilder();
            foreach (string line in lines.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
                events.Append("data: ").Append(line).Append("\n\n");
            // A comment line now and then: a page that went away is noticed by the failed write, even when nothing is traced.
            if (events.Length == 0)
                events.Append(": quiet\n\n");
            await body.WriteAsync(Encoding.UTF8.GetBytes(events.ToString()), stop).ConfigureAwait(false);
            await body.FlushAsync(stop).ConfigureAwait(false);
            await Task.WhenAny(more, Task.Delay(TraceQuietInterval, stop)).ConfigureAwait(false);
            stop.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Counts an open event stream (page or trace) against the limit: 503 when full; disposing gives the place back.</summary>
    private EventStreamPlace TakeEventStreamPlace()
    {
        if (Interlocked.Increment(ref _eventStreams) > _limits.MaxEventStreams)
        {
            Interlocked.Decrement(ref _eventStreams);
            throw new HttpError(503, $"{_limits.MaxEventStreams} pages are already open; close one");
        }
        return new EventStreamPlace(this);
    }

    private readonly struct EventStreamPlace(ServeRoutes routes) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref routes._eventStreams);
    }

    private async Task SendReadingAsync(HttpResponse response, Func<LiveReading, byte[]> render, CancellationToken stop)
    {
        LiveReading reading = await _readings.CurrentAsync().WaitAsync(stop).ConfigureAwait(false);
        await response.SendAsync(200, Json, render(reading), stop).ConfigureAwait(false);
    }

    /// <summary>The filter parameter, parsed; a mistake becomes a 400 with the caret message.</summary>
    private static SocketFilter? Filter(HttpRequest request) =>
        request.Query.TryGetValue("filter", out string? text) && !string.IsNullOrWhiteSpace(text) ? FilterArgument.Parse(text) : null;

    private static int Limit(HttpRequest request, int fallback)
    {
        if (!request.Query.TryGetValue("limit", out string? text))
            return fallback;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int limit)
            ? Math.Min(limit, fallback)
            : throw new HttpError(400, $"limit needs a whole number, not '{text}'");
    }

    /// <summary>Bearer TOKEN, or Basic with any user and TOKEN as the password (what a browser's prompt sends); compared in constant time.</summary>
    private bool Authorised(HttpRequest request)
    {
        if (_token is null)
            return true;
        string? given = request.Authorization switch
        {
            { } h when h.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) => h["Bearer ".Length..].Trim(),
            { } h when h.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase) => BasicPassword(h["Basic ".Length..].Trim()),
            _ => null,
        };
        return given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), _token);
    }

    private static string? BasicPassword(string encoded)
    {
        try
        {
            string pair = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            int colon = pair.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : pair[(colon + 1)..];
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>The metrics of one reading, rendered once (swapped as one reference, so never torn).</summary>
internal sealed record RenderedMetrics(long Sequence, string Text);
