using Netstate.Cli.Arguments;
using Netstate.Core.Sources.Linux;
using Netstate.Core.Sources.Linux.SockDiag;

namespace Netstate.Cli.Commands;

/// <summary>The proc tree and socket source every socket-reading command starts from.</summary>
internal static class SocketSourceChoice
{
    /// <summary>The proc root of --proc-root or NETSTATE_PROC_ROOT, checked to hold a net/ directory.</summary>
    public static ProcRoot ProcRootOf(NetstatOptions options)
    {
        ProcRoot procRoot = ProcRoot.FromEnvironment(options.ProcRoot);
        if (!Directory.Exists(procRoot.Path + "/net"))
            throw new UserFacingException($"{procRoot.Path}/net does not exist", "is /proc mounted? --proc-root and NETSTATE_PROC_ROOT must name a proc tree");
        return procRoot;
    }

    /// <summary>
    /// --source if given; else netlink where possible, except for a replayed --proc-root tree,
    /// which /proc alone can read (netlink always answers for the running kernel).
    /// </summary>
    public static LinuxSocketSource Open(NetstatOptions options, ProcRoot procRoot) =>
        new(options.Source ?? (procRoot.Path == ProcRoot.DefaultPath ? SourceChoice.Auto : SourceChoice.Proc),
            procRoot, new NetlinkSockDiagTransport());
}
