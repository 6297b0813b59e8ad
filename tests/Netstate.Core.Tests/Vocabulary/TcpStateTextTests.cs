using Netstate.Core.Model;
using Netstate.Core.Tcp;
using Netstate.Core.Vocabulary;

namespace Netstate.Core.Tests.Vocabulary;

/// <summary>State names as netstat, ss, RFC 9293 and Windows write them, in any case.</summary>
public sealed class TcpStateTextTests
{
    [Theory]
    [InlineData("TIME_WAIT", TcpState.TimeWait)]
    [InlineData("time-wait", TcpState.TimeWait)]
    [InlineData("TIME-WAIT", TcpState.TimeWait)]
    [InlineData("timewait", TcpState.TimeWait)]
    [InlineData("Time Wait", TcpState.TimeWait)]
    [InlineData("ESTABLISHED", TcpState.Established)]
    [InlineData("ESTAB", TcpState.Established)]
    [InlineData("estab", TcpState.Established)]
    [InlineData("LISTEN", TcpState.Listen)]
    [InlineData("LISTENING", TcpState.Listen)]
    [InlineData("listening", TcpState.Listen)]
    [InlineData("SYN_SENT", TcpState.SynSent)]
    [InlineData("syn-sent", TcpState.SynSent)]
    [InlineData("SYN_RECV", TcpState.SynRecv)]
    [InlineData("SYN-RECV", TcpState.SynRecv)]
    [InlineData("SYN_RECEIVED", TcpState.SynRecv)]
    [InlineData("SYN-RECEIVED", TcpState.SynRecv)]
    [InlineData("syn-rcvd", TcpState.SynRecv)]
    [InlineData("FIN_WAIT1", TcpState.FinWait1)]
    [InlineData("FIN-WAIT-1", TcpState.FinWait1)]
    [InlineData("FIN_WAIT_1", TcpState.FinWait1)]
    [InlineData("fin-wait-2", TcpState.FinWait2)]
    [InlineData("FIN_WAIT_2", TcpState.FinWait2)]
    [InlineData("CLOSE_WAIT", TcpState.CloseWait)]
    [InlineData("close-wait", TcpState.CloseWait)]
    [InlineData("closewait", TcpState.CloseWait)]
    [InlineData("LAST_ACK", TcpState.LastAck)]
    [InlineData("last-ack", TcpState.LastAck)]
    [InlineData("CLOSING", TcpState.Closing)]
    [InlineData("CLOSE", TcpState.Close)]
    [InlineData("CLOSED", TcpState.Close)]
    [InlineData("UNCONN", TcpState.Close)]
    [InlineData("NEW_SYN_RECV", TcpState.NewSynRecv)]
    [InlineData("bound-inactive", TcpState.BoundInactive)]
    public void Parses(string text, TcpState expected)
    {
        Assert.True(TcpStateText.TryParse(text, out TcpState state), text);
        Assert.Equal(expected, state);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("---")]
    [InlineData("TIMEWAITS")]
    [InlineData("time.wait")]
    [InlineData("UNKNOWN")]
    [InlineData("tïme_wait")]
    [InlineData("ESTABLISHED\u001b[2J")]
    public void Rejects(string text) => Assert.False(TcpStateText.TryParse(text, out _));

    [Fact]
    public void Rejects_null_and_very_long_text()
    {
        Assert.False(TcpStateText.TryParse(null, out _));
        Assert.False(TcpStateText.TryParse(new string('A', 100_000), out _));
    }

    [Fact]
    public void Every_valid_name_parses_back_to_its_state()
    {
        Assert.Equal(TcpStateMachine.States.Count, TcpStateText.Valid.Count);
        foreach (TcpStateInfo info in TcpStateCatalogue.All)
        {
            Assert.True(TcpStateText.TryParse(info.NetstatName, out TcpState fromNetstat));
            Assert.Equal(info.State, fromNetstat);
            if (info.IsRfcState)
            {
                Assert.True(TcpStateText.TryParse(info.RfcName, out TcpState fromRfc), info.RfcName);
                Assert.Equal(info.State, fromRfc);
            }
        }
    }
}

/// <summary>Each dialect's spelling of every state, and that every name reads back.</summary>
public sealed class TcpStateNameTests
{
    [Theory]
    [InlineData(TcpState.SynRecv, Dialect.Netstat, "SYN_RECV")]
    [InlineData(TcpState.SynRecv, Dialect.Ss, "SYN-RECV")]
    [InlineData(TcpState.SynRecv, Dialect.Rfc9293, "SYN-RECEIVED")]
    [InlineData(TcpState.SynRecv, Dialect.Windows, "SYN_RECEIVED")]
    [InlineData(TcpState.SynRecv, Dialect.Filter, "syn-recv")]
    [InlineData(TcpState.Established, Dialect.Ss, "ESTAB")]
    [InlineData(TcpState.Close, Dialect.Ss, "UNCONN")]
    [InlineData(TcpState.Close, Dialect.Rfc9293, "CLOSED")]
    [InlineData(TcpState.Listen, Dialect.Windows, "LISTENING")]
    [InlineData(TcpState.Listen, Dialect.Filter, "listening")]
    [InlineData(TcpState.FinWait1, Dialect.Netstat, "FIN_WAIT1")]
    [InlineData(TcpState.FinWait1, Dialect.Windows, "FIN_WAIT_1")]
    [InlineData(TcpState.BoundInactive, Dialect.Netstat, "BOUND_INACTIVE")]
    [InlineData(TcpState.BoundInactive, Dialect.Ss, "UNCONN")]
    [InlineData(TcpState.BoundInactive, Dialect.Windows, "BOUND")]
    [InlineData(TcpState.NewSynRecv, Dialect.Ss, "SYN-RECV")]
    [InlineData(TcpState.Unknown, Dialect.Netstat, "UNKNOWN")]
    [InlineData((TcpState)99, Dialect.Ss, "UNKNOWN")]
    public void Writes_each_dialect(TcpState state, Dialect dialect, string expected) =>
        Assert.Equal(expected, TcpStateText.Name(state, dialect));

    [Fact]
    public void Every_name_of_every_dialect_reads_back_as_its_state_or_the_state_it_shares_the_name_with()
    {
        foreach (Dialect dialect in Enum.GetValues<Dialect>())
        {
            foreach (TcpState state in Enum.GetValues<TcpState>().Where(s => s != TcpState.Unknown))
            {
                string name = TcpStateText.Name(state, dialect);
                Assert.True(TcpStateText.TryParse(name, out TcpState read), $"{dialect} {name}");
                Assert.Equal(name, TcpStateText.Name(read, dialect));
                if (read != state)
                    Assert.True(state is TcpState.NewSynRecv or TcpState.BoundInactive, $"{dialect} writes {state} as {name}, which reads as {read}");
            }
        }
    }

    [Fact]
    public void Windows_bound_reads_as_bound_inactive() =>
        Assert.True(TcpStateText.TryParse("BOUND", out TcpState state) && state == TcpState.BoundInactive);
}
