using Netstate.Core.Model;

namespace Netstate.Core.Names;

/// <summary>
/// The operating system's name databases, one lookup at a time and uncached: users, interfaces,
/// networks, the resolver, and the services and protocols files. The caches in this folder
/// (<see cref="UserNames"/>, <see cref="HostNameResolver"/>, ...) sit on top;
/// <see cref="Platform.Platforms.SystemNames"/> gives the running system's.
/// </summary>
internal interface ISystemNames
{
    /// <summary>The login name of a user id, or null when it has none.</summary>
    string? UserName(uint uid);

    /// <summary>The user id of a login name, or null when there is no such user.</summary>
    uint? UserId(string name);

    /// <summary>The name of the interface with this index in the current network namespace, or null when none has it.</summary>
    string? InterfaceName(uint index);

    /// <summary>The name of an IPv4 network from the networks database, or null.</summary>
    string? NetworkName(InetAddress network);

    /// <summary>The reverse lookup of an address through the system resolver; may block for long (the caller sets a deadline).</summary>
    string? HostName(InetAddress address);

    /// <summary>The services and protocols databases' text; null for one that is missing or unreadable.</summary>
    (string? Services, string? Protocols) ReadServiceFiles(string? servicesPath, string? protocolsPath);
}
