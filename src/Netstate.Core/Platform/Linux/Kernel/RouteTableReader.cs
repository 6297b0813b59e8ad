using Netstate.Core.Platform.Linux.IO;
using Netstate.Core.Text;
using Netstate.Core.Kernel;
using Netstate.Core.Model;

namespace Netstate.Core.Platform.Linux.Kernel;

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

    private delegate void Parser<TRoute>(ReadOnlySpan<byte> text, string fileName, List<TRoute> routes, ParseProblems problems);

    private static RouteTableRead<TRoute> Read<TRoute>(string file, Parser<TRoute> parse)
    {
        var notes = new List<SourceNote>();
        byte[] content;
        try
        {
            // /proc files report length 0; the whole file is read regardless, up to a limit.
            content = BoundedFile.ReadAllBytes(file);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            notes.Add(new SourceNote(SourceNoteKind.Unavailable, $"{file} does not exist (this kernel has no such table)"));
            return new RouteTableRead<TRoute>(file, null, notes);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            notes.Add(new SourceNote(SourceNoteKind.Warning, $"cannot read {file}: {ErrorText.Of(e)}"));
            return new RouteTableRead<TRoute>(file, null, notes);
        }
        var routes = new List<TRoute>();
        var problems = new ParseProblems();
        parse(content, file, routes, problems);
        notes.Add(new SourceNote(SourceNoteKind.Served, $"routes: read from {file}"));
        notes.AddRange(problems.ToNotes(file));
        return new RouteTableRead<TRoute>(file, routes, notes);
    }
}
