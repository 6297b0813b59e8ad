using System.Runtime.InteropServices;
using Netstate.Cli.Output;
using Netstate.Core.Platform.Linux.Interop;

namespace Netstate.Cli.Terminal;

/// <summary>
/// The real terminal for a full-screen view: raw keyboard input (termios), the alternate screen and
/// a hidden cursor, mouse reporting, all put back on <see cref="Dispose"/>, which the command runs on every way out
/// (q, Ctrl+C, an exception). SIGTERM, SIGHUP, SIGINT and SIGQUIT are caught so that they end the
/// view through the same path instead of killing the process with the terminal still raw; SIGWINCH
/// marks the window resized. Output goes through the Cli's standard output writer (write(2)).
/// </summary>
internal sealed unsafe class TerminalSession : ITerminal
{
    private const int Input = 0;
    private const int OutputDescriptor = 1;
    /// <summary>How often a wait looks at the signal flags: a signal ends the view within this time.</summary>
    private const int SliceMilliseconds = 100;

    /// <summary>Mouse reporting on: button presses and the wheel (1000), in SGR coordinates (1006).</summary>
    public const string MouseOn = "\e[?1000h\e[?1006h";

    /// <summary>Mouse reporting off again, in the reverse order.</summary>
    public const string MouseOff = "\e[?1006l\e[?1000l";

    private readonly TextWriter _out;
    private readonly bool _colour;
    private readonly byte[] _saved = new byte[Libc.TermiosBufferSize];
    private readonly List<PosixSignalRegistration> _signals = [];
    private volatile string? _endedBy;
    private volatile bool _resized;
    private int _disposed;

    private TerminalSession(TextWriter output, bool colour)
    {
        _out = output;
        _colour = colour;
    }

    /// <summary>Takes over the terminal; throws a clear error when standard input or output is not one, or TERM cannot move a cursor.</summary>
    public static TerminalSession Open(TextWriter output, bool colour)
    {
        if (Libc.IsTerminal(Input) != 1 || Libc.IsTerminal(OutputDescriptor) != 1)
            throw new UserFacingException("'netstate watch' needs a terminal: standard input and output must both be one",
                "in a pipe or a script use 'netstate -c', with --count N to stop, or --jsonl -c for data");
        string? term = Environment.GetEnvironmentVariable("TERM");
        if (string.IsNullOrEmpty(term) || term == "dumb")
            throw new UserFacingException($"'netstate watch' needs a terminal that can place the cursor, and TERM is {(string.IsNullOrEmpty(term) ? "not set" : "dumb")}",
                "set TERM (for example TERM=xterm-256color), or use 'netstate -c' for a repeating listing");
        var session = new TerminalSession(output, colour);
        session.Enter();
        return session;
    }

    public int Width => Size().Columns;

    public int Height => Size().Rows;

    public string? EndedBy => _endedBy;

    private void Enter()
    {
        fixed (byte* saved = _saved)
        {
            if (Libc.GetTerminalAttributes(Input, saved) != 0)
                throw new UserFacingException($"cannot read the terminal's settings: {Core.Text.ErrorText.OfErrno(Marshal.GetLastPInvokeError())}");
        }
        foreach ((PosixSignal signal, string name) in (ReadOnlySpan<(PosixSignal, string)>)[
            (PosixSignal.SIGTERM, "SIGTERM"), (PosixSignal.SIGHUP, "SIGHUP"), (PosixSignal.SIGINT, "SIGINT"), (PosixSignal.SIGQUIT, "SIGQUIT")])
        {
            _signals.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                _endedBy = name;
            }));
        }
        // Windows has no SIGWINCH (and no termios: a Windows console layer would replace this class).
        if (!OperatingSystem.IsWindows())
        {
            _signals.Add(PosixSignalRegistration.Create(PosixSignal.SIGWINCH, context =>
            {
                context.Cancel = true;
                _resized = true;
            }));
        }

        byte[] raw = (byte[])_saved.Clone();
        fixed (byte* settings = raw)
        {
            // Keys arrive one by one, unechoed; Ctrl+C and Ctrl+Z become bytes the view reads (q and Ctrl+C quit).
            ref uint input = ref *(uint*)(settings + Libc.TermiosInputFlags);
            ref uint local = ref *(uint*)(settings + Libc.TermiosLocalFlags);
            input &= ~(Libc.BRKINT | Libc.ICRNL | Libc.INPCK | Libc.ISTRIP | Libc.IXON);
            local &= ~(Libc.ECHO | Libc.ICANON | Libc.IEXTEN | Libc.ISIG);
            settings[Libc.TermiosControlChars + Libc.VMIN] = 0;
            settings[Libc.TermiosControlChars + Libc.VTIME] = 0;
            Libc.SetTerminalAttributes(Input, Libc.TCSANOW, settings);
        }
        // Alternate screen, hidden cursor, cleared; mouse clicks and the wheel reported (1000) in
        // SGR form (1006), while the view runs only (Dispose turns them off on every way out).
        _out.Write("\e[?1049h\e[?25l\e[H\e[2J" + MouseOn);
        _out.Flush();
    }

    public IReadOnlyList<Key> ReadKeys(TimeSpan wait)
    {
        long deadline = Environment.TickCount64 + (long)wait.TotalMilliseconds;
        byte* buffer = stackalloc byte[512];
        while (_endedBy is null)
        {
            if (_resized)
            {
                _resized = false;
                return [];
            }
            long left = deadline - Environment.TickCount64;
            if (left <= 0)
                return [];
            var descriptor = new Libc.PollDescriptor { fd = Input, events = Libc.POLLIN };
            int ready = Libc.Poll(&descriptor, 1, (int)Math.Min(left, SliceMilliseconds));
            if (ready <= 0)
                continue;
            if ((descriptor.revents & (Libc.POLLHUP | Libc.POLLERR | Libc.POLLNVAL)) != 0 && (descriptor.revents & Libc.POLLIN) == 0)
            {
                _endedBy = "the terminal closing";
                return [];
            }
            nint count = Libc.Read(Input, buffer, 512);
            if (count > 0)
                return KeyDecoder.Decode(new ReadOnlySpan<byte>(buffer, (int)count));
            if (count == 0 || Marshal.GetLastPInvokeError() is not (Errno.EINTR or Errno.EAGAIN))
            {
                _endedBy = "the terminal closing";
                return [];
            }
        }
        return [];
    }

    public void Draw(IReadOnlyList<ScreenLine> lines)
    {
        (int rows, int columns) = Size();
        _out.Write(FrameWriter.Compose(lines, columns, rows, _colour));
        _out.Flush();
    }

    /// <summary>Puts the terminal back as it was: main screen, cursor, colours, line mode and echo. Safe to call twice.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        try
        {
            _out.Write(MouseOff + "\e[0m\e[?25h\e[?1049l");
            _out.Flush();
        }
        catch (OutputFailedException)
        {
            // The terminal has gone (SIGHUP): nothing left to restore on screen; the settings still are.
        }
        finally
        {
            fixed (byte* saved = _saved)
                Libc.SetTerminalAttributes(Input, Libc.TCSANOW, saved);
            foreach (PosixSignalRegistration registration in _signals)
                registration.Dispose();
        }
    }

    private static (int Rows, int Columns) Size()
    {
        Libc.WindowSize size;
        if (Libc.GetWindowSize(OutputDescriptor, Libc.TIOCGWINSZ, &size) == 0 && size.ws_row > 0 && size.ws_col > 0)
            return (size.ws_row, size.ws_col);
        return (24, 80);
    }
}
