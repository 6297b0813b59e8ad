using Netstate.Cli.Arguments;
using Netstate.Cli.Commands;
using Netstate.Lab;
using Netstate.Core.Model;
using Netstate.Core.Query;
using Netstate.Core.Tcp;
using Netstate.Core.Vocabulary;

namespace Netstate.Cli.Completion;

/// <summary>
/// Everything the shell completions offer, taken from the tables the parsers use (the option table,
/// the value lists, the filter keywords, the state and scenario catalogues) and described in the
/// words of each --help text, so the scripts cannot drift from the program.
/// </summary>
internal sealed class CompletionSpec
{
    /// <summary>Descriptions for the options --help lists without one (socket types, families, netstat's modes).</summary>
    private static readonly Dictionary<string, string> Unlisted = new(StringComparer.Ordinal)
    {
        ["tcp"] = "TCP sockets", ["udp"] = "UDP sockets", ["udplite"] = "UDP-Lite sockets", ["raw"] = "raw sockets",
        ["unix"] = "unix domain sockets", ["inet"] = "IPv4 sockets", ["ip"] = "IPv4 sockets", ["tcpip"] = "IPv4 sockets",
        ["inet6"] = "IPv6 sockets", ["protocol"] = "address families (inet, inet6, unix; comma separated)",
        ["notrim"] = "don't truncate addresses", ["route"] = "the routing table", ["interfaces"] = "the interface table",
        ["masquerade"] = "NATed connections (conntrack)", ["groups"] = "multicast group memberships",
        ["symbolic"] = "accepted for netstat's sake; names are shown anyway", ["cache"] = "accepted for netstat's sake; the FIB is shown",
        ["fib"] = "the forwarding information base (the default)", ["verbose"] = "say which source served each table",
        ["help"] = "show the help", ["proc-root"] = "read /proc from DIR", ["source"] = "where sockets are read: auto, netlink or proc",
        ["list"] = "list the scenarios",
    };

    public required IReadOnlyList<CompletionOption> Options { get; init; }

    public required IReadOnlyList<CompletionSubcommand> Commands { get; init; }

    /// <summary>Words that start or join filter conditions, offered after the flags.</summary>
    public required IReadOnlyList<string> FilterWords { get; init; }

    /// <summary>The state names and groups a filter's <c>state</c> and <c>exclude</c> take (ss's spelling).</summary>
    public required IReadOnlyList<string> FilterStates { get; init; }

    /// <summary>The words after which a filter state name comes.</summary>
    public static IReadOnlyList<string> StateKeywords { get; } = ["state", "exclude", "excl"];

    public static CompletionSpec Build() => new()
    {
        Options = NetstatOptions(),
        Commands = SubCommands(),
        FilterWords = [.. FilterParser.Keywords, "and", "or", "not"],
        FilterStates = [.. TcpStateMachine.States.Where(s => s != TcpState.NewSynRecv).Select(s => TcpStateText.Name(s, Dialect.Filter)),
            "all", "connected", "synchronized", "bucket", "big"],
    };

    private static List<CompletionOption> NetstatOptions()
    {
        Dictionary<string, string> help = HelpLines.Descriptions(UsageText.Full);
        Dictionary<string, char> shorts = HelpLines.ShortFlags(UsageText.Full);
        var options = new List<CompletionOption>();
        var shortsUsed = new HashSet<char>();
        foreach (NetstatArgumentParser.LongOption option in NetstatArgumentParser.WorkingLongOptions)
        {
            char? flag = option.IsFamily || option.Short == '\0' ? shorts.GetValueOrDefault(option.Name) : option.Short;
            if (flag is { } f && f != '\0' && !shortsUsed.Add(f))
                flag = null; // --notrim shares -W with --wide: the flag goes with the first.
            options.Add(new CompletionOption(option.Name, flag is '\0' ? null : flag, Describe(option.Name, help),
                ValueOf(option), ChoicesOf(option.Name)));
        }
        foreach (char flag in NetstatArgumentParser.WorkingShortFlags.Where(f => !shortsUsed.Contains(f)))
            options.Add(new CompletionOption(null, flag, help.GetValueOrDefault("-" + flag, "")));
        // NetstateApp takes --debug off the command line before any parser sees it.
        options.Add(new CompletionOption("debug", null, Describe("debug", help)));
        return options;
    }

