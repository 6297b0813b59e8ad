using System.Globalization;
using Netstate.Core.Model;
using Netstate.Core.Owners;
using Netstate.Core.Text;
using Netstate.Core.Vocabulary;

namespace Netstate.Cli.Watch;

/// <summary>The columns of the socket view, in screen order.</summary>
internal enum WatchColumn
{
    Proto,
    Local,
    Remote,
    State,
    Process,
    RecvQ,
    SendQ,
    Rtt,
    SendRate,
    ReceiveRate,
    Sent,
    Received,
    Since,
}

/// <summary>How each column is titled, written, sized and sorted. Every state and protocol spelling comes from Core's vocabulary (netstat's dialect).</summary>
internal static class WatchColumns
{
    public static readonly WatchColumn[] All = Enum.GetValues<WatchColumn>();

    public static string Title(WatchColumn column) => column switch
    {
        WatchColumn.Proto => "Proto",
        WatchColumn.Local => "Local Address",
        WatchColumn.Remote => "Foreign Address",
        WatchColumn.State => "State",
        WatchColumn.Process => "PID/Program name",
        WatchColumn.RecvQ => "Recv-Q",
        WatchColumn.SendQ => "Send-Q",
        WatchColumn.Rtt => "RTT ms",
        WatchColumn.SendRate => "Tx/s",
        WatchColumn.ReceiveRate => "Rx/s",
        WatchColumn.Sent => "Sent",
        WatchColumn.Received => "Rcvd",
        _ => "Since",
    };

    /// <summary>Fixed widths; 0 for the three that take their width from the rows.</summary>
    public static int Width(WatchColumn column) => column switch
    {
        WatchColumn.Proto => 5,
        WatchColumn.State => 11,
        WatchColumn.RecvQ or WatchColumn.SendQ => 6,
        WatchColumn.Rtt => 7,
        WatchColumn.SendRate or WatchColumn.ReceiveRate or WatchColumn.Sent or WatchColumn.Received => 6,
        WatchColumn.Since => 8,
        _ => 0,
    };

    public static bool RightAligned(WatchColumn column) => column >= WatchColumn.RecvQ && column != WatchColumn.Since;

    /// <summary>Which columns give way first on a narrow screen (higher: dropped sooner); 0 never.</summary>
    public static int DropOrder(WatchColumn column) => column switch
    {
        WatchColumn.RecvQ or WatchColumn.SendQ => 1,
        WatchColumn.Rtt => 2,
        WatchColumn.SendRate or WatchColumn.ReceiveRate => 3,
        WatchColumn.Sent or WatchColumn.Received => 4,
        WatchColumn.Since => 5,
        _ => 0,
    };

    public static string Text(WatchRow row, WatchColumn column, EndpointNames names)
    {
        SocketEntry entry = row.Entry;
        TcpDetails? tcp = entry.Details?.Tcp;
        return column switch
        {
            WatchColumn.Proto => ProtocolText.Of(entry, Dialect.Netstat),
            WatchColumn.Local => names.Local(entry),
            WatchColumn.Remote => names.Remote(entry),
            WatchColumn.State => SocketStateText.Of(entry, Dialect.Netstat),
            WatchColumn.Process => Owners(entry, row.Owners),
            WatchColumn.RecvQ => Number(entry.RecvQueue),
            WatchColumn.SendQ => Number(entry.SendQueue),
            // tcpi_rtt is in microseconds; loopback's tens of them still show (0.03).
            WatchColumn.Rtt => tcp is null || tcp.RoundTripTime == 0 ? "-"
                : (tcp.RoundTripTime / 1000.0).ToString(tcp.RoundTripTime < 10_000 ? "0.00" : "0.0", CultureInfo.InvariantCulture),
            WatchColumn.SendRate => Bytes(row.SendRate),
            WatchColumn.ReceiveRate => Bytes(row.ReceiveRate),
            WatchColumn.Sent => Bytes(tcp?.BytesAcked),
            WatchColumn.Received => Bytes(tcp?.BytesReceived),
            _ => row.FirstSeen.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
        };
    }

    /// <summary>Every holder as pid/name, escaped; "-" when none is known.</summary>
    public static string Owners(SocketEntry entry, OwnerMap? owners)
    {
        if (owners is null || entry.Inode == 0)
            return "-";
        string? text = null;
        foreach (SocketOwner owner in owners.Get(entry.Inode))
        {
            string one = $"{owner.Process.Pid}/{UntrustedText.Escape(owner.Process.ProgramNameText)}";
            if (text is null)
                text = one;
            else if (!text.Contains(one, StringComparison.Ordinal))
                text += "," + one;
        }
        return text ?? "-";
    }

