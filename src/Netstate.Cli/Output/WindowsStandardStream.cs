using Microsoft.Win32.SafeHandles;
using Netstate.Core.Platform.Windows.Interop;

namespace Netstate.Cli.Output;

/// <summary>
/// Standard output or error on Windows, with the same contract as <see cref="StandardStream"/>: a
/// redirected stream (a pipe into findstr, a file) is written with WriteFile through a FileStream, so
/// a reader that went away is seen (the console stream of .NET ignores that) and output ends with
/// <see cref="OutputFailedException"/>; a console is written through .NET's console stream.
/// </summary>
internal sealed class WindowsStandardStream : WriteOnlyStream
{
    private readonly Stream _inner;
    private readonly bool _throwOnFailure;
    private bool _failed;

    private WindowsStandardStream(Stream inner, bool throwOnFailure)
    {
        _inner = inner;
        _throwOnFailure = throwOnFailure;
    }

    /// <summary>Standard output; failures throw <see cref="OutputFailedException"/> once, then writes are dropped.</summary>
    public static WindowsStandardStream Output() => new(Open(Kernel32.STD_OUTPUT_HANDLE, Console.IsOutputRedirected, Console.OpenStandardOutput), throwOnFailure: true);

    /// <summary>Standard error; failures are dropped.</summary>
    public static WindowsStandardStream Error() => new(Open(Kernel32.STD_ERROR_HANDLE, Console.IsErrorRedirected, Console.OpenStandardError), throwOnFailure: false);

    private static Stream Open(int which, bool redirected, Func<Stream> console)
    {
        nint handle = Kernel32.GetStdHandle(which);
        if (!redirected || handle is 0 or -1)
            return console();
        return new FileStream(new SafeFileHandle(handle, ownsHandle: false), FileAccess.Write, bufferSize: 0);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_failed)
            return;
        try
        {
            _inner.Write(buffer);
        }
        catch (IOException e) when ((e.HResult & 0xFFFF) is Kernel32.ERROR_BROKEN_PIPE or Kernel32.ERROR_NO_DATA or Kernel32.ERROR_PIPE_NOT_CONNECTED)
        {
            _failed = true;
            // The reader went away: reported as EPIPE, so the command ends quietly as it does on Linux.
            if (_throwOnFailure)
                throw new OutputFailedException(Core.Platform.Linux.Interop.Errno.EPIPE);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _inner.Dispose();
        base.Dispose(disposing);
    }
}
