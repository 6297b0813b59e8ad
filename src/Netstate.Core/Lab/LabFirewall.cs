using System.Text;

namespace Netstate.Core.Lab;

/// <summary>
/// nftables rules inside the lab's namespace, in one table of their own (the host's rule set is a
/// different namespace's and is never touched). The namespace's end deletes the table with it.
/// </summary>
internal static class LabFirewall
{
    public const string Table = "inet netstate_lab";

    /// <summary>How long nft may take: it answers in milliseconds, so anything near this is a hung nft.</summary>
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    /// <summary>Replaces the lab's table with one output chain holding <paramref name="rules"/> (and any sets they use).</summary>
    public static void Install(IEnumerable<string> rules, string? declarations, CancellationToken cancel)
    {
        var script = new StringBuilder();
        // Declaring then deleting makes the replacement work whether or not the table exists yet.
        script.Append("table ").Append(Table).Append('\n');
        script.Append("delete table ").Append(Table).Append('\n');
        script.Append("table ").Append(Table).Append(" {\n");
        if (declarations is not null)
            script.Append(declarations).Append('\n');
        script.Append("  chain output {\n    type filter hook output priority 0; policy accept;\n");
        foreach (string rule in rules)
            script.Append("    ").Append(rule).Append('\n');
        script.Append("  }\n}\n");
        Run(script.ToString(), cancel);
    }

    /// <summary>nft's path; a clear error when nftables is not installed.</summary>
    public static string FindNft() => LabTools.Require("nft", "nftables", "for packet-filter rules inside its namespace");

    public static void Remove(CancellationToken cancel) => Run($"table {Table}\ndelete table {Table}\n", cancel);

    private static void Run(string script, CancellationToken cancel)
    {
        ChildResult result = LabTools.Run(FindNft(), ["-f", "-"], script, Limit, cancel);
        if (result.ExitCode != 0)
            throw new LabException($"nft refused the lab's rules: {result.Reason}");
    }
}
