using System.Text.RegularExpressions;
using Netstate.Core.Kernel;
using Netstate.Core.Model;
using Netstate.Core.Tcp;

namespace Netstate.Core.Tests;

/// <summary>Every state is explained in full, names the sysctls it relies on correctly, and corrects the classic myths.</summary>
public sealed partial class TcpExplanationTests
{
    public static TheoryData<TcpState> States => new(TcpStateMachine.States);

    [Theory]
    [MemberData(nameof(States))]
    public void Every_section_of_every_state_has_text(TcpState state)
    {
        TcpStateInfo info = TcpStateCatalogue.Of(state);
        Assert.Equal(state, info.State);
        foreach (string name in (string[])[info.NetstatName, info.SsName, info.RfcName, info.Summary])
            Assert.False(string.IsNullOrWhiteSpace(name));
        Assert.Equal(8, info.Explanation.Sections.Count);
        foreach ((string heading, string text) in info.Explanation.Sections)
        {
            Assert.False(string.IsNullOrWhiteSpace(heading));
            Assert.True(text.Trim().Length >= 10, $"{info.NetstatName}: section '{heading}' is empty");
        }
        foreach (TcpMyth myth in info.Explanation.Myths)
        {
            Assert.False(string.IsNullOrWhiteSpace(myth.Claim));
            Assert.False(string.IsNullOrWhiteSpace(myth.Fact));
        }
    }

    [Fact]
    public void The_catalogue_covers_the_model_in_its_order() =>
        Assert.Equal(TcpStateMachine.States, TcpStateCatalogue.All.Select(i => i.State));

    [Fact]
    public void Asking_for_unknown_is_an_error() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TcpStateCatalogue.Of(TcpState.Unknown));

    /// <summary>
    /// Every sysctl a text mentions (tcp_*, ip_local_port_range, somaxconn) is one the reader knows,
    /// or a removed one named to say so; every setting listed for a state is in the catalogue.
    /// </summary>
    [Fact]
    public void Every_sysctl_named_in_an_explanation_exists_in_the_reader()
    {
        var removed = TcpSettings.Removed.Keys.Select(k => k[(k.LastIndexOf('.') + 1)..]).ToHashSet();
        foreach (TcpStateInfo info in TcpStateCatalogue.All)
        {
            foreach (string text in AllText(info))
            {
                foreach (Match match in SysctlName().Matches(text))
                {
                    string name = match.Groups["name"].Value;
                    Assert.True(TcpSettings.Find(name) is not null || removed.Contains(name),
                        $"{info.NetstatName} mentions '{name}', which the sysctl catalogue does not have");
                }
            }
            foreach (KernelSetting setting in info.Explanation.Settings)
                Assert.Contains(setting, TcpSettings.All);
        }
        foreach (KernelSetting setting in TcpSettings.All)
        {
            foreach (Match match in SysctlName().Matches(setting.Meaning))
                Assert.NotNull(TcpSettings.Find(match.Groups["name"].Value));
        }
    }

    [Theory]
    [InlineData(TcpState.TimeWait, "4.12")]              // tcp_tw_recycle is gone
    [InlineData(TcpState.TimeWait, "exactly as long")]   // SO_REUSEADDR does not shorten TIME_WAIT
    [InlineData(TcpState.TimeWait, "60 s")]              // fixed length on Linux
    [InlineData(TcpState.TimeWait, "outgoing")]          // tcp_tw_reuse is for connect() only
    [InlineData(TcpState.FinWait2, "tcp_fin_timeout")]   // orphans do time out
    [InlineData(TcpState.CloseWait, "no timer")]         // only close() ends it
    [InlineData(TcpState.Closing, "crossed")]            // not about unsent data
    public void The_classic_myths_are_corrected(TcpState state, string fact)
    {
        TcpExplanation explanation = TcpStateCatalogue.Of(state).Explanation;
        Assert.Contains(explanation.Myths, m => m.Fact.Contains(fact, StringComparison.Ordinal));
    }

    [Fact]
    public void Fin_wait2_distinguishes_orphans_from_sockets_still_held()
    {
        string leaves = TcpStateCatalogue.Of(TcpState.FinWait2).Explanation.Leaves;
        Assert.Contains("tcp_fin_timeout", leaves, StringComparison.Ordinal);
        Assert.Contains("shutdown()", leaves, StringComparison.Ordinal);
    }

    [Fact]
    public void The_linux_states_say_how_tools_show_them()
    {
        Assert.Contains("SYN_RECV", TcpStateCatalogue.Of(TcpState.NewSynRecv).Explanation.Meaning, StringComparison.Ordinal);
        Assert.Contains("netlink", TcpStateCatalogue.Of(TcpState.BoundInactive).Summary, StringComparison.Ordinal);
    }

    private static IEnumerable<string> AllText(TcpStateInfo info)
    {
        yield return info.Summary;
        foreach ((_, string text) in info.Explanation.Sections)
            yield return text;
        foreach (TcpMyth myth in info.Explanation.Myths)
        {
            yield return myth.Claim;
            yield return myth.Fact;
        }
        foreach (TcpTransition t in TcpStateMachine.Into(info.State).Concat(TcpStateMachine.From(info.State)))
        {
            yield return t.Event.Plain;
            if (t.Note is not null)
                yield return t.Note;
        }
    }

    // Lower-case sysctl names only: TCP_TIMEWAIT_LEN and TCP_DEFER_ACCEPT are kernel constants and socket options.
    [GeneratedRegex(@"\b(?:net\.(?:ipv4|core)\.)?(?<name>tcp_[a-z0-9_]+|ip_local_port_range|somaxconn)\b")]
    private static partial Regex SysctlName();
}
