namespace Netstate.Core.Sources.Linux.SockDiag;

/// <summary>The kernel refused a sock_diag request, or its reply could not be understood.</summary>
public sealed class SockDiagException : Exception
{
    /// <summary>A failure described by <paramref name="message"/>, with the kernel's <paramref name="errno"/> (0 when the reply was malformed).</summary>
    public SockDiagException(string message, int errno = 0)
        : base(message)
    {
        Errno = errno;
    }

    /// <summary>A failure with no description.</summary>
    public SockDiagException()
    {
    }

    /// <summary>A failure described by <paramref name="message"/>, caused by <paramref name="innerException"/>.</summary>
    public SockDiagException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The errno behind the failure (positive), or 0 when the reply was malformed.</summary>
    public int Errno { get; }

    /// <summary>
    /// True when the kernel simply has no handler for this family or protocol (no raw_diag module,
    /// sock_diag not built, netlink refused in a sandbox): reading /proc instead is the right answer.
    /// </summary>
    public bool MeansUnsupported => Errno is Interop.Netlink.ENOENT or Interop.Netlink.EPROTONOSUPPORT
        or Interop.Netlink.EAFNOSUPPORT or Interop.Netlink.EOPNOTSUPP or Interop.Netlink.EPERM or Interop.Netlink.EACCES
        or Interop.Netlink.EINVAL;
}
