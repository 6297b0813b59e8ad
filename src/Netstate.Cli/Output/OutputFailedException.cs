using Netstate.Core.Text;

namespace Netstate.Cli.Output;

/// <summary>
/// Standard output could not be written: its reader went away (EPIPE), it was closed before netstate
/// started, or the disk is full. Not an internal error: <see cref="NetstateApp"/> ends the run with
/// <see cref="ReturnCode.ReaderGone"/> for EPIPE and one plain line otherwise.
/// </summary>
internal sealed class OutputFailedException : IOException, IHasErrno
{
    public OutputFailedException(int errno)
        : base($"cannot write to standard output: {ErrorText.OfErrno(errno)}")
    {
        Errno = errno;
    }

    public int Errno { get; }

    /// <summary>The reader closed its end of the pipe or socket: the usual end of `netstate -c | head`.</summary>
    public bool ReaderGone => Errno == Core.Platform.Linux.Interop.Errno.EPIPE;
}
