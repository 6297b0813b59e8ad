using Netstate.Core.Model;

namespace Netstate.Core.Tcp;

/// <summary>One state: its names in each tool, a one-line summary and the full explanation.</summary>
/// <param name="State">The kernel's state.</param>
/// <param name="NetstatName">netstat's spelling (TIME_WAIT), which netstate prints.</param>
/// <param name="SsName">ss's spelling (TIME-WAIT, ESTAB, UNCONN).</param>
/// <param name="RfcName">RFC 9293's spelling (TIME-WAIT, SYN-RECEIVED); the kernel's name for the Linux-only states.</param>
/// <param name="Summary">One line: what the state is.</param>
/// <param name="Explanation">Everything else.</param>
public sealed record TcpStateInfo(TcpState State, string NetstatName, string SsName, string RfcName, string Summary, TcpExplanation Explanation)
{
    /// <summary>True for the states RFC 9293 defines; false for NEW_SYN_RECV and BOUND_INACTIVE.</summary>
    public bool IsRfcState => TcpStateMachine.IsRfcState(State);

    /// <summary>The sides that pass through this state, from the transitions.</summary>
    public TcpSide Sides => TcpStateMachine.SidesIn(State);
}
