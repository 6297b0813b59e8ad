using System.Globalization;
using Netstate.Core.Kernel;
using Netstate.Core.Text;

namespace Netstate.Cli.Rendering;

/// <summary>
/// netstat -i's table (net-tools ife_print_short): name "%-15.15s", MTU "%5d", then RX-OK, RX-ERR,
/// RX-DRP, RX-OVR as "%8llu %6lu %6lu %-6lu" and TX-OK, TX-ERR, TX-DRP, TX-OVR as "%8llu %6lu %6lu %6lu",
/// then one letter per flag.
/// </summary>
internal sealed class InterfaceTableRenderer
{
    public const string Title = "Kernel Interface table";
    public const string Header = "Iface             MTU    RX-OK RX-ERR RX-DRP RX-OVR    TX-OK TX-ERR TX-DRP TX-OVR Flg";
    private const string NoStatistics = "     - no statistics available -";

    private readonly TextWriter _out;
    private readonly LineBuffer _line = new();

    public InterfaceTableRenderer(TextWriter output) => _out = output;

    public void WriteTitle() => _out.Write(Title + "\n");

    public void WriteHeader() => _out.Write(Header + "\n");

    public void WriteRow(InterfaceRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        LineBuffer line = _line.Clear();
        // netstat cuts the raw name at 15 bytes; a name that grows by escaping is shown whole.
        string name = row.Name.Length > 15 ? row.Name[..15] : row.Name;
        line.Column(UntrustedText.Escape(name), 15).Append(' ');
        AppendInt(line, row.Mtu, 5).Append(' ');
        if (row.Counters is { } c)
        {
            // RX-ERR is the errs column alone in 2.10; net-tools added frame (and CRC) errors to it after 2.10.
            line.RightAligned(c.RxPackets, 8).Append(' ')
                .RightAligned(c.RxErrors, 6).Append(' ')
                .RightAligned(c.RxDropped, 6).Append(' ')
                .Column(c.RxFifoErrors.ToString(CultureInfo.InvariantCulture), 6).Append(' ');
            line.RightAligned(c.TxPackets, 8).Append(' ')
                .RightAligned(c.TxErrors, 6).Append(' ')
                .RightAligned(c.TxDropped, 6).Append(' ')
                .RightAligned(c.TxFifoErrors, 6).Append(' ');
        }
        else
        {
            line.Column(NoStatistics, 56);
        }
        AppendFlags(line, row.Flags);
        line.Append('\n').WriteTo(_out);
    }

    /// <summary>The Flg column, in net-tools 2.10's order: A B D L M d P N O P s m R U (POINTOPOINT is a capital P there too; later net-tools prints p) ("[NO FLAGS]" for none).</summary>
    internal static void AppendFlags(LineBuffer line, InterfaceState flags)
    {
        if (flags == InterfaceState.None)
            line.Append("[NO FLAGS]");
        ReadOnlySpan<(InterfaceState Flag, char Letter)> letters =
        [
            (InterfaceState.AllMulticast, 'A'), (InterfaceState.Broadcast, 'B'), (InterfaceState.Debug, 'D'),
            (InterfaceState.Loopback, 'L'), (InterfaceState.Multicast, 'M'), (InterfaceState.Dynamic, 'd'),
            (InterfaceState.Promiscuous, 'P'), (InterfaceState.NoTrailers, 'N'), (InterfaceState.NoArp, 'O'),
            (InterfaceState.PointToPoint, 'P'), (InterfaceState.Slave, 's'), (InterfaceState.Master, 'm'),
            (InterfaceState.Running, 'R'), (InterfaceState.Up, 'U'),
        ];
        foreach ((InterfaceState flag, char letter) in letters)
        {
            if ((flags & flag) != 0)
                line.Append(letter);
        }
    }

    /// <summary>printf "%Nd".</summary>
    private static LineBuffer AppendInt(LineBuffer line, int value, int width)
    {
        string text = value.ToString(CultureInfo.InvariantCulture);
        return line.Spaces(width - text.Length).Append(text);
    }
}
