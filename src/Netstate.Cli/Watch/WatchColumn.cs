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

    /// <summary>The row's network namespace: shown first, and only when several are read (--all-namespaces, a netns filter).</summary>
    Namespace,
}

/// <summary>How each column is titled, written, sized and sorted. Every state and protocol spelling comes from Core's vocabulary (netstat's dialect).</summary>
internal static class WatchColumns
{
    public static readonly WatchColumn[] All = [WatchColumn.Namespace, .. Enum.GetValues<WatchColumn>().Where(c => c != WatchColumn.Namespace)];

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
        WatchColumn.Namespace => "Netns",
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

    public static bool RightAligned(WatchColumn column) => column >= WatchColumn.RecvQ && column is not (WatchColumn.Since or WatchColumn.Namespace);

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
        return column switch
        {
            WatchColumn.Proto => ProtocolText.Of(entry, names.Dialect),
            WatchColumn.Local => names.Local(entry),
            WatchColumn.Remote => names.Remote(entry),
            WatchColumn.State => SocketStateText.Of(entry, names.Dialect),
            WatchColumn.Process => Owners(entry, row.Owners),
            WatchColumn.RecvQ => Number(entry.RecvQueue),
            WatchColumn.SendQ => Number(entry.SendQueue),
            // tcpi_rtt is in microseconds; loopback's tens of them still show (0.03).
            WatchColumn.Rtt => row.RoundTripTime is not (> 0 and var rtt) ? "-"
                : (rtt / 1000.0).ToString(rtt < 10_000 ? "0.00" : "0.0", CultureInfo.InvariantCulture),
            WatchColumn.SendRate => Bytes(row.SendRate),
            WatchColumn.ReceiveRate => Bytes(row.ReceiveRate),
            WatchColumn.Sent => Bytes(row.BytesAcked),
            WatchColumn.Received => Bytes(row.BytesReceived),
            WatchColumn.Namespace => entry.Namespace is { } space ? UntrustedText.Escape(space.Label) : "-",
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
            // A container's process shows its PID inside its PID namespace too, as the listing's -p: "48213(1)/nginx".
            string inner = owner.Process.NamespacePid is int nspid ? $"({nspid})" : "";
            string one = $"{owner.Process.Pid}{inner}/{UntrustedText.Escape(owner.Process.ProgramNameText)}";
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

    /// <summary>
    /// Puts <paramref name="rows"/> (given in <see cref="WatchTable.ByEndpoints"/> order) in the
    /// order of <paramref name="column"/>, ties by local then remote endpoint (the rows' endpoint
    /// rank). The endpoint order itself is kept by the table, so sorting by local address costs one
    /// pass; any other column sorts fixed-size keys (<paramref name="keys"/>, reused across refreshes),
    /// not rows through a chain of comparison delegates.
    /// </summary>
    public static void Sort(List<WatchRow> rows, WatchColumn column, bool descending, ref RowKey[] keys)
    {
        if (column == WatchColumn.Local)
        {
            if (descending)
                rows.Reverse();
            return;
        }
        int count = rows.Count;
        if (keys.Length < count)
            keys = new RowKey[Math.Max(count, keys.Length * 2)];
        List<string>? names = column is WatchColumn.Process or WatchColumn.Namespace ? [] : null;
        Dictionary<string, int>? nameIndex = names is null ? null : new(StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            WatchRow row = rows[i];
            SocketEntry entry = row.Entry;
            ref RowKey key = ref keys[i];
            key = new RowKey { Row = row, Rank = row.EndpointRank };
            switch (column)
            {
                case WatchColumn.Proto:
                    key.A = ((ulong)entry.Protocol << 8) | (ulong)entry.Family;
                    break;
                case WatchColumn.Remote:
                    key.A = entry.Remote.Address.IsV6 ? 1UL : 0UL;
                    key.B = entry.Remote.Address.High;
                    key.C = entry.Remote.Address.Low;
                    key.D = entry.Remote.Port;
                    break;
                case WatchColumn.State:
                    key.A = (ulong)SocketStateText.TcpEquivalent(entry);
                    break;
                case WatchColumn.Process:
                    ProcessInfo? owner = row.FirstOwner;
                    if (owner is not null)
                    {
                        // Names ranked below; null (no owner) sorts first, as string.CompareOrdinal puts null first.
                        string name = owner.ProgramNameText;
                        if (!nameIndex!.TryGetValue(name, out int index))
                        {
                            nameIndex[name] = index = names!.Count;
                            names.Add(name);
                        }
                        key.A = (ulong)index + 1;
                        key.B = (ulong)owner.Pid;
                    }
                    break;
                case WatchColumn.Namespace:
                    if (entry.Namespace is { } space)
                    {
                        // Labels ranked below, as program names are; the inode parts namespaces that share a label.
                        string label = space.Label;
                        if (!nameIndex!.TryGetValue(label, out int index))
                        {
                            nameIndex[label] = index = names!.Count;
                            names.Add(label);
                        }
                        key.A = (ulong)index + 1;
                        key.B = space.Inode;
                    }
                    break;
                case WatchColumn.RecvQ:
                    KeyOf(ref key, entry.RecvQueue);
                    break;
                case WatchColumn.SendQ:
                    KeyOf(ref key, entry.SendQueue);
                    break;
                case WatchColumn.Rtt:
                    KeyOf(ref key, row.RoundTripTime);
                    break;
                case WatchColumn.SendRate:
                    KeyOf(ref key, row.SendRate is { } tx ? BitConverter.DoubleToUInt64Bits(tx) : null); // rates are >= 0: the bits order as the values
                    break;
                case WatchColumn.ReceiveRate:
                    KeyOf(ref key, row.ReceiveRate is { } rx ? BitConverter.DoubleToUInt64Bits(rx) : null);
                    break;
                case WatchColumn.Sent:
                    KeyOf(ref key, row.BytesAcked);
                    break;
                case WatchColumn.Received:
                    KeyOf(ref key, row.BytesReceived);
                    break;
                default:
                    key.A = (ulong)row.FirstSeen.UtcTicks;
                    break;
            }
        }
        if (names is { Count: > 0 })
        {
            int[] order = new int[names.Count];
            for (int i = 0; i < order.Length; i++)
                order[i] = i;
            Array.Sort(order, (a, b) => string.CompareOrdinal(names[a], names[b]));
            int[] rank = new int[names.Count];
            for (int i = 0; i < order.Length; i++)
                rank[order[i]] = i + 1;
            for (int i = 0; i < count; i++)
            {
                if (keys[i].A != 0)
                    keys[i].A = (ulong)rank[keys[i].A - 1];
            }
        }
        Array.Sort(keys, 0, count);
        for (int i = 0; i < count; i++)
        {
            rows[descending ? count - 1 - i : i] = keys[i].Row;
            keys[i].Row = null!; // no reference kept past the sort
        }
    }

    /// <summary>Null first (as Nullable.Compare), then by value.</summary>
    private static void KeyOf(ref RowKey key, ulong? value)
    {
        if (value is { } v)
        {
            key.A = 1;
            key.B = v;
        }
    }
}

/// <summary>A row's sort key: up to four numbers, then its endpoint rank, which makes the order total.</summary>
internal struct RowKey : IComparable<RowKey>
{
    public ulong A;
    public ulong B;
    public ulong C;
    public ulong D;
    public int Rank;
    public WatchRow Row;

    public readonly int CompareTo(RowKey other)
    {
        if (A != other.A)
            return A < other.A ? -1 : 1;
        if (B != other.B)
            return B < other.B ? -1 : 1;
        if (C != other.C)
            return C < other.C ? -1 : 1;
        if (D != other.D)
            return D < other.D ? -1 : 1;
        return Rank.CompareTo(other.Rank);
    }
}
