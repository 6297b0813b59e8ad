namespace Netstate.Core.Owners;

/// <summary>A process that holds sockets, with the name netstat would show for it.</summary>
/// <param name="Pid">Process id.</param>
/// <param name="ProgramName">
/// argv[0] as bytes, reduced to its basename when it is an absolute path (netstat's rule), so a
/// process that rewrote its title ("sshd: root@pts/0") keeps the whole title. Raw bytes: renderers
/// escape them, each in its own way.
/// </param>
public sealed record ProcessInfo(int Pid, byte[] ProgramName)
{
    /// <summary>The name as text, decoded once per process (without loss: <see cref="Text.RawText"/>); renderers ask for it once per socket.</summary>
    public string ProgramNameText { get; } = Text.RawText.Decode(ProgramName);
}

/// <summary>One holder of a socket: the process and the descriptor number it holds it under.</summary>
public readonly record struct SocketOwner(ProcessInfo Process, int Fd);
