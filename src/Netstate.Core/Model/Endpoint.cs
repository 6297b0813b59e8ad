namespace Netstate.Core.Model;

/// <summary>An address and port; the port is 0 when unbound (netstat prints it as *).</summary>
public readonly record struct Endpoint(InetAddress Address, ushort Port);
