using Netstate.Core.Platform.Linux.IO;
using Netstate.Core.Text;
using Netstate.Core.Kernel;

namespace Netstate.Core.Platform.Linux.Kernel;

/// <summary>
/// Builds netstat -i's table as net-tools does: every interface of /proc/net/dev plus every name
/// SIOCGIFCONF lists (address labels such as eth0:1 have no counters), sorted by
/// <see cref="InterfaceNameOrder"/>, each with its flags and MTU.
/// </summary>
internal static class InterfaceTableReader
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
            byte[] text = BoundedFile.ReadAllBytes(path);
            var parseProblems = new ParseProblems();
            counters = ProcNetDevParser.Parse(text, path, parseProblems);
            problems.AddRange(parseProblems.ToNotes(path).Select(n => n.Message));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add($"cannot read {path} ({ErrorText.Of(e)}); interfaces are shown without counters");
            counters = [];
        }
        return Build(counters, details, problems);
    }

    /// <summary>
    /// The IPv6 addresses of /proc/net/if_inet6 by interface name, each list in file order (netstat -ie
    /// prints them so). A kernel without IPv6 has no such file: that is no problem, just no addresses.
    /// </summary>
    public static Dictionary<string, List<Ipv6InterfaceAddress>> ReadIpv6Addresses(ProcRoot procRoot, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(procRoot);
        ArgumentNullException.ThrowIfNull(problems);
        var byName = new Dictionary<string, List<Ipv6InterfaceAddress>>(StringComparer.Ordinal);
        string path = procRoot.NetIfInet6;
        byte[] text;
        try
        {
            text = BoundedFile.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return byName;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add($"cannot read {path} ({ErrorText.Of(e)}); IPv6 addresses are not shown");
            return byName;
        }
        var parseProblems = new ParseProblems();
        foreach (Ipv6InterfaceAddress address in ProcNetIfInet6Parser.Parse(text, path, parseProblems))
        {
            if (!byName.TryGetValue(address.Device, out List<Ipv6InterfaceAddress>? list))
                byName[address.Device] = list = [];
            list.Add(address);
        }
        problems.AddRange(parseProblems.ToNotes(path).Select(n => n.Message));
        return byName;
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
