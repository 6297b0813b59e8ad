using System.Globalization;
using Netstate.Core.Aggregation;
using Netstate.Core.Model;
using Netstate.Core.Owners;
using Netstate.Core.Vocabulary;

namespace Netstate.Core.Diagnosis;

/// <summary>Counting helpers the rules share: who holds a socket, and the most common keys.</summary>
internal static class SocketGroups
{
    /// <summary>The process shown for a socket's owner, as "name (pid N)", raw; null when unknown.</summary>
    public static string? OwnerText(OwnerMap? owners, SocketEntry entry) =>
        owners?.First(entry.Inode) is SocketOwner owner ? Describe(owner.Process) : null;

    public static string Describe(ProcessInfo process) =>
        $"{process.ProgramNameText} (pid {process.Pid.ToString(CultureInfo.InvariantCulture)})";

    /// <summary>The process as a finding names it.</summary>
    public static FindingProcess Named(ProcessInfo process) => new(process.Pid, process.ProgramNameText);

    /// <summary>The <paramref name="top"/> most frequent keys, most frequent first (ties by key text, for a stable report).</summary>
    public static List<(TKey Key, int Count)> Top<TKey>(IEnumerable<TKey> keys, int top) where TKey : notnull =>
        new KeyCounts<TKey>().AddRange(keys).Top(top, key => key.ToString() ?? "").Select(r => (r.Key, r.Count)).ToList();

    /// <summary>"a (3), b (2)" for an evidence line.</summary>
    public static string List<TKey>(List<(TKey Key, int Count)> counted) where TKey : notnull =>
        string.Join(", ", counted.Select(c => $"{c.Key} ({c.Count.ToString(CultureInfo.InvariantCulture)})"));

    public static string Address(Endpoint endpoint) => EndpointText.Format(endpoint, Dialect.Filter);

    public static bool IsTcp(SocketEntry entry) => entry.Protocol == Protocol.Tcp;

    public static string Percent(double share) => share.ToString("0.#%", CultureInfo.InvariantCulture);

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>"1 connection", "2,000 connections".</summary>
    public static string Counted(long value, string noun) => value == 1 ? $"1 {noun}" : $"{Count(value)} {noun}s";
}
