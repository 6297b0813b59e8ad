using System.Reflection;
using System.Runtime.CompilerServices;
using Netstate.Cli.Arguments;
using Netstate.Cli.Commands;
using Netstate.Core.Platform.Linux;
using Netstate.Core.Platform.Linux.Sources;
using Netstate.Core.Sources;

namespace Netstate.Cli.Tests;

/// <summary>
/// The common options (--proc-root, --source, --json, -n, -v, -h) are read by one parser for
/// netstat's command line and every subcommand: each subcommand takes exactly the ones its usage
/// documents, spells and checks them the same way, and rejects the rest with one line.
/// </summary>
public sealed class CommonOptionParserTests
{
    /// <summary>A subcommand: its syntax, its usage text, and how to parse it down to its common options.</summary>
    private sealed record Command(string Name, SubcommandSyntax Syntax, string Usage, Func<string[], CommonOptions> Parse)
    {
        public override string ToString() => Name;
    }

    private static readonly Command[] Commands =
    [
        new("doctor", DoctorOptions.Syntax, DoctorCommand.Usage, a => DoctorOptions.Parse(a).Common),
        new("explain", ExplainOptions.Syntax, ExplainOptions.Usage, a => ExplainOptions.Parse(a).Common),
        // who needs its target; it may come before or after the options.
        new("who", WhoOptions.Syntax, WhoCommand.Usage, a => WhoOptions.Parse([.. a, "8080"]).Common),
        new("lab", LabOptions.Syntax, LabCommand.Usage, a => LabOptions.Parse(a).Common),
        new("trace", TraceOptions.TraceSyntax, TraceCommand.TraceUsage, a => TraceOptions.Parse(a, lifetimes: false).Common),
        new("life", TraceOptions.LifeSyntax, TraceCommand.LifeUsage, a => TraceOptions.Parse(a, lifetimes: true).Common),
        new("record", RecordOptions.Syntax, RecordCommand.Usage, a => RecordOptions.Parse(a).Common),
        new("history", HistoryOptions.Syntax, HistoryCommand.Usage, a => HistoryOptions.Parse(a, DateTimeOffset.Now).Common),
    ];

    public static TheoryData<string, string> EveryCommandAndCommonOption()
    {
        var data = new TheoryData<string, string>();
        foreach (Command command in Commands)
        {
            foreach (CommonOptionParser.Spelling spelling in CommonOptionParser.Spellings)
                data.Add(command.Name, spelling.Long);
        }
        return data;
    }

    private static Command Named(string name) => Commands.Single(c => c.Name == name);

    /// <summary>What each common option sets, and the words that give it (long, and short when it has one).</summary>
    private static IEnumerable<(string[] Args, Func<CommonOptions, bool> IsSet)> Ways(CommonOptionParser.Spelling spelling)
    {
        CommonOption option = spelling.Option;
        Func<CommonOptions, bool> isSet = spelling.Long switch
        {
            "net" => c => c.NetworkNamespace == "blue",
            "all-namespaces" => c => c.AllNamespaces,
            _ => option switch
            {
            CommonOption.ProcRoot => c => c.ProcRoot == "/tmp/replay",
            CommonOption.Source => c => c.Source == SourcePolicy.Proc,
            CommonOption.Json => c => c.Json,
            CommonOption.Numeric => c => c.Numeric,
            CommonOption.Verbose => c => c.Verbose,
            CommonOption.Help => c => c.Help,
            _ => throw new ArgumentOutOfRangeException(nameof(spelling)),
            },
        };
        string? value = spelling.Long switch
        {
            "proc-root" => "/tmp/replay",
            "source" => "proc",
            "net" => "blue",
            _ => null,
        };
        if (value is null)
        {
            yield return ([$"--{spelling.Long}"], isSet);
            if (spelling.Short != '\0')
                yield return ([$"-{spelling.Short}"], isSet);
        }
        else
        {
            yield return ([$"--{spelling.Long}", value], isSet);
            yield return ([$"--{spelling.Long}={value}"], isSet);
        }
    }