    private static CompletionValue ValueOf(NetstatArgumentParser.LongOption option) => option.Name switch
    {
        "format" or "source" => CompletionValue.Choice,
        "protocol" or "count-by" => CompletionValue.ChoiceList,
        "proc-root" => CompletionValue.Directory,
        _ => option.TakesValue ? CompletionValue.Free : CompletionValue.None,
    };

    private static IReadOnlyList<string>? ChoicesOf(string name) => name switch
    {
        "format" => OutputOptions.FormatNames,
        "source" => CommonOptionParser.SourceNames,
        "protocol" => NetstatArgumentParser.Families,
        "count-by" => OutputOptions.CountKeyNames,
        _ => null,
    };

    private static string Describe(string name, Dictionary<string, string> help) =>
        help.TryGetValue(name, out string? text) ? text : Unlisted.GetValueOrDefault(name, "");

    private static List<CompletionSubcommand> SubCommands()
    {
        CompletionOption Help(string usage) => Option(usage, "help", 'h');
        CompletionOption Source(string usage) => Option(usage, "source", null, CompletionValue.Choice, CommonOptionParser.SourceNames);
        CompletionOption ProcRoot(string usage) => Option(usage, "proc-root", null, CompletionValue.Directory);
        CompletionOption Net(string usage) => Option(usage, "net", null, CompletionValue.Free);
        CompletionOption AllNamespaces(string usage) => Option(usage, "all-namespaces");
        return
        [
            new("doctor", "diagnose TCP problems from live evidence",
                [Option(DoctorCommand.Usage, "json"), Option(DoctorCommand.Usage, "window", null, CompletionValue.Free), Option(DoctorCommand.Usage, "db", null, CompletionValue.Free),
                 Source(DoctorCommand.Usage), ProcRoot(DoctorCommand.Usage), Option(DoctorCommand.Usage, "verbose", 'v'),
                 Net(DoctorCommand.Usage), AllNamespaces(DoctorCommand.Usage), Help(DoctorCommand.Usage)],
                []),
            new("explain", "what a TCP state means, with live counts",
                [Option(ExplainOptions.Usage, "ascii"), Option(ExplainOptions.Usage, "db", null, CompletionValue.Free), Source(ExplainOptions.Usage), ProcRoot(ExplainOptions.Usage),
                 Net(ExplainOptions.Usage), AllNamespaces(ExplainOptions.Usage), Help(ExplainOptions.Usage)],
                TcpStateText.Valid),
            new("lab", "TCP states reproduced step by step (root)",
                [Option(LabCommand.Usage, "list", 'l'), Option(LabCommand.Usage, "json"), Option(LabCommand.Usage, "pause", null, CompletionValue.Free), Option(LabCommand.Usage, "no-trace"),
                 Help(LabCommand.Usage)],
                [.. LabScenarios.All.Select(s => s.Name)]),
            new("watch", "live full-screen view of the sockets",
                [Option(WatchOptions.Usage, "interval", 'c', CompletionValue.Free), Option(WatchOptions.Usage, "read-only"),
                 Option(WatchOptions.Usage, "stats", null, CompletionValue.Free),
                 Option(WatchOptions.Usage, "tcp", 't'), Option(WatchOptions.Usage, "udp", 'u'), Option(WatchOptions.Usage, "unix", 'x'),
                 Option(WatchOptions.Usage, "listening", 'l'), Option(WatchOptions.Usage, "numeric", 'n'),
                 Net(WatchOptions.Usage), AllNamespaces(WatchOptions.Usage),
                 new CompletionOption(null, '4', "IPv4"), new CompletionOption(null, '6', "IPv6"), Help(WatchOptions.Usage)],
                []),
            new("serve", "web page, JSON API and Prometheus metrics over HTTP",
                [Option(ServeOptions.Usage, "listen", null, CompletionValue.Free), Option(ServeOptions.Usage, "interval", null, CompletionValue.Free),
                 Option(ServeOptions.Usage, "background"), Option(ServeOptions.Usage, "trace"), Option(ServeOptions.Usage, "owners-interval", null, CompletionValue.Free),
                 Option(ServeOptions.Usage, "top", null, CompletionValue.Free), Option(ServeOptions.Usage, "token", null, CompletionValue.Free),
                 Option(ServeOptions.Usage, "tls-cert", null, CompletionValue.Free), Option(ServeOptions.Usage, "tls-key", null, CompletionValue.Free),
                 Option(ServeOptions.Usage, "allow-kill"),
                 Option(ServeOptions.Usage, "otlp", null, CompletionValue.Free), Option(ServeOptions.Usage, "otlp-interval", null, CompletionValue.Free),
                 Source(ServeOptions.Usage), ProcRoot(ServeOptions.Usage), Option(ServeOptions.Usage, "verbose", 'v'), Help(ServeOptions.Usage)],
                []),
            new("who", "who owns a port, or what a process has open",
                [Net(WhoCommand.Usage), AllNamespaces(WhoCommand.Usage), Help(WhoCommand.Usage)], []),
            new("trace", "every TCP state change as it happens (root)",
                [Option(TraceCommand.TraceUsage, "retransmits"), Option(TraceCommand.TraceUsage, "resets"), Option(TraceCommand.TraceUsage, "jsonl"),
                 Option(TraceCommand.TraceUsage, "filter", null, CompletionValue.Free), Option(TraceCommand.TraceUsage, "verbose", 'v'), Help(TraceCommand.TraceUsage)],
                []),
            new("life", "one line per TCP connection when it ends: bytes, duration (root)",
                [Option(TraceCommand.LifeUsage, "jsonl"), Option(TraceCommand.LifeUsage, "filter", null, CompletionValue.Free),
                 Option(TraceCommand.LifeUsage, "verbose", 'v'), Help(TraceCommand.LifeUsage)],
                []),
            new("record", "store TCP changes, lifetimes and counts in SQLite (root)",
                [Option(RecordCommand.Usage, "db", null, CompletionValue.Free), Option(RecordCommand.Usage, "retention", null, CompletionValue.Free),
                 Option(RecordCommand.Usage, "interval", null, CompletionValue.Free), Option(RecordCommand.Usage, "verbose", 'v'), Help(RecordCommand.Usage)],
                []),
            new("history", "read a recording: changes, lifetimes, counts over time",
                [Option(HistoryCommand.Usage, "db", null, CompletionValue.Free), Option(HistoryCommand.Usage, "since", null, CompletionValue.Free),
                 Option(HistoryCommand.Usage, "until", null, CompletionValue.Free), Option(HistoryCommand.Usage, "lifetimes"), Option(HistoryCommand.Usage, "counts"),
                 Option(HistoryCommand.Usage, "count-by", null, CompletionValue.Choice, ["state", "local-port", "remote-addr", "remote-port", "process"]),
                 Option(HistoryCommand.Usage, "top", null, CompletionValue.Free), Option(HistoryCommand.Usage, "jsonl"), Option(HistoryCommand.Usage, "json"),
                 Option(HistoryCommand.Usage, "csv"), Option(HistoryCommand.Usage, "filter", null, CompletionValue.Free), Help(HistoryCommand.Usage)],
                []),
            new("completion", "print the completion script for bash, zsh or fish", [Help(CompletionCommand.Usage)], CompletionCommand.Shells),
        ];
    }

    private static CompletionOption Option(string usage, string name, char? flag = null, CompletionValue value = CompletionValue.None, IReadOnlyList<string>? choices = null) =>
        new(name, flag, Describe(name, HelpLines.Descriptions(usage)), value, choices);
}
