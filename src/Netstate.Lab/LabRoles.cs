using Netstate.Core.Model;

namespace Netstate.Lab;

/// <summary>
/// Names the namespace's sockets after the scenario's roles by their endpoints: a client by its own
/// address, the server's side of a connection by the listening address plus the client's address,
/// and the listener by its address with no peer. Endpoints outlive processes, so an orphaned or
/// TIME_WAIT socket keeps its name.
/// </summary>
internal sealed class LabRoles
{
    public const string Unnamed = "other";

    private readonly List<(Endpoint Local, Endpoint? Remote, string Role)> _roles = [];

    /// <summary>Names the socket at <paramref name="local"/>; with <paramref name="remote"/>, only the one connected to it.</summary>
    public void Name(Endpoint local, Endpoint? remote, string role) => _roles.Add((local, remote, role));

    public string RoleOf(SocketEntry entry) => RoleOf(entry.Local, entry.Remote);

    /// <summary>The role of the socket with these endpoints (a read's row or a traced event), or <see cref="Unnamed"/>.</summary>
    public string RoleOf(Endpoint local, Endpoint remote)
    {
        foreach ((Endpoint named, Endpoint? peer, string role) in _roles)
        {
            if (named == local && (peer is null || peer.Value == remote))
                return role;
        }
        return Unnamed;
    }

    /// <summary>Rows in the order the roles were named, unnamed sockets last.</summary>
    public int OrderOf(string role)
    {
        int index = _roles.FindIndex(named => named.Role == role);
        return index < 0 ? int.MaxValue : index;
    }
}
