namespace Netstate.Cli.Arguments;

/// <summary>
/// The command line of <c>netstate watch [netstat flags] [FILTER]</c>: netstat's selection flags and
/// filter, <c>-c SECS</c> or <c>--interval SECS</c> for the refresh interval, and <c>--read-only</c>,
/// which turns off closing connections and ending processes.
/// </summary>
internal sealed record WatchOptions
{
    /// <summary>The listing's options: tables, -l/-a, -n, the filter, the interval.</summary>
    public required NetstatOptions Listing { get; init; }

    /// <summary>--read-only: the keys that close a connection or end a process only say they are off.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>--stats FILE: one line of timings per refresh is written there (bench/watch.sh reads it).</summary>
    public string? StatsPath { get; init; }

    public bool Help => Listing.Mode == Mode.Help;

    public static WatchOptions Parse(IReadOnlyList<string> args)
    {
        var rest = new List<string>(args.Count);
        bool readOnly = false;
        string? stats = null;
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (arg == "--")
            {
                rest.AddRange(args.Skip(i));
                break;
            }
            if (arg == "--read-only")
                readOnly = true;
            else if (arg == "--stats")
            {
                if (i + 1 >= args.Count || args[i + 1].Length == 0)
                    throw new UsageException("option '--stats' needs a file", "see 'netstate watch --help'");
                stats = args[++i];
            }
            else if (arg.StartsWith("--stats=", StringComparison.Ordinal))
            {
                stats = arg["--stats=".Length..];
                if (stats.Length == 0)
                    throw new UsageException("option '--stats' needs a file", "see 'netstate watch --help'");
            }
            else if (arg == "--interval")
            {
                if (i + 1 >= args.Count)
                    throw new UsageException("option '--interval' needs a value", "see 'netstate watch --help'");
                rest.Add("-c");
                rest.Add(args[++i]);
            }
            else if (arg.StartsWith("--interval=", StringComparison.Ordinal))
            {
                rest.Add("-c");
                rest.Add(arg["--interval=".Length..]);
            }
            else
                rest.Add(arg);
        }
        NetstatOptions listing = NetstatArgumentParser.Parse(rest);
        if (listing.Mode is not (Mode.Sockets or Mode.Help))
            throw new UsageException("'netstate watch' shows sockets; -r, -i, -s, -g, -M and --summary have no live view", "see 'netstate watch --help'");
        if (listing.Format != OutputFormat.Netstat || listing.CountBy.Count > 0 || listing.Count > 0)
            throw new UsageException("'netstate watch' draws its own screen; --format, --json, --csv, --jsonl, --count-by and --count are for listings",
                "for a repeating listing use 'netstate -c'");
        if (listing.Kill)
            throw new UsageException("'netstate watch' closes connections from the keyboard (c); -K is for listings");
        // Without -l, listeners are shown too (the 'l' key hides them), as a live view of everything.
        if (!listing.Listening)
            listing = listing with { All = true };
        // Without a socket selector, TCP and UDP: unix sockets are opt-in (-x), as they would crowd the view.
        if (listing.NoSelector)
            listing = listing with { Tcp = true, Udp = true };
        return new WatchOptions { Listing = listing.Normalised(), ReadOnly = readOnly, StatsPath = stats };
    }

    public const string Usage = """
        usage: netstate watch [-tuwx46 -l -n] [-c SECS | --interval SECS] [--read-only]
                              [--net NAME | --all-namespaces] [--stats FILE] [FILTER]

        A live, full-screen view of the sockets (like top, or TCPView on Windows): rows that
        appear are marked + (green), rows whose state or queues change ~ (yellow), and rows
        that are gone x (red) for a few refreshes before they leave. With NO_COLOR set the
        marks alone show it. TCP and UDP sockets by default (-x adds unix sockets), listeners
        included (-l: only listeners). FILTER is the listing's filter language.

          -c, --interval SECS  refresh every SECS seconds (default 1)
              --net NAME       watch another network namespace: a name (ip netns), a path,
                               or pid:PID (needs root); the header names it
              --all-namespaces every network namespace of the host, found afresh on each
                               refresh (needs root); a Netns column names each row's, the
                               filter word netns selects among them, and c closes a
                               connection inside its own namespace
              --read-only      turn off closing connections and ending processes
              --stats FILE     write one line per refresh to FILE: sockets read and shown,
                               milliseconds to read, to update the rows, to draw, in total,
                               and the owner scan's length and age (tab-separated)
          -t, --tcp            TCP sockets           -u, --udp   UDP sockets
          -x, --unix           unix sockets          -4, -6      one family
          -l, --listening      only listening sockets
          -n, --numeric        numbers (the default; the n key shows names)
          -h, --help           show this help

        Keys:
          Up/Down PgUp/PgDn Home/End   select a row
          s / S     sort by the next / previous column     r  reverse the order
          /         edit the filter (Enter applies, Esc cancels)
          p, space  pause / resume          n  names / numbers
          l         hide / show listeners   g  group by process (Enter: its sockets, Esc: back)
          c, Del    close the selected connection (asks first; needs root: sock_diag SOCK_DESTROY)
          e         end the selected row's process (asks first: y SIGTERM, 9 SIGKILL)
          ?         help              q, Ctrl+C  quit
          mouse     click a row: select it; click a heading: sort by it (again: reverse);
                    wheel: move the selection (Shift+drag selects text in most terminals)

        Owners: a slow /proc/*/fd scan (many descriptors) runs in the background; the header
        then says how old it is, and sockets opened since show '-' until the next scan.

        Needs a terminal: in a pipe use 'netstate -c'. The terminal is restored on q, Ctrl+C,
        SIGTERM, SIGHUP and on errors.

        On Windows: drawn through the console API; Recv-Q, Send-Q, RTT and the byte columns
        show '-' (IP Helper has no source for them); c closes IPv4 TCP connections only
        (elevated prompt), e ends the process (TerminateProcess: y only); Ctrl+C exits 130.

        """;
}
