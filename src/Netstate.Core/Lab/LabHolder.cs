using System.Diagnostics;

namespace Netstate.Core.Lab;

/// <summary>
/// A separate process that holds some of the lab's sockets, as a server process would, so the lab
/// can kill it and let the kernel close them the way it does for any process that dies. The process
/// is `cat` reading a pipe whose only writer is netstate, started with inherited copies of the
/// sockets. Its life is tied to netstate's by the kernel, with no window: whenever netstate ends, even
/// by SIGKILL while the holder is still being started, the pipe's last writer is gone, cat reads end
/// of file and exits. (A parent-death signal set by a wrapper such as setpriv leaves a window between
/// fork and prctl in which a killed lab leaves the holder behind, holding its namespace.)
/// </summary>
internal sealed class LabHolder : IDisposable
{
    private readonly Process _process;

    private LabHolder(Process process) => _process = process;

    public int Pid => _process.Id;

    /// <summary>Starts the holder with inherited copies of <paramref name="sockets"/>; the caller then closes its own.</summary>
    public static LabHolder Start(IEnumerable<LabSocket> sockets)
    {
        // The lab's sockets are close-on-exec; dup() makes inheritable copies for this one start.
        // netstate starts no other process meanwhile, so no other child can inherit them.
        var copies = new List<Interop.LabDescriptorHandle>();
        try
        {
            foreach (LabSocket socket in sockets)
            {
                int copy = Interop.LabCalls.Duplicate(socket.Handle);
                if (copy < 0)
                    throw new LabException($"dup() failed: {Interop.LabCalls.ErrorText(System.Runtime.InteropServices.Marshal.GetLastPInvokeError())}");
                copies.Add(Interop.LabDescriptorHandle.FromDescriptor(copy));
            }
            // Its stdin is a pipe netstate never writes to; the write end is close-on-exec, so no
            // other child holds it. cat's stdout is a pipe too, and never gets a byte.
            string cat = LabTools.Require("cat", "coreutils", "as the process that holds the server's sockets");
            return new LabHolder(LabTools.Start(cat, []));
        }
        finally
        {
            foreach (Interop.LabDescriptorHandle copy in copies)
                copy.Dispose();
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>SIGKILL, then waits (bounded) until the kernel has reaped it, and so closed its sockets.</summary>
    public void Kill() => LabTools.Kill(_process);

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
