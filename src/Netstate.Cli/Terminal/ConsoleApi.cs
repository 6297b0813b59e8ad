using System.Runtime.InteropServices;

namespace Netstate.Cli.Terminal;

/// <summary>
/// The classic Windows console calls the live view uses on Windows: a screen buffer of its own,
/// whole frames written as character cells with attributes, and key events read as records. These
/// work on every Windows console host and under Wine, whose console garbles VT escape frames.
/// </summary>
internal static unsafe partial class ConsoleApi
{
    private const string Kernel32 = "kernel32.dll";

    public const uint GENERIC_READ = 0x80000000;
    public const uint GENERIC_WRITE = 0x40000000;
    public const uint FILE_SHARE_READ = 1;
    public const uint FILE_SHARE_WRITE = 2;
    public const uint CONSOLE_TEXTMODE_BUFFER = 1;
    public const uint WAIT_OBJECT_0 = 0;

    /// <summary>Input modes: Ctrl+C as a signal, mouse records, window size records; extended flags turn quick edit off.</summary>
    public const uint ENABLE_PROCESSED_INPUT = 0x1;
    public const uint ENABLE_WINDOW_INPUT = 0x8;
    public const uint ENABLE_MOUSE_INPUT = 0x10;
    public const uint ENABLE_EXTENDED_FLAGS = 0x80;

    /// <summary>INPUT_RECORD event types.</summary>
    public const ushort KEY_EVENT = 1;
    public const ushort MOUSE_EVENT = 2;
    public const ushort WINDOW_BUFFER_SIZE_EVENT = 4;

    [LibraryImport(Kernel32, EntryPoint = "GetConsoleMode", SetLastError = true)]
    public static partial int GetConsoleMode(nint handle, out uint mode);

    [LibraryImport(Kernel32, EntryPoint = "SetConsoleMode", SetLastError = true)]
    public static partial int SetConsoleMode(nint handle, uint mode);

    [LibraryImport(Kernel32, EntryPoint = "CreateConsoleScreenBuffer", SetLastError = true)]
    public static partial nint CreateConsoleScreenBuffer(uint access, uint share, nint security, uint flags, nint reserved);

    [LibraryImport(Kernel32, EntryPoint = "SetConsoleActiveScreenBuffer", SetLastError = true)]
    public static partial int SetConsoleActiveScreenBuffer(nint buffer);

    [LibraryImport(Kernel32, EntryPoint = "GetConsoleScreenBufferInfo", SetLastError = true)]
    public static partial int GetConsoleScreenBufferInfo(nint buffer, out ScreenBufferInfo info);

    [LibraryImport(Kernel32, EntryPoint = "SetConsoleScreenBufferSize", SetLastError = true)]
    public static partial int SetConsoleScreenBufferSize(nint buffer, Coord size);

    [LibraryImport(Kernel32, EntryPoint = "SetConsoleCursorInfo", SetLastError = true)]
    public static partial int SetConsoleCursorInfo(nint buffer, in CursorInfo info);

    /// <summary>WriteConsoleOutputW: a rectangle of cells from <paramref name="cells"/> (<paramref name="size"/> wide and high).</summary>
    [LibraryImport(Kernel32, EntryPoint = "WriteConsoleOutputW", SetLastError = true)]
    public static partial int WriteConsoleOutput(nint buffer, CharInfo* cells, Coord size, Coord from, ref SmallRect region);

    [LibraryImport(Kernel32, EntryPoint = "SetConsoleCursorPosition", SetLastError = true)]
    public static partial int SetConsoleCursorPosition(nint buffer, Coord position);

    [LibraryImport(Kernel32, EntryPoint = "GetNumberOfConsoleInputEvents", SetLastError = true)]
    public static partial int GetNumberOfConsoleInputEvents(nint input, out uint count);

    [LibraryImport(Kernel32, EntryPoint = "ReadConsoleInputW", SetLastError = true)]
    public static partial int ReadConsoleInput(nint input, InputRecord* records, uint length, out uint read);

    [LibraryImport(Kernel32, EntryPoint = "WaitForSingleObject")]
    public static partial uint WaitForSingleObject(nint handle, uint milliseconds);

    [LibraryImport(Kernel32, EntryPoint = "CloseHandle")]
    public static partial int CloseHandle(nint handle);

    /// <summary>COORD.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Coord
    {
        public short X;
        public short Y;

        public Coord(int x, int y)
        {
            X = (short)x;
            Y = (short)y;
        }
    }

    /// <summary>SMALL_RECT, inclusive on every side.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct SmallRect
    {
        public short Left;
        public short Top;
        public short Right;
        public short Bottom;
    }

    /// <summary>CONSOLE_SCREEN_BUFFER_INFO (22 bytes).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct ScreenBufferInfo
    {
        public Coord Size;
        public Coord CursorPosition;
        public ushort Attributes;
        public SmallRect Window;
        public Coord MaximumWindowSize;
    }

    /// <summary>CONSOLE_CURSOR_INFO.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct CursorInfo
    {
        public uint Size;
        public int Visible;
    }

    /// <summary>CHAR_INFO with its UTF-16 character (4 bytes).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct CharInfo
    {
        public char Char;
        public ushort Attributes;
    }

    /// <summary>
    /// INPUT_RECORD (20 bytes): the event type, then a union whose key form (KEY_EVENT_RECORD) and
    /// mouse form (MOUSE_EVENT_RECORD) are laid out here field by field at their offsets.
    /// </summary>
    [StructLayout(LayoutKind.Explicit, Size = 20)]
    public struct InputRecord
    {
        [FieldOffset(0)] public ushort EventType;
        [FieldOffset(4)] public int KeyDown;
        [FieldOffset(8)] public ushort RepeatCount;
        [FieldOffset(10)] public ushort VirtualKeyCode;
        [FieldOffset(12)] public ushort VirtualScanCode;
        [FieldOffset(14)] public char UnicodeChar;
        [FieldOffset(16)] public uint KeyControlState;
        [FieldOffset(4)] public Coord MousePosition;
        [FieldOffset(8)] public uint MouseButtons;
        [FieldOffset(12)] public uint MouseControlState;
        [FieldOffset(16)] public uint MouseFlags;
    }
}
