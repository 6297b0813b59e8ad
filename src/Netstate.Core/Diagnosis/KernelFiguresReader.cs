using System.Globalization;
using Netstate.Core.Kernel;
using Netstate.Core.Sources.Linux;

namespace Netstate.Core.Diagnosis;

/// <summary>
/// Samples the counters and settings the rules need from one proc tree. Everything is per network
/// namespace except tcp_max_orphans (and the sockstat orphan count), which only the initial
/// namespace has. A file that cannot be read leaves its figures unknown and adds a note.
/// </summary>
public static class KernelFiguresReader
{
    public static KernelFigures Read(ProcRoot procRoot, ICollection<string> notes)
    {
        // TEMPORARY: replaced by the shared counter and sysctl readers once they land.
        var snmp = new Dictionary<string, long>(StringComparer.Ordinal);
        ReadTableFile(procRoot.Net("snmp"), snmp, notes);
        ReadTableFile(procRoot.Net("netstat"), snmp, notes);
        var sockstat = new SocketCounters();
        try
        {
            sockstat.Parse(File.ReadAllBytes(procRoot.Net("sockstat")));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            notes.Add($"cannot read {procRoot.Net("sockstat")}: {e.Message}");
        }
        return new KernelFigures
        {
            ListenOverflows = Get(snmp, "TcpExt.ListenOverflows"),
            ListenDrops = Get(snmp, "TcpExt.ListenDrops"),
            SyncookiesSent = Get(snmp, "TcpExt.SyncookiesSent"),
            TimeWaitOverflows = Get(snmp, "TcpExt.TCPTimeWaitOverflow"),
            RetransmittedSegments = Get(snmp, "Tcp.RetransSegs"),
            SentSegments = Get(snmp, "Tcp.OutSegs"),
            OrphanedSockets = sockstat.Get("TCP", "orphan"),
            MaxOrphans = Sysctl(procRoot, "net/ipv4/tcp_max_orphans"),
            MaxTimeWaitBuckets = Sysctl(procRoot, "net/ipv4/tcp_max_tw_buckets"),
            MaxSynBacklog = Sysctl(procRoot, "net/ipv4/tcp_max_syn_backlog"),
            Syncookies = Sysctl(procRoot, "net/ipv4/tcp_syncookies"),
            TimeWaitReuse = Sysctl(procRoot, "net/ipv4/tcp_tw_reuse"),
            MaxListenBacklog = Sysctl(procRoot, "net/core/somaxconn"),
            FinTimeout = Sysctl(procRoot, "net/ipv4/tcp_fin_timeout"),
            LocalPortRange = PortRangeOf(SysctlText(procRoot, "net/ipv4/ip_local_port_range")),
        };
    }

    private static long? Get(Dictionary<string, long> values, string key) => values.TryGetValue(key, out long v) ? v : null;

    private static void ReadTableFile(string path, Dictionary<string, long> values, ICollection<string> notes)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            notes.Add($"cannot read {path}: {e.Message}");
            return;
        }
        for (int i = 0; i + 1 < lines.Length; i += 2)
        {
            string[] names = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            string[] numbers = lines[i + 1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (names.Length == 0 || names.Length != numbers.Length || names[0] != numbers[0])
                continue;
            string table = names[0].TrimEnd(':');
            for (int j = 1; j < names.Length; j++)
                if (long.TryParse(numbers[j], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
                    values[table + "." + names[j]] = value;
        }
    }

    private static string? SysctlText(ProcRoot procRoot, string name)
    {
        try
        {
            return File.ReadAllText(procRoot.Path + "/sys/" + name).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long? Sysctl(ProcRoot procRoot, string name) =>
        long.TryParse(SysctlText(procRoot, name), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v) ? v : null;

    private static PortRange? PortRangeOf(string? text)
    {
        string[] parts = text?.Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries) ?? [];
        return parts.Length == 2 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out int first) && int.TryParse(parts[1], CultureInfo.InvariantCulture, out int last)
            ? new PortRange(first, last) : null;
    }
}
