using Netstate.Core.Sources.Linux;

namespace Netstate.Core.Kernel;

/// <summary>
/// Builds netstat -i's table as net-tools does: every interface of /proc/net/dev plus every name
/// SIOCGIFCONF lists (address labels such as eth0:1 have no counters), sorted by
/// <see cref="InterfaceNameOrder"/>, each with its flags and MTU.
/// </summary>
public static class InterfaceTableReader
{
    public static InterfaceTable Read(ProcRoot procRoot, IInterfaceDetails details)
    {
        ArgumentNullException.ThrowIfNull(procRoot);
        ArgumentNullException.ThrowIfNull(details);
        var problems = new List<string>();
        string path = procRoot.NetDev;
        List<InterfaceCounters> counters;
        try
        {
            byte[] text = File.ReadAllBytes(path);
            var parseProblems = new ParseProblems();
            counters = ProcNetDevParser.Parse(text, path, parseProblems);
            problems.AddRange(parseProblems.ToNotes(path).Select(n => n.Message));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add($"cannot read {path} ({e.Message}); interfaces are shown without counters");
            counters = [];
        }
        return Build(counters, details, problems);
    }

    /// <summary>Merges parsed counters with the address labels and details; public for tests on captured files.</summary>
    public static InterfaceTable Build(IReadOnlyList<InterfaceCounters> counters, IInterfaceDetails details, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(counters);
        ArgumentNullException.ThrowIfNull(details);
        ArgumentNullException.ThrowIfNull(problems);
        var byName = new SortedDictionary<string, InterfaceCounters?>(InterfaceNameOrder.Instance);
        foreach (InterfaceCounters c in counters)
            byName.TryAdd(c.Name, c);
        foreach (string label in details.AddressLabels())
            byName.TryAdd(label, null);

        var rows = new List<InterfaceRow>(byName.Count);
        foreach ((string name, InterfaceCounters? stats) in byName)
        {
            // An interface removed between the two reads is a race, not a failure: say so and go on.
            if (details.TryGet(name, out InterfaceState flags, out int mtu, out string? error))
                rows.Add(new InterfaceRow(name, flags, mtu, stats));
            else
                problems.Add($"{name}: error fetching interface information: {error}");
        }
        return new InterfaceTable(rows, problems);
    }
}
