using Netstate.Core.Platform.Linux.Interop;

namespace Netstate.Cli.Rendering;

/// <summary>What the output is written to: a terminal (and how wide), and whether it can show box drawing.</summary>
/// <param name="IsTerminal">Standard output is a terminal, not a pipe or a file.</param>
/// <param name="Width">Columns to wrap text to: the terminal's width, or 80 when not a terminal.</param>
/// <param name="Utf8">The terminal's locale is UTF-8, so box-drawing characters display.</param>
internal sealed record TerminalInfo(bool IsTerminal, int Width, bool Utf8)
{
    public const int DefaultWidth = 80;

    /// <summary>Not a terminal: 80 columns, plain ASCII. What tests and pipes get.</summary>
    public static TerminalInfo Pipe { get; } = new(false, DefaultWidth, false);

    /// <summary>
    /// Looks at this process's standard output and locale with isatty and TIOCGWINSZ. Not through
    /// System.Console: its first use on a terminal switches the keypad to application mode
    /// (ESC[?1h ESC=) and never switches it back.
    /// </summary>
    public static unsafe TerminalInfo Detect()
    {
        const int standardOutput = 1;
        if (OperatingSystem.IsWindows())
            return Console.IsOutputRedirected ? Pipe : new TerminalInfo(true, WindowsConsoleWidth(), Utf8: false);
        if (Libc.IsTerminal(standardOutput) != 1)
            return Pipe;
        Libc.WindowSize size;
        int width = Libc.GetWindowSize(standardOutput, Libc.TIOCGWINSZ, &size) == 0 ? size.ws_col : 0;
        return new TerminalInfo(true, width >= 20 ? width : DefaultWidth, LocaleIsUtf8());
    }

    /// <summary>The first of LC_ALL, LC_CTYPE and LANG that is set decides, as for C programs.</summary>
    /// <summary>The console window's width on Windows; the default when the console will not say.</summary>
    private static int WindowsConsoleWidth()
    {
        try
        {
            int width = Console.WindowWidth;
            return width >= 20 ? width : DefaultWidth;
        }
        catch (IOException)
        {
            return DefaultWidth;
        }
    }

    private static bool LocaleIsUtf8()
    {
        foreach (string variable in (string[])["LC_ALL", "LC_CTYPE", "LANG"])
        {
            string? value = Environment.GetEnvironmentVariable(variable);
            if (!string.IsNullOrEmpty(value))
                return value.Contains("UTF-8", StringComparison.OrdinalIgnoreCase) || value.Contains("utf8", StringComparison.OrdinalIgnoreCase);
        }
        return false;
    }
}
