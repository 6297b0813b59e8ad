using System.Globalization;
using Netstate.Core.Aggregation;
using Netstate.Core.Model;
using Netstate.Core.Owners;
using Netstate.Core.Names;
using Netstate.Core.Text;
using Netstate.Core.Vocabulary;

namespace Netstate.Cli.Rendering;

/// <summary>What ss would add to each row, in ss's flag terms.</summary>
/// <param name="Processes">-p: users:(("comm",pid=N,fd=M),...).</param>
/// <param name="Timers">-o (or -e): timer:(...), and the ts/sack/ecn options in the --info line.</param>
/// <param name="Details">-e: uid, ino, sk cookie, fwmark, cgroup, v6only, shutdown.</param>
/// <param name="Memory">-m: skmem:(...).</param>
/// <param name="TcpInfo">-i / --info: the tcp_info line.</param>
/// <param name="Numeric">-n: rates as plain numbers.</param>
internal sealed record SsRenderOptions(bool Processes, bool Timers, bool Details, bool Memory, bool TcpInfo, bool Numeric)
{
    /// <summary>--all-namespaces: a first column, Netns, names each socket's network namespace.</summary>
    public bool Namespaces { get; init; }
}

/// <summary>
/// ss's socket table (iproute2 6.1): Netid, State, Recv-Q, Send-Q, Local Address:Port,
/// Peer Address:Port, Process, sized and written in batches as ss does (see SsTable). Sockets come in ss's order: unix,
/// raw, udp, tcp. Untrusted text (process names, unix paths, host names) has control characters
/// written as \xNN.
/// </summary>
internal sealed class SsListingRenderer : ISocketListRenderer, IStreamingListRenderer
{
    private static readonly Protocol[] TableOrder = [Protocol.Unix, Protocol.Raw, Protocol.Udp, Protocol.UdpLite, Protocol.Tcp];

    private readonly TextWriter _out;
    private readonly SsRenderOptions _options;
    private readonly SsAddressText _addresses;
    private readonly bool _hideNetid;
    private readonly bool _hideState;
    private readonly int? _screenWidth;
    private readonly TaskNames? _taskNames;
    private readonly ICgroupNames _cgroups;
    private readonly List<SocketOwner> _holders = [];
    private SsTable? _table;
    private OwnerMap? _owners;

    /// <param name="hideState">ss drops the State column when the filter selects a single state (<c>ss -tan state listening</c>).</param>
    public SsListingRenderer(TextWriter output, SsRenderOptions options, SsAddressText addresses, bool hideNetid, bool hideState, int? screenWidth, TaskNames? taskNames, ICgroupNames cgroups)
    {
        _cgroups = cgroups;
        _hideState = hideState;
        _out = output;
        _options = options;
        _addresses = addresses;
        _hideNetid = hideNetid;
        _screenWidth = screenWidth;
        _taskNames = taskNames;
    }

    public void WriteSockets(SocketListing listing)
    {
        Begin(listing.Owners, listing.TakenAt);
        foreach (Protocol protocol in TableOrder)
        {
            foreach (SocketEntry entry in listing.Entries)
            {
                if (entry.Protocol == protocol)
                    Row(entry);
            }
        }
        End();
    }

    /// <summary>Rows in the source's order are ss's order only when they are of one protocol.</summary>
    public bool CanStream(SocketTables tables)
    {
        int protocols = 0;
        foreach (SocketTables protocol in (ReadOnlySpan<SocketTables>)[SocketTables.Tcp, SocketTables.Udp, SocketTables.UdpLite, SocketTables.Raw, SocketTables.Unix])
        {
            if ((tables & protocol) != 0)
                protocols++;
        }
        return protocols <= 1;
    }

    public void Begin(OwnerMap? owners, DateTimeOffset takenAt)
    {
        _taskNames?.Clear();
        _owners = owners;
        _table = new SsTable(_hideNetid, _hideState, _screenWidth, _out, _options.Namespaces);
    }

    public void Row(SocketEntry entry)
    {
        SsTable table = _table ?? throw new InvalidOperationException("Row before Begin");
        WriteRow(table, entry, _owners);
        table.EndRow();
    }

    public void End()
    {
        _table?.Finish();
        _table = null;
        _owners = null;
    }

    public void WriteCounts(SocketCounts counts, DateTimeOffset takenAt) => CountTableWriter.Write(_out, counts);

    private void WriteRow(SsTable table, SocketEntry entry, OwnerMap? owners)
    {
        if (_options.Namespaces)
            table.Field(SsTable.Netns).Append(entry.Namespace is { } space ? UntrustedText.Escape(space.Label) : "-");
        table.Field(SsTable.Netid).Append(ProtocolText.Of(entry, Dialect.Ss));
        table.Field(SsTable.State).Append(SocketStateText.Of(entry, Dialect.Ss));
        table.Field(SsTable.RecvQ).AppendPadded(entry.RecvQueue);
        // ss shows a listener's backlog limit as its Send-Q.
        bool listening = entry.Unix?.IsListening ?? entry.TcpState == TcpState.Listen && entry.Protocol == Protocol.Tcp;
        table.Field(SsTable.SendQ).AppendPadded(listening ? entry.ListenBacklog : entry.SendQueue);
        table.Field(SsTable.Local);
        if (entry.Unix is { } unix)
            WriteUnixAddresses(table, entry, unix);
        else
            WriteInetAddresses(table, entry);
        table.Field(SsTable.Process);
        if (_options.Processes)
            WriteUsers(table, entry.Inode, owners);
        if (entry.Unix is null)
            WriteInetExtras(table, entry);
        else
            WriteUnixExtras(table, entry);
    }

