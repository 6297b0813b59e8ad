using System.Runtime.InteropServices;
using static Netstate.Core.Platform.Linux.Interop.Errno;
using Netstate.Core.Platform.Linux.Interop;
using static Netstate.Core.Platform.Linux.Interop.Libc;

namespace Netstate.Cli.Output;

/// <summary>
/// Standard output or standard error as a write-only stream over the inherited descriptor, written
/// with write(2) so that every error is seen (.NET's console stream swallows EPIPE and initialises
/// the terminal, which writes keypad-mode sequences). What a failed write does depends on the stream:
/// output throws <see cref="OutputFailedException"/> once, then drops everything (so disposing the
/// writers after the failure is safe); error drops its notes silently, since a note that cannot be
/// written must never cost the result.
/// </summary>
internal sealed unsafe class StandardStream : WriteOnlyStream
{
    private readonly int _descriptor;
    private readonly bool _throwOnFailure;
    private int _failedWith;
    private bool _reported;

    private StandardStream(int descriptor, bool throwOnFailure)
    {
        _descriptor = descriptor;
        _throwOnFailure = throwOnFailure;
        // A descriptor closed when netstate started (`>&-`) is reused by the runtime for a pipe or
        // file of its own before Main runs; those are close-on-exec, an inherited stream never is.
        int flags = Control(descriptor, F_GETFD, 0);
        if (flags < 0 || (flags & FD_CLOEXEC) != 0)
            _failedWith = EBADF;
    }

    /// <summary>File descriptor 1 (Windows: its own stream, <see cref="WindowsStandardStream"/>); failures throw <see cref="OutputFailedException"/>.</summary>
    public static Stream Output() => OperatingSystem.IsWindows() ? WindowsStandardStream.Output() : new StandardStream(1, throwOnFailure: true);

    /// <summary>File descriptor 2 (Windows: its own stream); failures are dropped.</summary>
    public static Stream Error() => OperatingSystem.IsWindows() ? WindowsStandardStream.Error() : new StandardStream(2, throwOnFailure: false);

    /// <summary>The errno of the first failed write (or EBADF for a descriptor closed at start); 0 while all is well.</summary>
    public int FailedWith => _failedWith;

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_failedWith != 0)
        {
            // Reported once (a descriptor closed at start, at the first write); dropped after that.
            if (_throwOnFailure && !_reported)
            {
                _reported = true;
                throw new OutputFailedException(_failedWith);
            }
            return;
        }
        fixed (byte* start = buffer)
        {
            nuint done = 0;
            while (done < (nuint)buffer.Length)
            {
                nint written = Libc.Write(_descriptor, start + done, (nuint)buffer.Length - done);
                if (written >= 0)
                {
                    done += (nuint)written;
                    continue;
                }
                int errno = Marshal.GetLastPInvokeError();
                if (errno == EINTR)
                    continue;
                if (errno == EAGAIN)
                {
                    // A non-blocking descriptor handed over by the caller: wait until it can take more.
                    WaitWritable();
                    continue;
                }
                _failedWith = errno;
                _reported = true;
                if (_throwOnFailure)
                    throw new OutputFailedException(errno);
                return;
            }
        }
    }

    /// <summary>
    /// Waits <paramref name="interval"/>, or less when the reader goes away meanwhile: the end of a
    /// pipe or socket closed, or the terminal hung up. Returns false then, so a repeating mode (-c,
    /// and later watch, trace, serve) ends without waiting for its next write to fail.
    /// </summary>
    public bool WaitWhileReaderPresent(TimeSpan interval)
    {
        long deadline = Environment.TickCount64 + (long)interval.TotalMilliseconds;
        while (true)
        {
            long left = deadline - Environment.TickCount64;
            if (left <= 0)
                return true;
            // No events asked for: poll still reports POLLERR (pipe reader gone) and POLLHUP (peer or terminal gone).
            var descriptor = new PollDescriptor { fd = _descriptor };
            int ready = Poll(&descriptor, 1, (int)Math.Min(left, int.MaxValue));
            if (ready < 0 && Marshal.GetLastPInvokeError() != EINTR)
            {
                Thread.Sleep((int)Math.Min(left, int.MaxValue));
                return true;
            }
            if (ready > 0 && (descriptor.revents & (POLLERR | POLLHUP | POLLNVAL)) != 0)
                return false;
        }
    }

    private void WaitWritable()
    {
        var descriptor = new PollDescriptor { fd = _descriptor, events = 0x004 /* POLLOUT */ };
        Poll(&descriptor, 1, 1000);
    }
}
