using System.Globalization;
using Netstate.Core.Aggregation;
using Netstate.Core.Model;
using Netstate.Core.Owners;
using Netstate.Core.Text;
using Netstate.Core.Vocabulary;

namespace Netstate.Cli.Rendering;

/// <summary>
/// Windows netstat's connection list, column for column, so that <c>netstate -ano | findstr :80</c>
/// finds what <c>netstat -ano | findstr :80</c> finds: a blank line, "Active Connections", the
/// header, then one row per socket; without -n the Foreign Address as names
/// (<see cref="WindowsAddressText"/>); "*:*" and no state for UDP; the PID with -o; with -b the
/// services the owner hosts on the line below (when it hosts any), then the executable's name in
/// brackets, or netstat's words when it cannot be read.
/// </summary>
internal sealed class WindowsNetstatRenderer : ISocketListRenderer
{
    /// <summary>Windows netstat's column starts: Proto at 2, Local Address at 9, Foreign Address at 32, State at 55, PID at 71.</summary>
    private const int ProtoWidth = 7;
    private const int AddressWidth = 23;
    private const int StateWidth = 16;

    /// <summary>What Windows netstat -b prints for a socket whose process it cannot name.</summary>
    internal const string NoOwnerText = "Can not obtain ownership information";

    private readonly TextWriter _out;
    private readonly bool _pids;
    private readonly bool _executables;
    private readonly WindowsAddressText? _names;

    /// <param name="names">The Foreign Address column's names; null: numeric (-n).</param>
    public WindowsNetstatRenderer(TextWriter output, bool pids, bool executables, WindowsAddressText? names = null)
    {
        _out = output;
        _pids = pids;
        _executables = executables;
        _names = names;
    }

    public void WriteSockets(SocketListing listing)
    {
        ArgumentNullException.ThrowIfNull(listing);
        _out.WriteLine();
        _out.WriteLine("Active Connections");
        _out.WriteLine();
        _out.WriteLine(Row("Proto", "Local Address", "Foreign Address", "State", _pids ? "PID" : null));
        foreach (SocketEntry entry in listing.Entries)
        {
            if (entry.Protocol is not (Protocol.Tcp or Protocol.Udp))
                continue;
            SocketOwner? owner = listing.Owners?.First(entry.Inode);
            _out.WriteLine(RowOf(entry, owner, _pids, _names));
            if (_executables)
            {
                if (ServiceLine(owner) is { } services)
                    _out.WriteLine(services);
                _out.WriteLine(ExecutableLine(owner));
            }
        }
    }

    public void WriteCounts(SocketCounts counts, DateTimeOffset takenAt) => CountTableWriter.Write(_out, counts);

    /// <summary>One socket's row (without the line end). The PID column is the owner's process id; 0, as Windows netstat prints it, for a row the table gave PID 0 (no owner).</summary>
    internal static string RowOf(SocketEntry entry, SocketOwner? owner, bool pids, WindowsAddressText? names = null)
    {
        bool udp = entry.Protocol == Protocol.Udp;
        string local = EndpointText.Format(entry.Local, Dialect.Windows);
        string foreign = udp ? "*:*" : names?.Foreign(entry.Remote) ?? EndpointText.Format(entry.Remote, Dialect.Windows);
        string state = udp ? "" : TcpStateText.Name(entry.TcpState, Dialect.Windows);
        string? pid = !pids ? null : owner is { } known ? known.Process.Pid.ToString(CultureInfo.InvariantCulture) : "0";
        return Row(ProtocolText.Of(entry.Protocol, Dialect.Windows), local, foreign, state, pid);
    }

    /// <summary>
    /// -b's service line, before the executable's: "  RpcSs" when the owner hosts services (all of them,
    /// comma-separated, when a shared svchost.exe hosts several); null when it hosts none.
    /// </summary>
    internal static string? ServiceLine(SocketOwner? owner) =>
        owner is { Process.Services: { Count: > 0 } services } ? "  " + UntrustedText.Escape(string.Join(", ", services)) : null;

    /// <summary>-b's last line: " [name.exe]", or netstat's sentence when the process could not be named.</summary>
    internal static string ExecutableLine(SocketOwner? owner) =>
        owner is { Process.ProgramName.Length: > 0 } known ? $" [{UntrustedText.Escape(known.Process.ProgramNameText)}]" : " " + NoOwnerText;

    /// <summary>Columns padded as netstat pads them; a value longer than its column pushes the rest right by one space.</summary>
    private static string Row(string proto, string local, string foreign, string state, string? pid)
    {
        var line = new System.Text.StringBuilder(96);
        line.Append("  ");
        Cell(line, proto, ProtoWidth);
        Cell(line, local, AddressWidth);
        if (pid is null)
        {
            Cell(line, foreign, AddressWidth);
            line.Append(state);
            return line.ToString().TrimEnd();
        }
        Cell(line, foreign, AddressWidth);
        Cell(line, state, StateWidth);
        line.Append(pid);
        return line.ToString();
    }

    private static void Cell(System.Text.StringBuilder line, string text, int width)
    {
        line.Append(text);
        line.Append(' ', Math.Max(1, width - text.Length));
    }
}
