using Netstate.Cli.Arguments;
using Netstate.Core.Platform.Linux;
using Netstate.Core.Platform.Linux.SockDiag;
using Netstate.Core.Platform.Linux.Sources;

namespace Netstate.Cli.Commands;

/// <summary>The proc tree and socket source every socket-reading command starts from.</summary>
internal static class SocketSourceChoice
{
    /// <summary>The proc root of --proc-root or NETSTATE_PROC_ROOT, checked to hold a net/ directory.</summary>
    public static ProcRoot ProcRootOf(NetstatOptions options) => ProcRootOf(options.ProcRoot);

    /// <summary>The proc root of <paramref name="commandLineRoot"/> (or the environment), checked to hold a net/ directory.</summary>
    public static ProcRoot ProcRootOf(string? commandLineRoot)
    {
        ProcRoot procRoot = ProcRoot.FromEnvironment(commandLineRoot);
        if (!Directory.Exists(procRoot.Path + "/net"))
            throw new UserFacingException($"{procRoot.Path}/net does not exist", "is /proc mounted? --proc-root and NETSTATE_PROC_ROOT must name a proc tree");
        return procRoot;
    }

    public static LinuxSocketSource Open(NetstatOptions options, ProcRoot procRoot) => Open(options.Source, procRoot);

    /// <summary>
    /// --source if given; else netlink where possible, except for a replayed --proc-root tree,
    /// which /proc alone can read (netlink always answers for the running kernel).
    /// </summary>
    public static LinuxSocketSource Open(SourceChoice? source, ProcRoot procRoot) =>
        new(Resolve(source, procRoot), procRoot, new NetlinkSockDiagTransport());

    /// <summary>The choice <see cref="Open(SourceChoice?, ProcRoot)"/> makes.</summary>
    public static SourceChoice Resolve(SourceChoice? source, ProcRoot procRoot) =>
        source ?? (procRoot.Path == ProcRoot.DefaultPath ? SourceChoice.Auto : SourceChoice.Proc);
}
