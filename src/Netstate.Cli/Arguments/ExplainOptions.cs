using Netstate.Core.Model;
using Netstate.Core.Sources;
using Netstate.Core.Tcp;

namespace Netstate.Cli.Arguments;

/// <summary>What <c>netstate explain [STATE]</c> was asked for.</summary>
internal sealed class ExplainOptions
{
    /// <summary>The state to explain; null draws the diagram of all of them.</summary>
    public TcpState? State { get; set; }

    /// <summary>Draw with ASCII even on a UTF-8 terminal.</summary>
    public bool Ascii { get; set; }

    public bool Help { get; set; }

    public string? ProcRoot { get; set; }

    public SourcePolicy? Source { get; set; }

    public const string Usage = """
        usage: netstate explain [STATE] [--ascii] [--proc-root DIR] [--source SRC]

        Without STATE: the TCP state diagram with how many sockets are in each state now.
        With STATE: what the state means, who is in it, how sockets enter and leave it, what is
        normal and what is alarming, what to do, and the kernel settings that govern it, with
        their values on this machine.

        STATE may be written as netstat, ss, RFC 9293 or Windows do: TIME_WAIT, time-wait,
        timewait, ESTAB, LISTENING, SYN_RECEIVED, FIN_WAIT_1, ...

          --ascii              draw with plain ASCII characters
          --proc-root DIR      read /proc from DIR (socket counts and settings)
          --source SRC         read sockets over auto, netlink or proc

        """;

    /// <summary>
    /// Parses the words after "explain". Long options take "=value" or the next word; the state may
    /// come anywhere.
    /// </summary>
    public static ExplainOptions Parse(IReadOnlyList<string> args)
    {
        var options = new ExplainOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            int equals = arg.IndexOf('=', StringComparison.Ordinal);
            string name = arg.StartsWith("--", StringComparison.Ordinal) && equals > 0 ? arg[..equals] : arg;
            string? inline = name.Length < arg.Length ? arg[(equals + 1)..] : null;
            switch (name)
            {
                case "-h" or "--help": options.Help = true; break;
                case "--ascii": options.Ascii = inline is null ? true : throw new UsageException("option '--ascii' takes no value"); break;
                case "--proc-root":
                    string root = inline ?? Next(args, ref i, name);
                    options.ProcRoot = root.Length > 0 ? root : throw new UsageException("--proc-root needs a directory");
                    break;
                case "--source": options.Source = NetstatArgumentParser.ParseSource(inline ?? Next(args, ref i, name)); break;
                default:
                    if (arg.StartsWith('-') && !TcpStateNames.TryParse(arg, out _))
                        throw new UsageException($"unknown option '{arg}' for explain", "see 'netstate explain --help'");
                    if (options.State is not null)
                        throw new UsageException($"explain takes one state, not '{arg}' as well", "see 'netstate explain --help'");
                    options.State = TcpStateNames.TryParse(arg, out TcpState state)
                        ? state
                        : throw new UsageException($"unknown TCP state '{arg}'", "valid states: " + string.Join(", ", TcpStateNames.Valid));
                    break;
            }
        }
        return options;
    }

    private static string Next(IReadOnlyList<string> args, ref int index, string name) =>
        index + 1 < args.Count ? args[++index] : throw new UsageException($"option '{name}' needs a value");
}
