using Netstate.Core.Aggregation;
using Netstate.Core.Model;
using Netstate.Core.Owners;

namespace Netstate.Cli.Rendering;

/// <summary>
/// netstat's format: the inet section, then the unix section, each row by <see cref="NetstatTableRenderer"/>.
/// Its columns are fixed, so a listing of inet tables only, or of unix only, is written while it is
/// read (<see cref="IStreamingListRenderer"/>); both at once need the unix rows held until the inet ones are out.
/// </summary>
internal sealed class NetstatListingRenderer : ISocketListRenderer, IStreamingListRenderer
{
    private readonly NetstatTableRenderer _table;
    private readonly TextWriter _out;
    private readonly bool _showsInet;
    private readonly bool _showsUnix;
    private bool _unixOnly;
    private OwnerMap? _owners;

    public NetstatListingRenderer(NetstatTableRenderer table, TextWriter output, bool showsInet, bool showsUnix)
    {
        _table = table;
        _out = output;
        _showsInet = showsInet;
        _showsUnix = showsUnix;
    }

    public void WriteSockets(SocketListing listing)
    {
        if (_showsInet)
        {
            _table.WriteInetHeader();
            foreach (SocketEntry entry in listing.Entries)
            {
                if (entry.Protocol != Protocol.Unix)
                    _table.WriteInetRow(entry, listing.Owners);
            }
        }
        if (_showsUnix)
        {
            _table.WriteUnixHeader();
            foreach (SocketEntry entry in listing.Entries)
            {
                if (entry.Protocol == Protocol.Unix)
                    _table.WriteUnixRow(entry, listing.Owners);
            }
        }
    }

    /// <summary>Sections are written one after the other: the source's order is netstat's when only one section has rows.</summary>
    public bool CanStream(SocketTables tables)
    {
        bool unix = (tables & SocketTables.Unix) != 0;
        bool inet = (tables & ~SocketTables.Unix) != 0;
        _unixOnly = unix && !inet;
        return !(unix && inet);
    }

    public void Begin(OwnerMap? owners, DateTimeOffset takenAt)
    {
        _owners = owners;
        if (_showsInet)
            _table.WriteInetHeader();
        if (_unixOnly && _showsUnix)
            _table.WriteUnixHeader();
    }

    public void Row(SocketEntry entry)
    {
        if (entry.Protocol != Protocol.Unix)
        {
            if (_showsInet)
                _table.WriteInetRow(entry, _owners);
        }
        else if (_showsUnix)
        {
            _table.WriteUnixRow(entry, _owners);
        }
    }

    public void End()
    {
        if (!_unixOnly && _showsUnix)
            _table.WriteUnixHeader();
        _owners = null;
    }

    public void WriteCounts(SocketCounts counts, DateTimeOffset takenAt) => CountTableWriter.Write(_out, counts);
}
