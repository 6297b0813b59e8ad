using Netstate.Core.Platform.Linux;
using Netstate.Core.Platform.Linux.Sources;

namespace Netstate.Benchmarks;

/// <summary>Guards that a synthetic input really parses: a benchmark of an error path measures nothing useful.</summary>
internal static class Check
{
    public static void Parsed(int actual, int expected, string what)
    {
        if (actual != expected)
            throw new InvalidOperationException($"{what}: parsed {actual} sockets, expected {expected}");
        Console.WriteLine($"// setup: {what}: {actual} sockets parsed");
    }

    public static void NoProblems(ParseProblems problems)
    {
        if (problems.Count != 0)
            throw new InvalidOperationException($"{problems.Count} lines did not parse: {string.Join("; ", problems.ToNotes("input").Select(n => n.Message))}");
    }
}
