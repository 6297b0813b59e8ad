using Microsoft.Win32.SafeHandles;

namespace Netstate.Core.Platform.Linux.Interop;

/// <summary>
/// Owns one descriptor from socket(2), accept4(2) or dup(2) and closes it exactly once with a plain
/// close(2), which drops only this reference (a copy handed to another process stays open).
/// </summary>
internal sealed class FileDescriptorHandle : SafeHandleMinusOneIsInvalid
{
    public FileDescriptorHandle()
        : base(ownsHandle: true)
    {
    }

    /// <summary>Takes ownership of <paramref name="descriptor"/>; -1 gives an invalid handle.</summary>
    internal static FileDescriptorHandle FromDescriptor(int descriptor)
    {
        var handle = new FileDescriptorHandle();
        handle.SetHandle(descriptor);
        return handle;
    }

    protected override bool ReleaseHandle() => Libc.Close(handle) == 0;
}