    public static string Number(ulong? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "-";

    /// <summary>A byte count or rate in at most six characters: 999, 1.5K, 12M, 3.2G.</summary>
    public static string Bytes(double? value)
    {
        if (value is not { } v)
            return "-";
        string[] units = ["", "K", "M", "G", "T", "P"];
        int unit = 0;
        while (v >= 1000 && unit < units.Length - 1)
        {
            v /= 1024;
            unit++;
        }
        return unit == 0 ? ((long)v).ToString(CultureInfo.InvariantCulture)
            : v < 10 ? v.ToString("0.0", CultureInfo.InvariantCulture) + units[unit]
            : ((long)v).ToString(CultureInfo.InvariantCulture) + units[unit];
    }

    private static string Bytes(ulong? value) => Bytes(value is { } v ? (double)v : null);

    /// <summary>Orders rows by <paramref name="column"/>, ties by local then remote endpoint.</summary>
    public static Comparison<WatchRow> Comparer(WatchColumn column, bool descending)
    {
        Comparison<WatchRow> primary = column switch
        {
            WatchColumn.Proto => (a, b) => a.Entry.Protocol.CompareTo(b.Entry.Protocol) is var c and not 0 ? c : a.Entry.Family.CompareTo(b.Entry.Family),
            WatchColumn.Local => (a, b) => CompareEndpoints(a.Entry.Local, b.Entry.Local),
            WatchColumn.Remote => (a, b) => CompareEndpoints(a.Entry.Remote, b.Entry.Remote),
            WatchColumn.State => (a, b) => SocketStateText.TcpEquivalent(a.Entry).CompareTo(SocketStateText.TcpEquivalent(b.Entry)),
            WatchColumn.Process => (a, b) => string.CompareOrdinal(a.FirstOwner?.ProgramNameText, b.FirstOwner?.ProgramNameText) is var c and not 0 ? c
                : (a.FirstOwner?.Pid ?? 0).CompareTo(b.FirstOwner?.Pid ?? 0),
            WatchColumn.RecvQ => (a, b) => Nullable.Compare(a.Entry.RecvQueue, b.Entry.RecvQueue),
            WatchColumn.SendQ => (a, b) => Nullable.Compare(a.Entry.SendQueue, b.Entry.SendQueue),
            WatchColumn.Rtt => (a, b) => Nullable.Compare(a.Entry.Details?.Tcp?.RoundTripTime, b.Entry.Details?.Tcp?.RoundTripTime),
            WatchColumn.SendRate => (a, b) => Nullable.Compare(a.SendRate, b.SendRate),
            WatchColumn.ReceiveRate => (a, b) => Nullable.Compare(a.ReceiveRate, b.ReceiveRate),
            WatchColumn.Sent => (a, b) => Nullable.Compare(a.Entry.Details?.Tcp?.BytesAcked, b.Entry.Details?.Tcp?.BytesAcked),
            WatchColumn.Received => (a, b) => Nullable.Compare(a.Entry.Details?.Tcp?.BytesReceived, b.Entry.Details?.Tcp?.BytesReceived),
            _ => (a, b) => a.FirstSeen.CompareTo(b.FirstSeen),
        };
        return (a, b) =>
        {
            int order = primary(a, b);
            if (order == 0)
                order = CompareEndpoints(a.Entry.Local, b.Entry.Local) is var l and not 0 ? l : CompareEndpoints(a.Entry.Remote, b.Entry.Remote);
            if (order == 0)
                order = a.Entry.Cookie.CompareTo(b.Entry.Cookie) is var k and not 0 ? k : a.Entry.Inode.CompareTo(b.Entry.Inode);
            return descending ? -order : order;
        };
    }

    private static int CompareEndpoints(Endpoint a, Endpoint b)
    {
        int order = a.Address.IsV6.CompareTo(b.Address.IsV6);
        if (order == 0)
            order = a.Address.High.CompareTo(b.Address.High);
        if (order == 0)
            order = a.Address.Low.CompareTo(b.Address.Low);
        return order != 0 ? order : a.Port.CompareTo(b.Port);
    }
}