    [Theory]
    [MemberData(nameof(EveryCommandAndCommonOption))]
    public void A_subcommand_takes_a_common_option_exactly_when_its_usage_documents_it(string name, string longName)
    {
        Command command = Named(name);
        CommonOptionParser.Spelling spelling = CommonOptionParser.Spellings.Single(s => s.Long == longName);
        CommonOption option = spelling.Option;
        // Every subcommand answers -h and --help, though few usage texts list them.
        bool documented = option == CommonOption.Help
            || command.Usage.Contains($"--{spelling.Long} ", StringComparison.Ordinal)
            || command.Usage.Contains($"--{spelling.Long}]", StringComparison.Ordinal)
            || (spelling.Short != '\0' && command.Usage.Contains($"[-{spelling.Short}]", StringComparison.Ordinal));
        bool accepted = (command.Syntax.Common & option) != 0;
        Assert.True(documented == accepted, $"{name}: --{spelling.Long} is {(documented ? "" : "not ")}documented but {(accepted ? "" : "not ")}accepted");

        foreach ((string[] args, Func<CommonOptions, bool> isSet) in Ways(spelling))
        {
            if (accepted)
            {
                Assert.True(isSet(command.Parse(args)), $"{name} {string.Join(' ', args)} did not set {option}");
            }
            else
            {
                UsageException error = Assert.Throws<UsageException>(() => command.Parse(args));
                Assert.Contains($"option '{args[0].Split('=')[0]}'", error.Message, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Netstats_command_line_documents_and_takes_every_common_option()
    {
        foreach (CommonOptionParser.Spelling spelling in CommonOptionParser.Spellings)
            Assert.Contains($"--{spelling.Long}", UsageText.Full, StringComparison.Ordinal);

        NetstatOptions options = NetstatArgumentParser.Parse(["-tn", "-v", "--proc-root", "/tmp/replay", "--source=proc", "--json"]);
        Assert.Equal("/tmp/replay", options.ProcRoot);
        Assert.Equal(SourcePolicy.Proc, options.Source);
        Assert.True(options.Verbose);
        Assert.Equal(OutputFormat.Json, options.Format);
        Assert.True(options.NumericHosts && options.NumericPorts && options.NumericUsers);
    }

    /// <summary>The same mistake gives the same line from netstat's command line and from every subcommand that takes the option.</summary>
    [Theory]
    [InlineData("--source=bogus", "netstate: unknown source 'bogus' (use --source auto, netlink or proc)")]
    [InlineData("--source=", "netstate: unknown source '' (use --source auto, netlink or proc)")]
    [InlineData("--proc-root=", "netstate: --proc-root needs a directory (see 'netstate --help')")]
    public void A_bad_value_is_the_same_one_line_error_everywhere(string arg, string line)
    {
        Assert.Equal(line, Assert.Throws<UsageException>(() => NetstatArgumentParser.Parse([arg])).ToLine());
        CommonOption option = CommonOptionParser.FindLong(arg[2..arg.IndexOf('=', StringComparison.Ordinal)], (CommonOption)~0)!.Option;
        foreach (Command command in Commands.Where(c => (c.Syntax.Common & option) != 0))
            Assert.Equal(line, Assert.Throws<UsageException>(() => command.Parse([arg])).ToLine());
    }

    [Theory]
    [InlineData("doctor", "--source", "netstate: option '--source' needs a value (see 'netstate doctor --help')")]
    [InlineData("who", "--proc-root", "netstate: option '--proc-root' needs a value (see 'netstate who --help')")]
    [InlineData("doctor", "--json=yes", "netstate: option '--json' takes no value (see 'netstate --help')")]
    [InlineData("doctor", "--window", "netstate: option '--window' needs a value (see 'netstate doctor --help')")]
    [InlineData("doctor", "-vq", "netstate: unknown option '-q' for doctor (see 'netstate doctor --help')")]
    [InlineData("doctor", "--verb", "netstate: unknown option '--verb' for doctor (see 'netstate doctor --help')")]
    [InlineData("doctor", "stray", "netstate: unknown option 'stray' for doctor (see 'netstate doctor --help')")]
    [InlineData("explain", "-n", "netstate: unknown option '-n' for explain (see 'netstate explain --help')")]
    [InlineData("explain", "--json", "netstate: unknown option '--json' for explain (see 'netstate explain --help')")]
    [InlineData("who", "--json", "netstate: unknown option '--json' for who (see 'netstate who --help')")]
    [InlineData("who", "--bogus=1", "netstate: unknown option '--bogus' for who (see 'netstate who --help')")]
    [InlineData("lab", "--source=proc", "netstate: unknown lab option '--source' (see 'netstate lab --help')")]
    [InlineData("lab", "-n", "netstate: unknown lab option '-n' (see 'netstate lab --help')")]
    [InlineData("trace", "--json", "netstate: unknown option '--json' for trace (see 'netstate trace --help')")]
    [InlineData("life", "--resets", "netstate: unknown option '--resets' for life (see 'netstate life --help')")]
    [InlineData("trace", "--filter", "netstate: option '--filter' needs a value (see 'netstate trace --help')")]
    [InlineData("record", "--retention=5x", "netstate: --retention needs a duration such as 90s, 10m, 2h or 7d, not '5x' (see 'netstate record --help')")]
    [InlineData("history", "--since=yesterdayish", "netstate: --since needs a time such as 10m (ago), 2h, now, or 2026-12-02 08:00, not 'yesterdayish' (see 'netstate history --help')")]
    [InlineData("history", "--count-by=user", "netstate: history cannot count by 'user' (keys: state, local-port, remote-addr, remote-port, process)")]
    public void A_mistake_is_one_line_and_exit_code_2(string name, string arg, string line)
    {
        string[] args = name == "who" ? [name, "8080", arg] : [name, arg];
        (ReturnCode code, string stdout, string stderr) = AppRunner.Run(args);

        Assert.Equal(ReturnCode.UsageError, code);
        Assert.Equal("", stdout);
        Assert.Equal(line + "\n", stderr);
    }

    [Fact]
    public void Short_flags_bundle_and_double_dash_ends_the_options()
    {
        CommonOptions doctor = DoctorOptions.Parse(["-vh"]).Common;
        Assert.True(doctor.Verbose && doctor.Help);

        // After '--' a word that looks like a flag is the target.
        Assert.Equal("-n", WhoOptions.Parse(["-n", "--", "-n"]).Target);
        Assert.True(WhoOptions.Parse(["-n", "--", "-n"]).NumericUsers);
        Assert.Equal("handshake", LabOptions.Parse(["--", "handshake"]).Scenario);
    }

    [Fact]
    public void Own_options_keep_their_meaning_beside_the_common_ones()
    {
        DoctorOptions doctor = DoctorOptions.Parse(["--window=0.5", "--json", "--source", "netlink"]);
        Assert.Equal(TimeSpan.FromSeconds(0.5), doctor.Window);
        Assert.True(doctor.Json);
        Assert.Equal(SourcePolicy.Netlink, doctor.Source);

        ExplainOptions explain = ExplainOptions.Parse(["--proc-root=/tmp/replay", "time-wait", "--ascii"]);
        Assert.Equal(Netstate.Core.Model.TcpState.TimeWait, explain.State);
        Assert.True(explain.Ascii);
        Assert.Equal("/tmp/replay", explain.ProcRoot);

        LabOptions lab = LabOptions.Parse(["-l", "--json", "--pause", "2"]);
        Assert.True(lab.List && lab.Json);
        Assert.Equal(TimeSpan.FromSeconds(2), lab.Pause);
    }

    /// <summary>Options are values: no property can be set after the parser built them (init only).</summary>
    [Theory]
    [InlineData(typeof(NetstatOptions))]
    [InlineData(typeof(CommonOptions))]
    [InlineData(typeof(DoctorOptions))]
    [InlineData(typeof(ExplainOptions))]
    [InlineData(typeof(WhoOptions))]
    [InlineData(typeof(LabOptions))]
    public void Options_cannot_be_changed_once_built(Type type)
    {
        foreach (PropertyInfo property in type.GetProperties(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance))
        {
            if (property.SetMethod is not { } setter)
                continue;
            bool initOnly = setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));
            Assert.True(initOnly, $"{type.Name}.{property.Name} has a setter");
        }
        foreach (PropertyInfo property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            Assert.False(property.PropertyType.IsGenericType && property.PropertyType.GetGenericTypeDefinition() == typeof(List<>), $"{type.Name}.{property.Name} is a mutable list");
    }
}
