using Netstate.Core.Aggregation;
using Netstate.Core.Kernel;
using Netstate.Core.Model;
using Netstate.Core.Vocabulary;

namespace Netstate.Cli.Rendering;

/// <summary>Writes --summary: sockets per transport and family, TCP per state, and the kernel's counters.</summary>
internal sealed class SummaryRenderer
{
    /// <summary>Each transport with its sockstat sections (IPv4, IPv6), whose "inuse" ss -s prints.</summary>
    private static readonly (string Name, Protocol Protocol, string Sockstat4, string Sockstat6)[] Transports =
        [("TCP", Protocol.Tcp, "TCP", "TCP6"), ("UDP", Protocol.Udp, "UDP", "UDP6"), ("UDP-Lite", Protocol.UdpLite, "UDPLITE", "UDPLITE6"), ("RAW", Protocol.Raw, "RAW", "RAW6")];

    /// <summary>Every state a listing can show, in the order a connection passes through them.</summary>
    private static readonly TcpState[] States =
    [
        TcpState.Listen, TcpState.SynSent, TcpState.SynRecv, TcpState.Established, TcpState.FinWait1, TcpState.FinWait2,
        TcpState.CloseWait, TcpState.Closing, TcpState.LastAck, TcpState.TimeWait, TcpState.Close,
    ];

    private readonly TextWriter _out;
    private readonly LineBuffer _line = new();

    public SummaryRenderer(TextWriter output) => _out = output;

    /// <param name="summary">The sockets listed, counted.</param>
    /// <param name="counters">sockstat: the "inuse" counts, and (with <paramref name="kernelLine"/>) the kernel-wide ones.</param>
    /// <param name="kernelLine">Whether to write the line of sockstat's other counters (not for a sum over namespaces, which has only "inuse").</param>
    public void Write(SocketSummary summary, SocketCounters counters, bool kernelLine = true)
    {
        // Two counts side by side: every socket a listing shows (TIME_WAIT included), and the
        // kernel's sockstat "inuse" that ss -s prints (no TIME_WAIT): they differ by design.
        var rows = new List<string[]> { (string[])["Transport", "Listed", "IPv4", "IPv6", "In use (ss -s)", "IPv4", "IPv6"] };
        int inet4 = 0, inet6 = 0;
        long? inUse4 = 0, inUse6 = 0;
        foreach ((string name, Protocol protocol, string sockstat4, string sockstat6) in Transports)
        {
            int v4 = summary.Count(protocol, Family.Inet), v6 = summary.Count(protocol, Family.Inet6);
            long? k4 = counters.Get(sockstat4, "inuse"), k6 = counters.Get(sockstat6, "inuse");
            rows.Add([name, Number(v4 + v6), Number(v4), Number(v6), Number(k4 + k6), Number(k4), Number(k6)]);
            (inet4, inet6) = (inet4 + v4, inet6 + v6);
            (inUse4, inUse6) = (inUse4 + k4, inUse6 + k6);
        }
        rows.Add(["INET", Number(inet4 + inet6), Number(inet4), Number(inet6), Number(inUse4 + inUse6), Number(inUse4), Number(inUse6)]);
        rows.Add(["UNIX", Number(summary.Count(Protocol.Unix, Family.Unix)), "-", "-", "-", "-", "-"]);
        WriteTable(rows);
        _out.Write("Listed: the sockets a listing shows, TIME_WAIT included. In use: the kernel's sockstat count, as ss -s shows it (no TIME_WAIT).\n");
        _out.Write('\n');

        var states = new List<string[]> { (string[])["TCP state", "Sockets"] };
        foreach (TcpState state in States)
            states.Add([TcpStateText.Name(state, Dialect.Netstat), Number(summary.Count(state))]);
        WriteTable(states);

        if (kernelLine && counters.Get("TCP", "inuse") is { } inUse)
        {
            _out.Write('\n');
            _out.Write($"Kernel counters (sockstat): {Number(counters.Get("sockets", "used"))} sockets in use, all kinds (ss -s's Total); " +
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

    /// <summary>A count, or '-' when the kernel did not report it.</summary>
    private static string Number(long? value) => value is long known ? Number(known) : "-";
}
