using Netstate.Core.Model;
using Netstate.Core.Sources.Linux;

namespace Netstate.Core.Kernel;

/// <summary>What was read from one multicast membership file.</summary>
/// <param name="File">The file's path.</param>
/// <param name="Memberships">The memberships, or null when the file could not be read.</param>
/// <param name="Failure">Why the file could not be read ("No such file or directory"), or null.</param>
/// <param name="Notes">Where the rows came from, and malformed lines.</param>
internal sealed record MulticastGroupRead(string File, IReadOnlyList<MulticastMembership>? Memberships, string? Failure, IReadOnlyList<SourceNote> Notes);

/// <summary>Reads the multicast group memberships (/proc/net/igmp and igmp6) from /proc or a replayed tree.</summary>
internal static class MulticastGroupReader
{
    public static MulticastGroupRead ReadIpv4(ProcRoot root)
    {
        ArgumentNullException.ThrowIfNull(root);
        return Read(root.NetIgmp, (text, file, rows, problems) => rows.AddRange(ProcNetIgmpParser.ParseIgmp(text, file, problems)));
    }

    public static MulticastGroupRead ReadIpv6(ProcRoot root)
    {
        ArgumentNullException.ThrowIfNull(root);
        return Read(root.NetIgmp6, (text, file, rows, problems) => rows.AddRange(ProcNetIgmpParser.ParseIgmp6(text, file, problems)));
    }

    private static MulticastGroupRead Read(string file, ProcTableFile.Parser<MulticastMembership> parse)
    {
        ProcTableFile.Result<MulticastMembership> read = ProcTableFile.Read(file, parse, "multicast groups");
        return new MulticastGroupRead(file, read.Rows, read.Failure, read.Notes);
    }
}
