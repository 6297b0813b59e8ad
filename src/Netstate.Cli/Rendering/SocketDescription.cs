using Netstate.Core.Model;
using Netstate.Core.Text;
using Netstate.Core.Vocabulary;

namespace Netstate.Cli.Rendering;

/// <summary>One socket named in one line, in netstat's words, for questions and reports about it.</summary>
internal static class SocketDescription
{
    /// <summary>"tcp 127.0.0.1:5000 -> 127.0.0.1:40000 ESTABLISHED"; a unix socket by its path (escaped) or inode.</summary>
    public static string Of(SocketEntry socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        string state = SocketStateText.Of(socket, Dialect.Netstat);
        if (socket.Unix is { } unix)
            return $"unix {(unix.Path is { } path ? UntrustedText.Escape(path) : $"inode {socket.Inode}")} {state}";
        return $"{ProtocolText.Of(socket, Dialect.Netstat)} {EndpointText.Format(socket.Local, Dialect.Netstat)} -> {EndpointText.Format(socket.Remote, Dialect.Netstat)} {state}";
    }
}
