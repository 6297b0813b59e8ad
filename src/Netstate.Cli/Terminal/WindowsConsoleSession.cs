using System.Runtime.InteropServices;
using Netstate.Core.Platform.Windows.Interop;
using static Netstate.Cli.Terminal.ConsoleApi;

namespace Netstate.Cli.Terminal;

/// <summary>
/// The live view's screen on Windows: a console screen buffer of its own, made active while the
/// view runs (as the alternate screen is on Linux), written a whole frame of cells at a time, with
/// key records read from the console input. On <see cref="Dispose"/>, which runs on every way out,
/// the user's screen buffer and input mode come back. Ctrl+C (a key record, or the console's
/// control event) and Ctrl+Break or the window closing end the view through the same path.
/// </summary>
internal sealed unsafe class WindowsConsoleSession : ITerminal
{
    /// <summary>How often a wait looks at the end flag and the window size.</summary>
    private const int SliceMilliseconds = 100;

    private readonly nint _input;
    private readonly nint _userScreen;
    private readonly uint _userInputMode;
    private readonly bool _colour;
    private readonly ushort _plain;
    private readonly List<PosixSignalRegistration> _signals = [];
    private nint _screen;
    private volatile string? _endedBy;
    private (int Columns, int Rows) _size;
    private int _disposed;

    private WindowsConsoleSession(nint input, nint userScreen, uint userInputMode, bool colour, ScreenBufferInfo user)
    {
        _input = input;
        _userScreen = userScreen;
        _userInputMode = userInputMode;
        _colour = colour;
        _plain = user.Attributes == 0 ? (ushort)0x07 : user.Attributes;
        _size = WindowOf(user);
    }

    /// <summary>Takes over the console; throws a clear error when standard input or output is not one.</summary>
    public static WindowsConsoleSession Open(bool colour)
    {
        nint input = Kernel32.GetStdHandle(Kernel32.STD_INPUT_HANDLE);
        nint output = Kernel32.GetStdHandle(Kernel32.STD_OUTPUT_HANDLE);
        if (GetConsoleMode(input, out uint inputMode) == 0 || GetConsoleScreenBufferInfo(output, out ScreenBufferInfo user) == 0)
            throw new UserFacingException("'netstate watch' needs a console: standard input and output must both be one",
                "in a pipe or a script use 'netstate -c', with --count N to stop, or --jsonl -c for data");
        var session = new WindowsConsoleSession(input, output, inputMode, colour, user);
        session.Enter();
        return session;
    }

    public int Width => _size.Columns;

    public int Height => _size.Rows;

    public string? EndedBy => _endedBy;

