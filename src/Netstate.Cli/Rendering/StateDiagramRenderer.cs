using System.Globalization;
using Netstate.Core.Model;

namespace Netstate.Cli.Rendering;

/// <summary>
/// Draws RFC 9293's state diagram with the live number of sockets in each state, in box-drawing
/// characters or, for pipes and non-UTF-8 terminals, plain ASCII. Below the diagram's width it
/// falls back to a list.
/// </summary>
internal static class StateDiagramRenderer
{
    /// <summary>Columns the diagram needs.</summary>
    public const int DiagramWidth = 78;

    // Each <<XX>> is a six-column slot for one state's count; the arrows are labelled "event / segment sent".
    private const string Template = """
                                    ┌────────────────────┐
                                    │ CLOSED      <<CL>> │
                                    └────┬──────────┬────┘
                  ┌──────────────────────┘          └─────────────────────┐
                  │ connect() / SYN                              listen() │
                  ▼                                                       ▼
        ┌────────────────────┐                                  ┌────────────────────┐
        │ SYN_SENT    <<SS>> │                                  │ LISTEN      <<LI>> │
        └─────────┬──────┬───┘                                  └─────────┬──────────┘
                  │      │                              rcv SYN / SYN+ACK │
                  │      │                                                │
                  │      │                                                ▼
                  │      │  rcv SYN / SYN+ACK                   ┌────────────────────┐
                  │      └─────────────────────────────────────▶│ SYN_RECV    <<SR>> │
                  │         (simultaneous open)                 └─────────┬──────────┘
                  │ rcv SYN+ACK / ACK                             rcv ACK │
                  └──────────────────────┐          ┌─────────────────────┘
                                         ▼          ▼
                                    ┌────────────────────┐
                                    │ ESTABLISHED <<ES>> │
                                    └────┬──────────┬────┘
                  ┌──────────────────────┘          └─────────────────────┐
                  │ close() / FIN                           rcv FIN / ACK │
                  ▼           rcv FIN / ACK (simultaneous close)          ▼
        ┌────────────────────┐      ┌────────────────────┐      ┌────────────────────┐
        │ FIN_WAIT1   <<F1>> │─────▶│ CLOSING     <<CG>> │      │ CLOSE_WAIT  <<CW>> │
        └─────────┬──────────┘      └─────────┬──────────┘      └─────────┬──────────┘
                  │ rcv ACK                   │ rcv ACK     close() / FIN │
                  ▼                           │                           ▼
        ┌────────────────────┐                │                 ┌────────────────────┐
        │ FIN_WAIT2   <<F2>> │                │                 │ LAST_ACK    <<LA>> │
        └─────────┬──────────┘                │                 └─────────┬──────────┘
                  │ rcv FIN / ACK             │                   rcv ACK │
                  └───────────────────────────┤                           ▼
                                              ▼                        CLOSED
                                    ┌────────────────────┐
                                    │ TIME_WAIT   <<TW>> │
                                    └─────────┬──────────┘
                                              │ after 60 s
                                              ▼
                                           CLOSED
        """;

    private static readonly (string Token, TcpState State)[] Slots =
    [
        ("<<CL>>", TcpState.Close), ("<<SS>>", TcpState.SynSent), ("<<LI>>", TcpState.Listen), ("<<SR>>", TcpState.SynRecv),
        ("<<ES>>", TcpState.Established), ("<<F1>>", TcpState.FinWait1), ("<<CG>>", TcpState.Closing), ("<<CW>>", TcpState.CloseWait),
        ("<<F2>>", TcpState.FinWait2), ("<<LA>>", TcpState.LastAck), ("<<TW>>", TcpState.TimeWait),
    ];

    private static readonly (char Box, char Ascii)[] AsciiFallback =
    [
        ('─', '-'), ('│', '|'), ('┌', '+'), ('┐', '+'), ('└', '+'), ('┘', '+'), ('┬', '+'), ('┴', '+'), ('├', '+'), ('┤', '+'),
        ('┼', '+'), ('▼', 'v'), ('▲', '^'), ('▶', '>'), ('◀', '<'),
    ];

    /// <summary>The states that have a box in the diagram.</summary>
    public static IEnumerable<TcpState> DrawnStates => Slots.Select(s => s.State);

    /// <summary>The diagram with <paramref name="counts"/> (indexed by state) filled in.</summary>
    public static string Draw(int[] counts, bool ascii)
    {
        string diagram = Template;
        foreach ((string token, TcpState state) in Slots)
            diagram = diagram.Replace(token, Compact(counts[(int)state]).PadLeft(token.Length), StringComparison.Ordinal);
        if (ascii)
        {
            foreach ((char box, char plain) in AsciiFallback)
                diagram = diagram.Replace(box, plain);
        }
        return diagram;
    }

    /// <summary>A count in at most six columns: 123456, 1234k, 12M.</summary>
    public static string Compact(int count) => count switch
    {
        < 0 => "?",
        <= 999_999 => count.ToString(CultureInfo.InvariantCulture),
        <= 99_999_999 => (count / 1000).ToString(CultureInfo.InvariantCulture) + "k",
        _ => (count / 1_000_000).ToString(CultureInfo.InvariantCulture) + "M",
    };
}
