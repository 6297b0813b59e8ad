using Netstate.Cli.Arguments;
using Netstate.Cli.Output;
using Netstate.Cli.Rendering;
using Netstate.Core.Platform;
using Netstate.Core.Tracing;

namespace Netstate.Cli.Commands;

/// <summary>
/// <c>netstate trace</c> and <c>netstate life</c>: turns the TCP tracepoints on in a private
/// tracefs instance, prints each state change (or each ended connection) as it comes, and on
/// Ctrl+C, SIGTERM or SIGHUP turns everything off and removes what it set up.
/// </summary>
internal sealed class TraceCommand(TraceOptions options, TextWriter stdout, TextWriter stderr)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public const string TraceUsage = """
        usage: netstate trace [--retransmits] [--resets] [--jsonl] [-v] [FILTER]

        Prints every TCP state change as it happens (root): time, owning process, endpoints,
        old -> new state, the time spent in the old state and the RFC 9293 event behind it.
        It turns on the kernel's sock/inet_sock_set_state tracepoint in a private tracefs
        instance (mounting tracefs if needed) and removes both when it ends (Ctrl+C, SIGTERM).

              --retransmits   also retransmitted segments (tcp/tcp_retransmit_skb)
              --resets        also resets sent and received (tcp/tcp_send_reset, tcp_receive_reset)
              --jsonl         one JSON document per line
              --filter EXPR   the filter (or give it after the options); a state filter
                              selects changes into or out of the state
          -v, --verbose       say more (owner scan notes)
          -h, --help          show this help

        Owners: the process that made the change in a system call (connect, listen, close),
        else the process holding the socket when netstate looked; '-' when neither is known.
        """;

    public const string LifeUsage = """
        usage: netstate life [--jsonl] [-v] [FILTER]

        Prints one line per TCP connection when it ends (root): owning process, endpoints,
        bytes sent (acknowledged by the peer) and received from the kernel's final tcp_info,
        how long it lived and how it ended (closed, reset received or sent, timeout).
        Duration is '-' for a connection that began before the trace started.

              --jsonl         one JSON document per line
              --filter EXPR   the filter (or give it after the options)
          -v, --verbose       say more (owner scan notes)
          -h, --help          show this help
        """;

    public ReturnCode Run()
    {
        if (options.Help)
        {
            stdout.Write(options.Lifetimes ? LifeUsage : TraceUsage);
            return ReturnCode.Success;
        }
        // Not the default exit on a signal: the loop ends, and disposing the trace removes the instance.
        using var stop = new StopSignals();
        IPlatform platform = Platforms.Open(null);
        var request = new TcpTraceRequest
        {
            Retransmits = options.Retransmits,
            Resets = options.Resets || options.Lifetimes, // life needs resets to say how connections ended
            SocketEnds = options.Lifetimes,
        };
        using ITcpTrace trace = Start(platform, request, stderr);
        return Follow(trace, TcpTraceTracker.For(platform), stop);
    }

    /// <summary>Starts a trace and says on stderr what it turned on.</summary>
    public static ITcpTrace Start(IPlatform platform, TcpTraceRequest request, TextWriter stderr)
    {
        ITcpTrace trace = platform.StartTcpTrace(request);
        foreach (string line in trace.Description.Split('\n'))
            stderr.WriteLine($"netstate: {line}");
        stderr.Flush();
        return trace;
    }

    private ReturnCode Follow(ITcpTrace trace, TcpTraceTracker tracker, StopSignals stop)
    {
        ITraceRenderer renderer = options.JsonLines ? new TraceJsonRenderer(stdout) : new TraceTextRenderer(stdout);
        var notes = new NoteReporter(stderr, options.Verbose);
        renderer.Header(options.Lifetimes);
        stdout.Flush();
        long lostTotal = 0;
        while (true)
        {
            bool last = stop.Requested;
            TcpTraceBatch batch = trace.Poll();
            notes.Report(batch.Notes);
            if (batch.Lost > 0 || batch.LostUncounted)
            {
                lostTotal += batch.Lost;
                renderer.Lost(batch.Lost, batch.LostUncounted);
            }
            (IReadOnlyList<TcpTraceEvent> events, IReadOnlyList<TcpLifetime> lifetimes) = tracker.Add(batch, resolveOwners: true);
            notes.Report(tracker.OwnerNotes);
            if (options.Lifetimes)
            {
                foreach (TcpLifetime lifetime in lifetimes)
                {
                    if (options.Filter is null || TraceSelection.Matches(options.Filter, lifetime))
                        renderer.Lifetime(lifetime);
                }
            }
            else
            {
                foreach (TcpTraceEvent traced in events)
                {
                    if (options.Filter is null || TraceSelection.Matches(options.Filter, traced))
                        renderer.Event(traced);
                }
            }
            stdout.Flush();
            if (last)
                break;
            ReaderPresence.Pause(stdout, PollInterval);
        }
        if (lostTotal > 0)
            stderr.WriteLine($"netstate: warning: the kernel dropped {lostTotal} events while tracing (its buffer was full)");
        stderr.WriteLine("netstate: tracing stopped; the tracefs instance was removed");
        return ReturnCode.Success;
    }
}
