using System.Globalization;
using System.Text;

namespace Netstate.Cli.Serve.Http;

/// <summary>
/// Writes one response on a connection that closes after it. A small body is sent with its length;
/// a large one (a listing of 200,000 sockets) is streamed and ends when the connection closes, which
/// HTTP/1.1 allows for responses. Every response forbids caching and content sniffing.
/// </summary>
internal sealed class HttpResponse
{
    /// <summary>Scripts and styles from this server only, nothing inline, no frames, no forms.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private readonly Stream _connection;
    private readonly bool _head;

    public HttpResponse(Stream connection, bool head)
    {
        _connection = connection;
        _head = head;
    }

    /// <summary>Whether the status line has been sent (after that, an error can only close the connection).</summary>
    public bool Started { get; private set; }

    /// <summary>Sends a whole response.</summary>
    public async Task SendAsync(int status, string contentType, ReadOnlyMemory<byte> body, CancellationToken cancel, params (string Name, string Value)[] extra)
    {
        await WriteHeadAsync(status, contentType, body.Length, extra, cancel).ConfigureAwait(false);
        if (!_head)
            await _connection.WriteAsync(body, cancel).ConfigureAwait(false);
        await _connection.FlushAsync(cancel).ConfigureAwait(false);
    }

    public Task SendTextAsync(int status, string contentType, string body, CancellationToken cancel, params (string Name, string Value)[] extra) =>
        SendAsync(status, contentType, Encoding.UTF8.GetBytes(body), cancel, extra);

    /// <summary>
    /// Sends the head of a response whose body follows in pieces, then returns the stream to write
    /// it to (a null stream for HEAD).
    /// </summary>
    public async Task<Stream> StartStreamAsync(int status, string contentType, CancellationToken cancel)
    {
        await WriteHeadAsync(status, contentType, null, [], cancel).ConfigureAwait(false);
        await _connection.FlushAsync(cancel).ConfigureAwait(false);
        return _head ? Stream.Null : _connection;
    }

    private async Task WriteHeadAsync(int status, string contentType, int? length, (string Name, string Value)[] extra, CancellationToken cancel)
    {
        var head = new StringBuilder(256);
        head.Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {Reason(status)}\r\n");
        head.Append(CultureInfo.InvariantCulture, $"Content-Type: {contentType}\r\n");
        if (length is int bytes)
            head.Append(CultureInfo.InvariantCulture, $"Content-Length: {bytes}\r\n");
        head.Append("Connection: close\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\n");
        head.Append(CultureInfo.InvariantCulture, $"Content-Security-Policy: {ContentSecurityPolicy}\r\n");
        foreach ((string name, string value) in extra)
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        head.Append("\r\n");
        Started = true;
        await _connection.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), cancel).ConfigureAwait(false);
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        413 => "Content Too Large",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    };
}