    private void WriteInetAddresses(SsTable table, SocketEntry entry)
    {
        bool v6Only = entry.Details?.V6Only ?? false;
        _addresses.WriteHost(table, entry.Local.Address, v6Only, entry.Interface);
        table.Append(':').Next();
        _addresses.WritePort(table, entry.Local.Port, entry.Protocol);
        table.Next();
        _addresses.WriteHost(table, entry.Remote.Address, v6Only, 0);
        table.Append(':').Next();
        _addresses.WritePort(table, entry.Remote.Port, entry.Protocol);
        table.Next();
    }

    private static void WriteUnixAddresses(SsTable table, SocketEntry entry, UnixSocketInfo unix)
    {
        table.Append(unix.Path is null ? "*" : UntrustedText.Escape(unix.Path)).Append(' ').Next();
        table.Append(entry.Inode).Next();
        table.Append("* ").Next();
        table.Append(entry.Details?.PeerInode ?? 0).Next();
    }

    /// <summary>users:(...) with every holder, in ss's order: the last found (highest pid, then fd) first.</summary>
    private void WriteUsers(SsTable table, ulong inode, OwnerMap? owners)
    {
        if (owners is null || inode == 0)
            return;
        _holders.Clear();
        foreach (SocketOwner owner in owners.Get(inode))
            _holders.Add(owner);
        if (_holders.Count == 0)
            return;
        table.Append(" users:(");
        for (int i = _holders.Count - 1; i >= 0; i--)
        {
            SocketOwner owner = _holders[i];
            string name = _taskNames?.NameOf(owner.Process) ?? owner.Process.ProgramNameText;
            table.Append("(\"").Append(QuotedName(name)).Append("\",pid=").Append((ulong)owner.Process.Pid)
                .Append(",fd=").Append((ulong)owner.Fd);
            // A container's process: its PID inside its own PID namespace, after ss's own fields.
            if (owner.Process.NamespacePid is int inner)
                table.Append(",nspid=").Append((ulong)inner);
            table.Append(i > 0 ? ")," : ")");
        }
        table.Append(')');
    }

    /// <summary>
    /// A process name inside users:(("...")): ss writes it raw, so a quote in it ends the field early.
    /// Here a quote is \" and a backslash \\ (so \" cannot be faked), then the usual escaping.
    /// </summary>
    internal static string QuotedName(string name) =>
        UntrustedText.Escape(name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal));

    private void WriteInetExtras(SsTable table, SocketEntry entry)
    {
        if ((_options.Timers || _options.Details) && entry.Timer != TimerKind.Off)
        {
            string name = TimerText.Of(entry.Timer, Dialect.Ss);
            // idiag_retrans: retransmits under the retransmit timer, unanswered probes under the others.
            long count = entry.Timer switch
            {
                TimerKind.On => (long)entry.Retransmits,
                TimerKind.Keepalive or TimerKind.Probe => entry.Probes,
                _ => 0,
            };
            table.Append(" timer:(").Append(name).Append(',').Append(SsTcpInfoText.Timer(entry.TimerMilliseconds))
                .Append(',').Append(count.ToString(CultureInfo.InvariantCulture)).Append(')');
        }
        SocketDetails? details = entry.Details;
        if (_options.Details)
        {
            if (entry.Uid is uint uid and not 0)
                table.Append(" uid:").Append(uid);
            table.Append(" ino:").Append(entry.Inode);
            table.Append(" sk:").Append(entry.Cookie.ToString("x", CultureInfo.InvariantCulture));
            if (details?.Mark is { } mark and not 0)
                table.Append(" fwmark:0x").Append(mark.ToString("x", CultureInfo.InvariantCulture));
            if (details?.CgroupId is { } cgroup and not 0)
                table.Append(" cgroup:").Append(_cgroups.PathOf(cgroup) is { } path ? UntrustedText.Escape(path) : "unreachable:" + cgroup.ToString("x", CultureInfo.InvariantCulture));
            if (entry.Family == Family.Inet6 && details?.V6Only is { } v6Only)
                table.Append(" v6only:").Append(v6Only ? '1' : '0');
            WriteShutdown(table, details);
        }
        if (_options.Memory || (_options.TcpInfo && entry.Protocol != Protocol.Udp))
        {
            table.Append("\n\t");
            if (details is not null)
                SsTcpInfoText.Write(table, entry, details, _options.Timers || _options.Details, _options.Numeric);
        }
    }

    private void WriteUnixExtras(SsTable table, SocketEntry entry)
    {
        if (_options.Memory && entry.Details?.Memory is { } memory)
            SsTcpInfoText.WriteMemory(table, memory);
        if (_options.Details)
            WriteShutdown(table, entry.Details);
    }

    /// <summary>" <->": '<' while receiving is open, '>' while sending is open, '-' for a side shut down.</summary>
    private static void WriteShutdown(SsTable table, SocketDetails? details)
    {
        if (details?.Shutdown is not { } mask)
            return;
        table.Append(' ').Append((mask & 1) != 0 ? '-' : '<').Append('-').Append((mask & 2) != 0 ? '-' : '>');
    }
}
