using Netstate.Core.Model;
using Netstate.Core.Sources.Linux;

namespace Netstate.Core.Kernel;

/// <summary>What was read from one routing table file: the routes, or null when the file is missing.</summary>
internal sealed record RouteTableRead<TRoute>(string File, IReadOnlyList<TRoute>? Routes, IReadOnlyList<SourceNote> Notes);

/// <summary>Reads the kernel routing tables from /proc (or a replayed tree under another root).</summary>
internal static class RouteTableReader
{
    public static RouteTableRead<Ipv4Route> ReadIpv4(ProcRoot root)
    {
        ArgumentNullException.ThrowIfNull(root);
        return Read<Ipv4Route>(root.Ipv4Routes, ProcNetRouteParser.ParseIpv4);
    }

    public static RouteTableRead<Ipv6Route> ReadIpv6(ProcRoot root)
    {
        ArgumentNullException.ThrowIfNull(root);
        return Read<Ipv6Route>(root.Ipv6Routes, ProcNetRouteParser.ParseIpv6);
    }

    private static RouteTableRead<TRoute> Read<TRoute>(string file, ProcTableFile.Parser<TRoute> parse)
    {
        ProcTableFile.Result<TRoute> read = ProcTableFile.Read(file, parse, "routes");
        return new RouteTableRead<TRoute>(file, read.Rows, read.Notes);
    }
}
