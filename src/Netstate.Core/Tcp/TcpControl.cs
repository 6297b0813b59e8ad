namespace Netstate.Core.Tcp;

/// <summary>The control bits of a TCP segment (RFC 9293 calls them control bits) that matter to the state machine.</summary>
[Flags]
public enum TcpControl
{
    /// <summary>No segment is sent (the diagram's "x").</summary>
    None = 0,
    /// <summary>SYN: opens a connection.</summary>
    Syn = 1 << 0,
    /// <summary>ACK: acknowledges what the peer sent.</summary>
    Ack = 1 << 1,
    /// <summary>FIN: this side has no more data.</summary>
    Fin = 1 << 2,
    /// <summary>RST: aborts the connection.</summary>
    Rst = 1 << 3,
}

/// <summary>Segment flags as people write them: SYN, SYN+ACK, FIN, nothing.</summary>
internal static class TcpControlText
{
    public static string Describe(TcpControl flags)
    {
        if (flags == TcpControl.None)
            return "nothing";
        var parts = new List<string>(3);
        if ((flags & TcpControl.Syn) != 0)
            parts.Add("SYN");
        if ((flags & TcpControl.Fin) != 0)
            parts.Add("FIN");
        if ((flags & TcpControl.Rst) != 0)
            parts.Add("RST");
        if ((flags & TcpControl.Ack) != 0)
            parts.Add("ACK");
        return string.Join('+', parts);
    }
}
