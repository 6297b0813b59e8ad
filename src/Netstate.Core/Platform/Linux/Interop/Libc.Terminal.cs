using System.Runtime.InteropServices;

namespace Netstate.Core.Platform.Linux.Interop;

// The terminal calls of watch's full-screen view: raw input with termios, and reading keys with read(2).
internal static unsafe partial class Libc
{
    /// <summary>sizeof(struct termios) on Linux/glibc is 60; a larger buffer leaves room for any ABI.</summary>
    internal const int TermiosBufferSize = 128;

    // struct termios: tcflag_t (u32) c_iflag, c_oflag, c_cflag, c_lflag; cc_t c_line; cc_t c_cc[32].
    internal const int TermiosInputFlags = 0;
    internal const int TermiosLocalFlags = 12;
    internal const int TermiosControlChars = 17;

    internal const uint BRKINT = 0x2;
    internal const uint INPCK = 0x10;
    internal const uint ISTRIP = 0x20;
    internal const uint ICRNL = 0x100;
    internal const uint IXON = 0x400;
    internal const uint ISIG = 0x1;
    internal const uint ICANON = 0x2;
    internal const uint ECHO = 0x8;
    internal const uint IEXTEN = 0x8000;
    internal const int VTIME = 5;
    internal const int VMIN = 6;
    internal const int TCSANOW = 0;

    [LibraryImport(LibraryName, EntryPoint = "tcgetattr", SetLastError = true)]
    internal static partial int GetTerminalAttributes(int descriptor, byte* termios);

    [LibraryImport(LibraryName, EntryPoint = "tcsetattr", SetLastError = true)]
    internal static partial int SetTerminalAttributes(int descriptor, int when, byte* termios);

    internal const short POLLIN = 0x001;
}
