using Netstate.Core.Model;
using Netstate.Core.Sources;
using Netstate.Core.Tcp;
using Netstate.Core.Vocabulary;

namespace Netstate.Cli.Arguments;

/// <summary>What <c>netstate explain [STATE]</c> was asked for.</summary>
internal sealed record ExplainOptions
{
    public static SubcommandSyntax Syntax { get; } = new("explain",
        CommonOption.ProcRoot | CommonOption.Source | CommonOption.Namespaces | CommonOption.Help,
        [new SubcommandOption("ascii"), new SubcommandOption("db", TakesValue: true)]);

    public CommonOptions Common { get; init; } = CommonOptions.None;

    /// <summary>The state to explain; null draws the diagram of all of them.</summary>
    public TcpState? State { get; init; }

    /// <summary>Draw with ASCII even on a UTF-8 terminal.</summary>
    public bool Ascii { get; init; }

    /// <summary>The recording to read (--db); null: record's default file, when it exists.</summary>
    public string? Database { get; init; }

    public bool Help => Common.Help;

    public string? ProcRoot => Common.ProcRoot;

    public SourcePolicy? Source => Common.Source;

    /// <summary>--net: the one network namespace to read; null for netstate's own (or every one with --all-namespaces).</summary>
    public string? NetworkNamespace => Common.NetworkNamespace;

    /// <summary>--all-namespaces: every network namespace, each part of the output saying which one it is.</summary>
    public bool AllNamespaces => Common.AllNamespaces;

    public const string Usage = """
        usage: netstate explain [STATE] [--db FILE] [--ascii] [--proc-root DIR] [--source SRC]
                                [--net NS | --all-namespaces]

        Without STATE: the TCP state diagram with how many sockets are in each state now.
        With STATE: what the state means, who is in it, how sockets enter and leave it, what is
        normal and what is alarming, what to do, and the kernel settings that govern it, with
        their values on this machine. When a recording exists (netstate record), STATE also
        gets its history: whether its count has been growing and since when, the changes into
        and out of it over the recording's last hour, and how long sockets stayed in it.
        The recording is only read; one that cannot be read is a note, never an error.

        STATE may be written as netstat, ss, RFC 9293 or Windows do: TIME_WAIT, time-wait,
        timewait, ESTAB, LISTENING, SYN_RECEIVED, FIN_WAIT_1, ...

          --db FILE            the recording to read (default: the one 'netstate record'
                               keeps, /var/lib/netstate/record.db for root, when it exists)
          --ascii              draw with plain ASCII characters
          --proc-root DIR      read /proc from DIR (socket counts and settings)
          --source SRC         read sockets over auto, netlink or proc
          --net NS             the sockets and settings of network namespace NS
          --all-namespaces     every namespace: the diagram adds them up; a state lists
                               each namespace's sockets and settings

        """;

    /// <summary>Parses the words after "explain"; the state may come anywhere.</summary>
    public static ExplainOptions Parse(IReadOnlyList<string> args)
    {
        bool ascii = false;
        string? database = null;
        TcpState? chosen = null;
        CommonOptions common = SubcommandParser.Parse(Syntax, args,
            own: (option, value) =>
            {
                if (option.Long == "db")
                    database = value ?? throw Syntax.NeedsValue("--db");
                else
                    ascii = true;
            },
            word: arg =>
            {
                if (chosen is not null)
                    throw new UsageException($"explain takes one state, not '{arg}' as well", Syntax.Hint);
                chosen = TcpStateText.TryParse(arg, out TcpState state)
                    ? state
                    : throw new UsageException($"unknown TCP state '{arg}'", "valid states: " + string.Join(", ", TcpStateText.Valid));
            });
        return new ExplainOptions { Common = common, State = chosen, Ascii = ascii, Database = database };
    }
}
