using Netstate.Core.Diagnosis;
using Netstate.Core.Kernel;
using Netstate.Core.Model;

namespace Netstate.Core.Platform.Linux.Kernel;

/// <summary>
/// Samples the counters and settings the rules need from one proc tree: /proc/net/snmp and netstat,
/// sockstat, and the TCP sysctls. Everything is per network namespace except tcp_max_orphans, which
/// only the initial namespace has. What cannot be read stays unknown and the rules skip it.
/// </summary>
internal static class KernelFiguresReader
{
    public static KernelFigures Read(ProcRoot procRoot, List<SourceNote> notes)
    {
        ArgumentNullException.ThrowIfNull(notes);
        KernelCounterRead read = KernelCounterReader.Read(procRoot, CounterFiles.Snmp | CounterFiles.Netstat);
        notes.AddRange(read.Notes);
        KernelCounters counters = read.Counters;
        var sockstat = new SocketCounters();
        ProcNetSockstatParser.ReadInto(sockstat, procRoot.Net("sockstat"), notes);
        var sysctls = new SysctlReader(procRoot);
        long? Sysctl(KernelSetting setting) => sysctls.Read(setting).AsInteger;
        long? Counter(string table, string name) => counters.Get(table, name) is Int128 value ? Saturate(value) : null;

        return new KernelFigures
        {
            ListenOverflows = Counter("TcpExt", "ListenOverflows"),
            ListenDrops = Counter("TcpExt", "ListenDrops"),
            SyncookiesSent = Counter("TcpExt", "SyncookiesSent"),
            TimeWaitOverflows = Counter("TcpExt", "TCPTimeWaitOverflow"),
            RetransmittedSegments = Counter("Tcp", "RetransSegs"),
            SentSegments = Counter("Tcp", "OutSegs"),
            OrphanedSockets = sockstat.Get("TCP", "orphan"),
            MaxOrphans = Sysctl(TcpSettings.MaxOrphans),
            MaxTimeWaitBuckets = Sysctl(TcpSettings.MaxTwBuckets),
            MaxSynBacklog = Sysctl(TcpSettings.MaxSynBacklog),
            Syncookies = Sysctl(TcpSettings.SynCookies),
            TimeWaitReuse = Sysctl(TcpSettings.TwReuse),
            MaxListenBacklog = Sysctl(TcpSettings.SoMaxConn),
            FinTimeout = Sysctl(TcpSettings.FinTimeout),
            LocalPortRange = PortRange.Parse(sysctls.Read(TcpSettings.LocalPortRange).Text),
        };
    }

    private static long Saturate(Int128 value) =>
        value > long.MaxValue ? long.MaxValue : value < long.MinValue ? long.MinValue : (long)value;
}
