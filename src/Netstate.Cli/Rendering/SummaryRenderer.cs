using Netstate.Core.Aggregation;
using Netstate.Core.Kernel;
using Netstate.Core.Model;
using Netstate.Core.Vocabulary;

namespace Netstate.Cli.Rendering;

/// <summary>Writes --summary: sockets per transport and family, TCP per state, and the kernel's counters.</summary>
internal sealed class SummaryRenderer
{
    private static readonly (string Name, Protocol Protocol)[] Transports =
        [("TCP", Protocol.Tcp), ("UDP", Protocol.Udp), ("UDP-Lite", Protocol.UdpLite), ("RAW", Protocol.Raw)];

    /// <summary>Every state a listing can show, in the order a connection passes through them.</summary>
    private static readonly TcpState[] States =
    [
        TcpState.Listen, TcpState.SynSent, TcpState.SynRecv, TcpState.Established, TcpState.FinWait1, TcpState.FinWait2,
        TcpState.CloseWait, TcpState.Closing, TcpState.LastAck, TcpState.TimeWait, TcpState.Close,
    ];

    private readonly TextWriter _out;
    private readonly LineBuffer _line = new();

    public SummaryRenderer(TextWriter output) => _out = output;

    public void Write(SocketSummary summary, SocketCounters counters)
    {
        var rows = new List<string[]> { (string[])["Transport", "Total", "IPv4", "IPv6"] };
        int inet4 = 0, inet6 = 0;
        foreach ((string name, Protocol protocol) in Transports)
        {
            int v4 = summary.Count(protocol, Family.Inet), v6 = summary.Count(protocol, Family.Inet6);
            rows.Add([name, Number(v4 + v6), Number(v4), Number(v6)]);
            (inet4, inet6) = (inet4 + v4, inet6 + v6);
        }
        rows.Add(["INET", Number(inet4 + inet6), Number(inet4), Number(inet6)]);
        rows.Add(["UNIX", Number(summary.Count(Protocol.Unix, Family.Unix)), "-", "-"]);
        WriteTable(rows);
        _out.Write('\n');

        var states = new List<string[]> { (string[])["TCP state", "Sockets"] };
        foreach (TcpState state in States)
            states.Add([TcpStateText.Name(state, Dialect.Netstat), Number(summary.Count(state))]);
        WriteTable(states);

        if (counters.Get("TCP", "inuse") is { } inUse)
        {
            _out.Write('\n');
            _out.Write($"Kernel counters (sockstat): {Number(counters.Get("sockets", "used") ?? 0)} sockets allocated; " +
                $"TCP {Number(inUse + (counters.Get("TCP6", "inuse") ?? 0))} in use, " +
                $"{Number(counters.Get("TCP", "orphan") ?? 0)} orphaned, {Number(counters.Get("TCP", "tw") ?? 0)} in TIME_WAIT, " +
                $"{Number(counters.Get("TCP", "mem") ?? 0)} pages of buffer memory\n");
        }
    }

    /// <summary>First column left-aligned, the others right-aligned, each as wide as its widest cell.</summary>
    private void WriteTable(List<string[]> rows)
    {
        int columns = rows[0].Length;
        int[] widths = new int[columns];
        foreach (string[] row in rows)
        {
            for (int c = 0; c < columns; c++)
                widths[c] = Math.Max(widths[c], row[c].Length);
        }
        foreach (string[] row in rows)
        {
            LineBuffer line = _line.Clear().Column(row[0], widths[0]);
            for (int c = 1; c < columns; c++)
                line.Spaces(2 + widths[c] - row[c].Length).Append(row[c]);
            line.Append('\n').WriteTo(_out);
        }
    }

    private static string Number(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
