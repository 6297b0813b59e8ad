using System.Globalization;
using Netstate.Core.Aggregation;
using Netstate.Core.Model;
using Netstate.Core.Owners;
using Netstate.Core.Platform.Windows;
using Netstate.Core.Text;
using Netstate.Core.Vocabulary;

namespace Netstate.Cli.Rendering;

/// <summary>
/// Windows netstat's connection list, column for column, so that <c>netstate -ano | findstr :80</c>
/// finds what <c>netstat -ano | findstr :80</c> finds: a blank line, "Active Connections", the
/// header, then one row per socket; without -n the Foreign Address as names
/// (<see cref="WindowsAddressText"/>); "*:*" and no state for UDP; the PID with -o; with -b the
/// services the owner hosts on the line below (when it hosts any), then the executable's name in
/// brackets, or netstat's words when it cannot be read; with -t the Offload State column last.
/// </summary>
internal sealed class WindowsNetstatRenderer : ISocketListRenderer
{
    /// <summary>Windows netstat's column starts: Proto at 2, Local Address at 9, Foreign Address at 32, State at 55, PID at 71.</summary>
    private const int ProtoWidth = 7;
    private const int AddressWidth = 23;
    private const int StateWidth = 16;

    /// <summary>With -t after -o, the PID column's width, as State's (unverified on Windows: Offload State at 87).</summary>
    private const int PidWidth = 16;

    /// <summary>What Windows netstat -b prints for a socket whose process it cannot name.</summary>
    internal const string NoOwnerText = "Can not obtain ownership information";

    private readonly TextWriter _out;
    private readonly bool _pids;
    private readonly bool _executables;
    private readonly WindowsAddressText? _names;
    private readonly bool _offload;

    /// <param name="names">The Foreign Address column's names; null: numeric (-n).</param>
    /// <param name="offload">-t: the Offload State column.</param>
    public WindowsNetstatRenderer(TextWriter output, bool pids, bool executables, WindowsAddressText? names = null, bool offload = false)
    {
        _out = output;
        _pids = pids;
        _executables = executables;
        _names = names;
        _offload = offload;
    }

    public void WriteSockets(SocketListing listing)
    {
        ArgumentNullException.ThrowIfNull(listing);
        _out.WriteLine();
        _out.WriteLine("Active Connections");
        _out.WriteLine();
        _out.WriteLine(Row("Proto", "Local Address", "Foreign Address", "State", _pids ? "PID" : null, _offload ? "Offload State" : null));
        foreach (SocketEntry entry in listing.Entries)
        {
            if (entry.Protocol is not (Protocol.Tcp or Protocol.Udp))
                continue;
            SocketOwner? owner = listing.Owners?.First(entry.Inode);
            _out.WriteLine(RowOf(entry, owner, _pids, _names, _offload ? OffloadText(entry, listing.Offload) : null));
            if (_executables)
            {
                if (ServiceLine(owner) is { } services)
                    _out.WriteLine(services);
                _out.WriteLine(ExecutableLine(owner));
            }
        }
    }

    public void WriteCounts(SocketCounts counts, DateTimeOffset takenAt) => CountTableWriter.Write(_out, counts);

    /// <summary>
    /// One socket's row (without the line end). The PID column is the owner's process id; 0, as Windows
    /// netstat prints it, for a row the table gave PID 0 (no owner). <paramref name="offload"/> is -t's
    /// column (null: no column; empty: blank).
    /// </summary>
    internal static string RowOf(SocketEntry entry, SocketOwner? owner, bool pids, WindowsAddressText? names = null, string? offload = null)
    {
        bool udp = entry.Protocol == Protocol.Udp;
        string local = EndpointText.Format(entry.Local, Dialect.Windows);
        string foreign = udp ? "*:*" : names?.Foreign(entry.Remote) ?? EndpointText.Format(entry.Remote, Dialect.Windows);
        string state = udp ? "" : TcpStateText.Name(entry.TcpState, Dialect.Windows);
        string? pid = !pids ? null : owner is { } known ? known.Process.Pid.ToString(CultureInfo.InvariantCulture) : "0";
        return Row(ProtocolText.Of(entry.Protocol, Dialect.Windows), local, foreign, state, pid, offload);
    }

    /// <summary>-t's column: the TCP row's offload state; blank for UDP, and for a TCP row whose state was not read (never a guessed InHost).</summary>
    internal static string OffloadText(SocketEntry entry, TcpOffloadStates? states) =>
        states?.Of(entry) is { } state ? TcpOffloadStates.Name(state) : "";

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
    private static string Row(string proto, string local, string foreign, string state, string? pid, string? offload)
    {
        var line = new System.Text.StringBuilder(96);
        line.Append("  ");
        Cell(line, proto, ProtoWidth);
        Cell(line, local, AddressWidth);
        if (pid is null && offload is null)
        {
            Cell(line, foreign, AddressWidth);
            line.Append(state);
            return line.ToString().TrimEnd();
        }
        Cell(line, foreign, AddressWidth);
        Cell(line, state, StateWidth);
        if (offload is null)
        {
            line.Append(pid);
            return line.ToString();
        }
        if (pid is not null)
            Cell(line, pid, PidWidth);
        line.Append(offload);
        // A UDP row, or a TCP row without a state, ends at its last non-blank column.
        return line.ToString().TrimEnd();
    }

    private static void Cell(System.Text.StringBuilder line, string text, int width)
    {
        line.Append(text);
        line.Append(' ', Math.Max(1, width - text.Length));
    }
}
