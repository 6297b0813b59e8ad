namespace Netstate.Core.Sources;

/// <summary>Which kernel interface serves the socket tables (netstate's --source).</summary>
public enum SourcePolicy
{
    /// <summary>The best the platform has: on Linux netlink (sock_diag) where the kernel has a handler, /proc elsewhere.</summary>
    Auto,

    /// <summary>Linux netlink only; a table it cannot serve is reported, not read another way.</summary>
    Netlink,

    /// <summary>Linux /proc/net files only (what a replayed proc tree can give).</summary>
    Proc,
}
