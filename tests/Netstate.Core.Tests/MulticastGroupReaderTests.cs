using System.Text;
using Netstate.Core.Kernel;
using Netstate.Core.Model;
using Netstate.Core.Sources.Linux;

namespace Netstate.Core.Tests;

/// <summary>The multicast membership reader over a replayed /proc tree, as RouteTableReader is tested.</summary>
public sealed class MulticastGroupReaderTests
{
    [Fact]
    public void Reads_both_tables_of_a_replayed_tree()
    {
        using TempDirectory root = Fixture.CreateTempDirectory();
        Directory.CreateDirectory(Path.Combine(root.Path, "net"));
        File.Copy(Fixture.PathOf("interfaces/igmp"), Path.Combine(root.Path, "net", "igmp"));
        File.Copy(Fixture.PathOf("interfaces/igmp6"), Path.Combine(root.Path, "net", "igmp6"));
        var procRoot = new ProcRoot(root.Path);

        MulticastGroupRead v4 = MulticastGroupReader.ReadIpv4(procRoot);
        MulticastGroupRead v6 = MulticastGroupReader.ReadIpv6(procRoot);

        Assert.Equal(5, v4.Memberships!.Count);
        Assert.Equal("239.1.2.3", v4.Memberships[0].Group.ToString());
        Assert.Equal(13, v6.Memberships!.Count);
        Assert.Null(v4.Failure);
        Assert.Equal(SourceNoteKind.Served, Assert.Single(v4.Notes).Kind);
    }

    [Fact]
    public void A_missing_file_is_no_rows_and_the_reason()
    {
        using TempDirectory root = Fixture.CreateTempDirectory();

        MulticastGroupRead read = MulticastGroupReader.ReadIpv4(new ProcRoot(root.Path));

        Assert.Null(read.Memberships);
        Assert.Equal("No such file or directory", read.Failure);
        Assert.Equal(root.Path + "/net/igmp", read.File);
        Assert.Equal(SourceNoteKind.Unavailable, Assert.Single(read.Notes).Kind);
    }

    [Fact]
    public void A_malformed_line_is_a_warning_and_the_rest_is_kept()
    {
        using TempDirectory root = Fixture.CreateTempDirectory();
        Directory.CreateDirectory(Path.Combine(root.Path, "net"));
        File.WriteAllText(Path.Combine(root.Path, "net", "igmp6"),
            "bogus\n1    lo              ff020000000000000000000000000001     1 0000000C 0\n", Encoding.ASCII);

        MulticastGroupRead read = MulticastGroupReader.ReadIpv6(new ProcRoot(root.Path));

        Assert.Equal("ff02::1", Assert.Single(read.Memberships!).Group.ToString());
        Assert.Contains(read.Notes, n => n.Kind == SourceNoteKind.Warning && n.Message.StartsWith(root.Path + "/net/igmp6 line 0: ", StringComparison.Ordinal));
    }
}
