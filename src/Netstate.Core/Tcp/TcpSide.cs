namespace Netstate.Core.Tcp;

/// <summary>
/// The roles an endpoint plays in a connection's life: who opens it and who closes it first.
/// One socket has an opening role and, later, a closing role; a transition may serve several.
/// In a simultaneous open both ends are active openers; in a simultaneous close both are active closers.
/// </summary>
[Flags]
public enum TcpSide
{
    /// <summary>No particular role: the transition can happen to either end.</summary>
    None = 0,
    /// <summary>The client: it calls connect() and sends the first SYN.</summary>
    ActiveOpener = 1 << 0,
    /// <summary>The server: it listens and answers the SYN.</summary>
    PassiveOpener = 1 << 1,
    /// <summary>The end that closes first and sends the first FIN; it ends in TIME_WAIT.</summary>
    ActiveCloser = 1 << 2,
    /// <summary>The end that receives the first FIN and closes afterwards; it passes through CLOSE_WAIT and LAST_ACK.</summary>
    PassiveCloser = 1 << 3,
}

/// <summary>Plain-English names of the sides.</summary>
internal static class TcpSideText
{
    /// <summary>"active opener (client), passive closer" for a set of sides.</summary>
    public static string Describe(TcpSide sides)
    {
        var parts = new List<string>(4);
        if ((sides & TcpSide.ActiveOpener) != 0)
            parts.Add("active opener (client)");
        if ((sides & TcpSide.PassiveOpener) != 0)
            parts.Add("passive opener (server)");
        if ((sides & TcpSide.ActiveCloser) != 0)
            parts.Add("active closer (closes first)");
        if ((sides & TcpSide.PassiveCloser) != 0)
            parts.Add("passive closer (closes second)");
        return parts.Count == 0 ? "none" : string.Join(", ", parts);
    }
}
