using System.Globalization;

namespace Netstate.Core.Kernel;

/// <summary>An inclusive port range, such as net.ipv4.ip_local_port_range.</summary>
internal readonly record struct PortRange(int First, int Last)
{
    public int Count => Last >= First ? Last - First + 1 : 0;

    public bool Contains(int port) => port >= First && port <= Last;

    /// <summary>"32768 60999" (any whitespace between); null when the text is not two ports.</summary>
    public static PortRange? Parse(string? text)
    {
        string[] words = text?.Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries) ?? [];
        return words.Length == 2
            && ushort.TryParse(words[0], NumberStyles.None, CultureInfo.InvariantCulture, out ushort first)
            && ushort.TryParse(words[1], NumberStyles.None, CultureInfo.InvariantCulture, out ushort last)
            ? new PortRange(first, last) : null;
    }
}
