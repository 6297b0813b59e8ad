using Netstate.Core.Model;

namespace Netstate.Lab;

/// <summary>
/// One runnable reproduction of a classic TCP situation: a short script of system calls, filter
/// rules and sysctls, with claims about the states each step shows.
/// </summary>
internal abstract class LabScenario
{
    /// <summary>The name to run it by (netstate lab NAME).</summary>
    public abstract string Name { get; }

    /// <summary>Other names that find it: the states it shows.</summary>
    public virtual IReadOnlyList<string> Aliases => [];

    /// <summary>The states its claims show (explain names the scenario under each of them; the lab tests check the claims against it).</summary>
    public abstract IReadOnlyList<TcpState> Shows { get; }

    /// <summary>One line for the list: what it shows.</summary>
    public abstract string Summary { get; }

    /// <summary>A few sentences printed before the first step: what will happen and why it matters.</summary>
    public abstract string Introduction { get; }

    /// <summary>Whether the scenario drops packets with nft rules (checked before it starts).</summary>
    internal virtual bool UsesFirewall => true;

    internal abstract void Run(LabSession session);
}
