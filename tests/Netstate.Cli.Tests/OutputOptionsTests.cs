using Netstate.Cli.Arguments;

namespace Netstate.Cli.Tests;

/// <summary>--format, --json, --csv, --jsonl, --info, -m, --count-by and --top, and how they combine with netstat's flags.</summary>
public sealed class OutputOptionsTests
{
    private static NetstatOptions Parse(string commandLine) =>
        NetstatArgumentParser.Parse(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    [Theory]
    [InlineData("-tan", "Netstat", false)]
    [InlineData("-tan --format ss", "Ss", false)]
    [InlineData("-tan --format=json", "Json", false)]
    [InlineData("-tan --json", "Json", false)]
    [InlineData("-tan --csv", "Csv", false)]
    [InlineData("-tan --jsonl", "Json", true)]
    [InlineData("-tan --format json --jsonl", "Json", true)]
    [InlineData("--format csv --format netstat -tan", "Netstat", false)]
    public void Format_options_choose_the_renderer(string commandLine, string format, bool lines)
    {
        NetstatOptions options = Parse(commandLine);
        Assert.Equal(format, options.Format.ToString());
        Assert.Equal(lines, options.JsonLines);
        Assert.Equal(Mode.Sockets, options.Mode);
    }

    [Theory]
    [InlineData("-tani --format ss")]
    [InlineData("--format ss -tan -i")]
    [InlineData("-tan --info --json")]
    [InlineData("-tan --inf --csv")]
    public void Info_is_tcp_internals_and_i_means_it_under_format_ss(string commandLine)
    {
        NetstatOptions options = Parse(commandLine);
        Assert.True(options.TcpInfo);
        Assert.Equal(Mode.Sockets, options.Mode);
    }

    [Fact]
    public void Without_format_ss_i_stays_the_interface_table()
    {
        Assert.Equal(Mode.Interfaces, Parse("-i").Mode);
        Assert.Equal(Mode.Interfaces, Parse("--interfaces").Mode);
        Assert.False(Parse("-i").TcpInfo);
    }

    [Theory]
    [InlineData("-tanm --format ss")]
    [InlineData("-tan --memory --json")]
    public void Memory_is_m_or_memory(string commandLine) => Assert.True(Parse(commandLine).Memory);

    [Theory]
    [InlineData("--count-by state", new[] { "State" })]
    [InlineData("--count-by state,proto", new[] { "State", "Proto" })]
    [InlineData("--count-by proto --count-by state", new[] { "Proto", "State" })]
    [InlineData("--count-by=local-port,remote-addr,remote-port,process,user", new[] { "LocalPort", "RemoteAddr", "RemotePort", "Process", "User" })]
    [InlineData("--count-by state,state", new[] { "State" })]
    public void Count_keys_are_comma_separated_or_repeated_in_order(string commandLine, string[] keys)
    {
        Assert.Equal(keys, Parse("-tan " + commandLine).CountBy.Select(k => k.ToString()));
    }

    [Fact]
    public void Top_keeps_a_number() => Assert.Equal(5, Parse("-tan --count-by state --top 5").Top);

    [Theory]
    [InlineData("--format xml", "unknown format 'xml'")]
    [InlineData("--count-by colour", "unknown --count-by key 'colour'")]
    [InlineData("--count-by state --top 0", "--top needs a positive whole number, not '0'")]
    [InlineData("--count-by state --top x", "--top needs a positive whole number, not 'x'")]
    [InlineData("--top 3", "--top needs --count-by")]
    [InlineData("--info", "--info has no column in netstat's table")]
    [InlineData("-m", "-m/--memory has no column in netstat's table")]
    [InlineData("--jsonl --csv", "--jsonl writes JSON and cannot be combined with another --format")]
    [InlineData("-r --json", "-r cannot be combined with --format, --json, --csv or --count-by")]
    [InlineData("--summary --count-by state", "--summary cannot be combined with --format, --json, --csv or --count-by")]
    [InlineData("-i --json", "-i cannot be combined with --format, --json, --csv or --count-by")]
    [InlineData("--js", "option '--js' is ambiguous")]
    public void Bad_combinations_are_usage_errors(string commandLine, string message)
    {
        UsageException error = Assert.Throws<UsageException>(() => Parse(commandLine));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_wins_over_a_bad_combination() => Assert.Equal(Mode.Help, Parse("--info -h").Mode);
}
