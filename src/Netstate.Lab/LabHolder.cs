using System.Diagnostics;
using System.Runtime.InteropServices;
using Netstate.Core.Platform.Linux.Interop;

namespace Netstate.Lab;

/// <summary>
/// A separate process that holds some of the lab's sockets, as a server process would, so the lab
/// can kill it and let the kernel close them the way it does for any process that dies. The process
/// is `sleep`, started with inherited copies of the sockets; setpriv gives it a parent-death signal,
/// so it dies with the lab's namespace thread even if netstate itself is killed with SIGKILL.
/// </summary>
internal sealed class LabHolder : IDisposable
{
    /// <summary>An upper bound on its life in case every other cleanup fails.</summary>
    private const string Lifetime = "600";

    private readonly Process _process;

    private LabHolder(Process process) => _process = process;

    public int Pid => _process.Id;

    /// <summary>Starts the holder with inherited copies of <paramref name="sockets"/>; the caller then closes its own.</summary>
    public static LabHolder Start(IEnumerable<LabSocket> sockets)
    {
        // The lab's sockets are close-on-exec; dup() makes inheritable copies for this one start.
        // netstate starts no other process meanwhile, so no other child can inherit them.
        var copies = new List<FileDescriptorHandle>();
        try
        {
            foreach (LabSocket socket in sockets)
            {
                int copy = Interop.LabCalls.Duplicate(socket.Handle);
                if (copy < 0)
                    throw new LabException($"dup() failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
                copies.Add(FileDescriptorHandle.FromDescriptor(copy));
            }
            string sleep = LabTools.Require("sleep", "coreutils", "as the process that holds the server's sockets");
            string? setpriv = LabTools.Find("setpriv");
            return new LabHolder(setpriv is null
                ? LabTools.Start(sleep, [Lifetime])
                : LabTools.Start(setpriv, ["--pdeathsig", "KILL", "--", sleep, Lifetime]));
        }
        finally
        {
            foreach (FileDescriptorHandle copy in copies)
                copy.Dispose();
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>SIGKILL, then waits until the kernel has reaped it (and so closed its sockets).</summary>
    public void Kill()
    {
        if (!_process.HasExited)
            _process.Kill();
        _process.WaitForExit(TimeSpan.FromSeconds(10));
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
