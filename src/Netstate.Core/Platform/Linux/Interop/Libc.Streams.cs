using System.Runtime.InteropServices;

namespace Netstate.Core.Platform.Linux.Interop;

// The calls behind standard output and error: .NET's console streams ignore EPIPE (the runtime
// also ignores SIGPIPE) and put a terminal in keypad mode, so the Cli writes fds 1 and 2 itself.
internal static unsafe partial class Libc
{
    internal const int F_GETFD = 1;
    internal const int FD_CLOEXEC = 1;
    internal const short POLLERR = 0x008;
    internal const short POLLHUP = 0x010;
    internal const short POLLNVAL = 0x020;

    [LibraryImport(LibraryName, EntryPoint = "write", SetLastError = true)]
    internal static partial nint Write(int descriptor, byte* buffer, nuint count);

    [LibraryImport(LibraryName, EntryPoint = "fcntl", SetLastError = true)]
    internal static partial int Control(int descriptor, int command, int argument);

    [LibraryImport(LibraryName, EntryPoint = "poll", SetLastError = true)]
    internal static partial int Poll(PollDescriptor* descriptors, nuint count, int timeoutMilliseconds);

    [LibraryImport(LibraryName, EntryPoint = "isatty")]
    internal static partial int IsTerminal(int descriptor);

    /// <summary>ioctl request: the terminal's size.</summary>
    internal const nuint TIOCGWINSZ = 0x5413;

    /// <summary>ioctl(TIOCGWINSZ): the terminal's size, read without initialising it as System.Console would.</summary>
    [LibraryImport(LibraryName, EntryPoint = "ioctl", SetLastError = true)]
    internal static partial int GetWindowSize(int descriptor, nuint request, WindowSize* size);

    /// <summary>struct winsize.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct WindowSize
    {
        public ushort ws_row;
        public ushort ws_col;
        public ushort ws_xpixel;
        public ushort ws_ypixel;
    }

    /// <summary>struct pollfd.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct PollDescriptor
    {
        public int fd;
        public short events;
        public short revents;
    }
}
