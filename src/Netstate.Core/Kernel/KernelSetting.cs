namespace Netstate.Core.Kernel;

/// <summary>
/// One sysctl that shapes how TCP sockets come and go, with what it does in plain words.
/// </summary>
/// <param name="Name">The dotted sysctl name, as <c>sysctl</c> takes it: <c>net.ipv4.tcp_fin_timeout</c>.</param>
/// <param name="Meaning">What the setting controls, in a sentence or two.</param>
/// <param name="Default">The kernel's default as text ("60 s", "depends on memory").</param>
/// <param name="PerNamespace">
/// True when each network namespace has its own copy; false for the few settings that exist only
/// in the initial namespace (a container does not see them under /proc/sys).
/// </param>
public sealed record KernelSetting(string Name, string Meaning, string Default, bool PerNamespace = true)
{
    /// <summary>The last part of the name (<c>tcp_fin_timeout</c>), as people usually write it.</summary>
    public string ShortName => Name[(Name.LastIndexOf('.') + 1)..];

    /// <summary>The file under /proc/sys that holds the value: the dots of the name become slashes.</summary>
    public string RelativePath => "sys/" + Name.Replace('.', '/');
}
