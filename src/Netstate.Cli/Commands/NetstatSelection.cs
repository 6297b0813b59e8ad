using Netstate.Core.Model;

namespace Netstate.Cli.Commands;

/// <summary>
/// netstat's -a / -l / default rule, which differs per table: TCP decides by the remote port,
/// UDP and raw by the remote address, unix by the listening flag.
/// </summary>
internal static class NetstatSelection
{
    public static bool Shows(SocketEntry entry, bool all, bool listening)
    {
        if (all)
            return true;
        bool server = entry.Protocol switch
        {
            Protocol.Tcp => entry.Remote.Port == 0,
            Protocol.Unix => entry.Unix!.IsListening,
            _ => entry.Remote.Address.IsUnspecified,
        };
        return server == listening;
    }
}
