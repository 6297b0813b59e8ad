using Netstate.Core.Model;
using Netstate.Core.Vocabulary;

namespace Netstate.Core.Tcp;

/// <summary>One state: its names in each tool, a one-line summary and the full explanation.</summary>
/// <param name="State">The kernel's state.</param>
/// <param name="Summary">One line: what the state is.</param>
/// <param name="Explanation">Everything else.</param>
public sealed record TcpStateInfo(TcpState State, string Summary, TcpExplanation Explanation)
{
    /// <summary>netstat's spelling (TIME_WAIT), which netstate prints.</summary>
    public string NetstatName => TcpStateText.Name(State, Dialect.Netstat);

    /// <summary>ss's spelling (TIME-WAIT, ESTAB, UNCONN).</summary>
    public string SsName => TcpStateText.Name(State, Dialect.Ss);

    /// <summary>RFC 9293's spelling (TIME-WAIT, SYN-RECEIVED); the kernel's name for the Linux-only states.</summary>
    public string RfcName => TcpStateText.Name(State, Dialect.Rfc9293);

    /// <summary>True for the states RFC 9293 defines; false for NEW_SYN_RECV and BOUND_INACTIVE.</summary>
    public bool IsRfcState => TcpStateMachine.IsRfcState(State);

    /// <summary>The sides that pass through this state, from the transitions.</summary>
    public TcpSide Sides => TcpStateMachine.SidesIn(State);
}
