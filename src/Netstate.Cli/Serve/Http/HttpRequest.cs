using System.Text;

namespace Netstate.Cli.Serve.Http;

/// <summary>
/// One request as the server understood it: method, path and query (percent-decoded) and the one
/// header it looks at. Read-only server: no request has a body.
/// </summary>
internal sealed class HttpRequest
{
    private HttpRequest(string method, string path, IReadOnlyDictionary<string, string> query, string? authorization)
    {
        Method = method;
        Path = path;
        Query = query;
        Authorization = authorization;
    }

    /// <summary>The Host header (what the client believes it connected to).</summary>
    public string? Host { get; private init; }

    /// <summary>The Origin header a browser sends with a POST (scheme://host:port of the page that sent it).</summary>
    public string? Origin { get; private init; }

    /// <summary>Sec-Fetch-Site: same-origin, same-site, cross-site or none (browsers only).</summary>
    public string? FetchSite { get; private init; }

    /// <summary>X-Netstate-Csrf: the page's per-server token, required for a change (--allow-kill).</summary>
    public string? CsrfToken { get; private init; }

    public string Method { get; }

    /// <summary>The path, percent-decoded, without the query.</summary>
    public string Path { get; }

    /// <summary>Query parameters by name; the first of a repeated name counts.</summary>
    public IReadOnlyDictionary<string, string> Query { get; }

    public string? Authorization { get; }

    public bool IsHead => Method == "HEAD";

    /// <summary>
    /// Parses the request head (everything before the blank line). Throws <see cref="HttpError"/>
    /// with the status to answer for anything malformed or unsupported.
    /// </summary>
    public static HttpRequest Parse(ReadOnlySpan<byte> head, HttpLimits limits)
    {
        // Latin-1 keeps every byte as one char: a hostile byte stays a byte, never an exception.
        string text = Encoding.Latin1.GetString(head);
        string[] lines = text.Split("\r\n");
        string[] requestLine = lines[0].Split(' ');
        if (requestLine.Length != 3 || !requestLine[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
            throw new HttpError(400, "malformed request line");
        string method = requestLine[0];
        string target = requestLine[1];
        if (target.Length > limits.MaxTargetLength)
            throw new HttpError(414, $"the request target is longer than {limits.MaxTargetLength} bytes");
        if (!target.StartsWith('/'))
            throw new HttpError(400, "the request target must be a path");

        string? authorization = null, host = null, origin = null, fetchSite = null, csrf = null;
        if (lines.Length - 1 > limits.MaxHeaders)
            throw new HttpError(431, $"more than {limits.MaxHeaders} header lines");
        for (int i = 1; i < lines.Length; i++)
        {
            int colon = lines[i].IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                if (lines[i].Length == 0)
                    continue;
                throw new HttpError(400, "malformed header line");
            }
            string name = lines[i][..colon].Trim();
            string value = lines[i][(colon + 1)..].Trim();
            if (name.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
                authorization = value;
            else if (name.Equals("Host", StringComparison.OrdinalIgnoreCase))
                host ??= value;
            else if (name.Equals("Origin", StringComparison.OrdinalIgnoreCase))
                origin ??= value;
            else if (name.Equals("Sec-Fetch-Site", StringComparison.OrdinalIgnoreCase))
                fetchSite ??= value;
            else if (name.Equals("X-Netstate-Csrf", StringComparison.OrdinalIgnoreCase))
                csrf ??= value;
            // Read-only: a request that carries a body is not one this server answers.
            else if ((name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) && value != "0")
                || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
                throw new HttpError(413, "this server takes no request bodies");
        }

        int question = target.IndexOf('?', StringComparison.Ordinal);
        string path = Decode(question < 0 ? target : target[..question], plusIsSpace: false);
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        if (question >= 0)
        {
            foreach (string pair in target[(question + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                int equals = pair.IndexOf('=', StringComparison.Ordinal);
                string name = Decode(equals < 0 ? pair : pair[..equals], plusIsSpace: true);
                string value = equals < 0 ? "" : Decode(pair[(equals + 1)..], plusIsSpace: true);
                query.TryAdd(name, value);
            }
        }
        return new HttpRequest(method, path, query, authorization) { Host = host, Origin = origin, FetchSite = fetchSite, CsrfToken = csrf };
    }

    /// <summary>Percent-decoding into UTF-8 text; bytes that are not UTF-8 become U+FFFD (a filter with them would not match anyway).</summary>
    private static string Decode(string text, bool plusIsSpace)
    {
        if (!text.Contains('%', StringComparison.Ordinal) && !(plusIsSpace && text.Contains('+', StringComparison.Ordinal)))
            return text;
        var bytes = new List<byte>(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '%' && i + 2 < text.Length && IsHex(text[i + 1]) && IsHex(text[i + 2]))
            {
                bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else if (c == '+' && plusIsSpace)
                bytes.Add((byte)' ');
            else
                bytes.Add((byte)c);
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);
}
