namespace Netstate.Cli.Serve.Http;

/// <summary>What one client may ask of the server; beyond these it gets an error status, never more memory or time.</summary>
internal sealed record HttpLimits
{
    /// <summary>The request line and headers together.</summary>
    public int MaxHeadBytes { get; init; } = 8192;

    /// <summary>The path and query (a filter lives in the query).</summary>
    public int MaxTargetLength { get; init; } = 4096;

    public int MaxHeaders { get; init; } = 64;

    /// <summary>How long a client may take to send its request head.</summary>
    public TimeSpan HeadTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Connections served at once; more wait in the kernel's accept queue.</summary>
    public int MaxConnections { get; init; } = 64;

    /// <summary>Pages (server-sent event streams) open at once.</summary>
    public int MaxEventStreams { get; init; } = 16;
}

/// <summary>A request the server refuses, with the status and a one-line reason.</summary>
internal sealed class HttpError : Exception
{
    public HttpError(int status, string message, string? detail = null)
        : base(message)
    {
        Status = status;
        Detail = detail;
    }

    public int Status { get; }

    /// <summary>More lines for the body (a filter's caret pointer); null when the message says it all.</summary>
    public string? Detail { get; }
}
