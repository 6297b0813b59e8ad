using System.Text.RegularExpressions;

namespace Netstate.IntegrationTests.TestBed;

/// <summary>Makes two -o listings of the same sockets comparable although their timers kept running.</summary>
internal static partial class TimerText
{
    /// <summary>
    /// Timer countdowns tick between the two runs: "(59.72/0/0)" becomes "(T/0/0)". Under a running
    /// retransmission timer ("on"), the retransmit count is live too (a SYN_SENT socket resends its
    /// SYN at 1, 3, 7 s ...): "on (0.00/2/0)" becomes "on (T/R/0)". Returns the lines.
    /// </summary>
    public static string[] Normalise(string output) =>
        TimerSeconds().Replace(RetransmitTimer().Replace(output, "on (T/R/"), "(T/").Split('\n');

    [GeneratedRegex(@"\(\d+\.\d\d/")]
    private static partial Regex TimerSeconds();

    [GeneratedRegex(@"\bon \(\d+\.\d\d/\d+/")]
    private static partial Regex RetransmitTimer();
}
