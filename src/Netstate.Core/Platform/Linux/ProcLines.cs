using Netstate.Core.Model;

namespace Netstate.Core.Platform.Linux;

/// <summary>Parses one data line into an entry, or returns why it could not.</summary>
internal delegate string? RowParser(ReadOnlySpan<byte> line, out SocketEntry? entry);

/// <summary>Parses one line into a result, or returns why it could not.</summary>
internal delegate string? LineParser<T>(ReadOnlySpan<byte> line, out T? result) where T : class;

/// <summary>Splits a /proc table into lines; the first (header) line is numbered 0, as netstat counts.</summary>
internal ref struct ProcLines
{
    private ReadOnlySpan<byte> _rest;

    public ProcLines(ReadOnlySpan<byte> text) => _rest = text;

    public int Number { get; private set; } = -1;

    /// <summary>Runs <paramref name="parse"/> on every data line (not the header, not blank lines); failures become problems.</summary>
    public static void ParseRows(ReadOnlySpan<byte> text, string fileName, List<SocketEntry> entries, ParseProblems problems, RowParser parse)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(problems);
        var lines = new ProcLines(text);
        while (lines.TryNext(out ReadOnlySpan<byte> line))
        {
            if (lines.Number == 0 || line.Trim((byte)' ').IsEmpty)
                continue;
            string? error = parse(line, out SocketEntry? entry);
            if (entry is not null)
                entries.Add(entry);
            else
                problems.Add(fileName, lines.Number, error!, line);
        }
    }

    /// <summary>
    /// Runs <paramref name="parse"/> on every non-blank line of a file without a header line (numbered
    /// from 1); failures become problems.
    /// </summary>
    public static void ParseHeaderless<T>(ReadOnlySpan<byte> text, string fileName, List<T> results, ParseProblems problems, LineParser<T> parse)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(problems);
        var lines = new ProcLines(text);
        while (lines.TryNext(out ReadOnlySpan<byte> line))
        {
            if (line.Trim((byte)' ').IsEmpty)
                continue;
            string? error = parse(line, out T? result);
            if (result is not null)
                results.Add(result);
            else
                problems.Add(fileName, lines.Number + 1, error!, line);
        }
    }

    public bool TryNext(out ReadOnlySpan<byte> line)
    {
        if (_rest.IsEmpty)
        {
            line = default;
            return false;
        }
        int end = _rest.IndexOf((byte)'\n');
        line = end < 0 ? _rest : _rest[..end];
        _rest = end < 0 ? default : _rest[(end + 1)..];
        Number++;
        return true;
    }
}
