using Netstate.Core.Model;
using Netstate.Core.Tcp;

namespace Netstate.Core.Tests;

/// <summary>The state machine against RFC 9293, section 3.3.2, Figure 5 and its notes, arrow by arrow.</summary>
public sealed class TcpStateMachineTests
{
    private const TcpControl SynAck = TcpControl.Syn | TcpControl.Ack;

    /// <summary>
    /// Every arrow of Figure 5, copied from the RFC: from, to, the event label and what is sent
    /// ("x" in the figure is <see cref="TcpControl.None"/>), plus the transition of note 2.
    /// </summary>
    public static TheoryData<TcpState, TcpState, string, TcpControl> RfcTransitions => new()
    {
        { TcpState.Close, TcpState.Listen, "passive OPEN", TcpControl.None },
        { TcpState.Close, TcpState.SynSent, "active OPEN", TcpControl.Syn },
        { TcpState.Listen, TcpState.Close, "CLOSE", TcpControl.None },
        { TcpState.Listen, TcpState.SynRecv, "rcv SYN", SynAck },
        { TcpState.Listen, TcpState.SynSent, "SEND", TcpControl.Syn },
        { TcpState.SynRecv, TcpState.Listen, "rcv RST", TcpControl.None },
        { TcpState.SynSent, TcpState.SynRecv, "rcv SYN", SynAck },
        { TcpState.SynSent, TcpState.Close, "CLOSE", TcpControl.None },
        { TcpState.SynSent, TcpState.Established, "rcv SYN,ACK", TcpControl.Ack },
        { TcpState.SynRecv, TcpState.Established, "rcv ACK of SYN", TcpControl.None },
        { TcpState.SynRecv, TcpState.FinWait1, "CLOSE", TcpControl.Fin },
        { TcpState.Established, TcpState.FinWait1, "CLOSE", TcpControl.Fin },
        { TcpState.Established, TcpState.CloseWait, "rcv FIN", TcpControl.Ack },
        { TcpState.FinWait1, TcpState.FinWait2, "rcv ACK of FIN", TcpControl.None },
        { TcpState.FinWait1, TcpState.Closing, "rcv FIN", TcpControl.Ack },
        { TcpState.CloseWait, TcpState.LastAck, "CLOSE", TcpControl.Fin },
        { TcpState.FinWait2, TcpState.TimeWait, "rcv FIN", TcpControl.Ack },
        { TcpState.Closing, TcpState.TimeWait, "rcv ACK of FIN", TcpControl.None },
        { TcpState.LastAck, TcpState.Close, "rcv ACK of FIN", TcpControl.None },
        { TcpState.TimeWait, TcpState.Close, "Timeout=2MSL", TcpControl.None },
        // Note 2: FIN-WAIT-1 straight to TIME-WAIT when the FIN arrives with the ACK of ours.
        { TcpState.FinWait1, TcpState.TimeWait, "rcv FIN, ACK of FIN", TcpControl.Ack },
    };

    [Theory]
    [MemberData(nameof(RfcTransitions))]
    public void Has_every_transition_of_the_rfc(TcpState from, TcpState to, string rfcEvent, TcpControl sends)
    {
        TcpTransition transition = Assert.Single(TcpStateMachine.Transitions,
            t => t.From == from && t.To == to && t.Origin != TransitionOrigin.Linux && t.Event.Rfc == rfcEvent);
        Assert.Equal(sends, transition.Sends);
        Assert.NotEqual(TcpSide.None, transition.Side);
        Assert.False(string.IsNullOrWhiteSpace(transition.Event.Plain));
    }

    [Fact]
    public void Has_no_rfc_transition_beyond_the_figure_and_its_notes()
    {
        Assert.Equal(RfcTransitions.Count, TcpStateMachine.Transitions.Count(t => t.Origin != TransitionOrigin.Linux));
        Assert.Equal(20, TcpStateMachine.Transitions.Count(t => t.Origin == TransitionOrigin.Rfc9293Diagram));
    }

    [Fact]
    public void Simultaneous_open_leads_from_syn_sent_through_syn_recv_to_established()
    {
        Assert.Contains(TcpStateMachine.Transitions, t => t.From == TcpState.SynSent && t.To == TcpState.SynRecv
            && t.Path == TcpPath.SimultaneousOpen && t.Event.Kind == TcpEventKind.SegmentReceived && (t.Side & TcpSide.ActiveOpener) != 0);
        Assert.Contains(TcpStateMachine.Transitions, t => t.From == TcpState.SynRecv && t.To == TcpState.Established
            && (t.Side & TcpSide.ActiveOpener) != 0);
    }

