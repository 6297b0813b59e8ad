using Netstate.Cli.Arguments;
using Netstate.Core.Sources;

namespace Netstate.Cli.Tests;

/// <summary>
/// <c>--source auto|netlink|proc</c>: parsed like every getopt_long option that takes a value
/// (<c>--source=X</c>, <c>--source X</c>, any unambiguous prefix), and what the choice does.
/// </summary>
public sealed class SourceOptionTests
{
    private static NetstatOptions Parse(params string[] args) => NetstatArgumentParser.Parse(args);

    [Theory]
    [InlineData(new[] { "--source", "auto" }, SourcePolicy.Auto)]
    [InlineData(new[] { "--source", "netlink" }, SourcePolicy.Netlink)]
    [InlineData(new[] { "--source", "proc" }, SourcePolicy.Proc)]
    [InlineData(new[] { "--source=proc" }, SourcePolicy.Proc)]
    [InlineData(new[] { "--source=netlink" }, SourcePolicy.Netlink)]
    [InlineData(new[] { "--sou", "netlink" }, SourcePolicy.Netlink)]
    [InlineData(new[] { "--so", "proc" }, SourcePolicy.Proc)]
    [InlineData(new[] { "--sourc=auto" }, SourcePolicy.Auto)]
    // The last one given wins, as for every getopt option.
    [InlineData(new[] { "--source", "netlink", "--source", "proc" }, SourcePolicy.Proc)]
    [InlineData(new[] { "--source=proc", "-tan", "--sou=auto" }, SourcePolicy.Auto)]
    public void Accepts_each_source_spelled_any_getopt_way(string[] args, SourcePolicy expected)
    {
        Assert.Equal(expected, Parse(args).Source);
    }

    [Fact]
    public void Without_the_option_no_source_is_chosen_here()
    {
        // The command picks auto for the live /proc and proc for a --proc-root replay.
        Assert.Null(Parse("-tan").Source);
        Assert.Null(Parse().Source);
    }

    [Fact]
    public void The_option_mixes_with_short_flags_before_and_after_it()
    {
        NetstatOptions options = Parse("-tan", "--source", "netlink", "-p");

        Assert.Equal(SourcePolicy.Netlink, options.Source);
        Assert.True(options.Tcp && options.All && options.NumericHosts && options.Programs);
    }

    [Theory]
    [InlineData(new[] { "--source", "bogus" }, "unknown source 'bogus'")]
    [InlineData(new[] { "--source=bogus" }, "unknown source 'bogus'")]
    [InlineData(new[] { "--source", "NETLINK" }, "unknown source 'NETLINK'")]
    [InlineData(new[] { "--source", "net" }, "unknown source 'net'")] // values are not prefix-matched
    [InlineData(new[] { "--source=" }, "unknown source ''")]
    [InlineData(new[] { "--source", "" }, "unknown source ''")]
    // getopt_long takes the next word as the value even when it looks like a flag.
    [InlineData(new[] { "--source", "-t" }, "unknown source '-t'")]
    [InlineData(new[] { "--source" }, "option '--source' needs a value")]
    [InlineData(new[] { "-tan", "--source" }, "option '--source' needs a value")]
    [InlineData(new[] { "--sou" }, "option '--source' needs a value")]
    // --s could be --sctp, --statistics, --symbolic or --source.
    [InlineData(new[] { "--s", "proc" }, "option '--s' is ambiguous")]
    [InlineData(new[] { "--sourcex", "proc" }, "unknown option '--sourcex'")]
    public void Rejects_bad_source_options_with_a_usage_error(string[] args, string expectedStart)
    {
        UsageException error = Assert.Throws<UsageException>(() => Parse(args));

        Assert.StartsWith(expectedStart, error.Message, StringComparison.Ordinal);
        Assert.Equal(ReturnCode.UsageError, error.Code);
        Assert.DoesNotContain('\n', error.ToLine());
    }

    [Fact]
    public void An_unknown_source_names_the_valid_ones()
    {
        UsageException error = Assert.Throws<UsageException>(() => Parse("--source", "bogus"));

        Assert.Equal("netstate: unknown source 'bogus' (use --source auto, netlink or proc)", error.ToLine());
    }

    [Fact]
    public void The_ambiguous_prefix_lists_source_among_the_candidates()
    {
        UsageException error = Assert.Throws<UsageException>(() => Parse("--s", "proc"));

        Assert.Contains("--source", error.ToLine(), StringComparison.Ordinal);
        Assert.Contains("--statistics", error.ToLine(), StringComparison.Ordinal);
    }

    // ---- the whole program -------------------------------------------------------------------

    private static (ReturnCode Code, string Out, string Err) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        ReturnCode code = NetstateApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static TempTree ProcTree()
    {
        var tree = new TempTree();
        tree.WriteText("net/tcp",
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
            + "   0: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1234 1 0000000000000000 100 0 0 10 0\n");
        return tree;
    }

    [Fact]
    public void A_bogus_source_exits_2_with_one_line_and_no_listing()
    {
        (ReturnCode code, string stdout, string stderr) = Run("-tan", "--source", "bogus");

        Assert.Equal(ReturnCode.UsageError, code);
        Assert.Equal("", stdout);
        Assert.Equal("netstate: unknown source 'bogus' (use --source auto, netlink or proc)\n", stderr);
    }

    [Fact]
    public void A_replayed_proc_root_is_read_from_proc_alone_and_v_says_so()
    {
        using TempTree proc = ProcTree();

        (ReturnCode code, string stdout, string stderr) = Run("-tln", "-v", "--proc-root", proc.Root);

        Assert.Equal(ReturnCode.Success, code);
        Assert.Contains("0.0.0.0:22", stdout, StringComparison.Ordinal);
        Assert.Equal(
            $"netstate: tcp4: read from {proc.Root}/net/tcp (--source proc)\n"
            + $"netstate: {proc.Root}/net/tcp6 does not exist (this kernel has no such table)\n",
            stderr);
    }

    [Fact]
    public void Without_v_the_source_choice_is_not_printed()
    {
        using TempTree proc = ProcTree();

        (ReturnCode code, _, string stderr) = Run("-tln", "--source", "proc", "--proc-root", proc.Root);

        Assert.Equal(ReturnCode.Success, code);
        Assert.Equal("", stderr);
    }
}