    private void Enter()
    {
        // Ctrl+Break, the window closing and shutdown arrive as control events; .NET maps them to these signals.
        foreach ((PosixSignal signal, string name) in (ReadOnlySpan<(PosixSignal, string)>)[
            (PosixSignal.SIGINT, "SIGINT"), (PosixSignal.SIGQUIT, "SIGQUIT"), (PosixSignal.SIGHUP, "the terminal closing"), (PosixSignal.SIGTERM, "SIGTERM")])
        {
            _signals.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                _endedBy = name;
            }));
        }
        _screen = CreateConsoleScreenBuffer(GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, 0, CONSOLE_TEXTMODE_BUFFER, 0);
        if (_screen is 0 or -1)
            throw new UserFacingException($"cannot make a console screen buffer for the view (error {Marshal.GetLastPInvokeError()})");
        // The buffer is the window's size: no scroll bars, and a frame fills it exactly.
        _ = SetConsoleScreenBufferSize(_screen, new Coord(_size.Columns, _size.Rows));
        _ = SetConsoleCursorInfo(_screen, new CursorInfo { Size = 25, Visible = 0 });
        if (SetConsoleActiveScreenBuffer(_screen) == 0)
        {
            int error = Marshal.GetLastPInvokeError();
            _ = CloseHandle(_screen);
            _screen = 0;
            throw new UserFacingException($"cannot show the view's console screen buffer (error {error})");
        }
        // Keys as records: Ctrl+C among them (read as a key, it ends the view like the signal), no quick edit
        // (it would freeze the view on a click), and window size changes.
        _ = SetConsoleMode(_input, ENABLE_EXTENDED_FLAGS | ENABLE_WINDOW_INPUT | ENABLE_MOUSE_INPUT);
    }

    public IReadOnlyList<Key> ReadKeys(TimeSpan wait)
    {
        long deadline = Environment.TickCount64 + (long)wait.TotalMilliseconds;
        InputRecord* records = stackalloc InputRecord[64];
        while (_endedBy is null)
        {
            if (Resized())
                return [];
            long left = deadline - Environment.TickCount64;
            if (left <= 0)
                return [];
            if (WaitForSingleObject(_input, (uint)Math.Min(left, SliceMilliseconds)) != WAIT_OBJECT_0)
                continue;
            if (GetNumberOfConsoleInputEvents(_input, out uint waiting) == 0)
            {
                _endedBy = "the terminal closing";
                return [];
            }
            if (waiting == 0)
                continue;
            if (ReadConsoleInput(_input, records, 64, out uint read) == 0)
            {
                _endedBy = "the terminal closing";
                return [];
            }
            List<Key> keys = ConsoleInputDecoder.Decode(new ReadOnlySpan<InputRecord>(records, (int)read));
            // Ctrl+C read as a key ends the view as the signal does (exit 130), whatever came with it.
            if (keys.Exists(k => k.Kind == KeyKind.Interrupt))
            {
                _endedBy = "SIGINT";
                return [];
            }
            if (keys.Count > 0)
                return keys;
        }
        return [];
    }

    public void Draw(IReadOnlyList<ScreenLine> lines)
    {
        _ = Resized();
        (int columns, int rows) = _size;
        CharInfo[] cells = ConsoleFrame.Compose(lines, columns, rows, _colour, _plain);
        var region = new SmallRect { Left = 0, Top = 0, Right = (short)(columns - 1), Bottom = (short)(rows - 1) };
        fixed (CharInfo* first = cells)
            _ = WriteConsoleOutput(_screen, first, new Coord(columns, rows), new Coord(0, 0), ref region);
    }

    /// <summary>Whether the console window changed size since the last look; the view's buffer follows it.</summary>
    private bool Resized()
    {
        if (GetConsoleScreenBufferInfo(_screen, out ScreenBufferInfo info) == 0)
            return false;
        (int Columns, int Rows) now = WindowOf(info);
        if (now == _size)
            return false;
        _size = now;
        _ = SetConsoleScreenBufferSize(_screen, new Coord(now.Columns, now.Rows));
        return true;
    }

    private static (int Columns, int Rows) WindowOf(ScreenBufferInfo info)
    {
        int columns = info.Window.Right - info.Window.Left + 1;
        int rows = info.Window.Bottom - info.Window.Top + 1;
        return columns > 0 && rows > 0 ? (columns, rows) : (80, 24);
    }

    /// <summary>
    /// Blanks the view's buffer with the cursor shown at the top left, before the user's buffer comes
    /// back. A Windows console then shows the user's buffer as it was; Wine's console on a Unix
    /// terminal redraws only what is written, so this is what leaves its terminal clear, not the last frame.
    /// </summary>
    private void Blank()
    {
        Draw([]);
        _ = SetConsoleCursorPosition(_screen, new Coord(0, 0));
        _ = SetConsoleCursorInfo(_screen, new CursorInfo { Size = 25, Visible = 1 });
    }

    /// <summary>Puts the console back: the user's screen buffer active again, and its input mode. Safe to call twice.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        _ = SetConsoleMode(_input, _userInputMode);
        if (_screen is not 0)
        {
            Blank();
            _ = SetConsoleActiveScreenBuffer(_userScreen);
            _ = CloseHandle(_screen);
        }
        foreach (PosixSignalRegistration registration in _signals)
            registration.Dispose();
    }
}
