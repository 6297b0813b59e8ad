using System.Reflection;
using Netstate.Core.Model;

namespace Netstate.Core.Tests;

/// <summary>
/// Netstate.Core shows a consumer the model, the snapshot reader, the filter and the TCP state
/// explanations; how they are read (parsers, netlink readers, kernel tables, interop) and the
/// doctor's rules stay internal. Names, not a fixed list, so moving a folder does not break this.
/// </summary>
public sealed class PublicSurfaceTests
{
    private static readonly Type[] Exported = typeof(SocketEntry).Assembly.GetExportedTypes();

    [Fact]
    public void Parsers_netlink_readers_rules_and_interop_are_not_public()
    {
        string[] leaked = [.. Exported
            .Where(t => t.Name.EndsWith("Parser", StringComparison.Ordinal)
                || t.Name.EndsWith("Rule", StringComparison.Ordinal)
                || t.Name.EndsWith("Transport", StringComparison.Ordinal)
                || t.Name.StartsWith("Netlink", StringComparison.Ordinal)
                || t.Name.StartsWith("ProcNet", StringComparison.Ordinal)
                || t.Namespace!.Contains(".Interop", StringComparison.Ordinal)
                || t.Namespace.Contains(".Lab", StringComparison.Ordinal)
                || t.Namespace.EndsWith(".Rules", StringComparison.Ordinal)
                || (t.Namespace.EndsWith(".SockDiag", StringComparison.Ordinal) && !t.IsSubclassOf(typeof(Exception))))
            .Select(t => t.FullName!)];
        Assert.Empty(leaked);
    }

    [Fact]
    public void A_consumer_reaches_snapshots_owners_filters_and_conversions()
    {
        string[] names = [.. Exported.Select(t => t.Name)];
        Assert.Contains("SocketSnapshotReader", names);
        Assert.Contains("Snapshot", names);
        Assert.Contains("OwnerMap", names);
        Assert.Contains("SocketFilter", names);
        Assert.Contains("SystemNetConversions", names);
        Assert.Contains("UntrustedText", names);
    }

    [Fact]
    public void Every_public_member_has_xml_documentation_in_the_package()
    {
        // The compiler enforces it (CS1591 is an error); this checks the file the package ships.
        string xml = Path.ChangeExtension(typeof(SocketEntry).Assembly.Location, ".xml");
        Assert.True(File.Exists(xml), $"{xml} is missing: GenerateDocumentationFile must stay on");
        string documentation = File.ReadAllText(xml);
        foreach (Type type in Exported)
            Assert.Contains($"\"T:{type.FullName!.Replace('+', '.')}\"", documentation, StringComparison.Ordinal);
    }
}
