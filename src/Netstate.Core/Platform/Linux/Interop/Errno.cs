namespace Netstate.Core.Platform.Linux.Interop;

/// <summary>
/// The errno values netstate tells apart (asm-generic/errno-base.h and errno.h). Their text comes
/// from <see cref="System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage"/>, which uses the
/// thread-safe strerror_r.
/// </summary>
internal static class Errno
{
    internal const int EPERM = 1;
    internal const int ENOENT = 2;
    internal const int ESRCH = 3;
    internal const int EINTR = 4;
    internal const int EBADF = 9;
    internal const int EAGAIN = 11;
    internal const int EACCES = 13;
    internal const int ENODEV = 19;
    internal const int EINVAL = 22;
    internal const int EPROTONOSUPPORT = 93;
    internal const int EOPNOTSUPP = 95;
    internal const int EAFNOSUPPORT = 97;
    internal const int ENOBUFS = 105;
    internal const int EINPROGRESS = 115;
    internal const int ERANGE = 34;
    internal const int EPIPE = 32;
}
