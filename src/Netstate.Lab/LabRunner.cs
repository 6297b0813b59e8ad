using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using Netstate.Core.Platform.Linux;
using Netstate.Core.Platform.Linux.Interop;
using Netstate.Core.Tracing;
using Netstate.Lab.Interop;

namespace Netstate.Lab;

/// <summary>
/// Runs a scenario in a private network namespace of its own.
/// </summary>
/// <remarks>
/// How the lab enters the namespace: Linux keeps the network namespace per thread, so the lab starts
/// one dedicated thread, calls unshare(CLONE_NEWNET) on it, and does all its work there: every
/// socket, the netlink socket netstate reads with, /proc/thread-self/net, /proc/sys/net and every
/// child process (nft, the server holder) are made from that thread and so belong to the new
/// namespace, while the rest of the process stays on the host. The namespace has no name (nothing
/// in /run/netns, unlike `ip netns add`): the kernel deletes it, with its sockets and nft rules,
/// as soon as nothing refers to it, that is once the thread has ended, the lab's sockets are closed
/// and its helper processes are dead. So there is nothing to delete, and nothing that outlives
/// netstate even when it is killed with SIGKILL (helpers also carry a parent-death signal). Re-running
/// netstate under `unshare --net` would work too, but would add a second process to signal and clean.
/// </remarks>
internal static unsafe class LabRunner
{
    /// <exception cref="LabException">Not root, no namespace could be made, or a tool or system call failed.</exception>
    /// <exception cref="OperationCanceledException">Interrupted; everything was cleaned up before this is thrown.</exception>
    /// <param name="trace">The state-change trace, started by the caller (tracepoints see every namespace); null when off.</param>
    /// <param name="traceText">What the trace does, or "off: " and why: kept in the run's record.</param>
    public static LabRun Run(LabScenario scenario, ILabProgress progress, TimeSpan pause, ITcpTrace? trace, string traceText, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(progress);
        if (Libc.GetEffectiveUserId() != 0)
            throw new LabException("netstate lab needs root", "it makes a private network namespace and filter rules inside it; run it with sudo");
        if (scenario.UsesFirewall)
            LabFirewall.FindNft();
        LabRun? run = null;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                run = RunInNamespace(scenario, progress, pause, trace, traceText, cancel);
            }
            catch (Exception e)
            {
                // Rethrown on the caller's thread below, with its stack.
                failure = ExceptionDispatchInfo.Capture(e);
            }
        })
        { Name = "netstate lab namespace", IsBackground = true };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return run!;
    }

    private static LabRun RunInNamespace(LabScenario scenario, ILabProgress progress, TimeSpan pause, ITcpTrace? trace, string traceText, CancellationToken cancel)
    {
        if (LabCalls.Unshare(LabCalls.CLONE_NEWNET) != 0)
        {
            throw new LabException($"cannot make a private network namespace: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}",
                "the lab needs root with CAP_SYS_ADMIN; in a container, run it privileged");
        }
        BringLoopbackUp();
        string id = LinuxPlatform.ForThisThread().NetworkNamespace ?? "net:[?]";
        using var session = new LabSession(progress, pause, trace, cancel);
        progress.Started(scenario, id, traceText);
        scenario.Run(session);
        return new LabRun(scenario.Name, id, [.. session.Steps], [.. session.HelperProcesses], traceText, session.TraceLost);
    }

    /// <summary>A new namespace's loopback is down; SIOCSIFFLAGS with IFF_UP is what `ip link set lo up` does.</summary>
    private static void BringLoopbackUp()
    {
        int descriptor = Libc.Socket(Libc.AF_INET, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0);
        if (descriptor < 0)
            throw new LabException($"socket() failed in the lab's namespace: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        using FileDescriptorHandle socket = FileDescriptorHandle.FromDescriptor(descriptor);
        var request = new InterfaceIoctl.IfReq();
        request.ifr_name[0] = (byte)'l';
        request.ifr_name[1] = (byte)'o';
        if (InterfaceIoctl.Ioctl(socket, InterfaceIoctl.SIOCGIFFLAGS, &request) != 0)
            throw new LabException($"cannot read the flags of lo: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        request.ifr_flags |= InterfaceIoctl.IFF_UP;
        if (InterfaceIoctl.Ioctl(socket, InterfaceIoctl.SIOCSIFFLAGS, &request) != 0)
            throw new LabException($"cannot bring lo up in the lab's namespace: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
    }
}
