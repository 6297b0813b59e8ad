using Netstate.Core.Model;
using Netstate.Core.Sources.Linux;

namespace Netstate.Core.Kernel;

/// <summary>
/// What was read of the counter files: the counters, the files that do not exist (IPv6 disabled,
/// no sctp module) or could not be read, and notes for stderr.
/// </summary>
internal sealed record KernelCounterRead(KernelCounters Counters, CounterFiles Missing, IReadOnlyList<SourceNote> Notes)
{
    /// <summary>The path of each file this read looked for.</summary>
    public required IReadOnlyDictionary<CounterFiles, string> Paths { get; init; }
}

/// <summary>Reads the kernel's protocol counters from /proc (or a replayed tree under another root).</summary>
internal static class KernelCounterReader
{
    /// <summary>Reads <paramref name="files"/> (all four by default) into one <see cref="KernelCounters"/>, in the order snmp, netstat, sctp, snmp6
    /// (the IPv4 files first, as netstat -s prints them).</summary>
    public static KernelCounterRead Read(ProcRoot root, CounterFiles files = CounterFiles.All)
    {
        ArgumentNullException.ThrowIfNull(root);
        var counters = new KernelCounters();
        var notes = new List<SourceNote>();
        var paths = new Dictionary<CounterFiles, string>();
        CounterFiles missing = CounterFiles.None;
        foreach ((CounterFiles file, string path) in new[]
        {
            (CounterFiles.Snmp, root.NetSnmp),
            (CounterFiles.Netstat, root.NetNetstat),
            (CounterFiles.Sctp, root.NetSctpSnmp),
            (CounterFiles.Snmp6, root.NetSnmp6),
        })
        {
            if ((files & file) == 0)
                continue;
            paths[file] = path;
            byte[]? content = ProcNetSocketSource.TryReadAll(path, notes);
            if (content is null)
            {
                missing |= file;
                continue;
            }
            var problems = new ParseProblems();
            switch (file)
            {
                case CounterFiles.Snmp or CounterFiles.Netstat:
                    ProcNetSnmpParser.ParseTablePairs(content, path, file, counters, problems);
                    break;
                case CounterFiles.Snmp6:
                    ProcNetSnmpParser.ParseNameValueLines(content, path, file, ProcNetSnmpParser.Ipv6TableOf, counters, problems);
                    break;
                default:
                    ProcNetSnmpParser.ParseNameValueLines(content, path, file, ProcNetSnmpParser.SctpTableOf, counters, problems);
                    break;
            }
            notes.Add(new SourceNote(SourceNoteKind.Served, $"counters: read from {path}"));
            notes.AddRange(problems.ToNotes(path));
        }
        return new KernelCounterRead(counters, missing, notes) { Paths = paths };
    }
}