    [Fact]
    public void Simultaneous_close_leads_from_fin_wait1_through_closing_to_time_wait()
    {
        Assert.Contains(TcpStateMachine.Transitions, t => t.From == TcpState.FinWait1 && t.To == TcpState.Closing && t.Path == TcpPath.SimultaneousClose);
        Assert.Contains(TcpStateMachine.Transitions, t => t.From == TcpState.Closing && t.To == TcpState.TimeWait && t.Path == TcpPath.SimultaneousClose);
    }

    [Fact]
    public void Every_kernel_state_is_in_the_model_and_reachable_from_closed()
    {
        TcpState[] kernelStates = Enum.GetValues<TcpState>().Where(s => s != TcpState.Unknown).ToArray();
        Assert.Equal(kernelStates.Order(), TcpStateMachine.States.Order());
        IReadOnlySet<TcpState> reachable = TcpStateMachine.ReachableFromClosed();
        foreach (TcpState state in kernelStates)
            Assert.True(reachable.Contains(state), $"{state} cannot be reached from CLOSED");
    }

    [Fact]
    public void Every_state_but_closed_can_be_left_and_every_rfc_state_can_be_entered_from_an_rfc_arrow()
    {
        foreach (TcpState state in TcpStateMachine.States)
        {
            Assert.NotEmpty(TcpStateMachine.From(state));
            if (TcpStateMachine.IsRfcState(state))
                Assert.Contains(TcpStateMachine.Into(state), t => t.Origin != TransitionOrigin.Linux);
        }
    }

    [Fact]
    public void Eleven_states_are_rfc_states_and_two_are_linux_ones()
    {
        Assert.Equal(11, TcpStateMachine.States.Count(TcpStateMachine.IsRfcState));
        Assert.False(TcpStateMachine.IsRfcState(TcpState.NewSynRecv));
        Assert.False(TcpStateMachine.IsRfcState(TcpState.BoundInactive));
    }

    [Theory]
    [InlineData(TcpState.Listen, TcpSide.PassiveOpener)]
    [InlineData(TcpState.SynSent, TcpSide.ActiveOpener)]
    [InlineData(TcpState.SynRecv, TcpSide.PassiveOpener | TcpSide.ActiveOpener)]
    [InlineData(TcpState.NewSynRecv, TcpSide.PassiveOpener)]
    [InlineData(TcpState.Established, TcpSide.ActiveOpener | TcpSide.PassiveOpener | TcpSide.ActiveCloser | TcpSide.PassiveCloser)]
    [InlineData(TcpState.FinWait1, TcpSide.ActiveCloser)]
    [InlineData(TcpState.FinWait2, TcpSide.ActiveCloser)]
    [InlineData(TcpState.Closing, TcpSide.ActiveCloser)]
    [InlineData(TcpState.TimeWait, TcpSide.ActiveCloser)]
    [InlineData(TcpState.CloseWait, TcpSide.PassiveCloser)]
    [InlineData(TcpState.LastAck, TcpSide.PassiveCloser)]
    [InlineData(TcpState.Close, TcpSide.ActiveOpener | TcpSide.PassiveOpener | TcpSide.ActiveCloser | TcpSide.PassiveCloser)]
    public void The_sides_passing_through_each_state_follow_from_the_transitions(TcpState state, TcpSide sides) =>
        Assert.Equal(sides, TcpStateMachine.SidesIn(state));

    [Fact]
    public void Time_wait_ends_by_timer_and_close_wait_only_by_the_application()
    {
        Assert.All(TcpStateMachine.From(TcpState.TimeWait), t => Assert.Equal(TcpEventKind.Timeout, t.Event.Kind));
        Assert.All(TcpStateMachine.From(TcpState.CloseWait), t => Assert.Equal(TcpEventKind.UserCall, t.Event.Kind));
    }

    [Fact]
    public void An_orphaned_fin_wait2_times_out_in_the_linux_model() =>
        Assert.Contains(TcpStateMachine.From(TcpState.FinWait2), t => t.To == TcpState.Close && t.Event.Kind == TcpEventKind.Timeout
            && t.Origin == TransitionOrigin.Linux && t.Event.Plain.Contains("tcp_fin_timeout", StringComparison.Ordinal));
}
