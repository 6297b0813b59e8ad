using Netstate.Core.Aggregation;
using Netstate.Core.Model;

namespace Netstate.Cli.Rendering;

/// <summary>netstat's format: the inet section, then the unix section, each row by <see cref="NetstatTableRenderer"/>.</summary>
internal sealed class NetstatListingRenderer : ISocketListRenderer
{
    private readonly NetstatTableRenderer _table;
    private readonly TextWriter _out;
    private readonly bool _showsInet;
    private readonly bool _showsUnix;

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

    public void WriteCounts(SocketCounts counts, DateTimeOffset takenAt) => CountTableWriter.Write(_out, counts);
}
