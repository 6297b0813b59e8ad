using System.Globalization;
using System.Text;

namespace Netstate.Cli.Rendering;

/// <summary>
/// net-tools' hardware type table (lib/hw.c and one file per type, as Debian builds 2.10): the name
/// and title netstat -ie prints for an ARPHRD_* link type, and how it writes that type's address.
/// Types it does not know print as "unspec" with the first 8 address bytes and 8 zero bytes, as
/// net-tools does (it copies 8 bytes of sa_data into a zeroed buffer and prints 16).
/// </summary>
internal static class HardwareTypeText
{
    private enum AddressStyle
    {
        /// <summary>No address printed (hw->print is NULL).</summary>
        None,
        /// <summary>An empty address: "tunnel " then nothing (pr_tunnel returns "").</summary>
        Empty,
        /// <summary>aa:bb:cc:dd:ee:ff, lower case (pr_ether).</summary>
        Ether,
        /// <summary>AA-BB-CC-DD-EE-FF (pr_fddi).</summary>
        Fddi,
        /// <summary>AA:BB:CC:DD:EE:FF (pr_hippi).</summary>
        Hippi,
        /// <summary>One byte, AA (pr_arcnet).</summary>
        Arcnet,
        /// <summary>Eight bytes, AA:...:HH (pr_eui64).</summary>
        Eui64,
        /// <summary>Four bytes in reverse order, lower case (irda_print).</summary>
        Irda,
        /// <summary>The first two bytes as a host-order short (pr_dlci).</summary>
        Dlci,
        /// <summary>Twenty bytes AA:BB:..., of which net-tools fills eight (pr_ib).</summary>
        Infiniband,
        /// <summary>Sixteen bytes AA-BB-..., of which net-tools fills eight (pr_unspec).</summary>
        Unspec,
    }

    private readonly record struct HardwareType(string Name, string Title, AddressStyle Style);

    private static readonly HardwareType Unspec = new("unspec", "UNSPEC", AddressStyle.Unspec);

    private static readonly Dictionary<int, HardwareType> Types = new()
    {
        [772] = new("loop", "Local Loopback", AddressStyle.None),
        [256] = new("slip", "Serial Line IP", AddressStyle.None),
        [257] = new("cslip", "VJ Serial Line IP", AddressStyle.None),
        [258] = new("slip6", "6-bit Serial Line IP", AddressStyle.None),
        [259] = new("cslip6", "VJ 6-bit Serial Line IP", AddressStyle.None),
        [264] = new("adaptive", "Adaptive Serial Line IP", AddressStyle.None),
        [1] = new("ether", "Ethernet", AddressStyle.Ether),
        [768] = new("tunnel", "IPIP Tunnel", AddressStyle.Empty),
        [512] = new("ppp", "Point-to-Point Protocol", AddressStyle.None),
        [513] = new("hdlc", "(Cisco)-HDLC", AddressStyle.None),
        [516] = new("lapb", "LAPB", AddressStyle.None),
        [7] = new("arcnet", "ARCnet", AddressStyle.Arcnet),
        [15] = new("dlci", "Frame Relay DLCI", AddressStyle.Dlci),
        [770] = new("frad", "Frame Relay Access Device", AddressStyle.None),
        [776] = new("sit", "IPv6-in-IPv4", AddressStyle.None),
        [774] = new("fddi", "Fiber Distributed Data Interface", AddressStyle.Fddi),
        [780] = new("hippi", "HIPPI", AddressStyle.Hippi),
        [783] = new("irda", "IrLAP", AddressStyle.Irda),
        [27] = new("eui64", "Generic EUI-64", AddressStyle.Eui64),
        [32] = new("infiniband", "InfiniBand", AddressStyle.Infiniband),
        // Packet radio, X.25 and Ash addresses have their own notations; netstate names the type only.
        [3] = new("ax25", "AMPR AX.25", AddressStyle.None),
        [0] = new("netrom", "AMPR NET/ROM", AddressStyle.None),
        [270] = new("rose", "AMPR ROSE", AddressStyle.None),
        [271] = new("x25", "generic X.25", AddressStyle.None),
        [781] = new("ash", "Ash", AddressStyle.None),
    };

    /// <summary>Appends "name address" (or just "name") for the link type, then returns its title.</summary>
    public static string AppendAddress(StringBuilder text, int type, ReadOnlySpan<byte> address)
    {
        // net-tools keeps the type in a short: ARPHRD_NONE (0xFFFE) and ARPHRD_VOID are unknown there too.
        HardwareType hw = Types.GetValueOrDefault((short)type, Unspec);
        text.Append(hw.Name);
        if (hw.Style == AddressStyle.None)
            return hw.Title;
        text.Append(' ');
        Span<byte> bytes = stackalloc byte[20];
        address[..Math.Min(8, address.Length)].CopyTo(bytes);
        switch (hw.Style)
        {
            case AddressStyle.Ether:
                AppendBytes(text, bytes[..6], ':', "x2");
                break;
            case AddressStyle.Fddi:
                AppendBytes(text, bytes[..6], '-', "X2");
                break;
            case AddressStyle.Hippi:
                AppendBytes(text, bytes[..6], ':', "X2");
                break;
            case AddressStyle.Arcnet:
                AppendBytes(text, bytes[..1], ':', "X2");
                break;
            case AddressStyle.Eui64:
                AppendBytes(text, bytes[..8], ':', "X2");
                break;
            case AddressStyle.Irda:
                Span<byte> reversed = [bytes[3], bytes[2], bytes[1], bytes[0]];
                AppendBytes(text, reversed, ':', "x2");
                break;
            case AddressStyle.Dlci:
                text.Append(BitConverter.ToInt16(bytes).ToString(CultureInfo.InvariantCulture));
                break;
            case AddressStyle.Infiniband:
                AppendBytes(text, bytes, ':', "X2");
                break;
            case AddressStyle.Unspec:
                AppendBytes(text, bytes[..16], '-', "X2");
                break;
        }
        return hw.Title;
    }

    private static void AppendBytes(StringBuilder text, ReadOnlySpan<byte> bytes, char separator, string format)
    {
        for (int i = 0; i < bytes.Length; i++)
        {
            if (i > 0)
                text.Append(separator);
            text.Append(bytes[i].ToString(format, CultureInfo.InvariantCulture));
        }
    }
}
